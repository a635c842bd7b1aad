"""Front matter is bounded before it is built: alias bombs, deep nesting and oversized YAML are refused
with a message and a line, and a key written twice is an error naming both lines."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publisher.errors import InvalidSource
from publisher.sources import parse_article

Write = Callable[..., Path]

FRONT = (
    "title: Neue Ladesäulen\ndate: 2026-03-02T09:30:00+01:00\nsummary: Vierzig Säulen.\nlang: de\nauthor: P\n"
)

# The classic "billion laughs": 357 bytes that expand to 10^9 values.
BILLION_LAUGHS = textwrap.dedent(
    """\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)

BOMBS = {
    "billion-laughs": BILLION_LAUGHS,
    "mapping-bomb": "".join(
        f"l{level}: &l{level} {{"
        + ", ".join(f"k{key}: {'x' if level == 0 else f'*l{level - 1}'}" for key in range(10))
        + "}\n"
        for level in range(8)
    ),
    "merge-key-bomb": "m0: &m0 {a: 1, b: 2}\n"
    + "".join(
        f"m{level}: &m{level} {{<<: [{', '.join([f'*m{level - 1}'] * 12)}], k{level}: 1}}\n"
        for level in range(1, 8)
    ),
    "wide-alias": "a: &a [" + ", ".join(["x"] * 200) + "]\ntags: [" + ", ".join(["*a"] * 200) + "]\n",
    "alias-into-itself": "tags: &t [eins, *t]\n",
    "deep-flow": "tags: " + "[" * 5000 + "x" + "]" * 5000 + "\n",
    "deep-block": "kicker:\n"
    + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 40))
    + "  " * 40
    + "x\n",
    "deep-flow-mapping": "kicker: " + "{a: " * 3000 + "x" + "}" * 3000 + "\n",
}

# Parsed in a child process with a memory ceiling: a regression must fail the test, not the machine.
_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
resource.setrlimit(resource.RLIMIT_CPU, (120, 120))
from pathlib import Path
from publisher.errors import InvalidSource
from publisher.sources import parse_article
results = {}
for name in sys.argv[1:]:
    try:
        parse_article(Path(name))
        results[name] = {"accepted": True}
    except InvalidSource as error:
        results[name] = {"problems": [[p.line, p.field, p.message] for p in error.problems]}
    except BaseException as error:
        results[name] = {"crash": f"{type(error).__name__}: {error}"[:300]}
print(json.dumps(results))
"""


def parse_in_child(paths: list[Path]) -> dict[str, Any]:
    """What parsing each file gives, in a child process that may use at most 1.5 GB."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, paths)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"the reader died (exit {done.returncode}): {done.stderr[-2000:]}"
    results: dict[str, Any] = json.loads(done.stdout)
    return results


def test_alias_bombs_and_deep_nesting_are_refused_with_a_message(tmp_path: Path) -> None:
    paths = []
    for name, yaml_text in BOMBS.items():
        path = tmp_path / f"{name}.md"
        path.write_text(f"---\n{FRONT}{yaml_text}---\nText.\n", encoding="utf-8")
        paths.append(path)
    assert len(BOMBS["billion-laughs"].encode()) < 400
    results = parse_in_child(paths)
    for name, path in zip(BOMBS, paths, strict=True):
        result = results[str(path)]
        assert "problems" in result, f"{name}: {result}"
        ((line, _field, message),) = result["problems"]
        expected = "nests deeper" if name.startswith("deep") else "alias"
        assert expected in message, f"{name}: {message}"
        assert line is not None and 7 <= line <= len(path.read_text(encoding="utf-8").splitlines()), name


def test_oversized_front_matter_is_refused_before_parsing(write_article: Write) -> None:
    tags = "tags: [" + ", ".join(f"Schlagwort {number}" for number in range(8000)) + "]\n"
    path = write_article(raw_front=FRONT + tags, body="Text.\n")
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    ((problem),) = caught.value.problems
    assert problem.line == 2 and "front matter is" in problem.message and "65,536" in problem.message


def test_a_few_aliases_still_work(write_article: Write) -> None:
    """Reusing a value through an anchor is ordinary YAML and stays allowed."""
    front = (
        FRONT
        + "tags: &schlagworte [Verkehr, Energie]\n"
        + "related:\n"
        + "  - {title: Erste, url: 'https://example.org/1', kicker: &thema Verkehr}\n"
        + "  - {title: Zweite, url: 'https://example.org/2', kicker: *thema}\n"
    )
    article = parse_article(write_article(raw_front=front, body="Text.\n")).article
    assert [entry.kicker for entry in article.related] == ["Verkehr", "Verkehr"]


@pytest.mark.parametrize(
    ("yaml_text", "key", "lines"),
    [
        ("kicker: Verkehr\nkicker: Energie\n", "kicker", (7, 8)),
        ("title: Zweiter Titel\n", "title", (2, 7)),
        ("related:\n  - title: A\n    url: https://example.org/\n    title: B\n", "related.0.title", (8, 10)),
        ("image: {src: 'https://example.org/a.png', alt: A, alt: B}\n", "image.alt", (7, 7)),
    ],
    ids=["top-level", "required-field", "nested", "flow-mapping"],
)
def test_a_key_written_twice_is_an_error_naming_both_lines(
    write_article: Write, yaml_text: str, key: str, lines: tuple[int, int]
) -> None:
    path = write_article(raw_front=FRONT + yaml_text, body="Text.\n")
    with pytest.raises(InvalidSource) as caught:
        parse_article(path)
    duplicates = [problem for problem in caught.value.problems if "twice" in problem.message]
    assert [(problem.field, problem.line) for problem in duplicates] == [(key, lines[1])]
    assert all(f"line{'s' if lines[0] != lines[1] else ''} {lines[0]}" in p.message for p in duplicates)


def test_merge_keys_are_not_duplicates(write_article: Write) -> None:
    front = (
        FRONT
        + "related:\n  - &erste {title: Erste, url: 'https://example.org/1'}\n"
        + "  - {<<: *erste, title: Zweite}\n"
    )
    article = parse_article(write_article(raw_front=front, body="Text.\n")).article
    assert [entry.title for entry in article.related] == ["Erste", "Zweite"]
