"""Rules for markup that works against readers: blinking and presentational elements, doubled
attributes, links that open a new window without saying so."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

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
# Raw text elements and comments, up to their first end: the lazy ``.*?</\1\s*>`` and ``.*?-->`` spelt out
# so that runs without "<" (or "-") are taken in one step rather than trying the end at every character.
_RAW_TEXT = re.compile(
    r"<(script|style|textarea|title)\b[^>]*>[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>|<!--[^-]*(?:-(?!->)[^-]*)*-->",
    re.IGNORECASE,
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
    description="A link or form that opens a new window or tab says so.",
    severity="warning",
    wcag=["3.2.5", "2.4.4"],
)
def new_window_unannounced(doc: CheckedDocument) -> Iterator[Violation]:
    """A link or form that opens a new window or tab tells readers before they use it.

    A new window comes from ``target="_blank"`` or any other window name (a frame of the page aside),
    or from a script calling ``window.open`` on click; a form's buttons or title must say it.

    Okay: <a href="https://example.org/" target="_blank">Bericht (öffnet in neuem Fenster)</a>
    Okay: <a href="https://example.org/" target="_blank" aria-describedby="neu">Bericht</a><span id="neu" hidden>öffnet in neuem Tab</span>
    Okay: <iframe name="karte" title="Karte"></iframe><a href="/karte" target="karte">Karte zeigen</a>
    Error: <a href="https://example.org/" target="_blank">Bericht</a>
    Error: <a href="https://example.org/" target="_new">Bericht</a>
    Error: <a href="/plan.pdf" onclick="window.open(this.href); return false;">Lageplan</a>
    Error: <form action="/anmelden" target="_blank"><button>Anmelden</button></form>
    """
    sem = semantics(doc)
    frames = {frame.get("name") for frame in doc.root.iter("iframe", "frame") if frame.get("name")}
    for element in _opening_new_windows(doc, frames):
        if not sem.is_exposed(element):
            continue
        said = [element.get("title") or ""]
        if element.tag == "form":
            said += [sem.name(button) for button in element.iter("button", "input")]
        else:
            said.append(sem.name(element))
        for ref in (element.get("aria-describedby") or "").split():
            target = doc.by_id.get(ref)
            if target is not None:
                said.append(text_of(target))
        if any(_NEW_WINDOW.search(text) for text in said):
            continue
        if element.tag == "form":
            text = message(
                doc,
                "Form %(element)s opens its result in a new window or tab without saying so: add “(opens in a "
                "new window)” to its submit button, or open the result in the same window.",
                element=describe(element),
            )
        else:
            text = message(
                doc,
                "Link %(element)s opens a new window or tab without saying so, which disorients people using "
                "screen readers or magnification: add “(opens in a new window)” to its text, or open it in "
                "the same window.",
                element=describe(element),
            )
        yield Violation(text, element)


# Window names a link may target without opening a new window.
_SAME_WINDOW = frozenset({"", "_self", "_parent", "_top"})
_WINDOW_OPEN = re.compile(r"\bwindow\.open\s*\(|^\s*open\s*\(", re.IGNORECASE)


def _opening_new_windows(doc: CheckedDocument, frames: set[str | None]) -> list[_Element]:
    """Links (with an address) and forms that open a new browsing context, in document order."""
    found: set[_Element] = set()
    for element in doc.having("target"):
        name = (element.get("target") or "").strip()
        if name.lower() in _SAME_WINDOW or name in frames:
            continue
        if element.tag == "form" or (element.tag in ("a", "area") and element.get("href") is not None):
            found.add(element)
    for element in doc.having("onclick"):
        if element.tag in ("a", "area") and _WINDOW_OPEN.search(element.get("onclick") or ""):
            found.add(element)
    return semantics(doc).in_order(found)
