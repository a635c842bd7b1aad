"""Rules for lists: list items inside their list, and lists holding only their items."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import N_, describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["definition_list_structure", "list_item_parent", "list_structure"]

_LISTS = frozenset({"ul", "ol", "menu"})
_SCRIPTING = frozenset({"script", "template"})


def _list_role(doc: CheckedDocument, element: _Element) -> bool:
    return semantics(doc).explicit_role(element) in ("list", "directory")


@rule(
    "list-item-parent",
    description="List items (li) sit in a ul, ol or menu; dt and dd in a dl.",
    wcag=["1.3.1"],
)
def list_item_parent(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``li`` is a child of a list; a ``dt`` or ``dd`` is a child of a ``dl`` (or a ``div`` in one).

    Okay: <ul><li>Innenstadt</li><li>Bahnhof</li></ul>
    Okay: <dl><div><dt>Ort</dt><dd>Rathaus</dd></div></dl>
    Error: <div><li>Innenstadt</li><li>Bahnhof</li></div>
    Error: <div><dt>Ort</dt><dd>Rathaus</dd></div>
    """
    sem = semantics(doc)
    for element in doc.root.iter("li", "dt", "dd"):
        if sem.explicit_role(element) is not None or not sem.is_exposed(element):
            continue
        parent = element.getparent()
        if element.tag == "li":
            if parent is not None and (parent.tag in _LISTS or _list_role(doc, parent)):
                continue
            text = N_(
                "List item %(element)s is not inside a ul, ol or menu, so it is not read as part of a list: put it in a list."
            )
        else:
            grand = parent.getparent() if parent is not None else None
            if parent is not None and (
                parent.tag == "dl" or (parent.tag == "div" and grand is not None and grand.tag == "dl")
            ):
                continue
            text = N_(
                "Term or description %(element)s is not inside a dl, so its pairing is lost: put dt and dd in a dl."
            )
        yield Violation(message(doc, text, element=describe(element)), element)


@rule(
    "list-structure",
    description="Lists (ul, ol) hold only list items.",
    wcag=["1.3.1"],
)
def list_structure(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``ul`` or ``ol`` has only ``li`` children (and script or template).

    Okay: <ul><li>Innenstadt</li><li>Bahnhof</li></ul>
    Error: <ul><li>Innenstadt</li><p>Bahnhof</p></ul>
    """
    sem = semantics(doc)
    for listing in doc.root.iter("ul", "ol"):
        if sem.explicit_role(listing) is not None or not sem.is_exposed(listing):
            continue
        for child in listing:
            if not isinstance(child.tag, str) or child.tag in _SCRIPTING or child.tag == "li":
                continue
            if sem.explicit_role(child) == "listitem" or not sem.is_exposed(child):
                continue
            yield Violation(
                message(
                    doc,
                    "List %(list)s holds %(element)s directly: a list may hold only li elements; put the "
                    "content in a list item or outside the list.",
                    list=describe(listing),
                    element=describe(child),
                ),
                child,
            )


@rule(
    "definition-list-structure",
    description="Description lists (dl) hold only dt and dd groups.",
    wcag=["1.3.1"],
)
def definition_list_structure(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``dl`` holds ``dt`` and ``dd`` (or ``div``s of them), starting with a term.

    Okay: <dl><dt>Ort</dt><dd>Rathaus</dd><dt>Zeit</dt><dd>10 Uhr</dd></dl>
    Error: <dl><dt>Ort</dt><p>Rathaus</p></dl>
    Error: <dl><dd>Rathaus</dd></dl>
    """
    sem = semantics(doc)
    for listing in doc.root.iter("dl"):
        if sem.explicit_role(listing) is not None or not sem.is_exposed(listing):
            continue
        children = [child for child in listing if isinstance(child.tag, str) and child.tag not in _SCRIPTING]
        items = [grand for child in children for grand in (child if child.tag == "div" else [child])]
        wrong = [
            child
            for child in items
            if isinstance(child.tag, str) and child.tag not in ("dt", "dd", *_SCRIPTING)
        ]
        for child in wrong:
            yield Violation(
                message(
                    doc,
                    "Description list %(list)s holds %(element)s: a dl may hold only dt (term) and dd "
                    "(description) elements, optionally grouped in div.",
                    list=describe(listing),
                    element=describe(child),
                ),
                child,
            )
        terms = [child for child in items if child.tag in ("dt", "dd")]
        if terms and terms[0].tag == "dd" and not wrong:
            yield Violation(
                message(
                    doc,
                    "Description list %(list)s starts with a description (dd) without a term (dt): put the "
                    "term first.",
                    list=describe(listing),
                ),
                listing,
            )
