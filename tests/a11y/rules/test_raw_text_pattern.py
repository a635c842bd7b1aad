"""duplicate-attribute blanks the same raw text and comments as the lazy pattern it replaced."""

from __future__ import annotations

import re

import pytest

from publisher.a11y.rules.markup import _RAW_TEXT

LAZY = re.compile(r"<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)

SOURCES = [
    '<script>if (a < b && c <d) { x = "</scr" + "ipt>"; }</script><p class=a id=b>',
    "<STYLE media=screen>p>a{color:red}</style >< /style><style>q{}</StYlE\n>",
    "<title>A <b> title</title><textarea>x</textarea  ><textarea>unclosed",
    "<script>never closed <p a=1 a=2>",
    "<!-- a -- b --><!----><!---><!-- x --->--><!--",
    "<!-- <script> --></script><script><!-- --></script>",
    "<scripts>not raw</scripts><titles a=1 a=2>",
    "",
]


@pytest.mark.parametrize("source", SOURCES)
def test_the_same_spans_as_the_lazy_pattern(source: str) -> None:
    """Every match at the same place with the same groups, unclosed elements and odd comments included."""
    assert [(m.span(), m.groups()) for m in _RAW_TEXT.finditer(source)] == [
        (m.span(), m.groups()) for m in LAZY.finditer(source)
    ]
