"""Rules for images: every image a reader can reach has a text alternative."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["image_alt", "image_button_name", "svg_img_name"]


@rule(
    "image-alt",
    description="Images have a text alternative, or are marked as decorative.",
    wcag=["1.1.1"],
    act=["23a2a8"],
)
def image_alt(doc: CheckedDocument) -> Iterator[Violation]:
    """Every ``img`` (and element with role ``img``) in the accessibility tree has a non-empty name.

    Okay: <img src="chart.png" alt="Unemployment fell to 5.1 per cent in May">
    Okay: <img src="divider.png" alt="">
    Okay: <img src="divider.png" role="presentation">
    Okay: <div role="img" aria-label="Map of the district"></div>
    Okay: <img src="logo.png" aria-hidden="true">
    Error: <img src="chart.png">
    Error: <img src="chart.png" alt=" ">
    Error: <div role="img"></div>
    Error: <img src="logo.png" role="none" tabindex="0">
    """
    sem = semantics(doc)
    for element in sem.with_roles("img", "image"):
        if element.tag == "svg":
            continue
        if element.tag not in ("img",) and sem.explicit_role(element) is None:
            continue
        if sem.is_exposed(element) and not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Image %(element)s has no text alternative: add an alt attribute that says what the "
                    'image shows, or alt="" if it is only decoration.',
                    element=describe(element),
                ),
                element,
            )


@rule(
    "image-button-name",
    description="Image buttons have a text alternative that says what they do.",
    wcag=["1.1.1", "4.1.2"],
    act=["59796f"],
)
def image_button_name(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``<input type="image">`` button has a non-empty accessible name.

    Okay: <form><input type="image" src="search.png" alt="Search"></form>
    Error: <form><input type="image" src="search.png"></form>
    Error: <form><input type="image" src="search.png" alt=""></form>
    """
    sem = semantics(doc)
    for element in doc.root.iter("input"):
        if (element.get("type") or "").lower() != "image" or sem.role(element) != "button":
            continue
        if sem.is_exposed(element) and not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Image button %(element)s has no text alternative: add an alt attribute that says what "
                    "the button does.",
                    element=describe(element),
                ),
                element,
            )


@rule(
    "svg-img-name",
    description="SVG graphics with an explicit image role have a text alternative.",
    wcag=["1.1.1"],
    act=["7d6734"],
)
def svg_img_name(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``svg`` element (or shape) with role ``img``, ``graphics-document`` or ``graphics-symbol`` is named.

    Okay: <svg role="img" aria-label="Rising trend"><circle r="5"></circle></svg>
    Okay: <svg role="img"><title>Rising trend</title><circle r="5"></circle></svg>
    Okay: <svg><circle r="5"></circle></svg>
    Error: <svg role="img"><circle r="5"></circle></svg>
    """
    sem = semantics(doc)
    for svg in doc.root.iter("svg"):
        for element in svg.iter():
            if not isinstance(element.tag, str):
                continue
            role = sem.explicit_role(element)
            if role not in ("img", "graphics-document", "graphics-symbol"):
                continue
            if sem.is_exposed(element) and not sem.name(element):
                yield Violation(
                    message(
                        doc,
                        "Graphic %(element)s has the role of an image but no text alternative: add a title "
                        "element or an aria-label that says what it shows.",
                        element=describe(element),
                    ),
                    element,
                )
