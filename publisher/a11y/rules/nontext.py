"""Rules for pictures that carry information: canvas drawings, icons in table cells, codes to type."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["canvas_alternative", "cell_image_alt", "code_image_alt"]

# A field whose label sends the reader to a picture: "Code aus dem Bild", "characters in the image".
_FROM_PICTURE = re.compile(r"\b(?:bild|grafik|image|picture)\b|captcha", re.IGNORECASE)
_TYPED = frozenset({"", "text", "number", "tel"})
# What tells a canvas carries information rather than decoration: its name in the markup, or a
# script that draws text or draws from a series of values (a loop), as charts and maps are drawn.
_INFORMATION_WORDS = re.compile(
    r"chart|diagram|graph|plot|map\b|karte|grafik|statisti|kurve|verlauf|balken|kreis", re.IGNORECASE
)
_DRAWS_TEXT = re.compile(r"\b(?:fill|stroke)Text\s*\(")
_DRAWS_SERIES = re.compile(r"(?:forEach|\bfor\s*\(|\.map\s*\()[\s\S]{0,400}?\b(?:fillRect|lineTo|arc)\s*\(")
_CHART_LIBRARY = re.compile(r"\bnew\s+Chart\s*\(|\becharts\.|\bHighcharts\.|\bPlotly\.", re.IGNORECASE)


# An icon drawn by a font or a style sheet on an empty element: <i class="fa fa-check">, <span class="icon-yes">.
_ICON_CLASS = re.compile(
    r"(?:^|\s)(?:icon|fa[srb]?|bi|glyphicon|material-icons|symbol)(?:$|\s|-)", re.IGNORECASE
)


def _picture(element: _Element) -> bool:
    """An image, an inline SVG, or an empty element styled as an icon."""
    if element.tag in ("img", "svg"):
        return True
    return element.tag in ("i", "span") and bool(_ICON_CLASS.search(element.get("class") or ""))


def _silent(image: _Element, sem: Semantics) -> bool:
    """An image that says nothing to assistive technology: empty alt, or hidden from it, yet shown."""
    return sem.is_visible(image) and (
        (image.tag == "img" and (image.get("alt") or "").strip() == "" and image.get("alt") is not None)
        or (sem.is_aria_hidden(image) and image.tag in ("img", "svg"))
        or (image.tag in ("i", "span") and (sem.is_aria_hidden(image) or not squash(sem.name(image))))
    )


@rule(
    "canvas-alternative",
    description="A canvas drawing (a chart, a map) has a text alternative: a name, or fallback content.",
    wcag=["1.1.1"],
)
def canvas_alternative(doc: CheckedDocument) -> Iterator[Violation]:
    """What a script draws on a ``canvas`` is pixels only: without a name or content, nobody hears it.

    Okay: <canvas role="img" aria-label="Bar chart: passengers rose from 41,000 to 61,000"></canvas>
    Okay: <canvas><p>Passengers rose from 41,000 in January to 61,000 in June.</p></canvas>
    Okay: <canvas aria-hidden="true"></canvas>
    Okay: <canvas width="200" height="200"></canvas>
    Error: <canvas id="chart" width="400" height="200"></canvas>
    """
    sem = semantics(doc)
    drawing_scripts: str | None = None
    for canvas in doc.root.iter("canvas"):
        if not sem.is_exposed(canvas) or sem.role(canvas) in ("presentation", "none"):
            continue
        if sem.name(canvas) or squash(text_of(canvas)):
            continue
        if drawing_scripts is None:
            drawing_scripts = "\n".join(script.text or "" for script in doc.root.iter("script"))
        if not _carries_information(canvas, drawing_scripts):
            continue  # an empty surface, or a decorative drawing: nothing to put into words
        yield Violation(
            message(
                doc,
                '%(element)s draws a picture that has no text alternative: give it role="img" and an '
                "aria-label that says what it shows, and put its figures in a table or text beside it.",
                element=describe(canvas),
            ),
            canvas,
        )


def _carries_information(canvas: _Element, scripts: str) -> bool:
    named = " ".join(canvas.get(attribute) or "" for attribute in ("id", "class", "title"))
    in_figure = any(ancestor.tag == "figure" for ancestor in canvas.iterancestors())
    return bool(
        _INFORMATION_WORDS.search(named)
        or in_figure
        or _DRAWS_TEXT.search(scripts)
        or _DRAWS_SERIES.search(scripts)
        or _CHART_LIBRARY.search(scripts)
    )


@rule(
    "cell-image-alt",
    description="A table cell whose only content is a picture (a tick, a cross) gives it a text alternative.",
    wcag=["1.1.1"],
)
def cell_image_alt(doc: CheckedDocument) -> Iterator[Violation]:
    """An icon that is a cell's whole content is its value: marked decorative, the cell reads as empty.

    Icons drawn by an icon font or a style sheet on an empty ``i`` or ``span`` count as pictures too.

    Okay: <table><tr><th>Monday</th></tr><tr><td><img src="yes.svg" alt="Yes"></td></tr></table>
    Okay: <table><tr><th>Monday</th></tr><tr><td><img src="yes.svg" alt=""> open</td></tr></table>
    Error: <table><tr><th>Monday</th><th>Tuesday</th></tr><tr><td><img src="yes.svg" alt=""></td><td>no</td></tr></table>
    Error: <table><tr><th>Result</th></tr><tr><td><span class="icon icon-yes" aria-hidden="true"></span></td></tr></table>
    Error: <table><tr><th>Result</th></tr><tr><td><i class="fa fa-check"></i></td></tr></table>
    """
    sem = semantics(doc)
    for table in doc.root.iter("table"):
        # Only tables with header cells: there a cell is read with its header, "Monday: (empty)".
        if sem.role(table) != "table" or not sem.is_exposed(table) or next(table.iter("th"), None) is None:
            continue
        for cell in table.iter("td"):
            if _owner_table(cell) is not table or squash(text_of(cell)):
                continue
            images = [image for image in cell.iter() if _picture(image) and sem.is_visible(image)]
            if images and all(_silent(image, sem) for image in images):
                yield Violation(
                    message(
                        doc,
                        "The table cell holds only %(element)s, marked as decorative: the cell reads as empty. "
                        'Give the picture an alt text that says its value ("Yes", "Open", "Booked").',
                        element=describe(images[0]),
                    ),
                    images[0],
                )


def _owner_table(cell: _Element) -> _Element | None:
    return next(cell.iterancestors("table"), None)


@rule(
    "code-image-alt",
    description="A picture whose content a field asks to type (a security code) is not marked as decorative.",
    wcag=["1.1.1"],
)
def code_image_alt(doc: CheckedDocument) -> Iterator[Violation]:
    """A form asking to copy "the code from the picture" needs that picture named, and another way in.

    Okay: <form><img src="code.png" alt="Security code picture; use the audio code if you cannot see it"><label for="c">Code from the picture</label><input id="c"></form>
    Okay: <form><img src="logo.png" alt=""><label for="m">Email</label><input id="m"></form>
    Error: <form><img src="code.png" alt=""><label for="c">Code aus dem Bild</label><input id="c"></form>
    """
    sem = semantics(doc)
    for form in doc.root.iter("form"):
        fields = [
            field
            for field in form.iter("input")
            if (field.get("type") or "").lower() in _TYPED and sem.is_exposed(field)
        ]
        if not any(_FROM_PICTURE.search(sem.name(field)) for field in fields):
            continue
        for image in form.iter("img", "svg"):
            if _silent(image, sem):
                yield Violation(
                    message(
                        doc,
                        "A field asks to type what %(element)s shows, but the picture is marked as decorative: "
                        "name it in its alt text, and offer a way that does not need sight (a code read out, "
                        "a question, or a check without a puzzle).",
                        element=describe(image),
                    ),
                    image,
                )
