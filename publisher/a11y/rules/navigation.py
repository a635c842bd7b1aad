"""Rules for finding one's way in a page: skip links that lead somewhere, landmarks told apart, titles.

A page may offer every way past its menus and still strand readers: a skip link whose target is not
in the page moves nothing, three unnamed navigation landmarks read as "navigation, navigation,
navigation", and a title that only names the site or the kind of page is the same on every page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["landmark_unique", "same_page_link_target", "title_names_subject"]

# Fragments that need no element: "#" and "#top" go to the start of the page (HTML's own rule).
_NO_TARGET_NEEDED = frozenset({"", "top"})
# Landmarks that repeat on every page and that a page holds several of only if each has its own name
# (a main menu, a breadcrumb, a footer menu); "main" only once.
_NAMED_LANDMARKS = ("navigation", "banner", "contentinfo")


@rule(
    "same-page-link-target",
    description="A link to a place in the same page (a skip link, a table of contents) has a target there.",
    wcag=["2.4.1"],
)
def same_page_link_target(doc: CheckedDocument) -> Iterator[Violation]:
    """A skip link to an id the page does not have leaves the focus where it was: nothing is skipped.

    Okay: <a href="#content">Skip to content</a><nav><a href="/">Home</a></nav><main id="content"><p>Text</p></main>
    Okay: <a href="#top">Back to top</a>
    Okay: <a href="#panel-2" role="tab" aria-controls="panel-2">Fares</a>
    Error: <a href="#content">Skip to content</a><nav><a href="/">Home</a></nav><main id="main"><p>Text</p></main>
    Error: <a href="#fares">Fares</a><h2 id="fare">Fares</h2>
    """
    if not doc.is_html_page:
        return
    sem = semantics(doc)
    anchors = {element.get("name") for element in doc.root.iter("a") if element.get("name")}
    for link in doc.root.iter("a"):
        href = (link.get("href") or "").strip()
        if not href.startswith("#") or href.startswith("#!") or href.startswith("#/"):
            continue  # a script's route ("#!/news", "#/news"), not a place in the page
        target = unquote(href[1:])
        if target.lower() in _NO_TARGET_NEEDED or target in doc.by_id or target in anchors:
            continue
        if any(
            link.get(name) is not None
            for name in ("role", "aria-controls", "onclick", "data-toggle", "data-bs-toggle")
        ):
            continue  # a script acts on the click (a tab, a disclosure)
        if not sem.is_exposed(link):
            continue
        yield Violation(
            message(
                doc,
                '%(element)s leads to "#%(target)s", but no element of the page has that id: give the '
                "element the link should move to that id (the start of the content for a skip link).",
                element=describe(link),
                target=target,
            ),
            link,
        )


@rule(
    "landmark-unique",
    description="Landmarks of the same kind (several navigations) have names that tell them apart; one main.",
    wcag=["1.3.1"],
)
def landmark_unique(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen reader users jump by landmark: three of them called "navigation" cannot be told apart.

    Okay: <nav aria-label="Main menu"><a href="/">Home</a></nav><nav aria-label="Legal"><a href="/imprint">Imprint</a></nav>
    Okay: <nav><a href="/">Home</a></nav><main><p>Text</p></main>
    Error: <nav><a href="/">Home</a></nav><main><p>Text</p></main><footer><nav><a href="/imprint">Imprint</a></nav></footer>
    Error: <main><div role="main"><p>Text</p></div></main>
    """
    sem = semantics(doc)
    mains = [element for element in sem.with_roles("main") if sem.is_exposed(element)]
    for extra in mains[1:]:
        yield Violation(
            message(
                doc,
                "%(element)s is a second main landmark: a page has one, around its own content; remove the "
                "role or element from the others.",
                element=describe(extra),
            ),
            extra,
        )
    for role in _NAMED_LANDMARKS:
        found = [element for element in sem.with_roles(role) if sem.is_exposed(element)]
        if len(found) < 2:
            continue
        names: dict[str, list[_Element]] = {}
        for element in found:
            names.setdefault(squash(sem.name(element)).casefold(), []).append(element)
        for name, same in names.items():
            if len(same) > 1:
                yield Violation(
                    message(
                        doc,
                        "%(count)s %(role)s landmarks have %(name)s: give each its own name with aria-label "
                        '(e.g. "Main menu", "Breadcrumb", "Legal") so that they can be told apart.',
                        count=len(same),
                        role=role,
                        name=message(doc, 'the same name "%(name)s"', name=name)
                        if name
                        else message(doc, "no name"),
                    ),
                    same[1],
                )


# Words that name the kind of page or the site's part, not a page's subject.
_PAGE_KINDS = frozenset(
    [
        "pressemitteilung",
        "pressemitteilungen",
        "pressemeldung",
        "pressemeldungen",
        "presse",
        "pressestelle",
        "pressebereich",
        "pressemappe",
        "medien",
        "medienmitteilung",
        "meldung",
        "meldungen",
        "nachricht",
        "nachrichten",
        "aktuelles",
        "neuigkeiten",
        "artikel",
        "beitrag",
        "beiträge",
        "detail",
        "details",
        "detailansicht",
        "seite",
        "startseite",
        "veranstaltung",
        "veranstaltungen",
        "termin",
        "termine",
        "dokument",
        "unbenannt",
        "news",
        "newsroom",
        "press",
        "release",
        "releases",
        "statement",
        "media",
        "article",
        "articles",
        "post",
        "posts",
        "story",
        "stories",
        "page",
        "detail",
        "event",
        "events",
        "document",
        "untitled",
        "home",
        "homepage",
        "index",
        "office",
        "centre",
        "center",
    ]
)
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text) if len(word) > 2 or word.isdigit()}


def _text_besides_current(element: _Element) -> str:
    """The text of ``element`` without its entries for the page shown (``aria-current="page"``).

    A breadcrumb's last entry or the menu's current item names this page, not the site.
    """
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and (child.get("aria-current") or "").lower() != "page":
            parts.append(_text_besides_current(child))
        parts.append(child.tail or "")
    return " ".join(parts)  # element by element: menus often have no space between their links


def _outside_main_text(doc: CheckedDocument) -> set[str]:
    """Words of the page's repeated parts (header, navigation, footer): the site's name is among them."""
    sem = semantics(doc)
    words: set[str] = set()
    for element in sem.with_roles("banner", "contentinfo", "navigation"):
        words |= _words(_text_besides_current(element))
    for logo in doc.root.iter("a"):
        if (logo.get("href") or "").strip() in ("/", "./", "index.html"):
            words |= _words(text_of(logo)) | _words(
                " ".join(img.get("alt") or "" for img in logo.iter("img"))
            )
    return words


@rule(
    "title-names-subject",
    description="The page title names the page's subject, not only the site or the kind of page.",
    severity="warning",
    wcag=["2.4.2"],
)
def title_names_subject(doc: CheckedDocument) -> Iterator[Violation]:
    """Titles such as "Press release – Town of X" are the same on every page of their kind.

    A title whose own words share no stem with the main heading and the breadcrumb's current page, when
    these two agree, names another page (copied from it): that is reported too.

    Okay: <!DOCTYPE html><html lang="en"><head><title>Bridge repairs start in March – Press release – Town of Elm</title></head><body><header><a href="/">Town of Elm</a></header><main><h1>Bridge repairs start in March</h1></main></body></html>
    Okay: <!DOCTYPE html><html lang="en"><head><title>Town of Elm</title></head><body><header><a href="/">Town of Elm</a></header><main><h1>Welcome to the Town of Elm</h1></main></body></html>
    Okay: <!DOCTYPE html><html lang="en"><head><title>Cancel an appointment – Town of Elm</title></head><body><header><a href="/">Town of Elm</a></header><nav aria-label="Breadcrumb"><a href="/">Home</a> <span aria-current="page">Cancel an appointment</span></nav><main><h1>Your bookings</h1></main></body></html>
    Error: <!DOCTYPE html><html lang="en"><head><title>Press release – Town of Elm</title></head><body><header><a href="/">Town of Elm</a></header><main><h1>Bridge repairs start in March</h1></main></body></html>
    Error: <!DOCTYPE html><html lang="en"><head><title>Town of Elm</title></head><body><header><a href="/">Town of Elm</a></header><main><h1>Bridge repairs start in March</h1></main></body></html>
    Okay: <!DOCTYPE html><html lang="en"><head><title>Directions – Town of Elm</title></head><body><header><a href="/">Town of Elm</a></header><main><h1>How to find us</h1></main></body></html>
    Error: <!DOCTYPE html><html lang="en"><head><title>Meeting calendar – Town of Elm</title></head><body><header><a href="/">Town of Elm</a></header><nav aria-label="Breadcrumb"><a href="/">Home</a> <span aria-current="page">All members</span></nav><main><h1>Members of the council</h1></main></body></html>
    """
    if not doc.is_html_page:
        return
    title = next(doc.root.iter("title"), None)
    sem = semantics(doc)
    heading = next((element for element in doc.root.iter("h1") if sem.is_exposed(element)), None)
    if title is None or heading is None:
        return
    title_words = _words(text_of(title))
    heading_words = _words(text_of(heading)) - _PAGE_KINDS
    if not title_words or not heading_words or title_words & heading_words:
        return
    place = _current_place(doc)
    # This page's name is not the site's, also where a menu lists the page without marking it current
    # (the marked entries are left out of the repeated parts' words already).
    site = _outside_main_text(doc) - place
    own = title_words - _PAGE_KINDS - site
    if own:
        named = _words(text_of(heading))
        # The main heading and the breadcrumb agree on the page's name, and the title names neither.
        if place and _related(named, place) and not _related(own, named | place):
            yield _other_subject(doc, title, heading)
        return  # the title says something of its own, and it is this page's subject
    yield Violation(
        message(
            doc,
            "The page title “%(title)s” names only the site or the kind of page, not what this page is about "
            "(“%(heading)s”): put the page's subject first, e.g. its main heading followed by the site's name.",
            title=squash(text_of(title)),
            heading=squash(text_of(heading)),
        ),
        title,
        severity="warning",
    )


_SHARED_LETTERS = 4  # a run of letters two words share when one inflects or compounds the other


def _related(words: set[str], others: set[str]) -> bool:
    """Whether some word shares a run of four letters with another ("vormerken", "vorgemerkt")."""
    for word in words:
        runs = {word[start : start + _SHARED_LETTERS] for start in range(len(word) - _SHARED_LETTERS + 1)}
        if any(run in other for run in runs for other in others):
            return True
    return False


def _current_place(doc: CheckedDocument) -> set[str]:
    """Words of the breadcrumb's current page (aria-current="page")."""
    return {
        word
        for element in doc.having("aria-current")
        if (element.get("aria-current") or "").strip().lower() == "page"
        for word in _words(text_of(element))
    }


def _other_subject(doc: CheckedDocument, title: _Element, heading: _Element) -> Violation:
    return Violation(
        message(
            doc,
            "The page title “%(title)s” shares no word with the main heading “%(heading)s”: it seems to name "
            "another page. Make the title say this page's subject, followed by the site's name.",
            title=squash(text_of(title)),
            heading=squash(text_of(heading)),
        ),
        title,
        severity="warning",
    )
