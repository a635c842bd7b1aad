"""Rules for HTML email: what mail clients and screen readers need beyond the rules for web pages.

The page rules (``lang``, ``title``, alt text, link names, contrast, ...) run on emails too; these add
what only email has: layout tables, the preheader, the plain-text part, image-only mailings, small print.
Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples (whole minimal emails).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.colors import font_px
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.prose import text_blocks
from publisher.a11y.dom.readability import split_words
from publisher.a11y.registry import Violation, rule

__all__ = [
    "MIN_FONT_SIZE_PX",
    "MIN_TEXT_WORDS",
    "email_dir",
    "email_font_size",
    "email_img_alt_attribute",
    "email_layout_tables",
    "email_preheader",
    "email_text_in_images",
    "email_text_part",
    "email_text_part_links",
    "font_size_px",
]

MIN_FONT_SIZE_PX = 14.0
# Fewer words of real text than this, next to images with alt text, means the message is in the images.
MIN_TEXT_WORDS = 20

# The legacy <font size="1".."7"> scale in CSS pixels.
_FONT_TAG_SIZES = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}
_LINK_SCHEMES = ("http://", "https://", "mailto:")


def font_size_px(sem: Semantics, element: _Element, sizes: dict[_Element, float]) -> float:
    """The computed font size of ``element`` in CSS pixels (16 at the root), cached in ``sizes``."""
    if element in sizes:
        return sizes[element]
    parent = element.getparent()
    inherited = font_size_px(sem, parent, sizes) if parent is not None else 16.0
    size: float | None = None
    declared = sem.style(element, "font-size")
    if declared is not None:
        size = font_px(declared.replace("!important", "").strip(), inherited)
    elif element.tag == "font" and (element.get("size") or "").strip():
        raw = (element.get("size") or "").strip()
        step = 3 + int(raw) if raw[0] in "+-" and raw[1:].isdigit() else int(raw) if raw.isdigit() else 3
        size = _FONT_TAG_SIZES[min(max(step, 1), 7)]
    sizes[element] = inherited if size is None else size
    return sizes[element]


def _hidden_in_email(doc: CheckedDocument) -> frozenset[_Element]:
    """Elements hidden the ways email clients hide preheaders and mobile-only blocks, not only display: none."""
    sem = semantics(doc)
    hidden: set[_Element] = set()
    for element in doc.elements:  # document order: a parent is decided before its children
        parent = element.getparent()
        if (
            (parent is not None and parent in hidden)
            or not sem.is_visible(element)
            or sem.is_aria_hidden(element)
            or sem.style(element, "mso-hide") == "all"
            or sem.style(element, "opacity") in {"0", "0.0"}
            or (
                sem.style(element, "max-height") in {"0", "0px"}
                and sem.style(element, "overflow") == "hidden"
            )
        ):
            hidden.add(element)
    return frozenset(hidden)


def _own_text(element: _Element) -> str:
    """The text directly inside ``element`` (its text and its children's tails)."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _text_elements(doc: CheckedDocument) -> Iterator[_Element]:
    """Elements of the body that carry text of their own, in document order."""
    body = doc.root.find("body")
    if body is None:
        return
    for element in body.iter():
        if (
            isinstance(element.tag, str)
            and element.tag not in {"script", "style"}
            and _own_text(element).strip()
        ):
            yield element


@rule(
    "email-dir",
    description="The email states its text direction on the html element.",
    wcag=["1.3.2"],
    channels=["email"],
)
def email_dir(doc: CheckedDocument) -> Iterator[Violation]:
    """Mail clients drop the page around the message; ``dir`` on ``html`` keeps the reading direction.

    Okay: <html lang="de" dir="ltr"><head><title>Newsletter</title></head><body><p>Hallo</p></body></html>
    Error: <html lang="de"><head><title>Newsletter</title></head><body><p>Hallo</p></body></html>
    Error: <html lang="ar" dir="right"><head><title>Newsletter</title></head><body><p>مرحبا</p></body></html>
    """
    direction = (doc.root.get("dir") or "").strip().lower()
    if direction not in {"ltr", "rtl", "auto"}:
        yield Violation(
            message(
                doc,
                'The email does not state its text direction: add dir="ltr" (or dir="rtl" for Arabic or Hebrew) '
                "to the html element.",
            ),
            doc.root,
        )


def _is_data_table(table: _Element) -> bool:
    """Has header cells, a caption or a header row of its own (not of a table nested in it)."""
    for element in table.iter("th", "caption", "thead", "td"):
        if element.tag == "td" and element.get("headers") is None:
            continue
        if next(element.iterancestors("table"), None) is table:
            return True
    return False


@rule(
    "email-layout-table",
    description="Tables used for layout are marked role=presentation.",
    wcag=["1.3.1"],
    channels=["email"],
)
def email_layout_tables(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen readers announce rows and columns of a table unless it is marked as layout.

    Okay: <html lang="de" dir="ltr"><body><table role="presentation"><tr><td>Hallo</td></tr></table></body></html>
    Okay: <html lang="de" dir="ltr"><body><table><caption>Termine</caption><tr><th>Tag</th><th>Ort</th></tr><tr><td>Montag</td><td>Rathaus</td></tr></table></body></html>
    Error: <html lang="de" dir="ltr"><body><table><tr><td>Hallo</td></tr></table></body></html>
    """
    for table in doc.root.iter("table"):
        role = (table.get("role") or "").strip().lower().split()
        if role[:1] in (["presentation"], ["none"]) or _is_data_table(table):
            continue
        yield Violation(
            message(
                doc,
                'Layout table %(element)s is read out as a data table: add role="presentation" (tables with '
                "data need header cells, th).",
                element=describe(table),
            ),
            table,
        )


@rule(
    "email-img-alt-attribute",
    description='Every image in an email has an alt attribute, decorative ones alt="".',
    wcag=["1.1.1"],
    channels=["email"],
)
def email_img_alt_attribute(doc: CheckedDocument) -> Iterator[Violation]:
    """Mail clients show the file name of an image without ``alt``, even one hidden from screen readers.

    Okay: <html lang="de" dir="ltr"><body><img src="linie.png" alt="" role="presentation"><p>Hallo</p></body></html>
    Error: <html lang="de" dir="ltr"><body><img src="linie.png" role="presentation"><p>Hallo</p></body></html>
    Error: <html lang="de" dir="ltr"><body><img src="pixel.gif" aria-hidden="true"><p>Hallo</p></body></html>
    """
    sem = semantics(doc)
    for image in doc.root.iter("img"):
        # Images in the accessibility tree without alt are the image-alt rule's finding already.
        quiet = not sem.is_exposed(image) or sem.role(image) in {"presentation", "none"}
        if image.get("alt") is None and quiet:
            yield Violation(
                message(
                    doc,
                    'Image %(element)s has no alt attribute: add alt="" so mail clients do not show its file name.',
                    element=describe(image),
                ),
                image,
            )


@rule(
    "email-font-size",
    description="Body text of an email is at least 14px.",
    channels=["email"],
)
def email_font_size(doc: CheckedDocument) -> Iterator[Violation]:
    """Many mail clients do not zoom text; small print must still be readable on a phone.

    Okay: <html lang="de" dir="ltr"><head><style>p { font-size: 16px }</style></head><body><p>Hallo</p></body></html>
    Okay: <html lang="de" dir="ltr"><body><div style="display:none;font-size:1px">Vorschau</div><p>Hallo</p></body></html>
    Error: <html lang="de" dir="ltr"><head><style>.klein { font-size: 11px }</style></head><body><p class="klein">Abmelden</p></body></html>
    Error: <html lang="de" dir="ltr"><body><div style="font-size:10pt"><p>Hallo</p></div></body></html>
    """
    sem = semantics(doc)
    hidden = doc.shared(_hidden_in_email)
    sizes: dict[_Element, float] = {}
    for element in _text_elements(doc):
        size = font_size_px(sem, element, sizes)
        if size < MIN_FONT_SIZE_PX and element not in hidden:
            yield Violation(
                message(
                    doc,
                    "Text in %(element)s is %(size)spx: make body text at least %(minimum)spx.",
                    element=describe(element),
                    size=f"{size:g}" if size == int(size) else f"{size:.1f}",
                    minimum=f"{MIN_FONT_SIZE_PX:g}",
                ),
                element,
            )


@rule(
    "email-text-in-images",
    description="The message of an email is in its text, not only in images.",
    wcag=["1.4.5"],
    channels=["email"],
)
def email_text_in_images(doc: CheckedDocument) -> Iterator[Violation]:
    """An email made of images is empty when images are blocked, and hard to read when enlarged.

    Okay: <html lang="de" dir="ltr"><body><img src="kopf.png" alt="Stadtwerke Beispielstadt"><p>Ab dem 1. Juni gelten neue Öffnungszeiten im Bürgerbüro. Montags bis freitags sind wir von acht bis achtzehn Uhr für Sie da, samstags von neun bis zwölf Uhr.</p></body></html>
    Error: <html lang="de" dir="ltr"><body><img src="angebot.png" alt="Neue Öffnungszeiten im Bürgerbüro ab dem 1. Juni: montags bis freitags 8 bis 18 Uhr"><p>Ihre Stadt</p></body></html>
    """
    hidden = doc.shared(_hidden_in_email)
    body = doc.root.find("body")
    if body is None:
        return
    images = [image for image in body.iter("img") if (image.get("alt") or "").strip() and image not in hidden]
    prose = " ".join(text for _, text in text_blocks(body, hidden.__contains__))
    if images and len(split_words(prose)) < MIN_TEXT_WORDS:
        yield Violation(
            message(
                doc,
                "The email has almost no text besides its images: put the message in the text and keep images "
                "for illustration, so it can be read with images blocked.",
            ),
            images[0],
        )


def _is_preheader(element: _Element) -> bool:
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return "preheader" in marks or "preview" in marks


@rule(
    "email-preheader",
    description="The email starts with a hidden preheader that summarises it.",
    severity="warning",
    channels=["email"],
)
def email_preheader(doc: CheckedDocument) -> Iterator[Violation]:
    """The preheader is the line inboxes show after the subject, and what a screen reader user hears first.

    Okay: <html lang="de" dir="ltr"><body><div class="preheader" style="display:none">Neue Öffnungszeiten ab Juni</div><p>Hallo</p></body></html>
    Okay: <html lang="de" dir="ltr"><body><div style="display:none;max-height:0;overflow:hidden">Neue Öffnungszeiten ab Juni</div><p>Hallo</p></body></html>
    Error: <html lang="de" dir="ltr"><body><p>Hallo</p></body></html>
    """
    hidden = doc.shared(_hidden_in_email)
    for element in _text_elements(doc):
        if any(_is_preheader(node) for node in (element, *element.iterancestors())):
            return
        if element.tag in {"div", "span"} and element in hidden:
            return
        break
    yield Violation(
        message(
            doc,
            "The email has no preheader: start the body with a short hidden summary "
            '(e.g. <div class="preheader" style="display:none">...</div>) that inboxes show after the subject.',
        ),
        doc.root.find("body"),
    )


@rule(
    "email-text-part",
    description="The email has a plain-text part.",
    channels=["email"],
)
def email_text_part(doc: CheckedDocument) -> Iterator[Violation]:
    """Some readers and mail clients show only plain text; the email must carry a text/plain part.

    Error: <html lang="de" dir="ltr"><body><p>Hallo</p></body></html>
    """
    if not (doc.text_part or "").strip():
        yield Violation(
            message(
                doc,
                "The email has no plain-text part: send a text/plain alternative with the same content and links.",
            ),
            None,
        )


def _in_text(href: str, text: str) -> bool:
    if href.lower().startswith("mailto:"):
        address = unquote(href[len("mailto:") :].split("?")[0]).strip()
        return bool(address) and address.lower() in text.lower()
    return href in text or href.rstrip("/") in text


@rule(
    "email-text-part-links",
    description="The plain-text part carries every link of the HTML part.",
    channels=["email"],
)
def email_text_part_links(doc: CheckedDocument) -> Iterator[Violation]:
    """A reader of the plain-text part must reach every place the HTML part links to.

    Okay: <html lang="de" dir="ltr"><body><p>Hallo</p></body></html>
    """
    text = doc.text_part or ""
    if not text.strip():
        return
    seen: set[str] = set()
    for link in doc.root.iter("a", "area"):
        href = (link.get("href") or "").strip()
        if not href.lower().startswith(_LINK_SCHEMES) or href in seen:
            continue
        seen.add(href)
        if not _in_text(href, text):
            yield Violation(
                message(
                    doc,
                    "The plain-text part lacks the link %(href)s: write every link of the HTML part into the text "
                    "part as a full address.",
                    href=href,
                ),
                link,
            )
