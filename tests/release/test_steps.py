"""The release pipeline: a broken or held channel stops alone, nothing half-released."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from publisher import channels as channel_registry
from publisher.a11y.findings import Finding
from publisher.channels.base import RenderJob, Rendition
from publisher.model import Article
from publisher.published import SiteContext
from publisher.settings import Settings
from tests.helpers import publish

Write = Callable[..., Path]


class BrokenChannel:
    """A channel whose renderer raises, as a channel with a missing dependency would."""

    name = "broken"
    after: tuple[str, ...] = ()

    def render(self, article: Article, job: RenderJob) -> Rendition:
        raise RuntimeError("the speech engine is not installed")

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        return []

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return {}


class StrictChannel(BrokenChannel):
    """A channel that renders a file and whose own check always finds an error."""

    name = "strict"

    def render(self, article: Article, job: RenderJob) -> Rendition:
        (job.workdir / "strict.txt").write_text(article.title, encoding="utf-8")
        return Rendition(files=("strict.txt",))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        return [Finding(rule="strict-check", severity="error", message="always wrong")]


@pytest.fixture
def extra_channels() -> Iterator[None]:
    channel_registry.CHANNELS["broken"] = f"{__name__}:BrokenChannel"
    channel_registry.CHANNELS["strict"] = f"{__name__}:StrictChannel"
    yield
    del channel_registry.CHANNELS["broken"], channel_registry.CHANNELS["strict"]
    channel_registry.get_channel.cache_clear()


def public_files(out: Path) -> dict[str, bytes]:
    """Every file of the public tree with its bytes."""
    if not out.exists():
        return {}
    files = sorted(path for path in out.rglob("*") if path.is_file())
    return {str(path.relative_to(out)): path.read_bytes() for path in files}


def test_a_failing_channel_keeps_the_whole_release_out_of_the_public_tree(
    extra_channels: None, write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """A release goes out as a whole: one failed channel and the web page that passed stays staged too."""
    out = tmp_path / "public"
    (report,) = publish([write_article()], out, settings, channels=("web", "broken"))
    assert report["status"] == "failed"
    assert report["channels"]["broken"]["status"] == "failed"
    assert "speech engine is not installed" in report["channels"]["broken"]["error"]
    assert report["channels"]["web"]["status"] == "withheld"
    assert public_files(out) == {}
    saved = json.loads((Path(report["staging"]) / "report.json").read_text())
    assert saved["channels"]["broken"]["status"] == "failed"
    assert (Path(report["staging"]) / "web" / "out" / "index.html").is_file()


def test_held_channel_keeps_every_channel_out_of_the_public_tree(
    extra_channels: None, write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """A held channel holds back the channels that passed; the report says which one held it and why."""
    out = tmp_path / "public"
    (report,) = publish([write_article()], out, settings, channels=("web", "strict"))
    strict = report["channels"]["strict"]
    assert report["status"] == "held"
    assert strict["status"] == "held"
    assert strict["findings"] == [
        {
            "rule": "strict-check",
            "severity": "error",
            "message": "always wrong",
            "wcag": [],
            "act": [],
            "location": None,
            "condition": None,
            "screenshot": None,
        }
    ]
    assert report["channels"]["web"]["status"] == "withheld"
    assert "strict held by the checks" in report["reason"]
    assert public_files(out) == {}
    staged = Path(report["staging"]) / "strict" / "out" / "strict.txt"
    assert staged.read_text(encoding="utf-8") == "Neue Ladesäulen für Musterstadt"
    page = (Path(report["staging"]) / "report.html").read_text(encoding="utf-8")
    assert "geprüft, nicht veröffentlicht" in page


def test_a_held_correction_leaves_the_released_version_as_it_was(
    extra_channels: None, write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """Re-publishing a released article with a held channel changes no public file, site files included."""
    out = tmp_path / "public"
    path = write_article()
    (first,) = publish([path], out, settings, channels=("web",))
    assert first["status"] == "released"
    before = public_files(out)
    write_article(summary="Die Stadtwerke bauen 60 statt 40 Ladesäulen.")
    (second,) = publish([path], out, settings, channels=("web", "strict"))
    assert second["status"] == "held"
    assert public_files(out) == before


def test_steps_can_run_twice_without_harm(write_article: Write, settings: Settings, tmp_path: Path) -> None:
    from publisher.release import finish, steps
    from publisher.release.staging import stage_release
    from publisher.sources import parse_article

    out = tmp_path / "public"
    staged = stage_release(parse_article(write_article()), out, ["web"], settings)
    for _ in range(2):
        steps.render_channel(staged.folder, "web")
        steps.check_channel(staged.folder, "web")
    report = finish.finish_release(staged.folder).as_json()
    assert report["status"] == "released"
    assert report["channels"]["web"]["status"] == "released"
    assert (out / "neue-ladesaeulen-fuer-musterstadt" / "index.html").is_file()


def test_a_redelivered_step_after_the_release_finished_does_nothing(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    from publisher.release import finish, steps
    from publisher.release.staging import stage_release
    from publisher.sources import parse_article

    out = tmp_path / "public"
    staged = stage_release(parse_article(write_article()), out, ["web"], settings)
    steps.render_channel(staged.folder, "web")
    steps.check_channel(staged.folder, "web")
    finish.finish_release(staged.folder)
    page = out / "neue-ladesaeulen-fuer-musterstadt" / "index.html"
    before = page.stat().st_mtime_ns
    assert steps.render_channel(staged.folder, "web").status == "released"
    assert steps.check_channel(staged.folder, "web").status == "released"
    assert finish.finish_release(staged.folder).already_finished is True
    assert page.stat().st_mtime_ns == before


def test_the_release_step_before_every_channel_is_checked_changes_nothing(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """A chord ended early by a redelivered lane finds an unchecked channel and leaves the release staged."""
    from publisher.release import finish, steps
    from publisher.release.staging import stage_release
    from publisher.sources import parse_article

    out = tmp_path / "public"
    staged = stage_release(parse_article(write_article()), out, ["web"], settings)
    steps.render_channel(staged.folder, "web")
    assert finish.finish_release(staged.folder).status == "pending"
    assert public_files(out) == {}
    steps.check_channel(staged.folder, "web")
    assert finish.finish_release(staged.folder).status == "released"


def test_an_embargoed_release_never_goes_out_before_its_embargo(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """The release step itself keeps the embargo, whatever sent it early (clock injected)."""
    from datetime import UTC, datetime

    from publisher.release import finish, steps
    from publisher.release.staging import stage_release
    from publisher.sources import parse_article

    out = tmp_path / "public"
    path = write_article(embargo="2030-05-04T10:00:00+02:00")
    staged = stage_release(parse_article(path), out, ["web"], settings)
    steps.render_channel(staged.folder, "web")
    steps.check_channel(staged.folder, "web")
    before = datetime(2030, 5, 4, 7, 59, 59, tzinfo=UTC)
    assert finish.finish_release(staged.folder, now=before).status == "scheduled"
    assert public_files(out) == {}
    after = datetime(2030, 5, 4, 8, 0, 0, tzinfo=UTC)
    assert finish.finish_release(staged.folder, now=after).status == "released"
    assert (out / "neue-ladesaeulen-fuer-musterstadt" / "index.html").is_file()


def test_two_copies_of_every_step_at_once_release_the_article_once(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """A task redelivered while its first copy still runs: the copies take turns, the second finds it done."""
    from concurrent.futures import ThreadPoolExecutor

    from publisher.release import finish, steps
    from publisher.release.staging import stage_release
    from publisher.sources import parse_article

    out = tmp_path / "public"
    staged = stage_release(parse_article(write_article()), out, ["web"], settings)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for step in (steps.render_channel, steps.check_channel):
            copies = [pool.submit(step, staged.folder, "web") for _ in range(2)]
            assert {copy.result().status for copy in copies} <= {"rendered", "passed"}
        finishing = [pool.submit(finish.finish_release, staged.folder) for _ in range(2)]
        reports = [copy.result() for copy in finishing]
    assert sorted(report.already_finished for report in reports) == [False, True]
    assert {report.status for report in reports} == {"released"}
    assert not staged.folder.exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('href="neue-ladesaeulen-fuer-musterstadt/"') == 1
