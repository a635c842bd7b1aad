"""The text style of every element: colour, what lies behind it, size, weight, opacity and shadow.

One walk down the tree gives every element its text style, inherited from its parent; elements
without declarations share their parent's style, so a long article costs little. Backgrounds show
through transparent elements and blend when semi-transparent; a background that cannot be known
without rendering (an image, an unknown value) is None. The contrast and text spacing rules read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from typing import NamedTuple

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.colors import (
    RGB,
    RGBA,
    blend,
    color_value,
    font_px,
    paints,
    shadow_color,
)
from publisher.a11y.dom.document import CheckedDocument

__all__ = ["TextStyle", "dark_canvas", "text_owners", "text_styles"]

_WHITE: RGB = (1.0, 1.0, 1.0)
_BLACK: RGBA = (0.0, 0.0, 0.0, 1.0)
_LINK_BLUE: RGBA = (0.0, 0.0, 238 / 255, 1.0)
# What the browser paints in dark mode for a page that declares it supports the dark scheme.
_DARK_CANVAS: RGB = (18 / 255, 18 / 255, 18 / 255)
_DARK_TEXT: RGBA = (1.0, 1.0, 1.0, 1.0)
_DARK_LINK: RGBA = (158 / 255, 158 / 255, 1.0, 1.0)
_LIGHT_DARK = re.compile(r"light-dark\(\s*([^,()]+(?:\([^()]*\))?)\s*,\s*([^,()]+(?:\([^()]*\))?)\s*\)")
_BOLD_TAGS = frozenset({"b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_EM = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67}
# Tags whose text style differs from their parent's even without CSS (browser defaults).
_STYLED_TAGS = _BOLD_TAGS | {"a", "svg"}
_CONTROLS = ("input", "select", "textarea", "button")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# The properties a text style is computed from (see ``_compute``).
_READ = (
    "color",
    "font-size",
    "font-weight",
    "opacity",
    "text-shadow",
    "background-color",
    "background",
    "background-image",
)


class TextStyle(NamedTuple):
    """How an element's text is painted: the inherited and computed values contrast depends on."""

    # A named tuple rather than a frozen dataclass: built for many elements per page, and much faster so.

    color: RGBA = _BLACK
    # Colours that can lie behind the text (several for a gradient); None when unknowable.
    backgrounds: tuple[RGB, ...] | None = (_WHITE,)
    size: float = 16.0
    bold: bool = False
    opacity: float = 1.0
    shadow: RGBA | None = None
    # Inside SVG, or text of a disabled control or its label: WCAG sets no contrast for it.
    exempt: bool = False


class _Styler:
    def __init__(self, doc: CheckedDocument, sem: Semantics, dark: bool) -> None:
        self.doc = doc
        self.sem = sem
        self.exempt = _disabled_context(doc, sem)
        self.memo: dict[tuple[object, ...], TextStyle] = {}
        self._customs: dict[tuple[_Element, str], str | None] = {}
        self._scopes: dict[_Element, _Element | None] = {}
        self._var_users: dict[int, bool] = {}
        self._light_dark_users: dict[int, bool] = {}
        self._custom_declarers: dict[int, bool] = {}
        self.link_color = _DARK_LINK if dark else _LINK_BLUE

    def _custom(self, element: _Element, name: str) -> str | None:
        # Custom properties inherit: the nearest declaration on the element or an ancestor wins.
        # Remembered per element, so siblings looking up the same property share the walk up.
        key = (element, name)
        if key not in self._customs:
            declared = self.sem.style(element, name)
            parent = element.getparent()
            if declared is not None:
                self._customs[key] = declared.strip()
            else:
                self._customs[key] = self._custom(parent, name) if parent is not None else None
        return self._customs[key]

    def _scope(self, element: _Element) -> _Element | None:
        """The nearest element (itself or an ancestor) declaring custom properties, if any.

        Its declarations and those above it decide what every ``var()`` of ``element`` stands for.
        """
        if element not in self._scopes:
            declared = self.sem.styles.get(element)
            if declared and self._declares_custom(declared):
                self._scopes[element] = element
            else:
                parent = element.getparent()
                self._scopes[element] = self._scope(parent) if parent is not None else None
        return self._scopes[element]

    def _declares_custom(self, declared: dict[str, str]) -> bool:
        # Alike elements share one declarations dict: decided once per dict.
        if id(declared) not in self._custom_declarers:
            self._custom_declarers[id(declared)] = any(name.startswith("--") for name in declared)
        return self._custom_declarers[id(declared)]

    def _uses_var(self, declared: dict[str, str]) -> bool:
        # Alike elements share one declarations dict (see css.cascade): decided once per dict.
        if id(declared) not in self._var_users:
            self._var_users[id(declared)] = any("var(" in value for value in declared.values())
        return self._var_users[id(declared)]

    def _uses_light_dark(self, declared: dict[str, str]) -> bool:
        # Alike elements share one declarations dict: decided once per dict, like var().
        if id(declared) not in self._light_dark_users:
            self._light_dark_users[id(declared)] = any("light-dark(" in value for value in declared.values())
        return self._light_dark_users[id(declared)]

    def _substituted(self, element: _Element, declared: str | None) -> str | None:
        """``declared`` (a value of ``element``) with ``var(--custom)`` references substituted."""
        if declared is None or "var(" not in declared:
            return declared
        return _VAR.sub(lambda found: self._custom(element, found.group(1)) or found.group(2) or "", declared)

    def style(self, element: _Element, parent: TextStyle) -> TextStyle:
        tag = str(element.tag)
        exempt = parent.exempt or tag == "svg" or element in self.exempt
        declared = self.sem.styles.get(element)
        if not declared and tag not in _STYLED_TAGS:
            return parent if exempt == parent.exempt else parent._replace(exempt=exempt)
        # Siblings styled alike (every paragraph of an article, every link) share one computation: the
        # style follows from the parent's style, the tag, the declarations and what their var()s stand for.
        link = tag == "a" and element.get("href") is not None
        uses_var = self._uses_var(declared) if declared else False
        # Styles and declarations outlive this walk: their ids stay valid.
        key = (id(parent), tag, link, exempt, id(declared), self._scope(element) if uses_var else None)
        style = self.memo.get(key)
        if style is None:
            lookup: Callable[[str], str | None] = declared.get if declared else _undeclared
            if uses_var and declared:
                values = [self._substituted(element, declared.get(name)) for name in _READ]
                lookup = dict(zip(_READ, values, strict=True)).get
            if declared and self._uses_light_dark(declared):
                pick = 2 if self.doc.scheme == "dark" else 1
                picked = {
                    name: _LIGHT_DARK.sub(lambda found: found.group(pick), lookup(name) or "") or None
                    for name in _READ
                }
                lookup = picked.get
            style = self.memo[key] = _compute(tag, link, exempt, parent, lookup, self.link_color)
        return style


def _undeclared(_: str) -> str | None:
    return None


def _compute(
    tag: str,
    link: bool,
    exempt: bool,
    parent: TextStyle,
    value: Callable[[str], str | None],
    link_color: RGBA = _LINK_BLUE,
) -> TextStyle:
    """An element's text style, from its parent's style and its own values of the ``_READ`` properties."""
    color = _color(link, parent, value, link_color)
    size = parent.size * _HEADING_EM.get(tag, 1.0)
    declared_size = value("font-size")
    if declared_size:
        size = font_px(declared_size.strip(), parent.size) or size
    weight = value("font-weight")
    bold = (
        (weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 700))
        if weight
        else (tag in _BOLD_TAGS or parent.bold)
    )
    opacity = parent.opacity
    own_opacity = value("opacity")
    if own_opacity:
        with suppress(ValueError):
            factor = float(own_opacity[:-1]) / 100 if own_opacity.endswith("%") else float(own_opacity)
            opacity = max(0.0, min(1.0, opacity * factor))
    shadow = parent.shadow
    declared_shadow = value("text-shadow")
    if declared_shadow:
        found = None if declared_shadow == "none" else shadow_color(declared_shadow)
        shadow = color if found == "currentcolor" else found if not isinstance(found, str) else None
    return TextStyle(color, _backgrounds(color, parent, value), size, bold, opacity, shadow, exempt)


def _color(link: bool, parent: TextStyle, value: Callable[[str], str | None], link_color: RGBA) -> RGBA:
    declared = value("color")
    parsed = color_value(declared) if declared else None
    if isinstance(parsed, tuple):
        return parsed
    if link:
        return link_color
    return parent.color


def dark_canvas(doc: CheckedDocument) -> bool:
    """True when the page in dark mode gets the browser's dark canvas and text (it declares a dark scheme)."""
    if doc.scheme != "dark":
        return False
    for meta in doc.root.iter("meta"):
        if (meta.get("name") or "").lower() == "color-scheme" and "dark" in (
            meta.get("content") or ""
        ).lower():
            return True
    root = semantics(doc).styles.get(doc.root) or {}
    return "dark" in (root.get("color-scheme") or "")


def _backgrounds(
    color: RGBA, parent: TextStyle, value: Callable[[str], str | None]
) -> tuple[RGB, ...] | None:
    layer = _layer(color, value)
    if layer is None:
        return None
    if layer and all(stop[3] >= 1 for stop in layer):
        return tuple(stop[:3] for stop in layer)
    if parent.backgrounds is None or not layer:
        return parent.backgrounds
    return tuple(blend(stop, under) for stop in layer for under in parent.backgrounds)


def _layer(color: RGBA, value: Callable[[str], str | None]) -> tuple[RGBA, ...] | None:
    """The element's own background: () when transparent, None when it cannot be known."""
    own_color = value("background-color")
    painted: list[RGBA | str] = []
    for name in ("background", "background-image"):
        declared = value(name)
        if declared is None or declared == "none":
            continue
        found = paints(declared, colors=name == "background" and own_color is None)
        if found is None:
            return None
        painted.extend(found)
    if own_color is not None:
        parsed = color_value(own_color)
        if parsed is None:
            if own_color not in ("inherit", "initial", "unset"):
                return None
        else:
            painted.append(parsed)
    return tuple(color if paint == "currentcolor" else paint for paint in painted)  # type: ignore[misc]


def _disabled_context(doc: CheckedDocument, sem: Semantics) -> set[_Element]:
    """Disabled widgets and the labels of disabled controls: WCAG exempts their text."""
    exempt: set[_Element] = set()
    labels_for: dict[str, list[_Element]] = {}
    for label in doc.root.iter("label"):
        labels_for.setdefault(label.get("for") or "", []).append(label)
    marked = [*doc.having("disabled"), *doc.having("aria-disabled")]
    inside = [control for box in marked if box.tag == "fieldset" for control in box.iter(*_CONTROLS)]
    for element in sem.in_order([*marked, *inside]):
        aria_disabled = (element.get("aria-disabled") or "").strip().lower() == "true"
        fieldset = element.tag == "fieldset" and element.get("disabled") is not None
        if not (aria_disabled or fieldset or sem.is_disabled(element)):
            continue
        exempt.add(element)
        for ref in (element.get("aria-labelledby") or "").split():
            target = doc.by_id.get(ref)
            if target is not None:
                exempt.add(target)
        exempt.update(element.iterancestors("label"))
        if element.get("id"):
            exempt.update(labels_for.get(element.get("id") or "", []))
    return exempt


def text_styles(doc: CheckedDocument) -> dict[_Element, TextStyle]:
    """The text style of every element, computed in one walk from the root down."""
    sem = semantics(doc)
    dark = dark_canvas(doc)
    styler = _Styler(doc, sem, dark)
    styles: dict[_Element, TextStyle] = {}
    default = TextStyle(_DARK_TEXT, (_DARK_CANVAS,)) if dark else TextStyle()
    # Most elements (no default styling, not exempt, declaring none of the properties text style is
    # computed from) take their parent's style as is.
    read: dict[int, bool] = {}
    for values in sem.styles.values():
        if id(values) not in read:
            read[id(values)] = any(name in values for name in _READ)
    declaring = {element for element, values in sem.styles.items() if read[id(values)]}
    for element in doc.elements:
        parent = element.getparent()
        inherited = styles.get(parent, default) if parent is not None else default
        if element.tag in _STYLED_TAGS or element in declaring or element in styler.exempt:
            styles[element] = styler.style(element, inherited)
        else:
            styles[element] = inherited
    return styles


def text_owners(doc: CheckedDocument) -> list[_Element]:
    """Elements in the body with text of their own that has a letter or digit, in document order."""
    if doc.origin is not None:  # the same elements in every colour scheme: found once per page
        return doc.origin.shared(text_owners)
    body = doc.root.find("body")
    if body is None:
        return []
    owners: dict[_Element, None] = {}
    search = _LETTER_OR_DIGIT.search
    for element in body.iter():
        text = element.text
        if text and isinstance(element.tag, str) and search(text):
            owners[element] = None
        tail = element.tail
        if tail and element is not body and search(tail):
            parent = element.getparent()
            if parent is not None:
                owners[parent] = None
    return list(owners)
