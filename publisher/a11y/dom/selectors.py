"""Matching CSS selectors against lxml elements, right to left as browsers do.

cssselect parses; this module turns the parsed tree into a small Python function (once per selector)
that matches the common cases (type, class, id, attribute, the usual pseudo-classes, ``:not``/``:is``,
all four combinators) on candidate elements taken from an index, which is much faster than evaluating
cssselect's XPath over the whole page. Anything else raises ``Unsupported`` when a match reaches it,
and the caller falls back to XPath.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml.etree import _Element

__all__ = ["Matcher", "Unsupported", "compile_plain", "compile_selector"]

Matcher = Callable[[_Element], bool]
# (0, ids, classes, tags), what the subject needs (tag, classes, id) and the matcher of a plain selector.
Plain = tuple[tuple[int, int, int, int], tuple[str | None, tuple[str, ...], str | None], Matcher]

# Pseudo-classes of user interaction: a static page is never hovered or focused.
_DYNAMIC = frozenset(
    {"hover", "focus", "active", "visited", "focus-visible", "focus-within", "target", "checked", "invalid"}
)


class Unsupported(Exception):
    """A selector feature this matcher does not handle."""


def _previous(element: _Element) -> _Element | None:
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


def _always(_: _Element) -> bool:
    return True


def _never(_: _Element) -> bool:
    return False


def _unsupported(feature: str) -> Matcher:
    # Raised when a match gets this far, not when compiling: a selector whose unsupported part is never
    # reached (its other conditions fail first) still matches nothing without the XPath fallback.
    def raise_unsupported(_: _Element) -> bool:
        raise Unsupported(feature)

    return raise_unsupported


def _both(first: Matcher, second: Matcher) -> Matcher:
    if second is _always:
        return first
    return lambda element: first(element) and second(element)


def _attribute(node: Any) -> Matcher:
    attribute = str(node.attrib)
    operator = node.operator
    if operator == "exists":
        return lambda element: element.get(attribute) is not None
    expected = str(node.value.value)
    folded = bool(node.flag)
    if folded:
        expected = expected.lower()
    tests: dict[str, Callable[[str], bool]] = {
        "=": lambda value: value == expected,
        "~=": lambda value: expected in value.split(),
        "|=": lambda value: value == expected or value.startswith(expected + "-"),
        "^=": lambda value: bool(expected) and value.startswith(expected),
        "$=": lambda value: bool(expected) and value.endswith(expected),
        "*=": lambda value: bool(expected) and expected in value,
    }
    test = tests.get(operator)

    def matches_attribute(element: _Element) -> bool:
        value = element.get(attribute)
        if value is None:
            return False
        if test is None:
            raise Unsupported(operator)
        return test(value.lower() if folded else value)

    return matches_attribute


def _last_child(element: _Element) -> bool:
    sibling = element.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling is None


_PSEUDO_CLASSES: dict[str, Matcher] = {
    "link": lambda element: element.tag in ("a", "area") and element.get("href") is not None,
    "root": lambda element: element.getparent() is None,
    "first-child": lambda element: _previous(element) is None,
    "last-child": _last_child,
    "empty": lambda element: not element.text and len(element) == 0,
}
_PSEUDO_CLASSES["any-link"] = _PSEUDO_CLASSES["link"]


def compile_selector(node: Any) -> Matcher:
    """A function telling whether an element matches the parsed selector tree ``node``.

    The function raises ``Unsupported`` when it meets a feature this module cannot decide.
    """
    kind = type(node).__name__
    if kind == "Element":
        name = node.element
        if not name or name == "*":
            return _always
        tag = str(name).lower()
        return lambda element: element.tag == tag
    if kind == "Class":
        class_name = node.class_name

        def has_class(element: _Element) -> bool:
            return class_name in (element.get("class") or "").split()

        return _both(has_class, compile_selector(node.selector))
    if kind == "Hash":
        element_id = node.id
        return _both(lambda element: element.get("id") == element_id, compile_selector(node.selector))
    if kind == "Attrib":
        return _both(_attribute(node), compile_selector(node.selector))
    if kind == "Pseudo":
        ident = str(node.ident).lower()
        if ident in _DYNAMIC:
            return _never
        return _both(_PSEUDO_CLASSES.get(ident) or _unsupported(ident), compile_selector(node.selector))
    if kind == "Negation":
        inner, excluded = compile_selector(node.selector), compile_selector(node.subselector)
        return lambda element: inner(element) and not excluded(element)
    if kind == "Matching":
        inner = compile_selector(node.selector)
        options = [compile_selector(option) for option in node.selector_list]
        return lambda element: inner(element) and any(option(element) for option in options)
    if kind == "CombinedSelector":
        return _combined(node)
    return _unsupported(kind)


def _plain_tag(node: Any) -> str | None:
    """The tag name of a selector that is just a tag name ("nav"), else None."""
    name = node.element if type(node).__name__ == "Element" else None
    tag = str(name).lower() if name and name != "*" else ""
    return tag if tag.isalnum() else None


def _plain_class(node: Any) -> str | None:
    """The class name of a selector that is just a class (".tags"), else None."""
    if type(node).__name__ != "Class" or type(node.selector).__name__ != "Element":
        return None
    name = node.selector.element
    return str(node.class_name) if not name or name == "*" else None


def _combined(node: Any) -> Matcher:
    subject = compile_selector(node.subselector)
    left = compile_selector(node.selector)
    combinator = node.combinator
    if combinator == " ":
        return _descendant(left, subject, _plain_tag(node.selector), _plain_class(node.selector))
    if combinator == ">":
        return _child(left, subject)
    if combinator == "+":

        def adjacent(element: _Element) -> bool:
            if not subject(element):
                return False
            sibling = _previous(element)
            return sibling is not None and left(sibling)

        return adjacent
    if combinator == "~":

        def general(element: _Element) -> bool:
            if not subject(element):
                return False
            sibling = _previous(element)
            while sibling is not None:
                if left(sibling):
                    return True
                sibling = _previous(sibling)
            return False

        return general
    return _both(subject, _unsupported(combinator))


# Plain selectors: compounds of a tag, classes, an id and the pseudo-classes of ``_PLAIN_PSEUDO`` (ASCII
# names, as cssselect's tokenizer reads them), joined by descendant or child combinators. Most of a
# site's style sheet is plain; reading it here spares cssselect's tokenizer, the slowest part of
# compiling a style sheet with cold caches.
_IDENT = r"-?[_a-zA-Z][_a-zA-Z0-9-]*"
_COMPOUND = re.compile(rf"(\*|{_IDENT})?((?:\.{_IDENT}|#[_a-zA-Z0-9-]+|:{_IDENT})*)")
_NAMES = re.compile(rf"\.({_IDENT})|#([_a-zA-Z0-9-]+)|:({_IDENT})")
_COMBINATOR = re.compile(r"\s*(>)\s*|\s+")
# Pseudo-classes a plain selector may carry: what ``compile_selector`` decides without raising.
_PLAIN_PSEUDO = _DYNAMIC | frozenset(_PSEUDO_CLASSES)


def compile_plain(selector: str) -> Plain | None:
    """Specificity, subject key and matcher of a plain selector ("nav > a.more"); None for anything else.

    The matcher gives what ``compile_selector`` gives for cssselect's parse of the same selector.
    """
    parts = _COMBINATOR.split(selector.strip())
    compounds = parts[::2]
    if not all(compounds):
        return None
    specificity = [0, 0, 0, 0]
    matcher: Matcher | None = None
    first: tuple[str | None, tuple[str, ...]] | None = None  # the left part, when one plain compound
    key: tuple[str | None, tuple[str, ...], str | None] = (None, (), None)
    for position, text in enumerate(compounds):
        found = _COMPOUND.fullmatch(text)
        if found is None:
            return None
        tag = found.group(1).lower() if found.group(1) and found.group(1) != "*" else None
        names = _NAMES.findall(found.group(2))
        classes = tuple(name for name, _, _ in names if name)
        ids = [name for _, name, _ in names if name]
        pseudos = [name.lower() for _, _, name in names if name]
        if not _PLAIN_PSEUDO.issuperset(pseudos):
            return None  # a pseudo-element written with one colon, or one cssselect must judge
        specificity[1] += len(ids)
        specificity[2] += len(classes) + len(pseudos)
        specificity[3] += tag is not None
        current = _with_pseudo_classes(_compound(tag, classes, ids), pseudos)
        if matcher is not None:
            current = _joined(matcher, current, parts[2 * position - 1] == ">", first)
        first = (tag, classes) if position == 0 and not ids and not pseudos else None
        matcher = current
        key = (tag, classes[::-1], ids[0] if ids else None)  # as cssselect's tree gives them
    assert matcher is not None
    return (specificity[0], specificity[1], specificity[2], specificity[3]), key, matcher


def _compound(tag: str | None, classes: tuple[str, ...], ids: list[str]) -> Matcher:
    if not classes and not ids:
        return _always if tag is None else (lambda element: element.tag == tag)
    wanted = set(classes)

    def compound(element: _Element) -> bool:
        if tag is not None and element.tag != tag:
            return False
        if any(element.get("id") != name for name in ids):
            return False
        return not wanted or wanted.issubset((element.get("class") or "").split())

    return compound


def _with_pseudo_classes(compound: Matcher, pseudos: list[str]) -> Matcher:
    if any(name in _DYNAMIC for name in pseudos):
        return _never  # a static page is never hovered, focused or visited
    for name in pseudos:
        test = _PSEUDO_CLASSES[name]
        compound = test if compound is _always else _both(compound, test)
    return compound


def _joined(
    left: Matcher, subject: Matcher, child: bool, plain_left: tuple[str | None, tuple[str, ...]] | None
) -> Matcher:
    if child:
        return _child(left, subject)
    tag, classes = plain_left or (None, ())
    lone_tag = tag if plain_left is not None and not classes else None
    lone_class = classes[0] if plain_left is not None and tag is None and len(classes) == 1 else None
    return _descendant(left, subject, lone_tag, lone_class)


def _child(left: Matcher, subject: Matcher) -> Matcher:
    def child(element: _Element) -> bool:
        if not subject(element):
            return False
        parent = element.getparent()
        return parent is not None and left(parent)

    return child


def _descendant(left: Matcher, subject: Matcher, tag: str | None, class_name: str | None) -> Matcher:
    """``left subject``; ``tag`` or ``class_name`` when ``left`` is just that tag or class (faster)."""
    if tag is not None:  # "nav a": lxml finds an ancestor by tag name in C
        return lambda element: subject(element) and next(element.iterancestors(tag), None) is not None
    if class_name is not None:  # ".tags li": one loop over the ancestors, no call per ancestor

        def in_class(element: _Element) -> bool:
            if not subject(element):
                return False
            for ancestor in element.iterancestors():
                classes = ancestor.get("class")
                if classes is not None and class_name in classes.split():
                    return True
            return False

        return in_class
    return lambda element: subject(element) and any(left(ancestor) for ancestor in element.iterancestors())
