"""Characters no output can carry are refused at the source with file, line and field; one bad
record in the public tree never stops the site being rebuilt."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from publisher.errors import InvalidSource
from publisher.published import record_path
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.helpers import page, publish

Write = Callable[..., Path]


def unusable(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 cannot carry or Unicode reserves (independent oracle)."""
    return any(
        (ord(char) < 0x20 and char not in "\t\n\r")
        or 0x7F <= ord(char) <= 0x9F
        or 0xD800 <= ord(char) <= 0xDFFF
        or 0xFDD0 <= ord(char) <= 0xFDEF
        or ord(char) & 0xFFFE == 0xFFFE
        for char in text
    )


# YAML escapes as an author (or an attacker) would type them, and the character each stands for.
ESCAPES = {
    r"\0": "\x00",
    r"\a": "\x07",
    r"\b": "\x08",
    r"\v": "\x0b",
    r"\f": "\x0c",
    r"\e": "\x1b",
    r"\x01": "\x01",
    r"\x1f": "\x1f",
    r"\x7f": "\x7f",
    r"\x80": "\x80",
    r"\N": "\x85",
    r"\x9f": "\x9f",
    r"\u000b": "\x0b",
    r"\u000e": "\x0e",
    r"\ufdd0": "\ufdd0",
    r"\ufdef": "\ufdef",
    r"\ufffe": "\ufffe",
    r"\uffff": "\uffff",
    r"\U0001FFFE": "\U0001fffe",
    r"\U0010FFFF": "\U0010ffff",
    r"\ud800": "\ud800",
    r"\udfff": "\udfff",
}

# Where a text can sit in the front matter: the YAML line to write and the field it is.
FIELDS = {
    "title": ('title: "Neue{}Ladesäulen"\n', "title"),
    "summary": ('summary: "Vierzig{}Säulen."\n', "summary"),
    "kicker": ('kicker: "Verkehr{}"\n', "kicker"),
    "author": ('author: "{}Pressestelle"\n', "author"),
    "tag": ('tags: [Verkehr, "Ener{}gie"]\n', "tags.1"),
    "image caption": (
        'image: {{src: "https://example.org/a.png", alt: "Markt", caption: "Am{}Markt"}}\n',
        "image.caption",
    ),
    "related title": (
        'related:\n  - title: "Weitere{}Meldung"\n    url: "https://example.org/"\n',
        "related.0.title",
    ),
}

FRONT = (
    "title: Neue Ladesäulen\ndate: 2026-03-02T09:30:00+01:00\nsummary: Vierzig Säulen.\n"
    "lang: de\nauthor: Pressestelle\n"
)


def front_with(line: str) -> str:
    """The valid front matter with the line of one key replaced by ``line``."""
    key = line.split(":", 1)[0]
    kept = [entry for entry in FRONT.splitlines(keepends=True) if not entry.startswith(f"{key}:")]
    return "".join(kept) + line


@pytest.mark.parametrize("escape", list(ESCAPES), ids=[repr(char) for char in ESCAPES.values()])
@pytest.mark.parametrize("where", list(FIELDS))
def test_yaml_escape_of_an_unusable_character_is_refused(
    write_article: Write, where: str, escape: str
) -> None:
    template, field = FIELDS[where]
    line = template.format(escape)
    path = write_article(raw_front=front_with(line), body="Text.\n")
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    expected_line = next(number for number, text in enumerate(lines, 1) if escape in text)
    code = f"U+{ord(ESCAPES[escape]):04X}"
    found = [(problem.field, problem.line) for problem in caught.value.problems if code in problem.message]
    assert (field, expected_line) in found, [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("key", ["\x0b", "\uffff"], ids=["vertical-tab", "noncharacter"])
def test_a_key_with_an_unusable_character_is_refused(write_article: Write, key: str) -> None:
    escaped = key.encode("unicode_escape").decode()
    path = write_article(raw_front=FRONT + f'"kick{escaped}er": Verkehr\n', body="Text.\n")
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    assert any(
        f"U+{ord(key):04X}" in problem.message and problem.line == 7 for problem in caught.value.problems
    )


@pytest.mark.parametrize("reference", ["&#12;", "&#x0C;", "&#xFFFF;", "&#xFDD0;", "&#x1FFFE;", "&#x10FFFF;"])
@pytest.mark.parametrize(
    "where",
    [
        "Ein Absatz mit {} darin.",
        'Ein Absatz mit <span lang="en">open{}data</span>.',
        "- Listenpunkt {}",
        "| Kreis | Mio. € |\n|---|---|\n| Nord{} | 3,5 |",
        "## Abschnitt {}",
        "> Ein Zitat {}\n> — Jana Probst",
        "Ein [Link zum Markt{}](https://example.org/markt).",
        "<p>Roher Absatz {}</p>",
    ],
    ids=["paragraph", "raw-span", "list", "table", "heading", "quote", "link-text", "html-block"],
)
def test_character_references_to_unusable_characters_are_refused_with_their_line(
    write_article: Write, where: str, reference: str
) -> None:
    """Refused naming the body line, unless Markdown already shows the reference as U+FFFD (visible)."""
    body = "## Einleitung\n\nErster Absatz.\n\n" + where.format(reference) + "\n"
    path = write_article(body=body)
    try:
        article = parse_article(path).article
    except InvalidSource as error:
        lines = path.read_text(encoding="utf-8").splitlines()
        line = next(number for number, text in enumerate(lines, 1) if reference in text)
        found = [(problem.field, problem.line) for problem in error.problems]
        assert found == [("body", line)], [str(problem) for problem in error.problems]
    else:
        text = str(article.model_dump()["body"])
        assert not unusable(text) and "\ufffd" in text


def test_body_image_alt_with_an_unusable_character_is_refused(
    write_article: Write, make_png: Callable
) -> None:
    path = write_article(body="Text.\n\n![Der Markt&#12;](markt.png)\n")
    make_png(path.parent / "markt.png")
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [(problem.field, problem.line) for problem in caught.value.problems]
    assert found == [("body", lines.index("![Der Markt&#12;](markt.png)") + 1)]


@pytest.mark.parametrize("char", ["\x85", "\x9f", "\ufdd0", "\uffff", "\U0001fffe"], ids=repr)
def test_raw_c1_controls_and_noncharacters_in_the_file_are_refused(write_article: Write, char: str) -> None:
    path = write_article(body=f"Erster Absatz.\n\nZweiter {char} Absatz.\n")
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    (problem,) = caught.value.problems
    assert problem.line == path.read_text(encoding="utf-8").count("\n")
    assert f"U+{ord(char):04X}" in problem.message


def test_site_is_rebuilt_around_a_record_it_cannot_use(
    write_article: Write, tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A released record with a control character, a broken one and a foreign one are left out, reported."""
    out = tmp_path / "public"
    (first,) = publish([write_article(name="erste.md", title="Erste Meldung")], out, settings)
    record = json.loads(record_path(out, first["slug"]).read_text(encoding="utf-8"))
    bad = {
        "steuerzeichen": {
            **record,
            "article": {**record["article"], "slug": "steuerzeichen", "title": "A\x0bB"},
        },
        "nichtzeichen": {
            **record,
            "article": {**record["article"], "slug": "nichtzeichen", "kicker": "\uffff"},
        },
        "fremd": {"article": None},
    }
    for slug, data in bad.items():
        record_path(out, slug).parent.mkdir()
        record_path(out, slug).write_text(json.dumps(data), encoding="utf-8")
    record_path(out, "kaputt").parent.mkdir()
    record_path(out, "kaputt").write_bytes(b'{"article": {"title": ')

    with caplog.at_level(logging.WARNING, logger="publisher.published"):
        (second,) = publish([write_article(name="zweite.md", title="Zweite Meldung")], out, settings)

    assert second["channels"]["web"]["status"] == "released"
    titles = [link.text_content() for link in page(out / "index.html").cssselect("main h2 a")]
    assert sorted(titles) == ["Erste Meldung", "Zweite Meldung"]
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and sorted(entry.title for entry in feed.entries) == [
        "Erste Meldung",
        "Zweite Meldung",
    ]
    skipped = {
        Path(record.args[0]).parent.name for record in caplog.records if "left out" in record.getMessage()
    }
    assert skipped >= {"steuerzeichen", "nichtzeichen", "fremd", "kaputt"}
    # The release's report names each record left out, with why, in report.json and on report.html.
    warnings = {
        Path(warning["file"]).parent.name: warning["message"] for warning in second["site"]["warnings"]
    }
    assert set(warnings) == {"steuerzeichen", "nichtzeichen", "fremd", "kaputt"}
    assert "field 'title'" in warnings["steuerzeichen"] and "U+000B" in warnings["steuerzeichen"]
    assert warnings["kaputt"].startswith("left out of the site files: cannot be read:")
    report_page = (Path(second["reports"]) / "report.html").read_text(encoding="utf-8")
    assert "In den Website-Dateien ausgelassen" in report_page and "kaputt/article.json" in report_page
