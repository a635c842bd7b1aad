"""The browser stage in a release: it holds a page with a rendered barrier, with a screenshot in the report,
and every variant of the newsletter passes through it before anything is released or sent."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html
import pytest

from publisher import channels as channel_registry
from publisher.a11y.findings import Finding
from publisher.channels.base import CheckTarget, RenderJob, Rendition, SiteContext
from publisher.model import Article
from publisher.settings import Settings
from tests.helpers import publish

pytestmark = pytest.mark.browser

Write = Callable[..., Path]

# A page a theme could produce: every static rule is content, but the focus outline is drawn in the page's
# own white, so focus shows nowhere. Only a render tells (an outline removed outright the static rule
# focus-outline-removed already names).
NO_FOCUS = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>a:focus, a:focus-visible {{ outline: 3px solid #fff }}</style></head>
<body><main><h1>{title}</h1>
<p>Mehr dazu im <a href="https://example.org/bericht">Bericht zum Vorhaben</a>.</p></main>
</body></html>
"""


class ThemedPage:
    """A channel rendering a themed page, as a site theme outside the shipped templates would."""

    name = "themed"
    after: tuple[str, ...] = ()

    def render(self, article: Article, job: RenderJob) -> Rendition:
        (job.workdir / "themed.html").write_text(NO_FOCUS.format(title=article.title), encoding="utf-8")
        return Rendition(files=("themed.html",), check=(CheckTarget("themed.html", "web"),))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        return []

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return {}


@pytest.fixture
def themed_channel() -> Iterator[None]:
    channel_registry.CHANNELS["themed"] = f"{__name__}:ThemedPage"
    yield
    del channel_registry.CHANNELS["themed"]
    channel_registry.get_channel.cache_clear()


def with_browser_stage(settings: Settings) -> Settings:
    return settings.model_copy(update={"a11y": settings.a11y.model_copy(update={"browser_stage": True})})


def test_a_rendered_barrier_holds_the_release_with_a_screenshot(
    themed_channel: None, write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """No visible outline on focus: the browser stage holds the release; the report shows the crop it took."""
    (report,) = publish([write_article()], tmp_path / "site", with_browser_stage(settings), ("themed",))

    assert report["status"] == "held"
    findings = report["channels"]["themed"]["findings"]
    (finding,) = [f for f in findings if f["rule"] == "focus-indicator-contrast"]
    assert finding["condition"] == "desktop" and "2.4.7" in finding["wcag"]
    staging = Path(report["staging"])
    shot = staging / finding["screenshot"]
    assert shot.read_bytes().startswith(b"\x89PNG")
    page = lxml.html.document_fromstring((staging / "report.html").read_text(encoding="utf-8"))
    assert finding["screenshot"] in [img.get("src") for img in page.cssselect(".finding img")]
    assert not (tmp_path / "site" / report["slug"]).exists()


def test_without_the_browser_stage_the_same_page_is_released(
    themed_channel: None, write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """The static rules alone do not see the invisible focus outline: the stage is what holds it."""
    (report,) = publish([write_article()], tmp_path / "site", settings, ("themed",))
    assert report["status"] == "released", json.dumps(report, indent=1)


def test_every_newsletter_variant_is_checked_before_release(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """German and English, the sample and each other language: all checked by both stages, none published."""
    (report,) = publish(
        [write_article()], tmp_path / "site", with_browser_stage(settings), ("web", "newsletter")
    )
    assert report["status"] == "released", json.dumps(report, indent=1)
    assert report["url"] == f"https://presse.example.de/{report['slug']}/"
    folder = tmp_path / "site" / report["slug"]
    assert (folder / "newsletter.html").is_file() and not (folder / "variants").exists()
    assert not (folder / "report.html").exists()
    kept = (Path(report["reports"]) / "report.html").read_text(encoding="utf-8")
    released_report = lxml.html.document_fromstring(kept)
    assert report["url"] in [a.get("href") for a in released_report.cssselect("main a")]


def test_the_newsletter_names_each_variant_for_the_gate(
    write_article: Write, settings: Settings, tmp_path: Path
) -> None:
    """Without a spoken version: the sample and the other UI language, each with its text; none published."""
    from publisher.channels.newsletter import NewsletterChannel
    from publisher.sources import parse_article

    article = parse_article(write_article()).article
    job = RenderJob(
        settings=settings, assets_dir=tmp_path, workdir=tmp_path / "out", out_dir=tmp_path / "site"
    )
    job.workdir.mkdir()
    rendition = NewsletterChannel().render(article, job)
    targets = [(target.path, target.text_part) for target in rendition.check]
    assert targets == [
        ("newsletter.html", "newsletter.txt"),
        ("variants/en-audio-last.html", "variants/en-audio-last.txt"),
    ]
    assert all((job.workdir / path).is_file() for target in targets for path in target if path)
    assert not any(name.startswith("variants/") for name in rendition.files)
    english = (job.workdir / "variants/en-audio-last.html").read_text(encoding="utf-8")
    assert "Unsubscribe" in english and 'lang="de"' in english


def test_without_axe_core_the_browser_stage_holds_the_release_and_says_why(
    themed_channel: None,
    write_article: Write,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """axe-core missing (no `npm ci`): nothing goes out on rules that never ran; the report says why."""
    from publisher.a11y.browser import stage as stage_module
    from publisher.a11y.browser.shared import close_shared_stage

    close_shared_stage()  # a stage started by an earlier test of this process had axe-core
    monkeypatch.setattr(stage_module, "axe_core_dir", lambda: None)
    try:
        (report,) = publish([write_article()], tmp_path / "site", with_browser_stage(settings), ("themed",))
    finally:
        close_shared_stage()
    assert report["status"] == "failed", json.dumps(report, indent=1)
    assert "needs axe-core" in report["channels"]["themed"]["error"]
    assert not (tmp_path / "site" / report["slug"]).exists()
