"""Prose helpers for the editorial and email rules: a document's text block by block, and its capitals."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml.etree import _Element

__all__ = ["lower_case", "lower_case_twin", "may_have_capital_run", "search_from", "text_blocks"]

# Elements whose content is never read as prose.
_NOT_PROSE = frozenset({"script", "style", "template", "noscript", "head", "title", "svg", "math", "object"})
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
     "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
     "var", "wbr"}
)  # fmt: skip

_BREAKS = frozenset({"br", "img"})
_LETTER = re.compile(r"[^\W\d_]")
# Each Latin-1 character as one byte: "l" a lower-case letter, "w" any other letter, "." anything else.
# Characters beyond Latin-1 arrive as "?" and count as "w", so they never rule a run out.
_CASE_CLASSES = bytes(
    ord("l")
    if _LETTER.match(char) and char.islower()
    else ord("w")
    if _LETTER.match(char) or char == "?"
    else ord(".")
    for char in map(chr, range(256))
)
# Ten or more characters without a lower-case letter: the only places a run of capital words can be.
_WITHOUT_LOWER_CASE = re.compile(rb"[^l]{10,}")


# Letters that re.IGNORECASE takes for "i" or "s" although str.lower() leaves them apart (dotless i,
# long s) or makes two characters of them (dotted capital I). Mapped first, one character for one.
_IGNORECASE_ALIKE = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}
_TO_ALIKE = str.maketrans(_IGNORECASE_ALIKE)
# The letters a pattern for lower-cased text may hold (see ``lower_case_twin``).
_TWIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzäöüß")


def lower_case(text: str) -> str:
    """``text`` in lower case, each character in its place, as re.IGNORECASE compares letters.

    A pattern written in lower case and compiled without IGNORECASE (``lower_case_twin``) finds a
    match in it exactly where the same pattern with IGNORECASE finds one in ``text``, several times
    faster; characters, word boundaries and positions stay as they were.
    """
    if any(alike in text for alike in _IGNORECASE_ALIKE):  # rare: translate is slow on long text
        text = text.translate(_TO_ALIKE)
    return text.lower()


def lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` (IGNORECASE) without the flag, for text from ``lower_case``: the same matches.

    Its letters must be lower-case Latin letters or German umlauts and sharp s, the letters for which
    that sameness is tested against every character of Unicode; escapes (``\\b``, ``\\W``) are not letters.
    """
    letters = {char for char in re.sub(r"\\.", "", pattern.pattern) if char.isalpha()}
    if not pattern.flags & re.IGNORECASE or not letters <= _TWIN_LETTERS:
        raise ValueError(f"not an IGNORECASE pattern of lower-case Latin letters: {pattern.pattern!r}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def search_from(pattern: re.Pattern[str], text: str, starts: Iterable[str]) -> bool:
    """Whether ``pattern`` matches in ``text``, tried only where one of ``starts`` begins.

    The answer of ``pattern.search(text)`` when every match of the pattern begins with one of
    ``starts``: ``str.find`` runs through the text in C, where a search for a pattern opening with
    ``\\b`` and many alternatives tries each of them at every character. (A match at a position
    still sees the text before it: ``\\b`` and look-behinds hold as in a search.)
    """
    for start in starts:
        found = text.find(start)
        while found >= 0:
            if pattern.match(text, found):
                return True
            found = text.find(start, found + 1)
    return False


def _never(_: _Element) -> bool:
    return False


def _inline_text(element: _Element, skip: Callable[[_Element], bool]) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _NOT_PROSE and not skip(child):
            # A line break separates words; an image's alt text is not prose the author wrote.
            parts.append("\n" if tag in _BREAKS else _inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def text_blocks(element: _Element, skip: Callable[[_Element], bool] = _never) -> list[tuple[_Element, str]]:
    """The prose of ``element`` as (block element, its own text) pairs, block by block in document order.

    Inline children are part of their block's text; a nested block starts a new pair, so headings, list
    items and table cells each come out on their own. ``skip`` leaves out elements and everything inside.
    """
    blocks: list[tuple[_Element, str]] = []
    _collect_blocks(element, skip, blocks)
    return blocks


def _collect_blocks(
    element: _Element, skip: Callable[[_Element], bool], blocks: list[tuple[_Element, str]]
) -> None:
    # Plain recursion into a list: nested generators would pass every block up through each level.
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _NOT_PROSE and not skip(child):
            if tag in _INLINE_TAGS:
                parts.append("\n" if tag in _BREAKS else _inline_text(child, skip))
            else:
                text = "".join(parts)
                if text.strip():
                    blocks.append((element, text))
                parts = []
                _collect_blocks(child, skip, blocks)
        parts.append(child.tail or "")
    text = "".join(parts)
    if text.strip():
        blocks.append((element, text))


def may_have_capital_run(texts: Iterable[str]) -> bool:
    """False when no text holds three words in capitals of ten letters or more in all (checked in C).

    Such a run lies in a stretch of ten or more characters without a lower-case letter that holds at
    least three capitals; the texts are parted by a lower-case letter, so no stretch spans two of them.
    """
    classes = "\nx\n".join(texts).encode("latin-1", "replace").translate(_CASE_CLASSES)
    return any(stretch.count(b"w") >= 3 for stretch in _WITHOUT_LOWER_CASE.findall(classes))
