"""Reading Markdown articles: structure, and errors that name the file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.errors import InvalidSource
from publisher.model import Figure, Link, ListBlock, Paragraph, Quote, Span, Table, plain_text
from publisher.sources import parse_article

Write = Callable[..., Path]


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    return [str(problem) for problem in caught.value.problems]


def test_front_matter_and_body_become_the_article(write_article: Write) -> None:
    article = parse_article(write_article()).article
    assert article.slug == "neue-ladesaeulen-fuer-musterstadt"
    assert article.kicker == "Verkehr"
    assert [block.type for block in article.body] == ["heading", "paragraph", "quote", "list"]


def test_blockquote_with_dash_line_names_speaker_and_role(write_article: Write) -> None:
    quote = parse_article(write_article()).article.body[2]
    assert isinstance(quote, Quote)
    assert (quote.speaker, quote.role) == ("Jana Probst", "Geschäftsführerin")
    assert plain_text(quote.paragraphs[0]) == "„Wir machen das Laden einfach.“"


def test_attribution_may_stand_in_its_own_paragraph(write_article: Write) -> None:
    body = "> Erster Absatz.\n>\n> Zweiter Absatz.\n>\n> — Dr. Olaf Kern\n"
    quote = parse_article(write_article(body=body)).article.body[0]
    assert isinstance(quote, Quote)
    assert quote.speaker == "Dr. Olaf Kern" and quote.role is None
    assert len(quote.paragraphs) == 2


def test_image_paragraph_becomes_figure_with_caption_and_credit(
    write_article: Write, make_png: Callable
) -> None:
    path = write_article(
        body='![Ladesäule am Markt](bilder/saeule.png "Am Markt"){credit="Foto: Stadtwerke"}\n'
    )
    make_png(path.parent / "bilder" / "saeule.png")
    source = parse_article(path)
    figure = source.article.body[0]
    assert isinstance(figure, Figure)
    assert figure.image.caption == "Am Markt" and figure.image.credit == "Foto: Stadtwerke"
    assert figure.image.alt == "Ladesäule am Markt"
    assert (figure.image.width, figure.image.height) == (40, 20)
    assert [image.output_name for image in source.images] == [figure.image.src]


def test_decorative_body_image_needs_no_alt(write_article: Write, make_png: Callable) -> None:
    path = write_article(body="![](linie.png){decorative=true}\n\nText.\n")
    make_png(path.parent / "linie.png")
    figure = parse_article(path).article.body[0]
    assert isinstance(figure, Figure) and figure.image.decorative


def test_foreign_language_part_keeps_its_language(write_article: Write) -> None:
    body = 'Wir setzen auf <span lang="en">Open Data</span> und <span lang="fr">données</span>.\n'
    paragraph = parse_article(write_article(body=body)).article.body[0]
    assert isinstance(paragraph, Paragraph)
    spans = [node for node in paragraph.children if isinstance(node, Span)]
    assert [(span.lang, plain_text(span.children)) for span in spans] == [
        ("en", "Open Data"),
        ("fr", "données"),
    ]


def test_tables_and_nested_lists(write_article: Write) -> None:
    body = "| Kreis | Mio. € |\n|---|---|\n| Nord | 3,5 |\n\n1. eins\n   - a\n2. zwei\n"
    table, listing = parse_article(write_article(body=body)).article.body
    assert isinstance(table, Table) and plain_text(table.rows[0][1]) == "3,5"
    assert isinstance(listing, ListBlock) and listing.ordered
    assert listing.items[0].sublist is not None


def test_script_and_javascript_links_never_reach_the_model(write_article: Write) -> None:
    body = (
        "Text <script>alert('x')</script> [klick](javascript:alert(1)) "
        '<a href="javascript:alert(2)">zwei</a> <img src=x onerror=alert(3)> '
        '<a href="https://example.org" onclick="alert(4)">gut</a>\n\n<script>alert(5)</script>\n'
    )
    article = parse_article(write_article(body=body)).article
    dumped = article.model_dump_json()
    assert "alert(" not in dumped.replace("[klick](javascript:alert(1))", "")
    links = [node for node in article.body[0].children if isinstance(node, Link)]  # type: ignore[union-attr]
    assert [link.href for link in links] == ["https://example.org"]


def test_missing_title_names_the_field(write_article: Write) -> None:
    path = write_article(title=None)
    assert problems(path) == [
        f"{path}:1: field 'title': missing required field: add 'title:' to the front matter"
    ]


def test_bad_date_names_line_and_field(write_article: Write) -> None:
    path = write_article(date="2. März 2026")
    (message,) = problems(path)
    line = next(
        number for number, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("date:")
    )
    assert message.startswith(f"{path}:{line}: field 'date':") and "2026-11-20T10:00:00+01:00" in message


def test_unknown_key_suggests_the_known_one(write_article: Write) -> None:
    path = write_article(summery="Tippfehler")
    assert any("unknown key 'summery'; did you mean 'summary'?" in message for message in problems(path))


def test_image_without_alt_and_not_decorative_is_an_error(write_article: Write, make_png: Callable) -> None:
    path = write_article(image={"src": "bild.png"})
    make_png(path.parent / "bild.png")
    (message,) = problems(path)
    assert "field 'image'" in message and "alt text" in message


def test_body_image_without_alt_names_its_line(write_article: Write, make_png: Callable) -> None:
    path = write_article(body="Absatz.\n\n![](foto.png)\n")
    make_png(path.parent / "foto.png")
    (message,) = problems(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert message.startswith(f"{path}:{lines.index('![](foto.png)') + 1}: field 'body'")


def test_unreadable_image_file_is_an_error(write_article: Write) -> None:
    path = write_article(image={"src": "kaputt.jpg", "alt": "Ein Bild vom Markt"})
    (path.parent / "kaputt.jpg").write_bytes(b"not an image")
    (message,) = problems(path)
    assert "field 'image.src'" in message and "unreadable" in message


def test_image_path_cannot_leave_the_article_folder(
    write_article: Write, make_png: Callable, tmp_path: Path
) -> None:
    make_png(tmp_path / "geheim.png")
    path = write_article(image={"src": "../geheim.png", "alt": "Ein Bild"})
    (message,) = problems(path)
    assert "leaves the article's folder" in message


def test_non_utf8_input_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: Gruß\n---\nÄrger\n".encode("latin-1"))
    (message,) = problems(path)
    assert message.startswith(f"{path}:2:") and "not UTF-8" in message


def test_empty_body_is_an_error(write_article: Write) -> None:
    (message,) = problems(write_article(body="\n\n"))
    assert "field 'body'" in message and "empty" in message


def test_level_one_heading_in_body_is_an_error(write_article: Write) -> None:
    (message,) = problems(write_article(body="# Zweiter Titel\n\nText.\n"))
    assert "only level-1 heading" in message


def test_every_problem_is_reported_at_once(write_article: Write) -> None:
    found = problems(write_article(title=None, lang="xx-123456789", summery="x"))
    assert len(found) == 3


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    (message,) = problems(tmp_path / "fehlt.md")
    assert "cannot read the file" in message
