"""Rules for values shown as graphics: meters and progress bars say what they measure and how far it got."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["bar_value_text", "meter_name"]


@rule(
    "meter-name",
    description="A meter or progress bar has an accessible name that says what it measures.",
    wcag=["1.1.1"],
)
def meter_name(doc: CheckedDocument) -> Iterator[Violation]:
    """``<meter>`` and ``<progress>`` (and the roles meter, progressbar) are read as a bare number without a name.

    Okay: <span id="yes">Yes</span> <meter min="0" max="45" value="29" aria-labelledby="yes"></meter>
    Okay: <label for="up">Upload</label> <progress id="up" max="100" value="40"></progress>
    Error: <span>Yes</span> <meter min="0" max="45" value="29"></meter> 29
    Error: <div role="progressbar" aria-valuenow="62"></div>
    """
    sem = semantics(doc)
    for element in sem.with_roles("meter", "progressbar"):
        if sem.is_exposed(element) and not squash(sem.name(element)):
            yield Violation(
                message(
                    doc,
                    "%(element)s has no name, so screen readers announce a number without saying what it "
                    'measures: name it with aria-labelledby pointing at its visible label (e.g. "Yes votes").',
                    element=describe(element),
                ),
                element,
            )


_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*(\d+(?:\.\d+)?)\s*%", re.IGNORECASE)
_BAR_CLASS = re.compile(r"bar|progress|fortschritt|balken|fill|level|stand|meter", re.IGNORECASE)
_SHARE = re.compile(r"\d\s*(?:%|prozent|percent|von\b|of\b|out of|/)", re.IGNORECASE)


def _bar_box(element: _Element) -> _Element | None:
    """The box an empty, percentage-wide bar sits in (its parent), when both are classed as a bar."""
    parent = element.getparent()
    if parent is None or not _WIDTH.search(element.get("style") or ""):
        return None
    classes = f"{element.get('class') or ''} {parent.get('class') or ''}"
    return parent if _BAR_CLASS.search(classes) else None


def _said_in_words(sem: Semantics, box: _Element) -> bool:
    """A share in words next to the bar ("62 %", "1,240 of 2,000"), or a name on its box, says its value."""
    texts = [sem.name(box)] + [
        text_of(sibling) for sibling in (box.getprevious(), box.getnext()) if sibling is not None
    ]
    return any(_SHARE.search(text) for text in texts)


@rule(
    "bar-value-text",
    description="A bar drawn by a style sheet (a percentage width) has its value in text or in its role as well.",
    severity="warning",
    wcag=["1.1.1", "4.1.2"],
)
def bar_value_text(doc: CheckedDocument) -> Iterator[Violation]:
    """A progress bar made of two boxes, the inner one ``width: 62%``, shows its value to the eye alone.

    Its value is a text alternative for the picture of a bar (1.1.1) and the value of a progress bar a
    screen reader announces (4.1.2): written next to it, or given with role="progressbar" and its value.

    Okay: <p>1,240 of 2,000 signatures</p><div class="progress" aria-hidden="true"><div class="bar" style="width:62%"></div></div>
    Okay: <div><p>62 %</p><div class="progress"><div class="bar" style="width:62%"></div></div></div>
    Okay: <div><h2>Upload</h2><div class="bar" role="progressbar" aria-label="Upload" aria-valuenow="60"><div class="fill" style="width: 60%"></div></div></div>
    Error: <div><h2>Signatures</h2><div class="progress"><div class="bar" style="width:62%"></div></div></div>
    Error: <div><span>bericht.pdf</span><div class="bar"><div class="fill" style="width: 60%"></div></div></div>
    """
    sem = semantics(doc)
    reported: set[_Element] = set()
    for element in doc.having("style"):
        box = _bar_box(element)
        if box is None or box in reported or squash(text_of(box)) or not sem.is_exposed(box):
            continue
        if not sem.is_visible(element) or _said_in_words(sem, box):
            continue
        if any(sem.role(node) in ("progressbar", "meter") for node in (element, box)):
            continue
        reported.add(box)
        yield Violation(
            message(
                doc,
                "%(element)s shows a value as the width of a bar only: write the value as text next to it "
                '("1,240 of 2,000 signatures, 62 %%"), or give the bar role="img" and a name that says it.',
                element=describe(box),
            ),
            box,
            severity="warning",
        )
