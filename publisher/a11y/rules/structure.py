"""Rules for page structure: title, headings, unique ids and a way past repeated blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element, iterwalk

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.headings import heading_level, headings
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["bypass_blocks", "document_title", "heading_name", "heading_order", "id_unique", "page_has_one_h1"]


def _outside(element: _Element, *containers: str) -> bool:
    # Template content (and, for the title, SVG) is not part of the page's own tree.
    return next(element.iterancestors(*containers), None) is None


@rule(
    "document-title",
    description="The page has a non-empty title.",
    wcag=["2.4.2"],
    act=["2779a5"],
)
def document_title(doc: CheckedDocument) -> Iterator[Violation]:
    """The first ``title`` element of the page has text.

    Okay: <!DOCTYPE html><html lang="en"><head><title>Budget 2025 adopted</title></head></html>
    Error: <!DOCTYPE html><html lang="en"><head></head><body><p>Text</p></body></html>
    Error: <!DOCTYPE html><html lang="en"><head><title> </title></head></html>
    """
    if not doc.is_html_page:
        return
    title = next((found for found in doc.root.iter("title") if _outside(found, "template", "svg")), None)
    if title is None or not squash(text_of(title)):
        yield Violation(
            message(doc, "The page has no title: add a title element to the head that names the page."),
            title if title is not None else doc.root,
        )


@rule(
    "heading-name",
    description="Headings are not empty.",
    wcag=["1.3.1", "2.4.6"],
    act=["ffd0e9"],
)
def heading_name(doc: CheckedDocument) -> Iterator[Violation]:
    """Every heading in the accessibility tree has a non-empty accessible name.

    Okay: <h2>Contact for the press</h2>
    Okay: <h2><img src="logo.png" alt="Ministry of Culture"></h2>
    Error: <h2></h2>
    Error: <h2><img src="logo.png" alt=""></h2>
    """
    sem = semantics(doc)
    for element in doc.shared(headings):
        if not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Heading %(element)s is empty: give it text, or remove it if it only adds space.",
                    element=describe(element),
                ),
                element,
            )


@rule(
    "heading-order",
    description="Heading levels go down one at a time, without skipping a level.",
    wcag=["1.3.1"],
)
def heading_order(doc: CheckedDocument) -> Iterator[Violation]:
    """A heading is at most one level deeper than the heading before it.

    Okay: <h1>Budget</h1><h2>Schools</h2><h3>Primary schools</h3><h2>Roads</h2>
    Okay: <h2>Schools</h2><h3>Primary schools</h3>
    Error: <h1>Budget</h1><h3>Schools</h3>
    Error: <h1>Budget</h1><div role="heading" aria-level="4">Roads</div>
    """
    sem = semantics(doc)
    previous: int | None = None
    for element in doc.shared(headings):
        level = heading_level(element)
        if previous is not None and level > previous + 1:
            yield Violation(
                message(
                    doc,
                    'Heading "%(text)s" is level %(level)d right after a level %(previous)d heading, so '
                    "level %(missing)d is skipped: make it a level %(missing)d heading (h%(missing)d).",
                    text=_short(sem.name(element)) or describe(element),
                    level=level,
                    previous=previous,
                    missing=previous + 1,
                ),
                element,
            )
        previous = level


@rule(
    "page-has-one-h1",
    description="The page has exactly one main heading (h1).",
    wcag=["1.3.1", "2.4.6"],
    channels=["web"],
)
def page_has_one_h1(doc: CheckedDocument) -> Iterator[Violation]:
    """A web page has one level-1 heading: its title in the content.

    Okay: <h1>Budget 2025 adopted</h1><h2>Schools</h2>
    Error: <h2>Schools</h2>
    Error: <h1>Budget 2025 adopted</h1><h1>Schools</h1>
    """
    if not doc.is_html_page:
        return
    sem = semantics(doc)
    level_one = [element for element in doc.shared(headings) if heading_level(element) == 1]
    if not level_one:
        yield Violation(
            message(doc, "The page has no level 1 heading: mark up the article's title as h1."), doc.root
        )
    for element in level_one[1:]:
        yield Violation(
            message(
                doc,
                'Heading "%(text)s" is a second level 1 heading: keep one h1 for the page title and make '
                "this one h2.",
                text=_short(sem.name(element)) or describe(element),
            ),
            element,
        )


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


@rule(
    "id-unique",
    description="Id values are unique in the page.",
    # 4.1.1 Parsing is obsolete in WCAG 2.2; duplicate ids still break labels and references.
    wcag=["1.3.1", "4.1.2"],
    act=["3ea0c8"],
)
def id_unique(doc: CheckedDocument) -> Iterator[Violation]:
    """No two elements share an ``id`` value (labels and references would point at the wrong one).

    Okay: <p id="intro">One</p><p id="outro">Two</p>
    Okay: <span id="">One</span><span id="">Two</span>
    Error: <p id="intro">One</p><p id="intro">Two</p>
    """
    seen: dict[str, _Element] = {}
    reported: set[str] = set()
    for element in doc.having("id"):
        value = element.get("id")
        if not value or not _outside(element, "template"):
            continue
        if value in seen and value not in reported:
            reported.add(value)
            yield Violation(
                message(
                    doc,
                    'The id "%(id)s" is used more than once: give each element its own id.',
                    id=value,
                ),
                element,
            )
        seen.setdefault(value, element)


_REPEATED = ("a", "nav", "aside", "header", "footer", "button", "form")
_BAR_WORDS = 15
# Landmarks that hold the blocks a site repeats on every page: a way past them must lead outside them.
_REPEATED_LANDMARKS = frozenset({"navigation", "complementary", "banner", "contentinfo"})
_NOTICE_ROLES = _REPEATED_LANDMARKS | {"region", "dialog", "alertdialog"}


def _repeated_block(doc: CheckedDocument, element: _Element) -> _Element | None:
    """The outermost repeated landmark around ``element``, if any."""
    sem = semantics(doc)
    blocks = [ancestor for ancestor in element.iterancestors() if sem.role(ancestor) in _REPEATED_LANDMARKS]
    return blocks[-1] if blocks else None


def _in_repeated_block(doc: CheckedDocument, element: _Element) -> bool:
    return _repeated_block(doc, element) is not None or _in_notice(doc, element)


def _in_notice(doc: CheckedDocument, element: _Element) -> bool:
    """Inside a notice with buttons (a cookie or consent box marked as a region or dialog): not the content."""
    sem = semantics(doc)
    return any(
        sem.role(ancestor) in ("region", "dialog", "alertdialog")
        and any(True for _ in ancestor.iter("button"))
        for ancestor in element.iterancestors()
    )


def _just_before_content(doc: CheckedDocument, target: _Element) -> bool:
    """A skip link's target leads past the repeated blocks: it is outside them, or no text follows it there."""
    block = _repeated_block(doc, target)
    if block is None:
        return True
    ancestors = set(target.iterancestors())
    after = False
    for element in block.iter():
        after = after or element is target
        if not after or not isinstance(element.tag, str):
            continue
        if (element.text or "").strip() or ((element.tail or "").strip() and element is not block):
            return False
    # Text after the target's enclosing elements, still inside the block, is repeated content too.
    return not any(
        (ancestor.tail or "").strip() for ancestor in ancestors if block in ancestor.iterancestors()
    )


def _first_text_is_content(doc: CheckedDocument, body: _Element) -> bool:
    # The page opens with its own text, not with navigation or other repeated blocks.
    sem = semantics(doc)
    for element in body.iter():
        own = (element.text or "").strip() if isinstance(element.tag, str) else ""
        if own and sem.is_visible(element):
            return (
                next(element.iterancestors(*_REPEATED), None) is None
                and element.tag not in _REPEATED
                and not _in_site_notice(sem, element)
                and not _in_notice(doc, element)
                and not _in_link_bar(element)
            )
    return True


def _in_link_bar(element: _Element) -> bool:
    # A short line beside a list of links (opening hours next to the language links): a bar at the top of
    # every page, not the start of the content.
    parent = element.getparent()
    if parent is None or element.tag == "li" or len(squash(text_of(element)).split()) > _BAR_WORDS:
        return False
    return any(
        len(list(listing.iter("a"))) >= 2
        for sibling in parent
        if sibling is not element
        for listing in sibling.iter("ul", "ol")
    )


def _in_site_notice(sem: Semantics, element: _Element) -> bool:
    # A banner a site shows on every page (cookie consent, service notice) that a page author marked as a
    # region or dialog of its own: the page's content has not begun yet.
    return any(
        sem.explicit_role(ancestor) in _NOTICE_ROLES for ancestor in (element, *element.iterancestors())
    )


def _skip_instrument(doc: CheckedDocument) -> bool:
    # A link to a part of the page (or a first button) lets readers jump over what comes before it.
    sem = semantics(doc)
    focusable = [element for element in doc.having("href") if sem.in_tab_order(element)]
    first = next((element for element in doc.elements if sem.in_tab_order(element)), None)
    if first is None or sem.role(first) == "button" or first.get("href") == "#":
        return True
    targets = (
        doc.by_id.get(link.get("href", "")[1:])
        for link in focusable
        if (link.get("href") or "").startswith("#")
    )
    return any(target is not None and _just_before_content(doc, target) for target in targets)


@rule(
    "bypass-blocks",
    description="The page lets readers skip repeated blocks: a main landmark, headings or a skip link.",
    wcag=["2.4.1"],
    # The composite rule and its three parts: a page that offers none of the three fails each part.
    act=["cf77f2", "047fe0", "b40fd1", "ye5d6e"],
    channels=["web"],
)
def bypass_blocks(doc: CheckedDocument) -> Iterator[Violation]:
    """A page has a ``main`` landmark, a heading or a first link to its content, unless it opens with that content.

    Okay: <a href="/next">Next chapter</a><main><p>Text</p></main>
    Okay: <a href="#text">Skip to the text</a><nav><a href="/">Home</a></nav><div id="text">Text</div>
    Okay: <a href="#go">Skip</a><aside><p>Book</p><span id="go"></span></aside><div><p>Text</p></div>
    Error: <a href="/next">Next chapter</a><div><p>Text</p></div>
    Error: <a href="/next">Next chapter</a><main aria-hidden="true"><p>Text</p></main>
    Error: <nav><h2>Chapters</h2><a href="/next">Next chapter</a></nav><div><p>Text</p></div>
    Error: <a href="#about">Skip</a><a href="/next">Next</a><aside><p id="about">Book</p></aside><div><p>Text</p></div>
    Error: <div role="region" aria-label="Cookies"><p>We use cookies.</p></div><nav><a href="/">Home</a></nav><div><p>Text</p></div>
    Error: <section aria-label="Cookies"><h2>Cookies</h2><a href="/cookies">About cookies</a> <button>OK</button></section><nav><a href="/">Home</a></nav><div><p>Text</p></div>
    """
    body = doc.root.find("body")
    if not doc.is_html_page or body is None:
        return
    sem = semantics(doc)
    exposed_main = any(sem.is_exposed(element) for element in sem.with_roles("main"))
    content_heading = any(not _in_repeated_block(doc, element) for element in doc.shared(headings))
    if exposed_main or content_heading or _skip_instrument(doc):
        return
    if not _first_text_is_content(doc, body):
        yield Violation(
            message(
                doc,
                "The page starts with links or other repeated blocks and offers no way past them: mark up the "
                'content as <main>, give it headings, or add a first link "Skip to content" pointing at it.',
            ),
            body,
        )


_HEADING_WORD = re.compile(r"[^\W\d_]{4,}")


def _sections(doc: CheckedDocument) -> list[tuple[_Element, str]]:
    """Each exposed heading with the text that follows it up to the next heading (one document pass)."""
    marks = set(headings(doc))
    body = doc.root.find("body")
    if body is None or not marks:
        return []
    skipped = semantics(doc).unexposed
    found: list[tuple[_Element, list[str]]] = []
    inside = 0  # depth in headings: their own text is not the section's
    for event, element in iterwalk(body, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "start":
            if element in marks:
                found.append((element, []))
                inside += 1
            elif found and not inside and element not in skipped and element.tag not in ("script", "style"):
                found[-1][1].append(element.text or "")
            continue
        if element in marks:
            inside -= 1
        if found and not inside:
            found[-1][1].append(element.tail or "")
    return [(heading, " ".join(parts)) for heading, parts in found]


@rule(
    "heading-fits-section",
    description="A heading shares its words with the section it heads (a stricter check, with a11y.level AAA).",
    severity="warning",
    wcag=["2.4.6"],
    act=["b49b2e"],
    level="AAA",
)
def heading_fits_section(doc: CheckedDocument) -> Iterator[Violation]:
    """A heading whose words appear nowhere in its section probably does not describe it.

    A heuristic for an editor to look at, so it runs only on request (``a11y.level = "AAA"``).

    Okay: <h2>Öffnungszeiten</h2><p>Das Bürgerbüro öffnet montags bis freitags um acht Uhr.</p>
    Error: <h2>Wetter</h2><p>Das Bürgerbüro öffnet montags bis freitags um acht Uhr.</p>
    """
    for heading, text in _sections(doc):
        words = {word.casefold()[:4] for word in _HEADING_WORD.findall(squash(text_of(heading)))}
        section = {word.casefold()[:4] for word in _HEADING_WORD.findall(text)}
        if words and len(section) >= 3 and not words & section:
            yield Violation(
                message(
                    doc,
                    "Heading %(element)s shares no word with the text below it: check that it says what the "
                    "section is about.",
                    element=describe(heading),
                ),
                heading,
            )
