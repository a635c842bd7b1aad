"""Re-releasing an article that is out is a correction: same address, a visible note, entries in place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.release.service import queue_release
from publisher.settings import Settings

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"


@pytest.fixture
def service_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'releases.db'}"})


def test_a_correction_with_a_new_title_keeps_the_address_and_shows_an_updated_note(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """The same file, retitled, with a correction text: one entry in index and feed, a German note."""
    site = tmp_path / "site"
    first = queue_release(service_settings, write_article(), site, queued_by="presse", channels="web")
    assert first.state == "released"
    assert "correction" not in (site / SLUG / "index.html").read_text(encoding="utf-8")
    corrected = write_article(
        title="Neue Ladesäulen für ganz Musterstadt", correction="Es sind 60 statt 40 Ladesäulen."
    )
    second = queue_release(service_settings, corrected, site, queued_by="presse", channels="web")
    assert (second.state, second.slug, second.links["page"]) == ("released", SLUG, first.links["page"])
    page = (site / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Neue Ladesäulen für ganz Musterstadt" in page
    assert "Aktualisiert am" in page and "Es sind 60 statt 40 Ladesäulen." in page
    assert not (site / "neue-ladesaeulen-fuer-ganz-musterstadt").exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert index.count(f'href="{SLUG}/"') == 1 and feed.count(f"/{SLUG}/</id>") <= 1
    assert feed.count("<entry>") == 1 and "Neue Ladesäulen für ganz Musterstadt" in feed
