"""Rules for images: every image a reader can reach has a text alternative."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "alt_repeats_link_text",
    "area_alt",
    "decorative_image_title",
    "image_alt",
    "image_button_name",
    "object_alt",
    "presentation_image_alt",
    "svg_img_name",
]


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


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


@rule(
    "alt-repeats-link-text",
    description="The alt text of an image in or next to a link does not repeat the link's text.",
    severity="warning",
    wcag=["1.1.1"],
)
def alt_repeats_link_text(doc: CheckedDocument) -> Iterator[Violation]:
    """An image beside the link text in one link (or in a neighbouring link to the same place) has alt="".

    Okay: <a href="bericht.html"><img src="icon.png" alt=""> Jahresbericht 2025</a>
    Okay: <a href="bericht.html"><img src="cover.png" alt="Titelseite mit Windrädern"> Jahresbericht 2025</a>
    Error: <a href="bericht.html"><img src="icon.png" alt="Jahresbericht 2025"> Jahresbericht 2025</a>
    Error: <a href="bericht.html"><img src="icon.png" alt="Jahresbericht"></a> <a href="bericht.html">Jahresbericht</a>
    """
    texts: dict[_Element, str] = {}  # one walk per link, however many images it holds
    for image in doc.root.iter("img"):
        alt = _words(image.get("alt") or "")
        if not alt:
            continue
        link = image.getparent()
        while (
            link is not None and link.tag != "a" and link.tag in ("span", "picture", "figure", "strong", "b")
        ):
            link = link.getparent()
        if link is None or link.tag != "a":
            continue
        if link not in texts:
            texts[link] = _words(_link_text(link))
        own = texts[link]
        neighbour = link.getnext()
        if (
            not own
            and neighbour is not None
            and neighbour.tag == "a"
            and neighbour.get("href") == link.get("href")
        ):
            own = _words(_link_text(neighbour))
        if own and (own == alt or own.startswith(alt) or alt.startswith(own)):
            yield Violation(
                message(
                    doc,
                    'Image %(element)s repeats the link text "%(text)s", so screen readers read it twice: give '
                    'the image alt="" (the link text names the link).',
                    element=describe(image),
                    text=image.get("alt", "").strip(),
                ),
                image,
            )


def _link_text(link: _Element) -> str:
    """The text of a link without its images' alt texts."""
    parts: list[str] = [link.text or ""]
    for node in link.iterdescendants():
        if isinstance(node.tag, str) and node.tag != "img":
            parts.append(node.text or "")
        parts.append(node.tail or "")
    return " ".join(parts)


@rule(
    "presentation-image-alt",
    description="An image marked decorative (role none or presentation) has no alt text that says otherwise.",
    wcag=["1.1.1", "4.1.2"],
)
def presentation_image_alt(doc: CheckedDocument) -> Iterator[Violation]:
    """``role="presentation"`` hides an image from screen readers; its alt text then reaches nobody.

    Okay: <img src="linie.png" alt="" role="presentation">
    Error: <img src="karte.png" alt="Karte der Radwege" role="presentation">
    Error: <img src="karte.png" alt="Karte der Radwege" role="none">
    """
    for image in doc.root.iter("img"):
        tokens = (image.get("role") or "").lower().split()
        if tokens and tokens[0] in ("presentation", "none") and (image.get("alt") or "").strip():
            yield Violation(
                message(
                    doc,
                    'Image %(element)s has alt text but role="%(role)s", which hides it from screen readers: '
                    "remove the role if the image informs, or the alt text if it is decoration.",
                    element=describe(image),
                    role=tokens[0],
                ),
                image,
            )


@rule(
    "decorative-image-title",
    description="An image marked as decoration (empty alt, presentation role) has no title that says something after all.",
    wcag=["1.1.1"],
)
def decorative_image_title(doc: CheckedDocument) -> Iterator[Violation]:
    """``alt=""`` or a presentation role says the image is decoration; a ``title`` shows sighted mouse
    users what others miss.

    Okay: <img src="linie.png" alt="">
    Okay: <img src="linie.png" role="presentation">
    Error: <img src="karte.png" alt="" title="Karte der Radwege">
    Error: <img src="karte.png" role="presentation" title="Karte der Radwege">
    """
    for image in doc.root.iter("img"):
        title = (image.get("title") or "").strip()
        if not title:
            continue
        if image.get("alt") == "":
            text = message(
                doc,
                'Image %(element)s has alt="" (decoration) but the title "%(title)s": if the title '
                "matters, write it as alt text; if not, remove the title.",
                element=describe(image),
                title=title[:80],
            )
        elif image.get("alt") is None and (image.get("role") or "").strip().lower() in (
            "none",
            "presentation",
        ):
            text = message(
                doc,
                'Image %(element)s is marked as decoration (role="%(role)s") but has the title "%(title)s": if '
                "the title matters, write it as alt text instead of the role; if not, remove the title.",
                element=describe(image),
                role=(image.get("role") or "").strip().lower(),
                title=title[:80],
            )
        else:
            continue
        yield Violation(text, image)


_OBJECT_MEDIA = re.compile(
    r"\.(png|jpe?g|gif|webp|avif|svg|bmp|mp3|wav|ogg|oga|m4a|aac|flac|mp4|webm|ogv|mov|m4v)(?:[?#].*)?$",
    re.IGNORECASE,
)


@rule(
    "object-alt",
    description="An object showing an image, audio or video has an accessible name.",
    wcag=["1.1.1"],
    act=["8fc3b6"],
)
def object_alt(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``object`` whose ``data`` is a picture, sound or video is named (``aria-label``, ``title`` ...).

    Okay: <object data="karte.png" aria-label="Karte der Radwege"></object>
    Okay: <object data="seite.html" title="Lageplan"></object>
    Error: <object data="interview.mp3"></object>
    Error: <object data="karte.png" alt="Karte"></object>
    """
    sem = semantics(doc)
    for element in doc.root.iter("object"):
        kind = (element.get("type") or "").lower()
        media = kind.startswith(("image/", "audio/", "video/")) or bool(
            _OBJECT_MEDIA.search(element.get("data") or "")
        )
        if not media or sem.explicit_role(element) is not None or not sem.is_exposed(element):
            continue
        if not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Object %(element)s shows an image, sound or video but has no text alternative: give it an "
                    "aria-label or title that says what it shows.",
                    element=describe(element),
                ),
                element,
            )


@rule(
    "area-alt",
    description="Each linked area of an image map has a text alternative.",
    wcag=["1.1.1", "2.4.4", "4.1.2"],
    act=["c487ae"],
)
def area_alt(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``area`` with an address is a link on a part of an image: its alt text says where it leads.

    Okay: <img src="karte.png" alt="Stadtteile" usemap="#m"><map name="m"><area href="/nord" alt="Nord" coords="0,0,9,9"></map>
    Okay: <map name="m"><area alt="" coords="0,0,9,9"></map>
    Error: <img src="karte.png" alt="Stadtteile" usemap="#m"><map name="m"><area href="/nord" coords="0,0,9,9"></map>
    """
    sem = semantics(doc)
    for element in doc.root.iter("area"):
        if element.get("href") is not None and sem.is_exposed(element) and not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Area %(element)s of an image map has no alt text: give it an alt attribute that says "
                    "where it leads.",
                    element=describe(element),
                ),
                element,
            )
