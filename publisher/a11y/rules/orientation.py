"""Orientation (WCAG 1.3.4): the page does not turn itself to stay in portrait or landscape."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import suppress

import tinycss2
from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.css import conditional_rules
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["page_orientation", "rotation"]

_ANGLE = re.compile(r"^([+-]?\d*\.?\d+(?:e[+-]?\d+)?)(deg|rad|grad|turn)?$")
_TO_DEGREES = {"deg": 1.0, "rad": 180 / math.pi, "grad": 0.9, "turn": 360.0}
_VALID_ORIENTATION = re.compile(r"\(\s*orientation\s*:\s*(portrait|landscape)\s*\)")


def _degrees(text: str) -> float | None:
    found = _ANGLE.match(text.strip().lower())
    if not found or (found.group(2) is None and float(found.group(1)) != 0):
        return None
    return float(found.group(1)) * _TO_DEGREES[found.group(2) or "deg"]


def _numbers(function: tinycss2.ast.FunctionBlock) -> list[str]:
    return [
        tinycss2.serialize([token]).strip()
        for token in function.arguments
        if token.type != "whitespace" and not (token.type == "literal" and token.value == ",")
    ]


def rotation(transform: str | None, rotate: str | None) -> float | None:
    """The turn, in degrees about the screen axis, that ``transform`` and ``rotate`` values apply; None if none."""
    total: float | None = None
    for token in tinycss2.parse_component_value_list(transform or ""):
        if token.type != "function":
            continue
        arguments = _numbers(token)
        angle: float | None = None
        if token.lower_name in ("rotate", "rotatez") and len(arguments) == 1:
            angle = _degrees(arguments[0])
        elif token.lower_name == "rotate3d" and len(arguments) == 4 and arguments[:2] == ["0", "0"]:
            angle = _degrees(arguments[3])
        elif token.lower_name in ("matrix", "matrix3d") and len(arguments) in (6, 16):
            with suppress(ValueError):
                angle = math.degrees(math.atan2(float(arguments[1]), float(arguments[0])))
        if angle is not None:
            total = (total or 0.0) + angle
    if rotate:
        parts = rotate.split()
        angle = _degrees(parts[-1]) if parts and (len(parts) == 1 or parts[0] == "z") else None
        if angle is not None:
            total = (total or 0.0) + angle
    return total


@rule(
    "page-orientation",
    description="The page does not lock itself to portrait or landscape by rotating its content.",
    wcag=["1.3.4"],
    act=["b33eff"],
)
def page_orientation(doc: CheckedDocument) -> Iterator[Violation]:
    """No ``@media (orientation: ...)`` rule turns visible content by a quarter turn.

    Okay: <style>@media (orientation: portrait) { main { font-size: 1.2rem } }</style><main>Text</main>
    Error: <style>@media (orientation: portrait) { main { transform: rotate(90deg) } }</style><main>Text</main>
    """
    sem = semantics(doc)
    reported: set[_Element] = set()
    for media, element, props in conditional_rules(doc, "orientation"):
        if element in reported or not _VALID_ORIENTATION.search(media) or not sem.is_visible(element):
            continue
        values = {name: value.lower() for name, value, _ in props}
        turned = rotation(values.get("transform"), values.get("rotate"))
        if turned is None:
            continue
        base = rotation(sem.style(element, "transform"), sem.style(element, "rotate")) or 0.0
        if abs((turned - base) % 180 - 90) < 1:
            reported.add(element)
            yield Violation(
                message(
                    doc,
                    "The style sheet turns %(element)s by a quarter turn when the screen is held the other way "
                    "(%(media)s): remove the rotation so that readers can use either orientation.",
                    element=describe(element),
                    media=media,
                ),
                element,
            )
