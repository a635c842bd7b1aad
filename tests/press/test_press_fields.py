"""Press release fields: read from front matter, shown on the page, in the newsletter and the audio."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PillowImage

from publisher.channels.audio.speech.script import build_script
from publisher.channels.base import RenderJob
from publisher.channels.newsletter.compose import compile_edition
from publisher.channels.web.page import render_page
from publisher.errors import InvalidSource
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.helpers import page, publish

CONTACT = {
    "name": "Jana Probst",
    "role": "Pressesprecherin",
    "phone": "0711 126-2000",
    "email": "presse@example.de",
}
BODY = (
    "## Fragen\n\nDie Hotline ist unter 0800 4452 870 erreichbar, "
    "[Rückruf unter 0711 126-2000](https://example.de/r).\n"
)
PHOTO = {"src": "foto.jpg", "title": "Ladesäule am Bahnhof", "credit": "Max Beispiel", "rights": "Frei"}


@pytest.fixture
def press_article(write_article: Callable[..., Path], tmp_path: Path) -> Callable[..., Path]:
    """Write an article with a dateline, number, contact, a PDF and a press photo beside it."""

    def write(**overrides: Any) -> Path:
        folder = tmp_path / "quelle"
        folder.mkdir(exist_ok=True)
        (folder / "liste.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 2_500_000 + b"\n%%EOF\n")
        PillowImage.new("RGB", (1600, 900), (200, 120, 40)).save(folder / "foto.jpg", quality=95)
        values: dict[str, Any] = {
            "dateline": "Musterstadt",
            "number": 42,
            "contacts": [CONTACT],
            "downloads": [
                {"src": "liste.pdf", "title": "Liste der Standorte"},
                PHOTO,
            ],
        }
        values.update(overrides)
        return write_article(body=BODY, **values)

    return write


def test_downloads_carry_type_size_and_pixels_read_from_the_files(press_article: Callable[..., Path]) -> None:
    """The page's download details come from the file itself, never from the author."""
    article = parse_article(press_article()).article
    document, photo = article.downloads
    assert (document.kind, document.media_type, document.size) == ("document", "application/pdf", 2_500_016)
    assert (photo.kind, photo.media_type, photo.width, photo.height) == ("photo", "image/jpeg", 1600, 900)
    assert article.number == "42" and article.dateline == "Musterstadt"
    assert article.contacts[0].tel == "tel:+497111262000"


@pytest.mark.parametrize(
    ("override", "field", "words"),
    [
        ({"contacts": [{**CONTACT, "phone": "12"}]}, "contacts.0.phone", "not one phone number"),
        ({"contacts": [{**CONTACT, "email": "presse(at)example"}]}, "contacts.0.email", "not an email"),
        ({"contacts": [{**CONTACT, "fax": "1"}]}, "contacts.0.fax", "unknown key"),
        ({"downloads": [{"src": "foto.jpg", "title": "Foto"}]}, "downloads.0", "'credit' and 'rights'"),
        ({"downloads": [{"src": "fehlt.pdf", "title": "Liste"}]}, "downloads.0.src", "not found"),
        ({"downloads": [{"src": "../liste.pdf", "title": "Liste"}]}, "downloads.0.src", "leaves the article"),
    ],
)
def test_a_wrong_press_field_is_named_with_its_line(
    press_article: Callable[..., Path], override: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InvalidSource) as caught:
        parse_article(press_article(**override))
    problems = [problem for problem in caught.value.problems if problem.field == field]
    assert problems and words in problems[0].message and problems[0].line, caught.value.problems


def test_a_pdf_download_that_is_no_pdf_is_refused(press_article: Callable[..., Path]) -> None:
    path = press_article()
    (path.parent / "liste.pdf").write_text("<html>not a document</html>", encoding="utf-8")
    with pytest.raises(InvalidSource, match="not a PDF"):
        parse_article(path)


def test_the_page_shows_number_dateline_contact_and_downloads(
    press_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    """A journalist finds who to call (a tap dials), and downloads the original photo with its terms."""
    source = press_article()
    (report,) = publish([source], tmp_path / "public", settings)
    assert report["channels"]["web"]["status"] == "released", report
    folder = tmp_path / "public" / report["slug"]
    root = page(folder / "index.html")
    meta = [item.text_content() for item in root.find_class("meta")[0]]
    assert "Pressemitteilung Nr.\u00a042" in meta
    assert any(item.startswith("Musterstadt, ") for item in meta)
    contact = root.find_class("press-contact")[0]
    assert contact.find("h2").text == "Pressekontakt"
    assert [a.get("href") for a in contact.iter("a")] == ["tel:+497111262000", "mailto:presse@example.de"]
    links = root.find_class("downloads")[0].findall(".//li")
    assert "(PDF, 2,5\u00a0MB)" in links[0].text_content()
    assert "(JPEG, 1.600 × 900 Pixel," in links[1].text_content()
    assert "Bildnachweis: Max Beispiel. Nutzung: Frei" in links[1].text_content()
    photo = links[1].find("a").get("href")
    assert (folder / photo).read_bytes() == (source.parent / "foto.jpg").read_bytes()


def test_phone_numbers_in_the_text_become_tel_links_but_not_inside_links(
    press_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    article = parse_article(press_article()).article
    job = RenderJob(settings=settings, assets_dir=tmp_path, workdir=tmp_path, out_dir=tmp_path / "public")
    render_page(article, job)
    paragraph = page(tmp_path / "index.html").find(".//article//p[a]")
    hrefs = [link.get("href") for link in paragraph.iter("a")]
    assert hrefs == ["tel:+498004452870", "https://example.de/r"]
    email = compile_edition(article, settings)
    assert 'href="tel:+498004452870"' in email.html


def test_a_preview_before_the_embargo_shows_it_and_the_release_does_not(
    press_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    """Sperrfrist is shown on a page rendered while the release waits for its embargo, not after."""
    embargo = datetime.now(UTC) + timedelta(days=3)
    for name, when in (("preview", embargo), ("released", datetime(2026, 3, 2, 8, tzinfo=UTC))):
        article = parse_article(press_article(embargo=when.isoformat())).article
        folder = tmp_path / name
        folder.mkdir()
        job = RenderJob(settings=settings, assets_dir=tmp_path, workdir=folder, out_dir=folder)
        render_page(article, job)
        notes = page(folder / "index.html").find_class("embargo")
        if name == "preview":
            assert notes and notes[0].text_content().startswith("Sperrfrist: Nicht vor ")
        else:
            assert notes == []


def test_the_newsletter_carries_contact_and_downloads_in_both_parts(
    press_article: Callable[..., Path], settings: Settings
) -> None:
    article = parse_article(press_article()).article
    edition = compile_edition(article, settings)
    html, text = edition.personalise(
        unsubscribe_url="https://a.example/u", preferences_url="https://a.example/p"
    )
    base = f"https://presse.example.de/{article.slug}/"
    for part in (html, text):
        assert "Pressekontakt" in part and "0711 126-2000" in part
        assert base + article.downloads[0].src in part
        assert "Pressemitteilung Nr.\u00a042" in part


def test_the_audio_names_number_place_and_contact(press_article: Callable[..., Path]) -> None:
    script = build_script(parse_article(press_article()).article)
    intro = " ".join(script.segments[0].sentences)
    assert intro.startswith("Pressemitteilung Nummer zweiundvierzig vom ") and "Musterstadt" in intro
    contact = " ".join(script.segments[-2].sentences)
    assert contact.startswith("Pressekontakt: Jana Probst, Telefon null sieben eins eins")
