"""Rules for cues some readers miss: text in another writing system without its language, a form field
marked wrong only by its look, items told apart only by a colour key. (A focus the style sheet hides:
``focus-outline-removed`` in ``focus_scripts``.)"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.caches import register_cache
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.language import primary_subtag
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["colour_key_only", "error_by_style_only", "script_without_lang"]

# The writing system of each language whose pages are judged; a page in another language is left alone.
_LATIN = "de en fr es it nl pt pl cs sk sl hr bs hu ro sv da no nb nn fi et lv lt sq tr ga cy is mt eu ca gl"
_OTHERS = {"CYRILLIC": "ru uk be bg mk kk ky mn tg", "ARABIC": "ar fa ur ps", "HEBREW": "he yi", "GREEK": "el",
           "CJK": "zh ja", "HANGUL": "ko", "DEVANAGARI": "hi mr ne", "THAI": "th", "ARMENIAN": "hy",
           "GEORGIAN": "ka"}  # fmt: skip
_SCRIPT_OF = {language: script for script, languages in [("LATIN", _LATIN), *_OTHERS.items()]
              for language in languages.split()}  # fmt: skip
# The language a lang attribute could name for text in each script (the first of its languages above).
_EXAMPLE_LANG = {script: languages.split()[0] for script, languages in _OTHERS.items()}
# Japanese writes with Han, Hiragana and Katakana: one family. Latin is left out as a foreign script:
# brand names and abbreviations ("PDF", "COVID-19") stand in pages of every writing system.
_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK"}
# Enough letters for a word or a name (a lone Greek letter in a formula, "µg", is not a passage).
_MIN_FOREIGN_LETTERS = 4
_SKIPPED_TEXT = frozenset({"script", "style", "code", "kbd", "samp", "var", "math", "svg", "template"})


@register_cache
@lru_cache(maxsize=4096)
def _script(letter: str) -> str:
    """The writing system of one letter ("CYRILLIC"), as the first word of its Unicode name."""
    first = unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]
    return _FAMILY.get(first, first)


def _foreign_letters(text: str, own: str) -> tuple[str, int]:
    """(the writing system with the most letters in ``text`` that is not ``own`` or Latin, their count)."""
    counts: dict[str, int] = {}
    for letter in text:
        if letter.isalpha() and not letter.isascii():
            script = _script(letter)
            if script not in (own, "LATIN"):
                counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "", 0
    script = max(counts, key=counts.__getitem__)
    return script, counts[script]


def _declared_language(element: _Element, known: dict[_Element, str]) -> str:
    """The primary language subtag in force at ``element`` (its own lang or its nearest ancestor's)."""
    path: list[_Element] = []
    found = ""
    current: _Element | None = element
    while current is not None:
        if current in known:
            found = known[current]
            break
        path.append(current)
        lang = current.get("lang")
        if lang is not None:
            found = primary_subtag(lang)
            break
        current = current.getparent()
    for passed in path:
        known[passed] = found
    return found


def _own_text(element: _Element) -> str:
    """The text directly inside ``element``: its text and its children's tails (a child may have its own lang)."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


@rule(
    "script-without-lang",
    description="Text in another writing system than the page's (Cyrillic, Arabic, Greek ...) carries a lang attribute.",
    wcag=["3.1.2"],
)
def script_without_lang(doc: CheckedDocument) -> Iterator[Violation]:
    """A title in Russian or Arabic on a German page is read letter by letter, or not at all, in a German voice.

    A passage needs enough words for its language to be told by its words; its writing system tells that a
    short title or name is foreign at once.

    Okay: <!DOCTYPE html><html lang="de"><body><ul><li><a href="/ru.pdf" lang="ru">Памятка для родителей</a> (Russisch)</li></ul></body></html>
    Okay: <!DOCTYPE html><html lang="de"><body><p>Die Dosis beträgt 5 µg.</p></body></html>
    Error: <!DOCTYPE html><html lang="de"><body><ul><li><a href="/ru.pdf">Памятка для родителей</a> (Russisch)</li></ul></body></html>
    Error: <!DOCTYPE html><html lang="en"><body><p>Our leaflet in Arabic: <a href="/ar.pdf">معلومات للعاملين</a></p></body></html>
    """
    body = doc.root.find("body")
    if not doc.is_html_page or body is None:
        return
    sem = semantics(doc)
    known: dict[_Element, str] = {}
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TEXT:
            continue
        text = _own_text(element)
        if len(text) < _MIN_FOREIGN_LETTERS or text.isascii():
            continue
        own = _SCRIPT_OF.get(_declared_language(element, known))
        if own is None:
            continue  # a language whose writing system is not known here (or none declared)
        script, letters = _foreign_letters(text, own)
        if letters < _MIN_FOREIGN_LETTERS or not sem.is_exposed(element):
            continue
        if any(ancestor.tag in _SKIPPED_TEXT for ancestor in element.iterancestors()):
            continue
        yield Violation(
            message(
                doc,
                '%(element)s holds text in another writing system than the page\'s ("%(text)s") but no lang '
                'attribute says its language: mark it, e.g. lang="%(example)s", so that screen readers read it '
                "in that language.",
                element=describe(element),
                text=squash(text)[:60],
                example=_EXAMPLE_LANG.get(script, "ru"),
            ),
            element,
        )


# Class names that mark a field as wrong: "error", "has-error", "is-invalid", "fehler", "field--error".
_ERROR_CLASS = re.compile(
    r"(?:^|[-_])(?:error|errors|invalid|fehler|fehlerhaft|ungueltig|erreur|errore|fout|danger)(?:$|[-_])"
)
# Class names of an error's message: "error-text", "invalid-feedback", "fehlermeldung".
_MESSAGE_CLASS = re.compile(r"error|fehler|invalid|erreur|feedback|warn", re.IGNORECASE)
_FIELDS = ("input", "select", "textarea")


def _message_like(sem: Semantics, element: _Element) -> bool:
    """An element with text that its class or role marks as a message (an error text, an alert)."""
    marked = _MESSAGE_CLASS.search(element.get("class") or "") or sem.role(element) == "alert"
    return bool(marked) and bool(squash(text_of(element)))


def _error_classes(element: _Element | None) -> bool:
    if element is None:
        return False
    return any(_ERROR_CLASS.search(name) for name in (element.get("class") or "").lower().split())


def _has_error_text(doc: CheckedDocument, sem: Semantics, field: _Element) -> bool:
    """The field is tied to words about the error, or such words stand beside it or in an alert."""
    for attribute in ("aria-describedby", "aria-errormessage"):
        for ref in (field.get(attribute) or "").split():
            target = doc.by_id.get(ref)
            if target is not None and squash(text_of(target)):
                return True
    for holder in (field, field.getparent()):
        following = holder.getnext() if holder is not None else None
        if following is not None and _message_like(sem, following):
            return True
    return False


@rule(
    "error-by-style-only",
    description="A field marked wrong by its look (a red border) also says so in text and with aria-invalid.",
    wcag=["3.3.1"],
)
def error_by_style_only(doc: CheckedDocument) -> Iterator[Violation]:
    """A field that a class turns red after sending the form, with no words about what is wrong.

    Okay: <label for="t">Telefon</label><input id="t" class="error" aria-invalid="true" aria-describedby="t-e"><p id="t-e">Die Nummer ist zu kurz.</p>
    Okay: <div class="has-error"><label for="n">Name</label><input id="n"><span class="error-text">Bitte Namen angeben.</span></div>
    Error: <label for="t">Telefon</label><input id="t" class="fehler" value="05551 12">
    Error: <div class="form-group has-error"><label for="n">Name</label><input id="n"></div>
    Error: <label for="y">Year</label><input id="y" class="form-control is-invalid" value="19">
    Error: <label for="e">E-Mail</label><input id="e" class="field-error-state" value="jana@">
    """
    sem = semantics(doc)
    for field in doc.root.iter(*_FIELDS):
        if not (_error_classes(field) or _error_classes(field.getparent())):
            continue
        if field.get("aria-invalid", "").strip().lower() in ("true", "grammar", "spelling"):
            continue  # error-message-linked judges the message of a field marked invalid
        if not sem.is_exposed(field) or _has_error_text(doc, sem, field) or _group_has_error_text(sem, field):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s is marked as wrong by its class (%(classes)s) only: say in text what is wrong, "
                'next to the field and tied to it with aria-describedby, and set aria-invalid="true".',
                element=describe(field),
                classes=_classes_shown(field),
            ),
            field,
        )


def _group_has_error_text(sem: Semantics, field: _Element) -> bool:
    """The field's wrapper marked wrong holds a text element marked as the error (its message)."""
    wrapper = field.getparent()
    if wrapper is None or not _error_classes(wrapper):
        return False
    return any(
        child.tag not in (*_FIELDS, "label") and _message_like(sem, child)
        for child in wrapper.iter()
        if isinstance(child.tag, str) and child is not wrapper
    )


def _classes_shown(field: _Element) -> str:
    parent = field.getparent()
    names = [field.get("class") or "", parent.get("class") or "" if parent is not None else ""]
    return squash(" ".join(names))[:60]


_PAINTS = ("background", "background-color")
# The colour properties the cascade keeps (css_parse.TRACKED_PROPERTIES) that can code an item.
_COLOURS = ("background", "background-color", "color")
# A key's label ends at a separator or after a few words ("free", "booked out", "barrier-free access").
_LABEL = re.compile(r"^\s*[:=–-]?\s*([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,3})")
_STEM = 5


def _swatch_label(sem: Semantics, element: _Element) -> str:
    """The words a colour swatch stands before ("free"), or "" when ``element`` is no swatch."""
    # The cheap tests first: most elements have no class painting a background.
    if not element.get("class") or not any(name in sem.styles.get(element, {}) for name in _PAINTS):
        return ""
    if squash(text_of(element)) or next(element.iter("img", "svg"), None) is not None:
        return ""
    following = element.tail or ""
    after = element.getnext()
    if not following.strip() and after is not None:
        following = text_of(after)
    found = _LABEL.match(following)
    return found.group(1).casefold() if found else ""


def _says(text: str, label: str) -> bool:
    """``text`` holds each word of ``label`` (by its first letters: "booked" says "booking")."""
    words = {word[:_STEM] for word in re.findall(r"\w+", text.casefold())}
    return all(word[:_STEM] in words for word in re.findall(r"\w+", label) if len(word) > 2)


def _keys(doc: CheckedDocument, sem: Semantics) -> Iterator[dict[str, str]]:
    """Each colour key of the page: its swatches' own classes mapped to their labels (two or more)."""
    seen: set[_Element] = set()
    for element in doc.root.iter("span", "i", "div", "b", "em"):
        parent = element.getparent()
        if parent is None or parent in seen or not _swatch_label(sem, element):
            continue
        seen.add(parent)
        swatches = [(child, _swatch_label(sem, child)) for child in parent if isinstance(child.tag, str)]
        swatches = [(child, label) for child, label in swatches if label]
        if len(swatches) < 2:
            continue
        common = set.intersection(*(set((child.get("class") or "").split()) for child, _ in swatches))
        key = {}
        for child, label in swatches:
            own = set((child.get("class") or "").split()) - common
            key.update(dict.fromkeys(own, label))
        if len(set(key.values())) >= 2:
            yield key


@rule(
    "colour-key-only",
    description="Items coded by colour with a colour key say in text what their colour means.",
    wcag=["1.4.1"],
)
def colour_key_only(doc: CheckedDocument) -> Iterator[Violation]:
    """A key of coloured squares (green: free, red: booked) and items told apart by those colours alone.

    Readers who cannot tell the colours apart, and screen readers, get the items without their meaning.

    Okay: <style>.free{background:#c8ecd0}.taken{background:#f6c9c9}</style><p><span class="key free"></span> free <span class="key taken"></span> taken</p><button class="free">8:00 free</button><button class="taken">8:30 taken</button>
    Error: <style>.free{background:#c8ecd0}.taken{background:#f6c9c9}</style><p><span class="key free"></span> free <span class="key taken"></span> taken</p><button class="free">8:00</button><button class="taken">8:30</button>
    """
    sem = semantics(doc)
    for key in _keys(doc, sem):
        for element in doc.root.iter():
            if not isinstance(element.tag, str) or _swatch_label(sem, element):
                continue
            classes = [name for name in (element.get("class") or "").split() if name in key]
            declared = sem.styles.get(element, {})
            if not classes or not any(name in declared for name in _COLOURS) or not sem.is_exposed(element):
                continue
            label = key[classes[0]]
            text = f"{text_of(element)} {sem.name(element)} {element.get('title') or ''}"
            if not squash(text_of(element)) or _says(text, label):
                continue
            yield Violation(
                message(
                    doc,
                    '%(element)s is "%(label)s" by its colour only, as the colour key says: write it in its text '
                    '(e.g. "%(text)s %(label)s"), so that it does not depend on telling colours apart.',
                    element=describe(element),
                    label=label,
                    text=squash(text_of(element))[:40],
                ),
                element,
            )
            break  # one item per key: the others are coded the same way
