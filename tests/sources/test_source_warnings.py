"""Nothing the author wrote disappears silently: what the reader leaves out is a warning with file and
line, in the release's report and printed by `publisher publish` (errors, such as a key written twice,
stop the release)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.model import Inline, Link, Span, plain_text
from publisher.sources import parse_article
from tests.cli_support import invoke
from tests.conftest import EXAMPLES

Write = Callable[..., Path]

INTRO = "## Einleitung\n\nErster Absatz ohne Besonderheiten.\n\n"


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def nodes(inlines: list[Inline]) -> list[Inline]:
    return [deep for node in inlines for deep in [node, *nodes(getattr(node, "children", []))]]


def body_text(path: Path) -> str:
    article = parse_article(path).article
    return " ".join(plain_text(getattr(block, "children", [])) for block in article.body)


@pytest.mark.parametrize(
    ("markdown", "url"),
    [
        ("[das Formular](javascript:alert(1))", "javascript:alert(1)"),
        ("[das Formular](JAVASCRIPT:alert(1))", "JAVASCRIPT:alert(1)"),
        ("[das Formular](vbscript:msgbox(1))", "vbscript:msgbox(1)"),
        ("[das Formular](data:text/html,hallo)", "data:text/html,hallo"),
        ("[das Formular](file:///etc/passwd)", "file:///etc/passwd"),
        ("[das Formular](//evil.example/x)", "//evil.example/x"),
        ("[das Formular](<java&#9;script:alert(1)>)", "java%09script:alert(1)"),
        ("<javascript:alert(1)>", "javascript:alert(1)"),
        ('<a href="javascript:alert(1)">das Formular</a>', "javascript:alert(1)"),
        ('<a href="java&#x09;script:alert(1)">das Formular</a>', "java\tscript:alert(1)"),
        ('<a href="\\\\evil.example">das Formular</a>', "\\\\evil.example"),
    ],
)
def test_a_link_with_an_unsafe_url_keeps_its_words_and_is_reported(
    write_article: Write, markdown: str, url: str
) -> None:
    path = write_article(body=INTRO + f"Bitte nutzen Sie {markdown} bis Montag.\n")
    source = parse_article(path)
    links = [node for block in source.article.body for node in nodes(getattr(block, "children", []))]
    assert not [node for node in links if isinstance(node, Link)]
    if "das Formular" in markdown:
        assert "Bitte nutzen Sie das Formular bis Montag." in body_text(path)
    (warning,) = source.warnings
    assert (warning.path, warning.line, warning.field) == (path, line_of(path, "Bitte nutzen"), "body")
    assert f"the link to {url!r}" in warning.message


@pytest.mark.parametrize(
    ("html", "named"),
    [
        ('<iframe src="https://video.example/embed/1" title="Video"></iframe>', "<iframe>"),
        ('<form action="https://evil.example/"><input name="pin"><button>Senden</button></form>', "<form>"),
        ('<svg viewBox="0 0 10 10"><title>Logo</title></svg>', "<svg> with its content"),
        ("<script>alert(1)</script>", "<script> with its content"),
        ('<object data="flash.swf">Film</object>', "<object>"),
        ('<embed src="film.swf">', "<embed>"),
        ('<video src="film.mp4" controls>Film</video>', "<video>"),
        ('<audio src="ton.mp3"></audio>', "<audio>"),
        ('<img src="https://example.org/a.png" alt="Karte">', "an image inside text"),
        ("<style>p { color: red }</style>", "<style> with its content"),
        ("<textarea>Eingabe</textarea>", "<textarea>"),
        ("<select><option>A</option></select>", "<select>"),
        ("<table><tr><td>1</td><td>2</td></tr></table>", "<table>"),
        ("<math><mi>x</mi></math>", "<math> with its content"),
        ("<template><p>Vorlage</p></template>", "<template> with its content"),
        ("<sup>2</sup>", "<sup>"),
        ('<abbr title="Bundesministerium">BM</abbr>', "<abbr>"),
        ('<a href="https://example.org/" onclick="alert(1)">die Seite</a>', "the onclick attribute of <a>"),
        ('<a href="https://example.org/" target="_blank">die Seite</a>', "the target attribute of <a>"),
        ('<em style="color:red">betont</em>', "the style attribute of <em>"),
        ('<em lang="en">open data</em>', "the lang attribute of <em>"),
        ('<span lang="xx-!!">Wort</span>', "lang='xx-!!' of <span>"),
        ('<span class="rot" id="a1">Wort</span>', "the class attribute of <span>"),
    ],
)
@pytest.mark.parametrize("placement", ["inline", "block"])
def test_raw_html_the_sanitiser_drops_is_reported(
    write_article: Write, placement: str, html: str, named: str
) -> None:
    text = f"Vorher {html} nachher.\n" if placement == "inline" else f"<div>\n{html}\n</div>\n"
    path = write_article(body=INTRO + text + "\nLetzter Absatz.\n")
    source = parse_article(path)
    (warning,) = source.warnings
    assert warning.line == line_of(path, "Vorher" if placement == "inline" else "<div>")
    assert named in warning.message and warning.field == "body"


def test_an_image_in_a_list_heading_or_table_is_reported(write_article: Write, make_png: Callable) -> None:
    body = (
        INTRO
        + "- Punkt mit ![Karte](karte.png)\n\n"
        + "### Titel mit ![Logo](karte.png)\n\n"
        + "| Kreis | Bild |\n|---|---|\n| Nord | ![Karte Nord](karte.png) |\n"
    )
    path = write_article(body=body)
    make_png(path.parent / "karte.png")
    warnings = parse_article(path).warnings
    lines = [line_of(path, "- Punkt"), line_of(path, "### Titel"), line_of(path, "| Nord")]
    assert [(warning.line, "an image inside" in warning.message) for warning in warnings] == [
        (line, True) for line in lines
    ]


def test_every_line_with_a_loss_gets_one_warning_in_order(write_article: Write) -> None:
    body = (
        INTRO
        + "Erst <iframe></iframe> und <iframe></iframe>.\n\n"
        + "> Ein Zitat mit <b onclick='x'>Wort</b>\n> — Jana Probst\n\n"
        + "1. eins <script>x</script>\n2. zwei <form></form>\n"
    )
    path = write_article(body=body)
    warnings = parse_article(path).warnings
    assert [warning.line for warning in warnings] == [
        line_of(path, "Erst <iframe"),
        line_of(path, "> Ein Zitat"),
        line_of(path, "1. eins"),
        line_of(path, "2. zwei"),
    ]
    assert "<iframe> ×2" in warnings[0].message


def test_valid_markup_gives_no_warning(write_article: Write) -> None:
    body = (
        INTRO
        + 'Wir setzen auf <span lang="en">Open Data</span>, <em>betont</em>, <strong>stark</strong>, '
        + '<code>code</code>, <a href="https://example.org/">die Seite</a> und [den Bericht](https://example.org/b).\n'
        + "Zeile<br>Umbruch. <!-- eine Notiz der Redaktion -->\n\n<p>Ein Absatz in HTML.</p>\n"
    )
    source = parse_article(write_article(body=body))
    assert source.warnings == ()
    inlines = [node for block in source.article.body for node in nodes(getattr(block, "children", []))]
    spans = [node for node in inlines if isinstance(node, Span)]
    assert [span.lang for span in spans] == ["en"]


@pytest.mark.parametrize(
    "example",
    sorted(path for path in EXAMPLES.rglob("*.md") if path.name != "README.md"),
    ids=lambda path: path.name,
)
def test_the_examples_publish_without_source_warnings(example: Path) -> None:
    assert parse_article(example).warnings == ()


def _publish(path: Path, cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return invoke("publish", str(path), "--out", "site", *options, cwd=cwd)


def test_the_warnings_are_in_the_report_and_on_its_page_and_printed(
    write_article: Write, tmp_path: Path
) -> None:
    """report.json names the file, line and field of each loss; report.html and the command show them."""
    path = write_article(body=INTRO + 'Siehe <iframe src="https://video.example/1"></iframe> hier.\n')
    result = _publish(path, tmp_path, "--channels", "web", "--json")
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    assert report["channels"]["web"]["status"] == "released"
    (warning,) = report["source"]["warnings"]
    assert warning["file"] == str(path) and warning["line"] == line_of(path, "Siehe")
    assert warning["field"] == "body" and warning["message"].startswith("not published: <iframe>")
    assert report["source"]["path"] == str(path.resolve())
    saved = json.loads((Path(report["reports"]) / "report.json").read_text(encoding="utf-8"))
    assert saved["source"] == report["source"]
    page = (Path(report["reports"]) / "report.html").read_text(encoding="utf-8")
    assert "Nicht wie geschrieben veröffentlicht" in page and "not published: &lt;iframe&gt;" in page
    # Without --json the command prints each warning with file and line (as a correction, the same file).
    printed = _publish(path, tmp_path, "--channels", "web")
    assert printed.returncode == 0, printed.stderr
    assert (
        f"warning: {path}:{line_of(path, 'Siehe')}: field 'body': not published: <iframe>" in printed.stderr
    )
