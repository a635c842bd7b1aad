"""The article page is semantic, localised and carries its metadata."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml.etree import _Element

from publisher.settings import Settings
from tests.conftest import EXAMPLES
from tests.helpers import page, publish

BREITBAND = EXAMPLES / "breitband-foerderung.md"
OPEN_DATA = EXAMPLES / "open-data-portal.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    settings = Settings(
        site={
            "title": "Presse Beispielland",
            "base_url": "https://presse.example.de/",
            "owner": "Land Beispielland",
            "easy_language_url": "https://www.example.de/ls/",
            "sign_language_url": "https://www.example.de/dgs/",
        },
        staging_dir=out.parent / "staging",
    )
    reports = publish([BREITBAND, OPEN_DATA, EXAMPLES / "hitzeschutz-plan.md"], out, settings)
    assert all(report["channels"]["web"]["status"] == "released" for report in reports), reports
    return out


def article_page(site: Path, slug_start: str) -> _Element:
    (folder,) = [path for path in site.iterdir() if path.name.startswith(slug_start)]
    return page(folder / "index.html")


def test_page_has_language_title_and_one_h1(site: Path) -> None:
    root = article_page(site, "land-foerdert")
    assert root.get("lang") == "de"
    assert root.findtext("head/title").startswith("Land fördert Glasfaserausbau")
    assert len(root.findall(".//h1")) == 1


def test_landmarks_and_skip_link(site: Path) -> None:
    root = article_page(site, "land-foerdert")
    body = root.find("body")
    skip = body[0]
    assert skip.tag == "a" and skip.get("href") == "#main"
    assert root.get_element_by_id("main").tag == "main"
    for tag in ("header", "nav", "main", "footer"):
        assert body.find(f".//{tag}") is not None, tag
    assert root.find(".//main/article") is not None
    labels = [nav.get("aria-label") for nav in root.iter("nav")]
    assert len(labels) == len(set(labels)) == 2


def test_heading_levels_have_no_gaps(site: Path) -> None:
    for slug in ("land-foerdert", "beispielland-opens", "hitzeschutz"):
        levels = [
            int(element.tag[1])
            for element in article_page(site, slug).iter("h1", "h2", "h3", "h4", "h5", "h6")
        ]
        assert levels[0] == 1
        assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels


def test_images_have_alt_and_figures_carry_caption_and_credit(site: Path) -> None:
    root = article_page(site, "land-foerdert")
    images = list(root.iter("img"))
    assert images and all(image.get("alt") for image in images)
    credits = [
        figure.findtext(".//span[@class='credit']")
        for figure in root.iter("figure")
        if figure.find(".//img") is not None
    ]
    assert credits and all(credit and credit.startswith(("Foto", "Grafik")) for credit in credits)


def test_quotes_name_speaker_in_figcaption(site: Path) -> None:
    quotes = article_page(site, "land-foerdert").findall(".//figure[@class='quote']")
    assert len(quotes) == 2
    assert quotes[0].find("blockquote") is not None
    assert "Miriam Falkenberg" in quotes[0].findtext(".//span[@class='speaker']")


def test_time_reading_time_and_ui_strings_follow_the_article_language(site: Path) -> None:
    german = article_page(site, "land-foerdert")
    time = german.find(".//article//time")
    assert time.get("datetime") == "2026-11-20T10:00:00+01:00"
    assert "November 2026" in time.text_content()
    assert "Minuten Lesezeit" in german.text_content()
    assert german.find(".//a[@class='skip-link']").text == "Zum Inhalt springen"
    english = article_page(site, "beispielland-opens")
    assert english.get("lang") == "en"
    assert "minutes read" in english.text_content() or "minute read" in english.text_content()
    assert english.find(".//a[@class='skip-link']").text == "Skip to content"


def test_parts_in_another_language_are_marked(site: Path) -> None:
    spans = article_page(site, "land-foerdert").xpath("//main//span[@lang]")
    assert [span.get("lang") for span in spans] == ["en"]


def test_json_ld_news_article_and_open_graph(site: Path) -> None:
    root = article_page(site, "land-foerdert")
    (script,) = root.xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Land fördert")
    assert data["inLanguage"] == "de"
    assert (
        data["url"]
        == "https://presse.example.de/land-foerdert-glasfaserausbau-in-sechs-regionen-mit-62-millionen-euro/"
    )
    assert data["image"].startswith(data["url"])
    og = {meta.get("property"): meta.get("content") for meta in root.iter("meta") if meta.get("property")}
    assert og["og:type"] == "article" and og["og:url"] == data["url"] and og["og:image:alt"]


def test_share_links_are_plain_links_and_no_script_runs(site: Path) -> None:
    root = article_page(site, "land-foerdert")
    scripts = [script.get("type") for script in root.iter("script")]
    assert scripts == ["application/ld+json"]
    share = root.xpath("//section[@class='share']//a/@href")
    assert share[0].startswith("mailto:?subject=") and len(share) == 3


def test_related_articles_listed_with_image_alt(site: Path) -> None:
    related = article_page(site, "land-foerdert").find(".//section[@class='related']")
    assert related.findtext("h2") == "Weitere Meldungen"
    assert len(related.findall(".//li")) == 3
    assert all(image.get("alt") for image in related.iter("img"))


def test_footer_carries_the_bitv_links(site: Path) -> None:
    footer = article_page(site, "land-foerdert").find(".//footer[@class='site-footer']")
    hrefs = footer.xpath(".//a/@href")
    assert "../erklaerung-zur-barrierefreiheit/" in hrefs
    assert any(href.startswith("mailto:") for href in hrefs)
    assert "https://www.example.de/ls/" in hrefs and "https://www.example.de/dgs/" in hrefs
    statement = page(site / "erklaerung-zur-barrierefreiheit" / "index.html")
    assert statement.findtext(".//h1") == "Erklärung zur Barrierefreiheit"


def test_images_are_copied_next_to_the_page(site: Path) -> None:
    folder = next(path for path in site.iterdir() if path.name.startswith("land-foerdert"))
    for src in page(folder / "index.html").xpath("//img/@src"):
        assert (folder / src).is_file(), src


def test_styles_meet_focus_motion_dark_and_print_needs(site: Path) -> None:
    css = article_page(site, "land-foerdert").findtext(".//style")
    for needle in (":focus-visible", "prefers-reduced-motion", "prefers-color-scheme: dark", "@media print"):
        assert needle in css


def test_hostile_markdown_is_neutralised_in_the_page(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    body = (
        'Text <script>alert(1)</script> <a href="javascript:alert(2)">x</a> <b onclick="alert(3)">fett</b>\n'
    )
    out = tmp_path / "out"
    publish([write_article(body=body)], out, settings)
    html = (out / "neue-ladesaeulen-fuer-musterstadt" / "index.html").read_text(encoding="utf-8")
    assert "alert(" not in html and "<b>" not in html
    assert "<strong>fett</strong>" in html
