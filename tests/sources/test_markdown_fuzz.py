"""Whatever Markdown is thrown at the reader, it either reads it or says why; no script survives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.errors import InvalidSource
from publisher.sources import parse_article

FRONT = "---\ntitle: Test\ndate: 2026-01-01T10:00:00+01:00\nsummary: s\nlang: de\nauthor: A\n---\n"
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{}</style>",
        "> — ",
        "| a |\n|---|\n| b |",
        "![alt](https://example.org/x.png)",
        "- [ ] item",
        "<span lang='xx-!!'>t</span>",
        "```\ncode\n```",
        "***",
    ]
)
MARKDOWN = st.lists(st.one_of(st.text(max_size=40), HOSTILE), min_size=1, max_size=8).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=MARKDOWN)
def test_reader_never_crashes_and_never_keeps_script(tmp_path: Path, body: str) -> None:
    path = tmp_path / "fuzz.md"
    path.write_text(FRONT + body, encoding="utf-8")
    try:
        article = parse_article(path).article
    except InvalidSource as error:
        assert all(problem.path == path for problem in error.problems)
        return
    dumped = article.model_dump_json().lower()
    assert "<script" not in dumped
    assert '"href":"javascript:' not in dumped.replace(" ", "")
    assert "onerror=alert" not in dumped
