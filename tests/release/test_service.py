"""The release service without a broker: queue, show, list, retry and cancel recorded releases."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from publisher import channels as channel_registry
from publisher.published import internal_dir
from publisher.release.finish import going_out
from publisher.release.service import (
    InvalidRelease,
    ReleaseConflict,
    ReleaseNotFound,
    ReleaseStorageError,
    cancel_release,
    get_release,
    list_releases,
    queue_release,
    retry_release,
)
from publisher.settings import Settings
from tests.release.service_channels import SERVICE_CHANNELS

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"


@pytest.fixture(autouse=True, scope="module")
def service_channels() -> Iterator[None]:
    """The flagged and flaky channels are known while this module's tests run."""
    with pytest.MonkeyPatch.context() as patch:
        for name, target in SERVICE_CHANNELS.items():
            patch.setitem(channel_registry.CHANNELS, name, target)
        yield


@pytest.fixture
def service_settings(settings: Settings, database_url: str) -> Settings:
    """The test site with its release records in SQLite, and in PostgreSQL."""
    return settings.model_copy(update={"database_url": database_url})


def test_a_queued_release_goes_out_and_its_record_says_so(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """Without a broker the release runs at once; the record shows each channel released and the links."""
    site = tmp_path / "site"
    view = queue_release(
        service_settings, write_article(), site, queued_by="presse@example.de", channels="web"
    )
    assert view.state == "released"
    assert view.channels["web"].state == "released" and view.channels["web"].attempts == 1
    assert "index.html" in view.channels["web"].artifacts
    assert view.links["page"] == f"https://presse.example.de/{SLUG}/"
    assert (site / SLUG / "index.html").is_file()
    assert [release.id for release in list_releases(service_settings)] == [view.id]
    assert list_releases(service_settings, "held") == []
    assert get_release(service_settings, view.id).queued_by == "presse@example.de"


def test_an_invalid_source_is_refused_with_the_field_and_nothing_is_stored(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """A missing title names the file and field, as the CLI does; no record and no staging folder remain."""
    path = write_article(title=None)
    with pytest.raises(InvalidRelease) as refused:
        queue_release(service_settings, path, tmp_path / "site", queued_by="presse@example.de")
    assert str(path) in str(refused.value) and "title" in str(refused.value)
    assert refused.value.problems and refused.value.problems[0].field == "title"
    assert list_releases(service_settings) == []
    assert not any((tmp_path / "staging").glob("*/release.json"))


def test_a_held_channel_holds_every_channel_and_the_record_says_which(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """All or nothing: the web page passed, the flagged channel was held, nothing is public."""
    site = tmp_path / "site"
    view = queue_release(service_settings, write_article(), site, queued_by="presse", channels="web,flagged")
    assert view.state == "held"
    assert view.reason == "nothing was released: flagged held by the checks"
    assert view.channels["flagged"].state == "held"
    assert [finding.rule for finding in view.channels["flagged"].findings] == ["test-flag"]
    assert view.channels["web"].state == "withheld"
    assert not (site / SLUG).exists()


def test_a_partial_release_publishes_what_passed_and_reports_the_rest(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """With the partial option the web page goes out alone; the held channel is reported, not released."""
    site = tmp_path / "site"
    view = queue_release(
        service_settings, write_article(), site, queued_by="presse", channels="web,flagged", partial=True
    )
    assert view.state == "partial"
    assert (view.channels["web"].state, view.channels["flagged"].state) == ("released", "held")
    assert (site / SLUG / "index.html").is_file() and not (site / SLUG / "flagged.txt").exists()
    report = json.loads((internal_dir(site) / SLUG / "report.json").read_text(encoding="utf-8"))
    assert report["reason"] == "only web released: flagged not released (held by the checks)"


def test_a_partial_release_never_sends_a_channel_without_the_page_it_links_to() -> None:
    """The newsletter and the podcast item need the web page; the page needs the audio it embeds."""
    everything = ("audio", "web", "newsletter")
    assert going_out(everything, {"audio", "newsletter"}) == ()
    assert going_out(everything, {"audio", "web"}) == ("audio", "web")
    assert going_out(everything, {"web", "newsletter"}) == ()
    assert going_out(("web", "newsletter"), {"web", "newsletter"}) == ("web", "newsletter")


def test_a_failed_release_is_retried_from_what_was_stored_after_the_source_is_gone(
    service_settings: Settings, write_article: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The channel raised; the source folder is deleted; retry renders again and releases from the record."""
    ready = tmp_path / "ready"
    monkeypatch.setenv("PUBLISHER_TEST_FLAKY", str(ready))
    site = tmp_path / "site"
    path = write_article()
    failed = queue_release(service_settings, path, site, queued_by="presse", channels="web,flaky")
    assert failed.state == "failed"
    assert "RuntimeError: the speech engine is not ready" in (failed.channels["flaky"].error or "")
    for file in path.parent.iterdir():
        file.unlink()
    path.parent.rmdir()
    ready.touch()
    retried = retry_release(service_settings, failed.id)
    assert retried.state == "released"
    assert retried.channels["flaky"].attempts == 2
    assert (site / SLUG / "flaky.txt").read_text(encoding="utf-8") == "Neue Ladesäulen für Musterstadt"


def test_cancel_works_only_while_a_release_is_not_out(
    service_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """A held release can be cancelled (its staged output goes), once; unknown ids are not found."""
    held = queue_release(
        service_settings, write_article(), tmp_path / "site", queued_by="p", channels="flagged"
    )
    staging = Path(next((tmp_path / "staging").glob("*/release.json")).parent)
    assert cancel_release(service_settings, held.id).state == "cancelled"
    assert not staging.exists()
    with pytest.raises(ReleaseConflict, match="cancelled: it can no longer be cancelled"):
        cancel_release(service_settings, held.id)
    with pytest.raises(ReleaseConflict, match="only a held, failed or unwritable"):
        retry_release(service_settings, held.id)
    with pytest.raises(ReleaseNotFound, match="no release nothing-here"):
        get_release(service_settings, "nothing-here")


def test_a_database_that_cannot_be_written_keeps_nothing_and_says_so(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """An unreachable database: a storage error naming the file; no staged folder is left behind."""
    broken = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'missing' / 'releases.db'}"})
    path = write_article()
    with pytest.raises(ReleaseStorageError, match=f"^{path}: the release could not be stored: "):
        queue_release(broken, path, tmp_path / "site", queued_by="presse", channels="web")
    assert not any((tmp_path / "staging").glob("*/release.json"))
    assert not (tmp_path / "site").exists()
