"""The release pipeline: a broken or held channel stops alone, nothing half-released."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from publisher import channels as channel_registry
from publisher.a11y.findings import Finding
from publisher.channels.base import RenderJob, Rendition, SiteContext
from publisher.model import Article
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


def test_failing_channel_fails_alone(
    extra_channels: None, write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    (report,) = publish([write_article()], out, settings, channels=("web", "broken"))
    assert report["channels"]["web"]["status"] == "released"
    assert report["channels"]["broken"]["status"] == "failed"
    assert "speech engine is not installed" in report["channels"]["broken"]["error"]
    saved = json.loads((out / report["slug"] / "report.json").read_text())
    assert saved["channels"]["broken"]["status"] == "failed"


def test_held_channel_stays_in_staging_and_never_reaches_the_public_tree(
    extra_channels: None, write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    (report,) = publish([write_article()], out, settings, channels=("web", "strict"))
    strict = report["channels"]["strict"]
    assert strict["status"] == "held"
    assert strict["findings"] == [
        {
            "rule": "strict-check",
            "severity": "error",
            "message": "always wrong",
            "wcag": [],
            "act": [],
            "location": None,
        }
    ]
    assert not (out / report["slug"] / "strict.txt").exists()
    staged = Path(report["staging"]) / "strict" / "out" / "strict.txt"
    assert staged.read_text(encoding="utf-8") == "Neue Ladesäulen für Musterstadt"
    assert report["channels"]["web"]["status"] == "released"
    record = json.loads((out / report["slug"] / "article.json").read_text())
    assert set(record["released"]) == {"web"}


def test_steps_can_run_twice_without_harm(write_article: Write, settings: Settings, tmp_path: Path) -> None:
    from publisher import pipeline
    from publisher.sources import parse_article
    from publisher.staging import stage_release

    out = tmp_path / "public"
    staged = stage_release(parse_article(write_article()), out, ["web"], settings)
    for _ in range(2):
        pipeline.render_channel(staged.folder, "web")
        pipeline.check_channel(staged.folder, "web")
        outcome = pipeline.release_channel(staged.folder, "web")
    assert outcome["status"] == "released"
    report = pipeline.finish_release(staged.folder)
    assert report["channels"]["web"]["status"] == "released"
    assert (out / "neue-ladesaeulen-fuer-musterstadt" / "index.html").is_file()


def test_a_redelivered_step_after_the_release_finished_does_nothing(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    from publisher import pipeline
    from publisher.sources import parse_article
    from publisher.staging import stage_release

    out = tmp_path / "public"
    staged = stage_release(parse_article(write_article()), out, ["web"], settings)
    for step in (pipeline.render_channel, pipeline.check_channel, pipeline.release_channel):
        step(staged.folder, "web")
    pipeline.finish_release(staged.folder)
    page = out / "neue-ladesaeulen-fuer-musterstadt" / "index.html"
    before = page.stat().st_mtime_ns
    assert pipeline.render_channel(staged.folder, "web").status == "released"
    assert pipeline.release_channel(staged.folder, "web")["status"] == "released"
    assert pipeline.finish_release(staged.folder)["already_finished"] is True
    assert page.stat().st_mtime_ns == before
