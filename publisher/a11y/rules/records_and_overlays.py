"""Rules for what museum, theatre and event sites build from boxes and styles.

Object records list their facts (inventory number, date, material) as rows of two boxes instead of a
definition list; seat maps and booking grids tell free from taken by colour alone; lightboxes
and modal dialogs stay hidden until they open, so their close button escapes the checks on what is
shown. (An outline removed on focus with nothing in its place: ``focus-outline-removed`` in
``missing_cues``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.css_parse import style_rules
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.stylesheets import media_applies, sheets
from publisher.a11y.registry import Violation, rule

__all__ = [
    "dialog_control_name",
    "record_pairs_drawn",
    "status_colour_only",
]

_BOLD = frozenset({"bold", "bolder", "600", "700", "800", "900"})
_PHRASING = frozenset(
    {"a", "span", "strong", "b", "em", "i", "small", "abbr", "time", "br", "sup", "sub", "bdi"}
)
_MIN_PAIRS = 3
_MAX_NAME_WORDS = 5


def _pair(row: _Element) -> tuple[_Element, _Element] | None:
    """The name and value boxes of ``row`` if it is exactly two boxes of short phrasing text, else None."""
    boxes = [child for child in row if isinstance(child.tag, str)]
    if len(boxes) != 2 or squash(row.text or "") or any(squash(box.tail or "") for box in boxes):
        return None
    if any(box.tag not in ("div", "span") for box in boxes):
        return None
    if any(
        isinstance(part.tag, str) and part.tag not in _PHRASING
        for box in boxes
        for part in box.iterdescendants()
    ):
        return None
    name, value = (squash(text_of(box)) for box in boxes)
    if not name or not value or len(name.split()) > _MAX_NAME_WORDS or name.endswith((".", "!", "?")):
        return None
    return boxes[0], boxes[1]


def _looks_bold(sem: Semantics, box: _Element) -> bool:
    if (sem.style(box, "font-weight") or "") in _BOLD:
        return True
    parts = [part for part in box if isinstance(part.tag, str)]
    return len(parts) == 1 and parts[0].tag in ("strong", "b") and not squash(box.text or "")


@rule(
    "record-pairs-drawn",
    description="Names and values (an object record's facts) drawn as rows of two boxes are a list or table.",
    wcag=["1.3.1"],
)
def record_pairs_drawn(doc: CheckedDocument) -> Iterator[Violation]:
    """Rows of a bold name box and a value box look like a record, but are heard as one run of words.

    Okay: <dl><dt>Material</dt><dd>Brass</dd><dt>Date</dt><dd>about 1745</dd><dt>Maker</dt><dd>J. Ressel</dd></dl>
    Okay: <div class="c"><div><span>News</span><span>Today</span></div><div><span>Events</span><span>Soon</span></div><div><span>Blog</span><span>New</span></div></div>
    Error: <div><div class="r"><div><b>Material</b></div><div>Brass</div></div><div class="r"><div><b>Date</b></div><div>about 1745</div></div><div class="r"><div><b>Maker</b></div><div>J. Ressel</div></div></div>
    """
    sem = semantics(doc)
    for container in doc.root.iter("div", "section", "article", "aside"):
        rows = [child for child in container if isinstance(child.tag, str)]
        if len(rows) < _MIN_PAIRS or any(row.tag != "div" for row in rows) or not sem.is_exposed(container):
            continue
        pairs = [_pair(row) for row in rows]
        if any(pair is None for pair in pairs):
            continue
        if not all(_looks_bold(sem, pair[0]) for pair in pairs if pair is not None):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s lists names and values (%(first)s) as rows of two boxes: screen readers hear one run "
                "of words and cannot tell which value belongs to which name. Use a definition list (dl, dt, dd) "
                "or a table with row headers.",
                element=describe(container),
                first=squash(text_of(rows[0]))[:60],
            ),
            container,
        )


_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})


def _hidden_name(doc: CheckedDocument, control: _Element) -> str:
    """The name ``control`` will have once its dialog opens (its own words, alt texts, labels)."""
    parts = [control.get("aria-label") or "", control.get("title") or "", text_of(control)]
    parts += [
        text_of(doc.by_id[ref]) for ref in (control.get("aria-labelledby") or "").split() if ref in doc.by_id
    ]
    parts += [image.get("alt") or "" for image in control.iter("img")]
    parts += [text_of(title) for title in control.iter("{http://www.w3.org/2000/svg}title", "title")]
    return squash(" ".join(parts))


@rule(
    "dialog-control-name",
    description="Buttons and links in a dialog that opens later (a lightbox, a modal) have names.",
    wcag=["4.1.2"],
)
def dialog_control_name(doc: CheckedDocument) -> Iterator[Violation]:
    """A lightbox is hidden until a picture is chosen, and its close button with it: it needs a name all the same.

    Okay: <div role="dialog" aria-label="Picture" hidden><button aria-label="Close the picture"></button></div>
    Okay: <dialog><button>Close</button></dialog>
    Error: <div role="dialog" aria-label="Picture" hidden><button class="close"></button></div>
    Error: <dialog><a href="#top"><img src="x.svg"></a></dialog>
    """
    sem = semantics(doc)
    dialogs = [
        *doc.root.iter("dialog"),
        *(e for e in doc.having("role") if e.get("role", "").strip() in _DIALOG_ROLES),
    ]
    reported: set[_Element] = set()
    for dialog in dialogs:
        if sem.is_exposed(dialog):
            continue  # an open dialog's controls are checked like any others
        for control in dialog.iter("button", "a"):
            if control in reported or (control.tag == "a" and control.get("href") is None):
                continue
            if not _hidden_name(doc, control):
                reported.add(control)
                yield Violation(
                    message(
                        doc,
                        "%(element)s in a dialog that opens later has no name: once the dialog opens, screen "
                        'readers announce only "button". Give it text or an aria-label, e.g. "Close".',
                        element=describe(control),
                    ),
                    control,
                )


_COLOUR_PROPERTIES = frozenset(
    {"background", "background-color", "color", "border-color", "outline-color", "fill", "stroke", "content"}
)
_STATE_ATTRIBUTES = (
    "disabled",
    "aria-disabled",
    "aria-pressed",
    "aria-checked",
    "aria-selected",
    "aria-current",
)
_MIN_ITEMS = 6


def _modifier_rules(doc: CheckedDocument) -> dict[str, set[tuple[str, str]]]:
    """Per class name, the (property, value) pairs that style rules whose last compound names it declare."""
    found: dict[str, set[tuple[str, str]]] = {}
    for _, text in sheets(doc):
        for media, prelude, declared in style_rules(text):
            if media and not media_applies(media):
                continue
            for selector in (part.strip() for part in prelude.split(",")):
                if re.search(r":(?:hover|focus|active|focus-visible|focus-within)\b", selector):
                    continue
                last = re.split(r"[\s>+~]+", re.sub(r"::?(?:before|after)$", "", selector))[-1]
                for name in re.findall(r"\.([\w-]+)", last):
                    found.setdefault(name, set()).update(
                        (p.lower(), v.strip().lower()) for p, v, _ in declared
                    )
    return found


def _only_colour(declared: set[tuple[str, str]]) -> bool:
    meaningful = {
        (name, value) for name, value in declared if not (name == "content" and value in ('""', "''", "none"))
    }
    return bool(meaningful) and all(name in _COLOUR_PROPERTIES - {"content"} for name, _ in meaningful)


@rule(
    "status-colour-only",
    description="Items of a seat map or booking grid that differ in state (free, taken) differ in more than colour.",
    wcag=["1.4.1"],
)
def status_colour_only(doc: CheckedDocument) -> Iterator[Violation]:
    """Seats coloured green when free and red when taken look alike to many, and sound alike to all.

    Okay: <style>.s{width:2rem} .free{background:#8fd18f} .taken{background:#e07a7a}</style><div><button class="s free">1</button><button class="s free">2</button><button class="s free">3</button><button class="s free">4</button><button class="s taken" disabled>5, taken</button><button class="s taken" disabled>6, taken</button></div>
    Error: <style>.s{width:2rem} .free{background:#8fd18f} .taken{background:#e07a7a}</style><div><button class="s free">1</button><button class="s free">2</button><button class="s free">3</button><button class="s free">4</button><button class="s taken">5</button><button class="s taken">6</button></div>
    """
    sem = semantics(doc)
    styles: dict[str, set[tuple[str, str]]] | None = None
    for container in doc.root.iter():
        items = [child for child in container if isinstance(child.tag, str) and child.tag in ("button", "a")]
        if len(items) < _MIN_ITEMS or not sem.is_exposed(container):
            continue
        classes = [frozenset((item.get("class") or "").split()) for item in items]
        shared = frozenset.intersection(*classes)
        kinds = {own - shared for own in classes}
        if len(kinds) < 2 or any(not kind for kind in kinds):
            continue
        styles = styles if styles is not None else _modifier_rules(doc)
        if not all(_only_colour(set().union(*(styles.get(name, set()) for name in kind))) for kind in kinds):
            continue
        if _told_apart(sem, items, classes, shared):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s holds items that differ only in colour (classes %(kinds)s): people who do not see "
                "colours, and screen readers, cannot tell free from taken. Say the state in the text or name "
                '("taken"), and disable what cannot be chosen.',
                element=describe(container),
                kinds=", ".join(sorted(" ".join(sorted(kind)) for kind in kinds)),
            ),
            container,
        )


def _told_apart(
    sem: Semantics, items: list[_Element], classes: list[frozenset[str]], shared: frozenset[str]
) -> bool:
    """Whether the items' names or state attributes differ between their kinds, not only their colours."""
    by_kind: dict[frozenset[str], set[str]] = {}
    for item, own in zip(items, classes, strict=True):
        words = re.sub(r"\d+", "#", squash(sem.name(item)).casefold())
        state = "|".join(
            f"{name}={item.get(name)}" for name in _STATE_ATTRIBUTES if item.get(name) is not None
        )
        by_kind.setdefault(own - shared, set()).add(f"{words}/{state}")
    signatures = list(by_kind.values())
    return any(
        first.isdisjoint(second) for i, first in enumerate(signatures) for second in signatures[i + 1 :]
    )
