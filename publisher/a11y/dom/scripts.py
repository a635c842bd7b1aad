"""What a page's own scripts do, as far as their text tells: inline scripts and event handler attributes.

Scripts loaded from elsewhere (``src``) are not read. The rules that ask look for a handler being
registered ("keydown", "devicemotion", "touchstart") and for what is around it in the same text.
"""

from __future__ import annotations

import re

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument

__all__ = ["handlers_of", "inline_scripts", "listens", "named_button"]


def inline_scripts(doc: CheckedDocument) -> list[tuple[_Element, str]]:
    """Each inline script of the page that has text, with its text (read once per page)."""
    return doc.shared(_inline_scripts)


def _inline_scripts(doc: CheckedDocument) -> list[tuple[_Element, str]]:
    return [
        (script, script.text or "")
        for script in doc.root.iter("script")
        if script.get("src") is None and script.text
    ]


def listens(text: str, *events: str) -> bool:
    """Whether script ``text`` registers a handler for one of ``events`` (listener or ``.on...`` property)."""
    names = "|".join(re.escape(event) for event in events)
    pattern = rf"""addEventListener\s*\(\s*["'](?:{names})["']|\.on(?:{names})\s*="""
    return re.search(pattern, text) is not None


def handlers_of(doc: CheckedDocument, *events: str) -> list[_Element]:
    """Elements with a handler attribute for one of ``events`` (``onmouseover="..."``), in document order."""
    found: list[_Element] = []
    for event in events:
        found.extend(doc.having(f"on{event}"))
    order = {element: index for index, element in enumerate(doc.elements)}
    return sorted(set(found), key=lambda element: order.get(element, 0))


def named_button(doc: CheckedDocument, words: re.Pattern[str]) -> bool:
    """Whether the page has an exposed button (or switch, checkbox) whose name matches ``words``."""
    sem = semantics(doc)
    return any(
        sem.is_exposed(control) and words.search(sem.name(control))
        for control in sem.with_roles("button", "switch", "checkbox")
    )
