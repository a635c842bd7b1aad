"""Rules for languages: the page and its parts say which language they are in, with valid tags."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.language import known_primary_language
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "html_has_lang",
    "html_lang_valid",
    "html_xml_lang_mismatch",
    "lang_valid",
]


@rule(
    "html-has-lang",
    description="The page states its language in the lang attribute of the html element.",
    wcag=["3.1.1"],
    act=["b5c3f8"],
)
def html_has_lang(doc: CheckedDocument) -> Iterator[Violation]:
    """The ``html`` element has a non-empty ``lang`` attribute.

    Okay: <!DOCTYPE html><html lang="de"><head><title>Pressemitteilung</title></head><body></body></html>
    Error: <!DOCTYPE html><html><head><title>Press release</title></head><body></body></html>
    Error: <!DOCTYPE html><html lang=" "><head><title>Press release</title></head><body></body></html>
    """
    if doc.is_html_page and doc.root.tag == "html" and not (doc.root.get("lang") or "").strip():
        yield Violation(
            message(
                doc,
                "The page does not say which language it is in: add a lang attribute to the html element, "
                'e.g. <html lang="de">.',
            ),
            doc.root,
        )


@rule(
    "html-lang-valid",
    description="The lang attribute of the html element is a valid language tag.",
    wcag=["3.1.1"],
    act=["bf051a"],
)
def html_lang_valid(doc: CheckedDocument) -> Iterator[Violation]:
    """The ``html`` element's ``lang`` starts with a known primary language subtag (BCP 47).

    Okay: <!DOCTYPE html><html lang="de-DE"><head><title>Pressemitteilung</title></head></html>
    Error: <!DOCTYPE html><html lang="german"><head><title>Pressemitteilung</title></head></html>
    Error: <!DOCTYPE html><html lang="deu"><head><title>Pressemitteilung</title></head></html>
    """
    lang = (doc.root.get("lang") or "").strip()
    if doc.is_html_page and doc.root.tag == "html" and lang and not known_primary_language(lang):
        yield Violation(
            message(
                doc,
                'The page language "%(lang)s" is not a valid language tag: use a BCP 47 tag such as "de" '
                'or "en-GB".',
                lang=lang,
            ),
            doc.root,
        )


@rule(
    "html-xml-lang-mismatch",
    description="The lang and xml:lang attributes of the html element name the same language.",
    wcag=["3.1.1"],
    act=["5b7ae0"],
)
def html_xml_lang_mismatch(doc: CheckedDocument) -> Iterator[Violation]:
    """When the ``html`` element has both ``lang`` and ``xml:lang``, their primary language subtags match.

    Okay: <!DOCTYPE html><html lang="de-DE" xml:lang="de"><head><title>Pressemitteilung</title></head></html>
    Error: <!DOCTYPE html><html lang="de" xml:lang="en"><head><title>Pressemitteilung</title></head></html>
    """
    lang = (doc.root.get("lang") or "").strip()
    xml_lang = (doc.root.get("xml:lang") or "").strip()
    if not (doc.is_html_page and doc.root.tag == "html" and lang and xml_lang):
        return
    if lang.split("-")[0].lower() != xml_lang.split("-")[0].lower():
        yield Violation(
            message(
                doc,
                'The html element says lang="%(lang)s" but xml:lang="%(xml_lang)s": give both the same '
                "language, or remove xml:lang.",
                lang=lang,
                xml_lang=xml_lang,
            ),
            doc.root,
        )


@rule(
    "lang-valid",
    description="Parts of the page in another language carry a valid lang attribute.",
    wcag=["3.1.2"],
    act=["de46e4"],
)
def lang_valid(doc: CheckedDocument) -> Iterator[Violation]:
    """Every element in the body whose ``lang`` applies to some text has a known primary language subtag.

    Okay: <p lang="fr">Liberté, égalité, fraternité</p>
    Okay: <div lang="klingon"></div>
    Error: <p lang="french">Liberté, égalité, fraternité</p>
    Error: <blockquote lang="eng">To be or not to be</blockquote>
    """
    body = doc.root.find("body")
    if body is None:
        return
    sem = semantics(doc)
    for element in doc.having("lang"):
        lang = element.get("lang")
        if element is body or not lang or known_primary_language(lang):
            continue
        if not any(ancestor is body for ancestor in element.iterancestors("body")):
            continue  # in the head, or the html element itself
        if _has_own_text(element, sem):
            yield Violation(
                message(
                    doc,
                    'Element %(element)s has lang="%(lang)s", which is not a valid language tag: use a '
                    'BCP 47 tag such as "fr" or "en-GB".',
                    element=describe(element),
                    lang=lang,
                ),
                element,
            )


def _has_own_text(element: _Element, sem: Semantics) -> bool:
    # Text that takes its language from this element: not inside a descendant with its own lang.
    if not sem.is_rendered(element):
        return False
    if (element.text or "").strip() and (sem.is_visible(element) or sem.is_exposed(element)):
        return True
    if element.tag in ("img", "area", "input") and sem.is_exposed(element) and sem.name(element):
        return True
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if (child.tail or "").strip() and (sem.is_visible(element) or sem.is_exposed(element)):
            return True
        if child.get("lang") is None and _has_own_text(child, sem):
            return True
    return False
