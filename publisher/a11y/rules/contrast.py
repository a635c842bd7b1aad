"""Text colour contrast (WCAG 1.4.3) from the page's own CSS: ``<style>`` sheets and ``style`` attributes.

Each element's text style (colour, what lies behind it, size, weight, opacity, shadow) comes from
``dom.text_style``. Where the background cannot be known without rendering (an image, an unknown
value), nothing is reported: this rule only reports what it is sure of.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.colors import blend, contrast_ratio
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.stylesheets import uses_dark_scheme
from publisher.a11y.dom.text_style import TextStyle, text_owners, text_styles
from publisher.a11y.registry import Violation, rule

__all__ = ["color_contrast", "color_contrast_enhanced", "low_contrasts", "low_enhanced_contrasts"]

_SKIPPED_TAGS = frozenset({"option", "optgroup", "textarea", "select", "script", "style", "template"})


def _own_text(element: _Element) -> str:
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _measure(style: TextStyle) -> tuple[float, float] | None:
    """The lowest contrast of text in ``style`` over what lies behind it, and the ratio its size needs.

    Over a gradient only part may lie behind the text, so there the highest contrast counts:
    the text is reported only when it fails against every stop.
    """
    backgrounds = (
        (style.shadow[:3],) if style.shadow is not None and style.shadow[3] >= 1 else style.backgrounds
    )
    if not backgrounds:
        return None
    color = (*style.color[:3], style.color[3] * style.opacity)
    ratios = [contrast_ratio(blend(color, behind), behind) for behind in backgrounds]
    if max(ratios) < 1.05:
        return None  # text in the colour of its background is not meant to be seen
    large = style.size >= 24 or (style.size >= 18.66 and style.bold)
    return (min(ratios) if len(ratios) == 1 else max(ratios)), 3.0 if large else 4.5


def low_contrasts(doc: CheckedDocument) -> list[tuple[_Element, float, float]]:
    """(element, lowest contrast of its own visible text, contrast it needs) where the text falls short."""
    return _low_contrasts(doc, enhanced=False)


def low_enhanced_contrasts(doc: CheckedDocument) -> list[tuple[_Element, float, float]]:
    """As ``low_contrasts``, against the enhanced ratios of WCAG 1.4.6 (7:1, large text 4.5:1)."""
    return _low_contrasts(doc, enhanced=True)


def _low_contrasts(doc: CheckedDocument, *, enhanced: bool) -> list[tuple[_Element, float, float]]:
    sem = semantics(doc)
    styles = doc.shared(text_styles)
    # Keyed by identity: alike elements share one TextStyle object (see _Styler.style).
    measured: dict[int, tuple[float, float] | None] = {}
    found: list[tuple[_Element, float, float]] = []
    for element in doc.shared(text_owners):
        style = styles[element]
        if id(style) not in measured:
            measured[id(style)] = _measure(style)
        result = measured[id(style)]
        if result is not None and enhanced:
            result = (result[0], 7.0 if result[1] == 4.5 else 4.5)
        if result is None or result[0] >= result[1] or style.exempt or element.tag in _SKIPPED_TAGS:
            continue
        label = element.get("aria-label")
        if label and _own_text(element).strip() not in label:
            continue  # a symbol standing in for a label is not language
        if sem.is_visible(element) and not sem.is_offscreen(element):
            found.append((element, *result))
    return found


@rule(
    "color-contrast",
    description="Text has enough contrast with its background (4.5:1, large text 3:1).",
    wcag=["1.4.3"],
    act=["afw4f7"],
)
def color_contrast(doc: CheckedDocument) -> Iterator[Violation]:
    """Visible text has a contrast ratio of at least 4.5:1, or 3:1 when large (24px, or 18.66px bold).

    Okay: <p style="color: #333; background: #fff">Budget adopted</p>
    Okay: <p style="color: #777; background: url(photo.jpg)">Unknown background, not reported</p>
    Okay: <h1 style="color: #767676; font-size: 32px">Large text needs 3:1</h1>
    Okay: <style>@media (prefers-color-scheme: dark) { body { background: #111; color: #eee } }</style><p>Budget adopted</p>
    Error: <p style="color: #aaa; background: white">Budget adopted</p>
    Error: <style>.note { color: #999 }</style><p class="note">Budget adopted</p>
    Error: <style>@media (prefers-color-scheme: dark) { body { background: #111 } }</style><p>Budget adopted</p>
    Error: <style>:root { color-scheme: light dark } p { color: #333 }</style><p>Budget adopted</p>
    """
    for element, ratio, needed in doc.shared(low_contrasts):
        yield Violation(
            message(
                doc,
                "Text in %(element)s has a contrast ratio of %(ratio).2f:1, below %(needed).1f:1: darken "
                "the text colour or lighten its background (or the other way round).",
                element=describe(element),
                ratio=ratio,
                needed=needed,
            ),
            element,
        )
    if not uses_dark_scheme(doc):
        return
    for element, ratio, needed in doc.in_scheme("dark").shared(low_contrasts):
        yield Violation(
            message(
                doc,
                "In dark mode, text in %(element)s has a contrast ratio of %(ratio).2f:1, below %(needed).1f:1: "
                "set text and background colours for prefers-color-scheme: dark that contrast enough.",
                element=describe(element),
                ratio=ratio,
                needed=needed,
            ),
            element,
        )


@rule(
    "color-contrast-enhanced",
    description="Text has the enhanced contrast of level AAA (7:1, large text 4.5:1); checked when a11y.level is AAA.",
    severity="warning",
    wcag=["1.4.6"],
    act=["09o5cg"],
    level="AAA",
)
def color_contrast_enhanced(doc: CheckedDocument) -> Iterator[Violation]:
    """Visible text has a contrast ratio of at least 7:1, or 4.5:1 when large (WCAG 2.2 level AAA).

    Okay: <p style="color: #333; background: #fff">Budget adopted</p>
    Error: <p style="color: #666; background: #fff">Budget adopted</p>
    """
    for scheme in ("light", "dark") if uses_dark_scheme(doc) else ("light",):
        for element, ratio, needed in doc.in_scheme(scheme).shared(low_enhanced_contrasts):
            yield Violation(
                message(
                    doc,
                    "Text in %(element)s has a contrast ratio of %(ratio).2f:1, below the %(needed).1f:1 of level "
                    "AAA: darken the text colour or lighten its background (or the other way round).",
                    element=describe(element),
                    ratio=ratio,
                    needed=needed,
                ),
                element,
            )
