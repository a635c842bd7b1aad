"""Label in name (WCAG 2.5.3): the words a control shows are part of the name it gives to speech input."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, visible_text
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["label_in_name", "label_tokens"]

# Widget roles that take their name from content: their visible text is their label.
_LABELLED_WIDGETS = frozenset(
    [
        "button",
        "checkbox",
        "gridcell",
        "link",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "option",
        "radio",
        "switch",
        "tab",
        "treeitem",
        "doc-backlink",
        "doc-biblioref",
        "doc-glossref",
        "doc-noteref",
    ]
)
_BRACKETED = re.compile(r"\([^()]*\)")
_NOT_WORD = re.compile(r"[^\w]|_")


def label_tokens(text: str, *, visible: bool) -> list[str]:
    """Words of a label, lower-cased, punctuation and (in the visible label) bracketed text dropped."""
    if visible:
        text = _BRACKETED.sub(" ", text)
    return _NOT_WORD.sub(" ", text.lower()).split()


def _contained(label: list[str], name: list[str], raw_label: str) -> bool:
    """The label's words are a contiguous run of the name's words (abbreviations like "Ave." may shorten)."""
    if not label:
        return True
    joined = " ".join(name)
    if f" {' '.join(label)} " in f" {joined} ":
        return True
    abbreviated = [token for token in label if re.search(rf"\b{re.escape(token)}\.", raw_label.lower())]
    return bool(abbreviated) and all(
        any(word.startswith(token) for word in name) if token in abbreviated else token in name
        for token in label
    )


def _icon_text(sem: Semantics, element: _Element, text: str) -> bool:
    # One letter ("X") or a ligature icon font stands for a picture, not for words.
    stripped = squash(text)
    if len(stripped) == 1 and stripped.isalpha():
        return True
    return any(
        "icon" in (sem.style(node, "font-family") or "") for node in (element, *element.iterancestors())
    )


@rule(
    "label-in-name",
    description="Links and buttons named with aria-label include their visible text in that name.",
    wcag=["2.5.3"],
    act=["2ee8b8"],
)
def label_in_name(doc: CheckedDocument) -> Iterator[Violation]:
    """A control's accessible name contains the words it shows, in order (speech users say what they see).

    Okay: <button aria-label="Next page of results">Next page</button>
    Okay: <a href="/en" aria-label="English version">English</a>
    Error: <a href="/report.pdf" aria-label="Download">Annual report 2024</a>
    Error: <button aria-label="Send the form">Send form</button>
    """
    sem = semantics(doc)
    for element in sem.in_order([*doc.having("aria-label"), *doc.having("aria-labelledby")]):
        if sem.role(element) not in _LABELLED_WIDGETS:
            continue
        if not (element.get("aria-label") or element.get("aria-labelledby")) or not sem.is_exposed(element):
            continue
        shown = visible_text(sem, element)
        label = label_tokens(shown, visible=True)
        if not label or _icon_text(sem, element, shown):
            continue
        name = sem.name(element)
        # Hyphenation ("non-standard", "nonstandard") does not make a label different.
        unhyphenated = label_tokens(shown.replace("-", ""), visible=True)
        if not _contained(label, label_tokens(name, visible=False), shown) and not _contained(
            unhyphenated, label_tokens(name.replace("-", ""), visible=False), shown
        ):
            yield Violation(
                message(
                    doc,
                    'Control %(element)s shows "%(label)s" but is named "%(name)s": put the visible words, in '
                    "order, into its aria-label, so that speech users can say what they see.",
                    element=describe(element),
                    label=squash(shown),
                    name=name,
                ),
                element,
            )
