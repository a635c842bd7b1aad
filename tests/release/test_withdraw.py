"""Withdrawing a released article: a localised notice at its address, gone from every index and feed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.a11y.gate import check_page
from publisher.published import record_path
from publisher.release.service import (
    InvalidRelease,
    ReleaseConflict,
    queue_release,
    withdraw_release,
)
from publisher.settings import Settings
from tests.cli_support import invoke
from tests.helpers import sitemap_text

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"


@pytest.fixture
def service_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'releases.db'}"})


def test_a_withdrawn_article_leaves_index_feeds_and_sitemap_and_its_address_shows_a_notice(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """Page, episode and entries go; a German notice with the reason and a .withdrawn marker stay."""
    site = tmp_path / "site"
    other = queue_release(service_settings, write_article(name="b.md", title="Haushalt", slug="haushalt"),
                          site, queued_by="presse", channels="audio,web")  # fmt: skip
    view = queue_release(service_settings, write_article(), site, queued_by="presse", channels="audio,web")
    assert (other.state, view.state) == ("released", "released")
    assert f'href="{SLUG}/"' in (site / "index.html").read_text(encoding="utf-8")

    withdrawn = withdraw_release(service_settings, view.id, "Die Zahl der Ladesäulen war falsch.")
    assert withdrawn.state == "withdrawn"
    assert {channel.state for channel in withdrawn.channels.values()} == {"withdrawn"}
    folder = site / SLUG
    assert sorted(path.name for path in folder.iterdir()) == [".withdrawn", "index.html"]
    assert json.loads(record_path(site, SLUG).read_text(encoding="utf-8"))["withdrawn"]["reason"].startswith(
        "Die Zahl"
    )
    assert (folder / ".withdrawn").read_bytes() == b""
    notice = (folder / "index.html").read_text(encoding="utf-8")
    assert "Diese Pressemitteilung wurde zurückgezogen" in notice
    assert "Grund: Die Zahl der Ladesäulen war falsch." in notice and '<html lang="de"' in notice
    findings, _ = check_page(folder / "index.html", channel="web", locale="de", root=site)
    assert [finding for finding in findings if finding.severity == "error"] == []
    for name in ("index.html", "feed.xml", "sitemap.xml", "podcast.xml"):
        text = sitemap_text(site) if name == "sitemap.xml" else (site / name).read_text(encoding="utf-8")
        assert SLUG not in text, name
        assert "haushalt" in text, name


def test_only_a_release_that_is_out_can_be_withdrawn_and_only_with_a_reason(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """A held release cannot be withdrawn; an empty reason is refused; the CLI says the same."""
    site = tmp_path / "site"
    released = queue_release(service_settings, write_article(), site, queued_by="presse", channels="web")
    with pytest.raises(InvalidRelease, match="needs a reason"):
        withdraw_release(service_settings, released.id, "  ")
    env = {
        "PUBLISHER_DATABASE_URL": service_settings.database_url,
        "PUBLISHER_STAGING_DIR": str(tmp_path / "staging"),
    }
    done = invoke("releases", "withdraw", released.id, "--reason", "Veraltet.", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert (site / SLUG / ".withdrawn").exists()
    with pytest.raises(ReleaseConflict, match="is withdrawn: only a release that is out can be withdrawn"):
        withdraw_release(service_settings, released.id, "noch einmal")


def test_a_release_after_a_withdrawal_keeps_the_withdrawn_article_out_of_the_index(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """The withdrawal takes the article out of the kept site index too: the next release does not list it."""
    site = tmp_path / "site"
    first = queue_release(service_settings, write_article(), site, queued_by="presse", channels="web")
    withdraw_release(service_settings, first.id, "Falsche Zahlen.")
    later = write_article(name="c.md", title="Schwimmbad", slug="schwimmbad")
    view = queue_release(service_settings, later, site, queued_by="presse", channels="web")
    assert view.state == "released"

    front = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="schwimmbad/"' in front
    assert f'href="{SLUG}/"' not in front and SLUG not in sitemap_text(site)
