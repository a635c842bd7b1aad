"""Numbers and spacing as the article's language typesets them, on the page and in the email."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.audio_summary import AudioSummary
from publisher.channels.base import RenderJob
from publisher.channels.newsletter.compose import compile_edition
from publisher.channels.web.page import render_page
from publisher.settings import Settings
from publisher.sources import parse_article
from publisher.typography import format_file_size, typeset
from tests.helpers import page

N, NN = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("written", "typeset_as"),
    [
        ("rund 40 km weit", f"rund 40{N}km weit"),
        ("71 % der Haushalte", f"71{N}% der Haushalte"),
        ("16,5 Mio. € für Obermoor", f"16,5{N}Mio.{N}€ für Obermoor"),
        ("nach § 12 Abs. 1 Nr. 3", f"nach §{N}12 Abs.{N}1 Nr.{N}3"),
        ("z. B. heute, d. h. jetzt, u. Ä.", f"z.{NN}B. heute, d.{NN}h. jetzt, u.{NN}Ä."),
        ("96 000 Euro", f"96{N}000{N}Euro"),
        ("am 9. Dezember um 18:00 Uhr", f"am 9.{N}Dezember um 18:00{N}Uhr"),
        ("see p. 4, a 5 km run", f"see p.{N}4, a 5{N}km run"),
        # Words that only begin like a unit, and titles before names, keep their ordinary spaces.
        ("5 mal 3 teure Dinge", "5 mal 3 teure Dinge"),
        ("Dr. Miriam Falkenberg", "Dr. Miriam Falkenberg"),
        ("Im Jahr 2026 wurden", "Im Jahr 2026 wurden"),
    ],
)
def test_typeset_keeps_together_what_a_line_must_not_split(written: str, typeset_as: str) -> None:
    assert typeset(written) == typeset_as


def test_numbers_are_written_as_the_language_writes_them() -> None:
    assert format_file_size(3_040_000, "de") == f"3,0{N}MB"
    assert format_file_size(3_040_000, "en") == f"3.0{N}MB"
    assert format_file_size(11_856, "de") == f"12{N}kB"
    assert AudioSummary(duration=61.0, size=1_250_000).megabytes("de") == "1,2"
    assert AudioSummary(duration=61.0, size=1_250_000).megabytes("en") == "1.2"


TABLE = """## Zahlen

| Gebiet | Summe | Anteil |
|:---|---:|:---:|
| Nord | 14,2 Mio. € | 48 % |
| Süd | 8,9 Mio. € | 72 % |

Tabelle: Fördersummen nach Gebiet

Nach Nr. 3 der Richtlinie gilt z. B. eine Frist.
"""


@pytest.fixture
def rendered(write_article: Callable[..., Path], settings: Settings, tmp_path: Path) -> tuple[Path, str]:
    article = parse_article(write_article(body=TABLE)).article
    job = RenderJob(settings=settings, assets_dir=tmp_path, workdir=tmp_path, out_dir=tmp_path / "public")
    render_page(article, job)
    return tmp_path / "index.html", compile_edition(article, settings).html


def test_a_caption_paragraph_names_the_table_and_is_not_repeated(rendered: tuple[Path, str]) -> None:
    root = page(rendered[0])
    table = root.find(".//table")
    assert table.findtext("caption") == "Fördersummen nach Gebiet"
    assert root.find(".//div[@role='region']").get("aria-label") == "Fördersummen nach Gebiet"
    assert "Tabelle:" not in root.find(".//main").text_content()


def test_column_alignment_from_markdown_is_kept_on_the_page_and_in_the_email(
    rendered: tuple[Path, str],
) -> None:
    root = page(rendered[0])
    first_row = root.find(".//tbody/tr")
    assert [cell.get("class") for cell in first_row] == ["align-left", "align-right", "align-center"]
    assert "text-align:right" in rendered[1] and "text-align:center" in rendered[1]


def test_page_text_carries_no_break_spaces(rendered: tuple[Path, str]) -> None:
    text = page(rendered[0]).find(".//main").text_content()
    assert f"Nr.{N}3" in text and f"z.{NN}B." in text and f"14,2{N}Mio.{N}€" in text
