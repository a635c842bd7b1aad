"""Rules for charts drawn in SVG: series told apart by more than their colour."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.css_parse import declarations
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["chart_series_distinct"]

_SVG = "{http://www.w3.org/2000/svg}"
_LINES = ("polyline", "path", f"{_SVG}polyline", f"{_SVG}path")
_NUMBER = re.compile(r"-?\d*\.?\d+")
# A data line has three points or more; an axis or a grid line has two.
_MIN_NUMBERS = 6
_MIN_CHART_WIDTH = 120
# What tells series apart besides colour: dashes, markers at the points.
_PATTERNS = ("stroke-dasharray", "marker-start", "marker-mid", "marker-end")


def _paint(element: _Element) -> dict[str, str]:
    """The presentation attributes and ``style`` declarations of an SVG shape."""
    found = {str(name): str(value) for name, value in element.attrib.items()}
    found.update({name: value for name, value, _ in declarations(element.get("style") or "")})
    return found


def _series(svg: _Element) -> list[dict[str, str]]:
    """The data lines of a chart: stroked, unfilled shapes through three points or more."""
    found = []
    for shape in svg.iter(*_LINES):
        paint = _paint(shape)
        if len(_NUMBER.findall(paint.get("points", "") + paint.get("d", ""))) < _MIN_NUMBERS:
            continue
        stroke = paint.get("stroke", "none").strip().lower()
        if (
            stroke != "none"
            and paint.get("fill", "black" if "path" in str(shape.tag) else "none").strip() == "none"
        ):
            found.append(paint)
    return found


def _width(svg: _Element) -> float:
    """The drawn width of an SVG: its width attribute, else its viewBox's."""
    sizes = (
        _NUMBER.findall(svg.get("width") or "")
        or _NUMBER.findall(svg.get("viewBox") or svg.get("viewbox") or "")[2:3]
    )
    return float(sizes[0]) if sizes else 0.0


@rule(
    "chart-series-distinct",
    description="The lines of an SVG chart differ by more than colour (dashes, markers or labels at the lines).",
    wcag=["1.4.1"],
)
def chart_series_distinct(doc: CheckedDocument) -> Iterator[Violation]:
    """Red, green and blue lines look alike to many: dashes, markers or a label at each line tell them apart.

    Okay: <svg role="img" aria-label="Fine dust" viewBox="0 0 300 150"><polyline points="0,0 5,5 9,9" stroke="red" fill="none"/><polyline points="0,9 5,5 9,0" stroke="green" fill="none" stroke-dasharray="4 2"/></svg>
    Okay: <svg role="img" aria-label="Fine dust" viewBox="0 0 300 150"><polyline points="0,0 5,5 9,9" stroke="red" fill="none"/><polyline points="0,9 5,5 9,0" stroke="green" fill="none"/><text x="9" y="9">Ring Road</text></svg>
    Error: <svg role="img" aria-label="Fine dust" viewBox="0 0 300 150"><polyline points="0,0 5,5 9,9" stroke="red" fill="none"/><polyline points="0,9 5,5 9,0" stroke="green" fill="none"/><polyline points="0,5 5,4 9,5" stroke="blue" fill="none"/></svg>
    """
    sem = semantics(doc)
    for svg in doc.root.iter("svg", f"{_SVG}svg"):
        if not sem.is_visible(svg) or next(svg.iter("text", f"{_SVG}text"), None) is not None:
            continue
        if _width(svg) < _MIN_CHART_WIDTH:
            continue  # an icon
        series = _series(svg)
        colours = {paint["stroke"].strip().lower() for paint in series}
        if len(colours) < 2 or any(name in paint for paint in series for name in _PATTERNS):
            continue
        yield Violation(
            message(
                doc,
                "The chart %(element)s tells its lines apart by colour only: give each line its own dash "
                "pattern or markers, or write its name at the line.",
                element=describe(svg),
            ),
            svg,
        )
