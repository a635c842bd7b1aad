"""Resource limits of a source: implausible dates, pixel bombs, deep Markdown nesting and huge articles
are refused with a message naming the file, line and field, never a traceback; the command exits 2
and writes nothing."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.errors import InvalidSource
from publisher.model import ListBlock
from publisher.sources import parse_article
from tests.conftest import EXAMPLES

Write = Callable[..., Path]

FRONT = "title: Neue Ladesäulen\nsummary: Vierzig Säulen.\nlang: de\nauthor: Pressestelle\n"


def refused(path: Path, **options: object) -> list[tuple[str | None, int | None, str]]:
    """The problems reading ``path`` gives, as (field, line, message); fails if it is accepted."""
    with pytest.raises(InvalidSource) as caught:
        parse_article(path, **options)  # type: ignore[arg-type]
    return [(problem.field, problem.line, problem.message) for problem in caught.value.problems]


def line_of(path: Path, text: str) -> int:
    return next(
        number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line
    )


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "9999-12-31T23:59:59+01:00",
        "'9999-12-31T23:59:59-12:00'",
        "0001-01-01T00:00:00+14:00",
        "'0001-01-01T00:30:00+01:00'",
        "1969-12-31T23:00:00Z",
        "2101-01-01T00:00:00+01:00",
        "0000-01-01T10:00:00",
        "2026-13-45T10:00:00",
        "2026-02-30 10:00:00 +01:00",
        "'10000-01-01T00:00:00+01:00'",
    ],
)
@pytest.mark.parametrize("key", ["date", "embargo"])
def test_implausible_dates_are_refused_with_line_and_field(
    write_article: Write, key: str, written: str
) -> None:
    date = "" if key == "date" else "date: 2026-03-02T09:30:00+01:00\n"
    path = write_article(raw_front=FRONT + date + f"{key}: {written}\n", body="Text.\n")
    problems = refused(path)
    line = line_of(path, f"{key}: {written}")
    assert [(field in (key, None), problem_line) for field, problem_line, _ in problems] == [(True, line)], (
        problems
    )


@pytest.mark.parametrize("written", ["1970-01-01T00:00:00+00:00", "2100-12-31T23:59:59+01:00"])
def test_dates_at_the_edges_of_the_range_are_accepted(write_article: Write, written: str) -> None:
    path = write_article(raw_front=FRONT + f"date: {written}\n", body="Text.\n")
    assert parse_article(path).article.date.year in (1970, 2100)


# --- images -------------------------------------------------------------------------------------


def png_declaring(path: Path, width: int, height: int) -> Path:
    """A valid PNG file of a few hundred bytes whose header declares ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\x00" * (width + 1) * 2, 9)  # two rows; a reader stops long before the rest
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize(
    ("width", "height"), [(20_000, 20_000), (10_000, 10_000), (65_535, 65_535), (1, 100_000_000)]
)
@pytest.mark.parametrize("where", ["image", "body", "related"])
def test_pixel_bombs_are_refused_naming_the_field(
    write_article: Write, where: str, width: int, height: int
) -> None:
    if where == "image":
        path = write_article(image={"src": "bombe.png", "alt": "Der Marktplatz"})
        field, text = "image.src", "image:"
    elif where == "body":
        path = write_article(body="Text.\n\n![Der Marktplatz](bombe.png)\n")
        field, text = "body.src", "![Der Marktplatz](bombe.png)"
    else:
        related = [
            {"title": "Weitere", "url": "https://example.org/", "image": {"src": "bombe.png", "alt": "Markt"}}
        ]
        path = write_article(related=related)
        field, text = "related.0.image.src", "image:"
    bomb = png_declaring(path.parent / "bombe.png", width, height)
    assert bomb.stat().st_size < 200_000
    ((problem_field, line, message),) = refused(path)
    assert problem_field == field and line == line_of(path, text)
    assert "pixels" in message and "bombe.png" in message


def test_the_pixel_and_file_size_limits_are_settings(write_article: Write, make_png: Callable) -> None:
    from publisher.settings import SourceSettings

    path = write_article(image={"src": "bild.png", "alt": "Der Marktplatz"})
    make_png(path.parent / "bild.png")  # 40 × 20 pixels
    assert parse_article(path).article.image is not None
    ((_, _, message),) = refused(path, limits=SourceSettings(max_image_pixels=799))
    assert "800 pixels" in message and "source.max_image_pixels" in message
    ((_, _, message),) = refused(path, limits=SourceSettings(max_image_bytes=10))
    assert "source.max_image_bytes" in message


# --- Markdown nesting ---------------------------------------------------------------------------

DEEP_BODIES = {
    "emphasis-stars": "*" * 20_000 + "Text" + "*" * 20_000,
    "emphasis-underscores": "_" * 20_000 + "Text" + "_" * 20_000,
    "emphasis-spaced": "*a " * 5_000 + "Text" + " a*" * 5_000,
    "strong-and-emphasis": "***" * 3_000 + "Text" + "***" * 3_000,
    "bullet-list": "".join("  " * depth + f"- Punkt {depth}\n" for depth in range(40)),
    "ordered-list": "".join("   " * depth + f"1. Punkt {depth}\n" for depth in range(40)),
    "compact-list": "- " * 5_000 + "Punkt",
    "blockquotes": ">" * 20_000 + " Zitat",
    "spaced-blockquotes": "> " * 5_000 + "Zitat",
    "quote-in-list": "".join("  " * depth + "- > " for depth in range(30)) + "Text",
    "raw-spans": '<span lang="en">' * 20_000 + "Text" + "</span>" * 20_000,
    "raw-emphasis": "<em>" * 300 + "Text" + "</em>" * 300,
    "raw-mixed": "<b><i>" * 2_000 + "Text" + "</i></b>" * 2_000,
    "raw-block": "<div>" + "<strong>" * 1_000 + "Text" + "</strong>" * 1_000 + "</div>",
}


@pytest.mark.parametrize("body", list(DEEP_BODIES.values()), ids=list(DEEP_BODIES))
def test_deep_nesting_is_a_clear_error_not_a_traceback(write_article: Write, body: str) -> None:
    path = write_article(body="## Abschnitt\n\nErster Absatz.\n\n" + body + "\n")
    problems = refused(path)
    first_line = line_of(path, body.splitlines()[0][:30])
    assert problems and all(field == "body" and line and line >= first_line for field, line, _ in problems)
    assert any("nested" in message or "quote" in message for _, _, message in problems), problems


def test_nesting_up_to_the_limits_is_kept_whole(write_article: Write) -> None:
    """Ten list levels and twenty inline levels are read completely: nothing below them is dropped."""
    listing = "".join("  " * depth + f"- Punkt {depth}\n" for depth in range(10))
    emphasis = "<em>" * 20 + "innen" + "</em>" * 20
    article = parse_article(write_article(body=listing + "\n" + emphasis + "\n")).article
    block = article.body[0]
    depth = 0
    while isinstance(block, ListBlock):
        depth += 1
        block = block.items[0].sublist  # type: ignore[assignment]
    assert depth == 10
    assert "innen" in article.model_dump_json()


# --- article size -------------------------------------------------------------------------------


def test_an_article_over_the_size_limit_is_refused(write_article: Write) -> None:
    path = write_article(body="Ein Satz über Ladesäulen. " * 50_000)  # 1.3 MB
    ((field, line, message),) = refused(path)
    assert "1,000,000 bytes" in message and "source.max_article_bytes" in message
    assert field is None and line is None


def test_the_article_size_limit_is_a_setting(write_article: Write) -> None:
    from publisher.settings import SourceSettings

    path = write_article(body="Ein Satz über Ladesäulen. " * 1_000)
    assert parse_article(path).article.body
    ((_, _, message),) = refused(path, limits=SourceSettings(max_article_bytes=10_000))
    assert "10,000 bytes" in message


# --- the command --------------------------------------------------------------------------------


def test_publish_exits_2_and_writes_nothing_for_each_limit(write_article: Write, tmp_path: Path) -> None:
    """Year 9999, a pixel bomb, deep emphasis and an oversized article: exit 2, message, nothing written."""
    bomb_article = write_article(name="bombe.md", image={"src": "bombe.png", "alt": "Der Marktplatz"})
    png_declaring(bomb_article.parent / "bombe.png", 20_000, 20_000)
    cases = {
        "year": write_article(name="jahr.md", date="9999-12-31T10:00:00+01:00"),
        "pixels": bomb_article,
        "nesting": write_article(name="tief.md", body=DEEP_BODIES["emphasis-stars"] + "\n"),
        "size": write_article(name="gross.md", body="Ein Satz über Ladesäulen. " * 50_000),
    }
    environment = {**os.environ, "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml")}
    environment.pop("PUBLISHER_BROKER_URL", None)
    for name, path in cases.items():
        out = tmp_path / f"site-{name}"
        result = subprocess.run(
            [sys.executable, "-m", "publisher.cli", "publish", str(path), "--out", str(out)],
            capture_output=True,
            text=True,
            env=environment,
            cwd=tmp_path,
            timeout=300,
        )
        assert result.returncode == 2, f"{name}: {result.returncode} {result.stderr[-1500:]}"
        assert result.stderr.startswith(f"error: {path}"), f"{name}: {result.stderr[-1500:]}"
        assert "Traceback" not in result.stderr
        assert not out.exists() and not out.with_name(out.name + ".staging").exists(), name
