"""The quick readers of style sheets and selectors give what the full tokenisers give."""

from __future__ import annotations

import pytest
import tinycss2
from cssselect import parse
from lxml import html
from tinycss2 import color4

from publisher.a11y.dom.colors import _parse
from publisher.a11y.dom.css_parse import _rules_of
from publisher.a11y.dom.css_scan import scan_rules
from publisher.a11y.dom.css_select import _rightmost_key
from publisher.a11y.dom.selectors import compile_plain, compile_selector

SHEETS = [
    "body { color: #1a1a1a; background: #fff } a { color: #0b4f8a !important }",
    "/* Farben der Pressestelle, don't change */ main p { color: #333 }"
    " @media (max-width: 40em) { nav a { display: block } }",
    '@charset "utf-8"; @import url(druck.css) print; .tags li { margin-left: 0 }',
    'a[href^="https:"]::after { content: " (extern)" } p { font-size: 1rem }',
    '@media print { a::after { content: " (" attr(href) ")" } } h1 { font-weight: 700 }',
    "@font-face { font-family: Hausschrift; src: url(schrift.woff2) } h2 { font-family: Hausschrift }",
    "@keyframes blinken { from { opacity: 0 } to { opacity: 1 } } .hinweis { color: #555 }",
    "@media screen { @media (prefers-color-scheme: dark) { body { background: #111; color: #eee } } }",
]


@pytest.mark.parametrize("sheet", SHEETS)
def test_the_scanner_reads_a_sheet_as_tinycss2_does(sheet: str) -> None:
    """Rules, media conditions and declarations agree with tinycss2's reading."""
    parsed = tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True)
    assert scan_rules(sheet) == tuple(_rules_of(parsed, ""))


@pytest.mark.parametrize(
    "sheet",
    [
        'p { content: "a { b" } q { color: red }',
        "a { background: url(data:image/png;base64,AAAA) }",
        "p { color: red",
    ],
)
def test_the_scanner_leaves_what_it_cannot_read_plainly_to_the_tokeniser(sheet: str) -> None:
    """Braces in strings, semicolons in url() or an unclosed block: the scanner gives it up or agrees."""
    scanned = scan_rules(sheet)
    parsed = tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True)
    assert scanned is None or scanned == tuple(_rules_of(parsed, ""))


PAGE = html.fromstring(
    '<html><body><nav class="haupt"><a href="/" class="more aktiv" id="start">Start</a></nav>'
    '<main><article class="meldung"><h1>Haushalt</h1><p class="lead">Der Rat <a href="#a">tagt</a>.</p>'
    "<ul class='tags'><li><a href='#t' class='more'>Finanzen</a></li></ul></article></main></body></html>"
)


@pytest.mark.parametrize(
    "selector",
    [
        "a",
        "*",
        "nav > a.more",
        "main p a",
        ".tags li > a",
        "#start.aktiv",
        "A.more",
        "article.meldung *",
        "body > * p",
        ":root",
        "A:ROOT",
        "a:visited",
        ".more:focus",
        "nav a:hover span",
        "li:first-child",
        "li:last-child > a",
        "p:empty",
        "main a:link",
        ":any-link",
    ],
)
def test_a_plain_selector_compiles_as_cssselect_parses_it(selector: str) -> None:
    """Same specificity, same subject key, and the same elements match."""
    plain = compile_plain(selector)
    assert plain is not None
    tree = parse(selector)[0]
    assert plain[0] == (0, *tree.specificity())
    assert plain[1] == _rightmost_key(tree.parsed_tree)
    matcher = compile_selector(tree.parsed_tree)
    assert [element for element in PAGE.iter() if plain[2](element)] == [
        element for element in PAGE.iter() if matcher(element)
    ]


@pytest.mark.parametrize(
    "selector",
    [
        "a:before",
        "a:-moz-focusring",
        "p:not(.x)",
        "p + p",
        "li ~ li",
        "a[href]",
        ".1abc",
        "p::before",
        "a,b",
    ],
)
def test_anything_else_is_left_to_cssselect(selector: str) -> None:
    assert compile_plain(selector) is None


@pytest.mark.parametrize(
    "value",
    ["#0b4f8a", "#FFF", " #1a1a1a\t", "#0b4f8a80", "#abcd", "#12345", "#ggg", "#fff /* R */", "#f0f\u00a0"],
)
def test_a_hex_colour_is_read_as_tinycss2_reads_it(value: str) -> None:
    """The same channels (or none) from the quick reading of hex digits as from tinycss2's colour parser."""
    parsed = color4.parse_color(value)
    expected = (
        (*(min(1.0, max(0.0, part)) for part in parsed.to("srgb").coordinates), parsed.alpha)
        if parsed is not None
        else None
    )
    assert _parse(value) == expected
    for token in tinycss2.parse_component_value_list(value):
        if token.type == "hash":
            assert _parse(token) == expected
