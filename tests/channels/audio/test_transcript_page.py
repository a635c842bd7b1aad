"""The transcript is the written text: an HTML page with headings and speakers that passes the whole gate."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from publisher.a11y.browser.stage import BrowserStage
from publisher.a11y.gate import check_page
from publisher.channels.audio.transcript import TRANSCRIPT_PAGE
from publisher.channels.base import RenderJob
from publisher.model import Article


def _page(job: RenderJob) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((job.workdir / TRANSCRIPT_PAGE).read_bytes())


def test_the_page_shows_the_written_words_with_headings_and_speakers(
    rendered: tuple[Article, RenderJob],
) -> None:
    """Headings as headings, the quote under its speaker, list items as a list, numbers as written."""
    _, job = rendered
    root = _page(job)
    assert root.get("lang") == "de"
    assert root.xpath("//meta/@charset") == ["utf-8"]
    assert root.xpath("//h1")[0].text_content() == "Transkript: Stadt baut neue Radwege"
    assert [h.text_content() for h in root.xpath("//main//h2")] == ["Was gebaut wird.", "Wie es weitergeht."]
    [quote] = root.xpath("//figure[@class='quote']")
    assert quote.xpath("figcaption")[0].text_content() == "Dr. Jana Probst, Bürgermeisterin, sagte:"
    assert quote.xpath("blockquote/p")[0].text_content() == "Wir freuen uns sehr."
    assert [li.text_content() for li in root.xpath("//main//ul[not(@class)]/li")] == [
        "Planung im Mai.",
        "Bau im Sommer.",
    ]
    text = root.xpath("//main")[0].text_content()
    assert "Der Bau beginnt am 3. April." in text and "dritten" not in text
    links = {a.get("href") for a in root.xpath("//main//a")}
    assert {"./", "audio.mp3"} <= links
    assert root.xpath("//footer//a/text()")[:2] == ["Erklärung zur Barrierefreiheit", "Barriere melden"]


def test_the_player_links_to_the_transcript_page_and_the_feed_too(
    rendered: tuple[Article, RenderJob],
) -> None:
    """The web page's player links transcript.html; the feed names it as the HTML transcript."""
    from publisher.channels.audio import AudioChannel
    from publisher.published import PublishedArticle, SiteContext

    article, job = rendered
    site = SiteContext(
        job.settings, job.out_dir, (PublishedArticle(article, job.workdir, frozenset({"audio"})),)
    )
    feed = AudioChannel().rebuild_site(site)["podcast.xml"].decode()
    page = "https://presse.example.de/stadt-baut-neue-radwege/"
    assert f'url="{page}transcript.html" type="text/html"' in feed
    template = Path(__file__).parents[3] / "templates" / "web" / "article.html.j2"
    assert '<a href="transcript.html">' in template.read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_page_passes_the_gate_and_axe_in_every_mode(
    rendered: tuple[Article, RenderJob], stage: BrowserStage
) -> None:
    """Static rules, then Chromium in light and dark mode, at 320 px, zoomed and spaced, with axe-core."""
    _, job = rendered
    findings, browser = check_page(job.workdir / TRANSCRIPT_PAGE, channel="web", locale="de", stage=stage)
    assert browser is not None
    assert [(finding.rule, finding.condition, finding.message) for finding in findings] == []
