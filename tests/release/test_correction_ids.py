"""An explicit ``id:`` names a release: published again, from any file under any title, it is a correction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from publisher.errors import InvalidSource
from publisher.published import read_record
from publisher.release.publish import plan
from publisher.release.service import queue_release
from publisher.settings import Settings

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"
ATOM = "http://www.w3.org/2005/Atom"
NOW = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.fixture
def service_settings(settings: Settings, tmp_path: Path) -> Settings:
    db = tmp_path / "releases.db"
    return settings.model_copy(update={"database_url": f"sqlite:///{db}"})


def _feed_ids(site: Path) -> list[str]:
    """The ids of the Atom feed's entries, as a feed reader keys them."""
    feed = etree.parse(site / "feed.xml")
    return [str(text) for text in feed.xpath("//a:entry/a:id/text()", namespaces={"a": ATOM})]


def _episode_guids(site: Path) -> list[str]:
    """The guids of the podcast feed's episodes, as a podcast app keys them."""
    return [str(text) for text in etree.parse(site / "podcast.xml").xpath("//item/guid/text()")]


def test_the_same_id_from_another_file_under_another_title_corrects_the_release_in_place(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    first_file = write_article(name="ladesaeulen.md", id="ladesaeulen-2026")
    first = queue_release(service_settings, first_file, site, queued_by="presse", channels="web,audio")
    assert (first.state, first.slug) == ("released", SLUG)
    entry_ids, episode_guids = _feed_ids(site), _episode_guids(site)
    assert len(entry_ids) == len(episode_guids) == 1

    second_file = write_article(
        name="ladesaeulen-korrektur.md",
        id="ladesaeulen-2026",
        title="Musterstadt baut 60 Ladesäulen",
        correction="Es sind 60 statt 40 Ladesäulen.",
    )
    second = queue_release(service_settings, second_file, site, queued_by="presse", channels="web,audio")

    assert (second.state, second.slug, second.links["page"]) == ("released", SLUG, first.links["page"])
    assert not (site / "musterstadt-baut-60-ladesaeulen").exists()
    page = (site / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Musterstadt baut 60 Ladesäulen" in page and "Es sind 60 statt 40 Ladesäulen." in page
    assert _feed_ids(site) == entry_ids  # the feed reader updates the entry it has, no second one
    assert _episode_guids(site) == episode_guids  # and the podcast app the episode it has
    podcast = (site / "podcast.xml").read_text(encoding="utf-8")
    assert "Musterstadt baut 60 Ladesäulen" in podcast and "Neue Ladesäulen für Musterstadt" not in podcast
    assert (site / "index.html").read_text(encoding="utf-8").count(f'href="{SLUG}/"') == 1
    record = read_record(site, SLUG)
    assert record is not None and Path(record.source) == second_file.resolve()


def test_two_files_with_one_id_in_one_publish_are_refused_before_anything_is_written(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    one = write_article(name="eins.md", id="haushalt-2026", title="Haushalt 2026 beschlossen")
    two = write_article(name="zwei.md", id="haushalt-2026", title="Haushalt 2026 verabschiedet")
    site = tmp_path / "site"
    with pytest.raises(InvalidSource) as refused:
        plan([one, two], site, settings, now=NOW, channels="web")
    message = str(refused.value)
    assert str(two) in message and "'id'" in message and str(one) in message
    assert not site.exists()


def test_an_id_does_not_take_over_the_address_of_another_release(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """Another file with the same title but its own id is a second article: its address is taken."""
    site = tmp_path / "site"
    first_file = write_article(name="ladesaeulen.md", id="ladesaeulen-2026")
    assert (
        queue_release(service_settings, first_file, site, queued_by="presse", channels="web").state
        == "released"
    )
    other = write_article(name="andere.md", id="ladesaeulen-umland")
    with pytest.raises(InvalidSource, match="already belongs to"):
        plan([other], site, service_settings, now=NOW, channels="web")


def test_a_correction_by_id_that_names_another_slug_is_refused(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    first_file = write_article(name="ladesaeulen.md", id="ladesaeulen-2026")
    assert (
        queue_release(service_settings, first_file, site, queued_by="presse", channels="web").state
        == "released"
    )
    moved = write_article(name="neu.md", id="ladesaeulen-2026", slug="ladesaeulen-neu")
    with pytest.raises(InvalidSource, match=f"public at '{SLUG}/'"):
        plan([moved], site, service_settings, now=NOW, channels="web")
