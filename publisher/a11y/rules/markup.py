"""Rules for markup that works against readers: blinking and presentational elements, doubled
attributes, links that open a new window without saying so."""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.a11y.dom.accname import semantics, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["duplicate_attribute", "new_window_unannounced", "presentational_elements"]

_MOVING = frozenset({"blink", "marquee"})
_PRESENTATIONAL = frozenset({"center", "font", "big", "strike", "tt", "basefont"})
_START_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)(\s[^<>]*?)?/?>")
_SEVERAL_ATTRIBUTES = re.compile(r"<([a-zA-Z][^\s/>]*)(\s[^<>]*?=[^<>]*?\s[^<>]*?)/?>")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_RAW_TEXT = re.compile(
    r"<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_NEW_WINDOW = re.compile(
    r"neue[nms]?\s+(?:browser)?(?:fenster|tab)|neuem\s+(?:fenster|tab)|new\s+(?:browser\s+)?(?:window|tab)"
    r"|externer?\s+link|öffnet\s+(?:sich\s+)?(?:in|im)|opens\s+in|\bextern\b|external",
    re.IGNORECASE,
)


@rule(
    "presentational-elements",
    description="No blinking or scrolling text (blink, marquee) and no presentational elements (center, font).",
    wcag=["2.2.2", "1.3.1"],
)
def presentational_elements(doc: CheckedDocument) -> Iterator[Violation]:
    """``blink`` and ``marquee`` move without a way to stop them; ``center`` and ``font`` carry no meaning.

    Okay: <p><strong>Wichtig:</strong> Das Bürgerbüro ist geschlossen.</p>
    Error: <marquee>Das Bürgerbüro ist geschlossen.</marquee>
    Error: <blink>Neu!</blink>
    Error: <center><font color="red">Wichtig</font></center>
    """
    for element in doc.root.iter(*_MOVING, *_PRESENTATIONAL):
        if element.tag in _MOVING:
            yield Violation(
                message(
                    doc,
                    "%(element)s moves or blinks and cannot be paused, which keeps people from reading and "
                    "distracts others: show the text still.",
                    element=describe(element),
                ),
                element,
            )
        else:
            yield Violation(
                message(
                    doc,
                    "%(element)s is an obsolete presentational element: style with CSS, and use strong or a "
                    "heading where the text has a meaning.",
                    element=describe(element),
                ),
                element,
                severity="warning",
            )


@rule(
    "duplicate-attribute",
    description="No element carries the same attribute twice (browsers ignore all but the first).",
    severity="warning",
    wcag=["4.1.1"],
    act=["e6952f"],
)
def duplicate_attribute(doc: CheckedDocument) -> Iterator[Violation]:
    """An attribute is written once per element: the second ``alt`` or ``class`` is silently dropped.

    Okay: <img src="karte.png" alt="Karte der Radwege">
    Error: <img src="karte.png" alt="" alt="Karte der Radwege">
    Error: <input type="checkbox" disabled="disabled" disabled>
    """
    if not doc.is_html_page or "=" not in doc.source:
        return
    source = _RAW_TEXT.sub(lambda found: " " * len(found.group(0)), doc.source)
    # Only tags with two or more attributes can repeat one: found by the regex engine, not a loop.
    for found in _SEVERAL_ATTRIBUTES.finditer(source):
        attributes = found.group(2)
        names = [name.lower() for name in _ATTRIBUTE.findall(attributes)]
        if len(set(names)) == len(names):
            continue
        doubled = sorted({name for name in names if names.count(name) > 1})
        line = source.count("\n", 0, found.start()) + 1
        yield Violation(
            message(
                doc,
                "Line %(line)s: element <%(tag)s> has the attribute %(attribute)s twice; browsers use only the "
                "first one: keep one.",
                line=line,
                tag=found.group(1).lower(),
                attribute=", ".join(doubled),
            )
        )


@rule(
    "new-window-unannounced",
    description="A link that opens a new window or tab says so.",
    severity="warning",
    wcag=["3.2.5", "2.4.4"],
)
def new_window_unannounced(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``target="_blank"`` link tells readers before they follow it (in its text, name or description).

    Okay: <a href="https://example.org/" target="_blank">Bericht (öffnet in neuem Fenster)</a>
    Okay: <a href="https://example.org/" target="_blank" aria-describedby="neu">Bericht</a><span id="neu" hidden>öffnet in neuem Tab</span>
    Error: <a href="https://example.org/" target="_blank">Bericht</a>
    """
    sem = semantics(doc)
    for link in doc.having("target"):
        if link.tag not in ("a", "area") or (link.get("target") or "").strip().lower() != "_blank":
            continue
        if not sem.is_exposed(link) or link.get("href") is None:
            continue
        said = [sem.name(link), link.get("title") or ""]
        for ref in (link.get("aria-describedby") or "").split():
            target = doc.by_id.get(ref)
            if target is not None:
                said.append(text_of(target))
        if any(_NEW_WINDOW.search(text) for text in said):
            continue
        yield Violation(
            message(
                doc,
                "Link %(element)s opens a new window or tab without saying so, which disorients people using "
                "screen readers or magnification: add “(opens in a new window)” to its text, or open it in "
                "the same window.",
                element=describe(link),
            ),
            link,
        )
