"""Rules that read the page's words: does the title fit the page, is the text in the language it declares.

Languages are identified with py3langid (a naive Bayes model over byte n-grams that ships with the
package; nothing is downloaded), among the languages of Europe and the largest others, and only
where the text is long enough and the model sure enough: a short English term in a German text is
not a fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.caches import register_cache
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.language import primary_subtag
from publisher.a11y.dom.language_model import language_identifier
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "detect_language",
    "page_language_matches",
    "part_language_marked",
    "part_language_matches",
    "title_describes_page",
]

_WORD = re.compile(r"[^\W\d_]{4,}")
_GENERIC_TITLES = frozenset({
    "untitled", "untitled document", "unbenannt", "ohne titel", "document", "dokument", "new page", "neue seite",
    "page", "seite", "title", "titel", "home", "homepage", "index", "default", "test", "welcome", "willkommen",
    "startseite", "start", "home page", "hauptseite", "new document", "neues dokument",
})  # fmt: skip
_LANGUAGES = [
    "de",
    "en",
    "fr",
    "nl",
    "it",
    "es",
    "pt",
    "da",
    "sv",
    "nn",
    "no",
    "fi",
    "pl",
    "cs",
    "sk",
    "sl",
    "hu",
    "ro",
    "hr",
    "sr",
    "bg",
    "el",
    "tr",
    "ru",
    "uk",
    "lt",
    "lv",
    "et",
    "ga",
    "cy",
    "mt",
    "is",
    "sq",
    "mk",
    "ar",
    "fa",
    "he",
    "hi",
    "ur",
    "zh",
    "ja",
    "ko",
    "vi",
    "th",
    "id",
    "ms",
    "lb",
    "ca",
    "eu",
    "gl",
]
_SKIPPED = frozenset(
    {"script", "style", "template", "noscript", "code", "pre", "svg", "math", "kbd", "samp", "var"}
)


_MODEL: list[Any] = []  # the language model, loaded once per process (it is data, not a per-page cache)


def _identifier() -> Any:
    if not _MODEL:
        _MODEL.append(language_identifier(_LANGUAGES))
    return _MODEL[0]


@register_cache
@lru_cache(maxsize=512)
def detect_language(text: str) -> tuple[str, float, dict[str, float]]:
    """(language, probability, probability per language) of ``text`` (cached by text)."""
    ranked = _identifier().rank(text)
    best, probability = ranked[0]
    return str(best), float(probability), {str(code): float(score) for code, score in ranked[:6]}


def _differs(
    text: str, declared: str, *, words: int, margin: float | None = None, limit: int = 300
) -> str | None:
    """The language ``text`` is clearly written in, if it is not ``declared`` (None when unsure).

    Clearly: the model is 90 % sure and gives the declared language 5 % at most, or (with ``margin``,
    for a whole page) it finds the other language that many times likelier than the declared one.
    """
    if declared not in _LANGUAGES or len(_WORD.findall(text)) < words:
        return None  # a language the model does not know is never contradicted: no need to ask it
    best, probability, ranked = detect_language(text[:limit])
    # Norwegian has two written forms and a macro tag; a text that fits the declared language nearly
    # as well (a sentence that is English and French at once) is not in another language.
    same = {declared} | ({"no", "nb", "nn"} if declared in ("no", "nb", "nn") else set())
    if best in same:
        return None
    declared_probability = ranked.get(declared, 0.0)
    sure = probability >= 0.9 and declared_probability <= 0.05
    likelier = margin is not None and probability >= 0.4 and probability >= margin * declared_probability
    return best if sure or likelier else None


def _own_words(element: _Element, sem: Any, limit: int | None = None) -> list[str]:
    """Text of ``element`` and what readers hear for its images, leaving out parts in another language.

    In reading order, as pieces; with ``limit``, the pieces stop once they hold more characters.
    """
    # A loop with its own stack: nested generators cost a step per level for every piece of text.
    parts = [element.text or ""]
    length = len(parts[0])
    stack: list[tuple[Iterator[_Element], _Element | None]] = [(iter(element), None)]
    while stack and (limit is None or length <= limit):
        children, owner = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if owner is None:
                continue
            piece = owner.tail or ""  # after the element's content
        elif not (_own_part(child) and sem.is_exposed(child)):
            piece = child.tail or ""
        elif child.tag in ("img", "area") or (child.tag == "input" and child.get("type") == "image"):
            stack.append((iter(()), child))
            piece = " " + sem.name(child) + " "  # what a screen reader says for it
        else:
            stack.append((iter(child), child))
            piece = child.text or ""
        parts.append(piece)
        length += len(piece)
    return parts


def _own_part(child: _Element) -> bool:
    return isinstance(child.tag, str) and child.tag not in _SKIPPED and child.get("lang") is None


@rule(
    "page-language-matches",
    description="The page's text is in the language its html lang attribute declares.",
    wcag=["3.1.1"],
    act=["ucwvc8"],
)
def page_language_matches(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen readers speak the page with the voice of its ``lang``: a German text marked English is garbled.

    Okay: <!DOCTYPE html><html lang="de"><head><title>Neue Radwege</title></head><body><p>Die Stadt baut in diesem Jahr drei neue Radwege entlang der Hauptstraßen.</p></body></html>
    Error: <!DOCTYPE html><html lang="en"><head><title>Neue Radwege</title></head><body><p>Die Stadt baut in diesem Jahr drei neue Radwege entlang der Hauptstraßen.</p></body></html>
    """
    declared = primary_subtag(doc.root.get("lang") or "")
    if not doc.is_html_page or not declared:
        return
    sem = semantics(doc)
    title = next(doc.root.iter("title"), None)
    body = doc.root.find("body")
    parts = [text_of(title) if title is not None else ""]
    if body is not None:
        parts.extend(_own_words(body, sem, limit=900))  # the first 800 characters are enough to tell
    text = squash(" ".join(parts))
    found = _differs(text, declared, words=3, margin=3.0, limit=500)
    if found:
        yield Violation(
            message(
                doc,
                'The page says it is in "%(declared)s" (lang attribute of html), but its text reads as '
                '"%(found)s": set lang to the language of the text, so that screen readers pronounce it '
                "correctly.",
                declared=declared,
                found=found,
            ),
            doc.root,
        )


@rule(
    "part-language-matches",
    description="A part marked with a lang attribute is in that language.",
    wcag=["3.1.2"],
    act=["off6ek"],
)
def part_language_matches(doc: CheckedDocument) -> Iterator[Violation]:
    """An element with ``lang`` holds text in that language (judged only where there is enough text).

    Okay: <p>Das Zitat lautet: <span lang="en">We will connect every school to fast internet by the end of next year.</span></p>
    Error: <p>Das Zitat lautet: <span lang="fr">We will connect every school to fast internet by the end of next year.</span></p>
    """
    sem = semantics(doc)
    for element in doc.having("lang"):
        if element is doc.root or element.tag in _SKIPPED or not sem.is_exposed(element):
            continue
        declared = primary_subtag(element.get("lang") or "")
        if not declared:
            continue
        text = squash("".join(_own_words(element, sem)))
        found = _differs(text, declared, words=2)
        if found:
            yield Violation(
                message(
                    doc,
                    'Element %(element)s says its text is in "%(declared)s", but it reads as "%(found)s": '
                    "correct the lang attribute so that screen readers switch to the right language.",
                    element=describe(element),
                    declared=declared,
                    found=found,
                ),
                element,
            )


def _stems(text: str) -> set[str]:
    """The first six letters, case-folded, of each word of four letters or more in ``text``."""
    return {word.casefold()[:6] for word in set(_WORD.findall(text))}


def _leading_text(element: _Element, limit: int) -> str:
    """The first ``limit`` characters of the text inside ``element`` (``text_of(element)[:limit]``)."""
    parts: list[str] = []
    length = 0
    for piece in map(str, element.itertext()):
        parts.append(piece)
        length += len(piece)
        if length >= limit:
            break  # a long page's text need not be gathered whole
    return "".join(parts)[:limit]


@rule(
    "title-describes-page",
    description="The page title is not a placeholder and shares its words with the page.",
    severity="warning",
    wcag=["2.4.2"],
    act=["c4a8a4"],
)
def title_describes_page(doc: CheckedDocument) -> Iterator[Violation]:
    """A title such as "Untitled" or one about another subject does not tell readers where they are.

    Okay: <!DOCTYPE html><html lang="de"><head><title>Neue Radwege in der Innenstadt</title></head><body><h1>Neue Radwege in der Innenstadt</h1></body></html>
    Error: <!DOCTYPE html><html lang="de"><head><title>Unbenannt</title></head><body><h1>Neue Radwege in der Innenstadt</h1></body></html>
    Error: <!DOCTYPE html><html lang="de"><head><title>Haushalt beschlossen</title></head><body><h1>Neue Radwege in der Innenstadt</h1><p>Die Stadt baut drei neue Radwege.</p></body></html>
    """
    if not doc.is_html_page:
        return
    title = next(doc.root.iter("title"), None)
    body = doc.root.find("body")
    if title is None or body is None:
        return
    text = squash(text_of(title))
    generic = text.casefold().strip(" .-–|:") in _GENERIC_TITLES or re.fullmatch(
        r"[\w.-]+\.(?:html?|php|aspx?)", text
    )
    words = _stems(text)
    # The subject of a page is in its headings and first paragraphs: the first 4,000 characters.
    unrelated = len(words) >= 2 and len(words & _stems(_leading_text(body, 4000))) * 2 < len(words)
    if text and (generic or unrelated):
        yield Violation(
            message(
                doc,
                "The page title “%(title)s” does not say what this page is about: name its subject, e.g. "
                "the headline followed by the site's name.",
                title=text,
            ),
            title,
            severity="warning",
        )


_PASSAGES = frozenset(
    {"p", "li", "blockquote", "td", "th", "dd", "figcaption", "caption", "h1", "h2", "h3", "h4", "h5", "h6"}
)
# Enough words for the model to be sure, and enough that a reader hears a whole passage mispronounced.
_PASSAGE_MIN_WORDS = 10


def _too_short(element: _Element, words: int) -> bool:
    """True when ``element`` cannot hold ``words`` words of four letters (``_WORD``), told cheaply.

    Its own words (``_own_words``) are part of all its text, or, where it holds an image, its name too:
    without images, fewer characters than the words need settle it before the words are gathered.
    """
    return (
        sum(map(len, element.itertext())) < 4 * words
        and next(element.iter("img", "area", "input"), None) is None
    )


def _inherited_language(element: _Element, known: dict[_Element, str]) -> str:
    """The primary subtag of the nearest ancestor's ``lang`` ("" when none has one).

    ``known`` remembers it per ancestor, so the passages of one section share the walk up.
    """
    path: list[_Element] = []
    language = ""
    for ancestor in element.iterancestors():
        if ancestor in known:
            language = known[ancestor]
            break
        path.append(ancestor)
        own = ancestor.get("lang")
        if own is not None:
            language = primary_subtag(own)
            break
    for ancestor in path:  # each of them inherits it, or declares it (the last one)
        known[ancestor] = language
    return language


def _holding_passages(passages: list[_Element]) -> set[_Element]:
    """The passages that hold another passage (they are left to the inner one), found going up."""
    holding: set[_Element] = set()
    for passage in passages:
        for ancestor in passage.iterancestors(*_PASSAGES):
            if ancestor in holding:
                break  # and so are the passages above it
            holding.add(ancestor)
    return holding


@rule(
    "part-language-marked",
    description="A passage in another language than the page carries a lang attribute.",
    wcag=["3.1.2"],
)
def part_language_marked(doc: CheckedDocument) -> Iterator[Violation]:
    """A quote or paragraph in a foreign language is marked, or screen readers speak it with the page's voice.

    Okay: <!DOCTYPE html><html lang="de"><body><blockquote lang="en"><p>We will connect every school to fast internet by the end of next year, the minister said.</p></blockquote></body></html>
    Error: <!DOCTYPE html><html lang="de"><body><blockquote><p>We will connect every school to fast internet by the end of next year, the minister said.</p></blockquote></body></html>
    """
    if not doc.is_html_page:
        return
    sem = semantics(doc)
    passages = list(doc.root.iter(*_PASSAGES))
    holding = _holding_passages(passages)
    languages: dict[_Element, str] = {}
    for element in passages:
        if element.get("lang") is not None or element in holding:
            continue
        declared = _inherited_language(element, languages)
        if not declared or not sem.is_exposed(element) or _too_short(element, _PASSAGE_MIN_WORDS):
            continue
        found = _differs(squash("".join(_own_words(element, sem))), declared, words=_PASSAGE_MIN_WORDS)
        if found:
            yield Violation(
                message(
                    doc,
                    '%(element)s reads as "%(found)s" but the page around it is "%(declared)s": mark it with '
                    'lang="%(found)s" so that screen readers switch to the right pronunciation.',
                    element=describe(element),
                    found=found,
                    declared=declared,
                ),
                element,
            )
