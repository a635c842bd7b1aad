"""Which elements each style rule of a page applies to, pseudo-elements and states included, and keyframes.

The cascade (``css.py``) answers what an element looks like; some rules need to know instead which
rule says what: the text a ``::before`` rule adds, the animation a rule starts, a style only shown on
``:hover``. Read from the same sheets, with media queries answered for a desktop screen in light mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cssselect import GenericTranslator, SelectorError
from lxml.etree import XPathError, _Element

from publisher.a11y.dom.caches import register_cache
from publisher.a11y.dom.css_parse import declarations, style_rules
from publisher.a11y.dom.css_select import CompiledSelector, ElementIndex, compiled_selector, matching
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.stylesheets import media_applies, sheets

__all__ = [
    "CONTROLS",
    "ESCAPE_KEY",
    "FOCUS_STATE",
    "READ_PROPERTIES",
    "RuleMatch",
    "hover_only_selectors",
    "keyframes",
    "revealed_by",
    "rule_matches",
    "shows",
]

# The properties the rules that ask here read; rules declaring none of them are not matched.
READ_PROPERTIES = frozenset(
    {"content", "text-decoration", "text-decoration-line", "text-overflow", "-webkit-line-clamp",
     "line-clamp", "touch-action", "animation"}
)  # fmt: skip

_PSEUDO_ELEMENT = re.compile(
    r"::?(before|after|marker|placeholder|first-line|first-letter|selection)\s*$", re.I
)
_STATES = re.compile(r":(hover|focus-visible|focus-within|focus|active|visited|link|checked|target)\b", re.I)
Declared = tuple[tuple[str, str, bool], ...]
_KEYFRAMES = re.compile(r"@(?:-webkit-)?keyframes\s+([\w-]+)\s*\{", re.I)


@dataclass(frozen=True)
class RuleMatch:
    """One element a selector of a style rule applies to (``pseudo``: "before", "after" or "")."""

    element: _Element
    pseudo: str
    states: tuple[str, ...]
    declared: tuple[tuple[str, str, bool], ...]
    selector: str


def _read(name: str, value: str) -> bool:
    if name.startswith("text-decoration"):
        return "line-through" in value.lower()  # "text-decoration: none" on every link is not asked about
    return name in READ_PROPERTIES


def rule_matches(doc: CheckedDocument) -> list[RuleMatch]:
    """Every element each applicable style rule selects, and ``style`` attributes, in sheet order.

    Only rules that declare one of ``READ_PROPERTIES`` are matched.
    """
    return doc.shared(_rule_matches)


@register_cache
@lru_cache(maxsize=64)
def _read_rules(
    sheet: str,
) -> tuple[tuple[str, str, str, tuple[str, ...], CompiledSelector | None, Declared], ...]:
    """(media, selector, pseudo-element, states, compiled selector, declarations) of the rules read here."""
    found = []
    for media, prelude, declared in style_rules(sheet):
        if not any(_read(name, value) for name, value, _ in declared):
            continue  # most rules set nothing asked about here: no need to match their selectors
        for selector in prelude.split(","):
            selector = selector.strip()
            pseudo_match = _PSEUDO_ELEMENT.search(selector)
            pseudo = pseudo_match.group(1).lower() if pseudo_match else ""
            bare = selector[: pseudo_match.start()] if pseudo_match else selector
            states = tuple(state.lower() for state in _STATES.findall(bare))
            bare = _STATES.sub("", bare).strip() or "*"
            found.append((media, selector, pseudo, states, compiled_selector(bare), declared))
    return tuple(found)


def _rule_matches(doc: CheckedDocument) -> list[RuleMatch]:
    found: list[RuleMatch] = []
    index = ElementIndex(doc)
    for sheet_media, text in sheets(doc):
        if sheet_media and not media_applies(sheet_media):
            continue
        for media, selector, pseudo, states, compiled, declared in _read_rules(text):
            if compiled is None or (media and not media_applies(media)):
                continue
            for element in matching(index, doc.root, compiled):
                if isinstance(element.tag, str):
                    found.append(RuleMatch(element, pseudo, states, declared, selector))
    for element in doc.having("style"):
        found.append(RuleMatch(element, "", (), declarations(element.get("style") or ""), "[style]"))
    return found


def keyframes(doc: CheckedDocument) -> dict[str, str]:
    """The ``@keyframes`` of the page's style sheets: name -> the text of their blocks."""
    return doc.shared(_keyframes)


def _keyframes(doc: CheckedDocument) -> dict[str, str]:
    found: dict[str, str] = {}
    for _, text in sheets(doc):
        for start in _KEYFRAMES.finditer(text):
            depth, index = 1, start.end()
            while depth and index < len(text):
                depth += {"{": 1, "}": -1}.get(text[index], 0)
                index += 1
            found[start.group(1)] = text[start.end() : index - 1]
    return found


# A script closing something on the Escape key.
ESCAPE_KEY = re.compile(r"""["']Esc(?:ape)?["']|keyCode\s*===?\s*27|which\s*===?\s*27""")
# A selector's focus states, and what a card or menu holds when it is a menu of controls, not a hint.
FOCUS_STATE = re.compile(r":focus(?:-within|-visible)?\b")
CONTROLS = "a[href], button, input, select, textarea, summary, [tabindex]"


def shows(declared: tuple[tuple[str, str, bool], ...]) -> bool:
    """The declarations make an element appear (display other than none, or visibility: visible)."""
    for name, value, _ in declared:
        name, value = name.lower(), value.strip().lower()
        if (name == "display" and value != "none") or (name == "visibility" and value == "visible"):
            return True
    return False


def hover_only_selectors(doc: CheckedDocument) -> list[str]:
    """Selectors of style rules that show content on :hover with no rule doing the same on focus.

    The rules come from the parse the cascade already made of each sheet (``style_rules``); only
    rules outside any media condition count, so a menu opened on hover for pointers alone is left out.
    """
    on_hover: list[str] = []
    on_focus: set[str] = set()
    for _, text in sheets(doc):
        for media, prelude, declared in style_rules(text):
            if media or (":hover" not in prelude and ":focus" not in prelude):
                continue
            for selector in (part.strip() for part in prelude.split(",")):
                if FOCUS_STATE.search(selector):
                    on_focus.add(FOCUS_STATE.sub(":hover", selector))
                elif ":hover" in selector and shows(declared):
                    on_hover.append(selector)
    return [selector for selector in on_hover if selector not in on_focus]


def revealed_by(doc: CheckedDocument, selector: str) -> list[_Element]:
    """The elements a :hover selector shows, found with the state taken out."""
    try:
        xpath = GenericTranslator().css_to_xpath(selector.replace(":hover", ""))
        found = doc.root.xpath(xpath)
    except (SelectorError, XPathError):
        return []
    return [element for element in found if isinstance(element, _Element)] if isinstance(found, list) else []
