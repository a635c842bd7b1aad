"""Every page and email the project emits passes the whole gate: static rules and browser stage.

Of the example site's topic and month pages, which differ from one another only in the teasers they
list, the browser stage renders the longest of each kind; the static rules check every page.

The browser stage renders each one in light and dark mode, at 320 CSS px, zoomed to 200 % and with
wider text spacing, walks it with Tab and runs axe-core; no finding at all is allowed, warnings
included. Emails are checked in every variant a subscriber can get (language × audio link first).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.a11y.browser.stage import BrowserStage
from publisher.a11y.gate import check_page
from publisher.channels.newsletter.compose import compile_edition
from publisher.channels.newsletter.content import AudioLink
from publisher.model import Article
from publisher.published import internal_dir
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.conftest import EXAMPLES, REPO
from tests.subscribers.test_pages_a11y import _pages

pytestmark = pytest.mark.browser


@pytest.fixture
def stage(full_axe_stage: BrowserStage) -> BrowserStage:
    """The project's own outputs are held to every axe-core rule, not only to those the gate leaves to it."""
    return full_axe_stage


def _report(findings: list) -> list[tuple[str, str | None, str | None, str]]:  # type: ignore[type-arg]
    return [(f.rule, f.condition, f.location.selector if f.location else None, f.message) for f in findings]


@pytest.mark.xdist_group("example_site")  # one worker publishes the examples, not each
def test_every_page_and_email_of_the_examples_passes(stage: BrowserStage, example_site: Path) -> None:
    """Article pages, index, statement, report pages and the newsletter samples: no finding at all."""
    site = example_site
    pages = sorted(site.rglob("*.html"))
    player = site / "neue-fahrradstaender-am-bahnhof" / "index.html"
    assert len(pages) >= 8 and "<audio" in player.read_text(encoding="utf-8")
    # Every example went out as page and newsletter, and the spoken article as page with its player.
    articles = sorted(EXAMPLES.glob("*.md"))
    released = sorted(internal_dir(site).glob("*/report.json"))
    assert len(released) == len(articles) + 1
    assert all((site / report.parent.name / "index.html").is_file() for report in released)
    assert len(list(site.glob("*/newsletter.html"))) == len(articles)
    # Every page type of the press site is among them.
    relative = {str(page.relative_to(site)) for page in pages}
    assert {
        "index.html",
        "page/1/index.html",
        "topics/index.html",
        "archive/index.html",
        "search/index.html",
    } <= relative
    assert {"erklaerung-zur-barrierefreiheit/index.html", "archive/2026/11/index.html"} <= relative
    assert any(path.startswith("topics/verwaltung/") for path in relative)
    # The press office's report pages are kept beside the site, and pass as well.
    reports = sorted(internal_dir(site).glob("*/report.html"))
    assert len(reports) >= 4
    rendered = _one_of_each_kind(site, pages)
    assert len(rendered) < len(pages) and "topics/verwaltung/index.html" in relative
    failures = {}
    for page in [*pages, *reports]:
        root = site if page.is_relative_to(site) else internal_dir(site)
        channel = "email" if page.name == "newsletter.html" else "web"
        text_part = page.with_suffix(".txt").read_text(encoding="utf-8") if channel == "email" else None
        lang = "en" if "beispielland-opens" in str(page) else "de"
        findings, _ = check_page(
            page,
            channel=channel,
            locale=lang,
            text_part=text_part,
            stage=stage if page in rendered or page in reports else None,
            root=root,
        )
        if findings:
            failures[str(page.relative_to(root))] = _report(findings)
    assert failures == {}


def _kind(relative: str) -> str:
    """A page's kind: its address without the topic's name or the month (``topics/*/page/1/index.html``)."""
    parts = relative.split("/")
    if parts[0] == "topics" and len(parts) > 2:
        parts[1] = "*"
    if parts[0] == "archive" and len(parts) > 3:
        parts[2] = "*"
    return "/".join(parts)


def _one_of_each_kind(site: Path, pages: list[Path]) -> set[Path]:
    """The pages the browser stage renders: the longest page of each kind (every article page is a kind).

    Topic and month pages differ from their kind's other pages only in the teasers listed, which the
    index and archive pages show too; the static stage still checks every one of them.
    """
    chosen: dict[str, Path] = {}
    for page in sorted(pages, key=lambda page: -page.stat().st_size):
        chosen.setdefault(_kind(str(page.relative_to(site))), page)
    return set(chosen.values())


@pytest.mark.parametrize("article", sorted(EXAMPLES.glob("*.md")), ids=lambda path: path.stem)
def test_every_newsletter_variant_passes(stage: BrowserStage, article: Path, tmp_path: Path) -> None:
    """Each language a subscriber can choose, with the audio link first or last: no finding at all."""
    assert _variant_failures(parse_article(article).article, stage, tmp_path) == {}


@pytest.mark.parametrize("name", ["hitzeschutz-plan", "open-data-portal"])
def test_every_correction_mail_variant_passes(stage: BrowserStage, name: str, tmp_path: Path) -> None:
    """The correction mail (its note first, the UI words in the subscriber's language): no finding."""
    article = parse_article(EXAMPLES / f"{name}.md").article
    note = "Die Zahl der Standorte war falsch angegeben." if article.lang == "de" else "One date was wrong."
    corrected = article.model_copy(update={"correction": note})
    assert _variant_failures(corrected, stage, tmp_path) == {}


def _variant_failures(
    article: Article, stage: BrowserStage, tmp_path: Path
) -> dict[tuple[str, bool], list[tuple[str, str | None, str | None, str]]]:
    settings = Settings(site={"base_url": "https://presse.example.de/"})
    audio = AudioLink(url="https://presse.example.de/a/audio.mp3", duration_seconds=154)
    failures = {}
    for locale in ("de", "en"):
        for audio_first in (False, True):
            edition = compile_edition(article, settings, locale=locale, audio=audio, audio_first=audio_first)
            html, text = edition.personalise(
                unsubscribe_url="https://abo.example.de/unsubscribe/t",
                preferences_url="https://abo.example.de/p/t",
            )
            page = tmp_path / f"{locale}-{audio_first}.html"
            page.write_text(html, encoding="utf-8")
            findings, _ = check_page(page, channel="email", locale=locale, text_part=text, stage=stage)
            if findings:
                failures[(locale, audio_first)] = _report(findings)
    return failures


def test_every_subscription_page_passes(
    stage: BrowserStage, make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    """Form, errors, confirmations, preferences and error pages, German and English: no finding at all."""
    failures = {}
    for locale in ("de", "en"):
        for name, html in _pages(make_settings(f"sqlite:///{tmp_path / locale}.db"), locale).items():
            page = tmp_path / f"{locale}-{name.replace(' ', '-')}.html"
            page.write_text(html, encoding="utf-8")
            findings, _ = check_page(page, locale=locale, stage=stage)
            if findings:
                failures[(locale, name)] = _report(findings)
    assert failures == {}


def test_the_repository_examples_are_where_the_tests_look() -> None:
    assert (REPO / "examples" / "publisher.toml").is_file()
