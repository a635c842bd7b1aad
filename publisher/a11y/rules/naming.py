"""Rules for names that do not reach readers: a name on an element that cannot carry one, a field
labelled only for screen readers, one alt text for many pictures, icons too faint to make out."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of, visible_text
from publisher.a11y.dom.colors import blend, color_value, contrast_ratio
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.text_style import text_styles
from publisher.a11y.registry import Violation, rule

__all__ = ["alt_shared", "generic_name", "icon_contrast", "visible_label"]

# Roles that prohibit a name (WAI-ARIA 1.2): a label there is dropped by browsers or screen readers.
_NAMELESS_ROLES = frozenset({"generic", "paragraph", "caption", "code", "deletion", "emphasis", "insertion",
                             "strong", "subscript", "superscript", "time", "mark"})  # fmt: skip


@rule(
    "generic-name",
    description="An empty element that shows something (an icon, a status dot) has a role that carries its name.",
    wcag=["1.1.1", "4.1.2"],
)
def generic_name(doc: CheckedDocument) -> Iterator[Violation]:
    """``<span class="icon" title="With video">`` says nothing: a span cannot have a name.

    Okay: <span class="icon" role="img" aria-label="With video"></span>
    Okay: <span class="dot"></span> Free
    Error: <span class="icon" title="With video"></span>
    Error: <span class="dot" aria-label="Free"></span>
    """
    sem = semantics(doc)
    for attribute in ("aria-label", "title"):
        for element in doc.having(attribute):
            named = (element.get(attribute) or "").strip()
            if not named or sem.role(element) not in _NAMELESS_ROLES or not sem.is_exposed(element):
                continue
            if squash(text_of(element)) or len(element) or sem.is_focusable(element):
                continue  # its text speaks for it, or it holds other content
            yield Violation(
                message(
                    doc,
                    '%(element)s shows "%(name)s" only in a name its element cannot carry: give it role="img" and '
                    'aria-label="%(name)s", or write the words as (visually hidden) text.',
                    element=describe(element),
                    name=named,
                ),
                element,
            )


_TEXT_FIELDS = frozenset(
    {"", "text", "email", "tel", "url", "number", "password", "date", "time", "month", "week"}
)


def _text_before(field: _Element) -> str:
    """The text just before a field in its parent (a caption in a div above it, a word before it)."""
    parent = field.getparent()
    if parent is None:
        return ""
    parts = [parent.text or ""]
    for sibling in parent:
        if sibling is field:
            break
        parts += [text_of(sibling), sibling.tail or ""]
    return squash(" ".join(parts[-3:]))


def _labelled_on_screen(doc: CheckedDocument, field: _Element) -> bool:
    sem = semantics(doc)
    name = squash(sem.name(field)).casefold()
    if name and name in _text_before(field).casefold():
        return True  # the words are shown right before it
    field_id = field.get("id")
    labels = [label for label in doc.root.iter("label") if field_id and label.get("for") == field_id]
    labels += list(field.iterancestors("label"))
    labels += [doc.by_id[ref] for ref in (field.get("aria-labelledby") or "").split() if ref in doc.by_id]
    return any(sem.is_visible(label) and squash(visible_text(sem, label)) for label in labels)


def _lone_field(search: _Element) -> bool:
    """Whether ``search`` holds a single field to type in, which its button names."""
    fields = [
        field
        for field in search.iter("input", "textarea", "select")
        if field.tag != "input" or (field.get("type") or "").lower() in _TEXT_FIELDS | {"search"}
    ]
    return len(fields) <= 1


@rule(
    "visible-label",
    description="A form field has a label on screen, not only one for screen readers (aria-label, title).",
    wcag=["3.3.2"],
)
def visible_label(doc: CheckedDocument) -> Iterator[Violation]:
    """Everyone must see what goes into a field; an aria-label is heard, never seen.

    A search field alone beside its "Search" button is left out (the button names it). A placeholder
    beside an aria-label is no label on screen: it is gone once typing starts.

    Okay: <label for="mail">Email address</label><input id="mail" type="email">
    Okay: <form role="search"><input type="search" aria-label="Search"><button>Search</button></form>
    Okay: <div>Email address</div><input type="email" aria-label="Email address">
    Error: <input id="mail" type="email" aria-label="Email address"><button>Subscribe</button>
    Error: <input type="email" aria-label="Email address" placeholder="Email address*"><button>Subscribe</button>
    Error: <form role="search"><input type="search" title="Search" placeholder="Search"><input title="From" placeholder="From (year)"><button>Search</button></form>
    """
    sem = semantics(doc)
    for field in doc.root.iter("input", "textarea", "select"):
        kind = (field.get("type") or "").lower()
        if field.tag == "input" and kind not in _TEXT_FIELDS:
            continue
        if not (field.get("aria-label") or field.get("title") or "").strip():
            continue  # unnamed fields, and fields with only a placeholder, have their own rules
        if not sem.is_visible(field) or sem.is_disabled(field) or _labelled_on_screen(doc, field):
            continue
        if any(sem.role(ancestor) in ("cell", "gridcell") for ancestor in field.iterancestors()):
            continue
        if any(
            sem.role(ancestor) == "search" and _lone_field(ancestor) for ancestor in field.iterancestors()
        ):
            continue
        yield Violation(
            message(
                doc,
                '%(element)s is named "%(name)s" for screen readers only: show that label on screen too, with a '
                "<label> element tied to the field.",
                element=describe(field),
                name=sem.name(field),
            ),
            field,
        )


_MIN_SHARED = 3


@rule(
    "alt-shared",
    description="Different pictures do not share one alt text: each says what it shows.",
    wcag=["1.1.1"],
)
def alt_shared(doc: CheckedDocument) -> Iterator[Violation]:
    """A gallery of four photos all called "Quay 3" tells a screen reader user nothing about any of them.

    Okay: <img src="a.jpg" alt="Crane at the berth"><img src="b.jpg" alt="Quay wall at high water"><img src="c.jpg" alt="Shore power station">
    Error: <img src="a.jpg" alt="Quay 3"><img src="b.jpg" alt="Quay 3"><img src="c.jpg" alt="Quay 3">
    """
    sem = semantics(doc)
    shared: dict[str, dict[str, _Element]] = {}
    for image in doc.root.iter("img"):
        alt = squash(image.get("alt") or "").casefold()
        if (
            not alt
            or not sem.is_exposed(image)
            or any(ancestor.tag in ("a", "button") for ancestor in image.iterancestors())
        ):
            continue
        shared.setdefault(alt, {}).setdefault(image.get("src") or "", image)
    for alt, images in shared.items():
        if len(images) >= _MIN_SHARED:
            second = list(images.values())[1]
            yield Violation(
                message(
                    doc,
                    '%(count)s different pictures all have the alt text "%(alt)s": give each one an alt text that '
                    "says what it shows.",
                    count=len(images),
                    alt=second.get("alt") or alt,
                ),
                second,
            )


_ICON_RATIO = 3.0
_ICON_MAX_PX = 64
_SHAPES = tuple(
    f"{prefix}{tag}"
    for prefix in ("", "{http://www.w3.org/2000/svg}")
    for tag in ("path", "circle", "rect", "ellipse", "polygon", "polyline", "line", "use")
)


def _fill(shape: _Element, icon: _Element) -> str:
    """The fill attribute a shape has or inherits inside its SVG ("" when none says: a style sheet may)."""
    node: _Element | None = shape
    while node is not None:
        fill = (node.get("fill") or "").strip().lower()
        if fill:
            return fill
        node = None if node is icon else node.getparent()
    return ""


def _icon_only(sem: object, control: _Element) -> _Element | None:
    """The SVG icon of a link or button whose visible content is that icon alone."""
    icons = [svg for svg in control.iter("{http://www.w3.org/2000/svg}svg", "svg")]
    if len(icons) != 1 or squash(visible_text(sem, control)):  # type: ignore[arg-type]
        return None
    sizes = [icons[0].get(name) or "" for name in ("width", "height")]
    if any(size.isdigit() and int(size) > _ICON_MAX_PX for size in sizes):
        return None  # a picture, not an icon
    return icons[0]


@rule(
    "icon-contrast",
    description="An icon that is a link's or button's only visible content stands out from its background (3:1).",
    wcag=["1.4.11"],
)
def icon_contrast(doc: CheckedDocument) -> Iterator[Violation]:
    """A pale grey share icon on white is invisible to many: the icon is all there is to see.

    Okay: <a href="/share" aria-label="Share" style="color: #4a4a4a"><svg viewBox="0 0 4 4"><path fill="currentColor" d="M0 0h4v4H0z"/></svg></a>
    Error: <a href="/share" aria-label="Share" style="color: #c4c4c4"><svg viewBox="0 0 4 4"><path fill="currentColor" d="M0 0h4v4H0z"/></svg></a>
    Error: <a href="/print" aria-label="Print"><svg viewBox="0 0 4 4"><path fill="#d0d0d0" d="M0 0h4v4H0z"/></svg></a>
    """
    sem = semantics(doc)
    styles = None
    for control in sem.with_roles("link", "button"):
        if not sem.is_visible(control):
            continue
        icon = _icon_only(sem, control)
        if icon is None:
            continue
        styles = (
            styles if styles is not None else doc.shared(text_styles)
        )  # computed once, for the contrast rules too
        style = styles.get(control)
        if style is None or not style.backgrounds:
            continue
        paints: list[tuple[float, float, float, float]] = []
        for shape in icon.iter(*_SHAPES):
            fill = _fill(shape, icon)
            if fill == "none":
                continue
            painted = style.color if fill == "currentcolor" else color_value(fill) if fill else None
            if not isinstance(painted, tuple):
                paints = []
                break  # a colour this check cannot read (a style sheet's fill, a gradient, a variable)
            paints.append(painted)
        if not paints:
            continue
        ratio = max(
            min(contrast_ratio(blend(paint, background), background) for background in style.backgrounds)
            for paint in paints
        )
        if ratio < _ICON_RATIO:
            yield Violation(
                message(
                    doc,
                    "The icon of %(element)s has a contrast of %(ratio)s:1 with its background: an icon that is "
                    "all a control shows needs at least 3:1. Draw it darker (or lighter on a dark background).",
                    element=describe(control),
                    ratio=f"{ratio:.1f}",
                ),
                control,
            )
