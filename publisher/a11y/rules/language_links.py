"""Rules for links and options written in another language than the page: a language switcher above all.

A switcher lists each language by its own name ("Français", "Türkçe", "Українська"); without a
``lang`` attribute a screen reader speaks "Türkçe" with the page's German or English voice, and
"Українська" not at all in some voices. The same holds for links whose text is written in the language
they lead to ("Komunikaty prasowe po polsku").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.caches import register_cache
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.language import language_of, primary_subtag
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["language_name_marked"]

# Languages by their own names, as switchers write them (lower case).
_OWN_NAMES = {
    "am": ("አማርኛ",),
    "ar": ("العربية", "عربي"),
    "be": ("беларуская",),
    "bg": ("български",),
    "bs": ("bosanski",),
    "cs": ("čeština", "česky"),
    "cy": ("cymraeg",),
    "da": ("dansk",),
    "de": ("deutsch",),
    "el": ("ελληνικά",),
    "en": ("english",),
    "es": ("español", "espanol"),
    "et": ("eesti",),
    "fa": ("فارسی",),
    "fi": ("suomi",),
    "fr": ("français", "francais"),
    "ga": ("gaeilge",),
    "he": ("עברית",),
    "hi": ("हिन्दी",),
    "hr": ("hrvatski",),
    "hu": ("magyar",),
    "is": ("íslenska",),
    "it": ("italiano",),
    "ja": ("日本語",),
    "ko": ("한국어",),
    "ku": ("kurdî", "kurdî (kurmancî)", "کوردی"),
    "lt": ("lietuvių", "lietuviškai"),
    "lv": ("latviešu",),
    "mk": ("македонски",),
    "nl": ("nederlands",),
    "no": ("norsk",),
    "pl": ("polski", "po polsku"),
    "ps": ("پښتو",),
    "pt": ("português", "portugues"),
    "ro": ("română", "romana"),
    "ru": ("русский",),
    "sk": ("slovenčina",),
    "sl": ("slovenščina",),
    "so": ("soomaali",),
    "sq": ("shqip",),
    "sr": ("srpski", "српски"),
    "sv": ("svenska",),
    "th": ("ไทย",),
    "ti": ("ትግርኛ",),
    "tr": ("türkçe", "turkce"),
    "uk": ("українська",),
    "ur": ("اردو",),
    "vi": ("tiếng việt",),
    "zh": ("中文", "简体中文", "繁體中文"),
}
_BY_NAME = {name: code for code, names in _OWN_NAMES.items() for name in names}
_STEM = 5
_LONGEST_NAME = max(len(name) for name in _BY_NAME)
_WORD = re.compile(r"[^\W\d_]+")


@register_cache
@lru_cache(maxsize=64)
def _name_in(language: str, page_language: str) -> str:
    """What the page's language calls ``language`` ("Englisch" in German), lower case; "" if unknown."""
    try:
        return (Locale.parse(page_language).languages.get(language) or "").casefold()
    except (UnknownLocaleError, ValueError):
        return ""


def _written_in(text: str, language: str, page_language: str) -> bool:
    """Whether ``text`` names ``language`` in that language's own words, and not in the page's words."""
    words = [word.casefold() for word in _WORD.findall(text)]
    stems = {name[:_STEM] for name in _OWN_NAMES.get(language, ())}
    if not any(word.startswith(stem) for word in words for stem in stems):
        return False
    own_name = _name_in(language, page_language)[:_STEM]
    return not own_name or not any(word.startswith(own_name) for word in words)


@rule(
    "language-name-marked",
    description="A link or option in another language (a language switcher's entries) carries a lang attribute.",
    wcag=["3.1.2"],
)
def language_name_marked(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen readers pick their voice by ``lang``: "Français" without it is read with the page's voice.

    Okay: <html lang="de"><body><a href="/fr/" lang="fr" hreflang="fr">Français</a> <a href="/de/">Deutsch</a></body></html>
    Okay: <html lang="de"><body><a href="/en/" hreflang="en">Englische Fassung</a></body></html>
    Error: <html lang="de"><body><a href="/fr/" hreflang="fr">Français</a></body></html>
    Error: <html lang="en"><body><select><option value="tr">Türkçe</option></select></body></html>
    Error: <html lang="en"><body><a href="/pl/" hreflang="pl">Komunikaty prasowe po polsku</a></body></html>
    """
    sem = semantics(doc)
    for element in doc.root.iter("a", "option", "button"):
        target = primary_subtag(element.get("hreflang") or "")
        text = squash(text_of(element))
        named = _BY_NAME.get(text.casefold().strip(" :|/()·-–")) if len(text) <= _LONGEST_NAME else None
        if named is None and not target:
            continue  # neither a language's own name nor a link to a page in another language
        page_language = primary_subtag(language_of(element))
        if not page_language or not text or len(text) > 80:
            continue
        if named is None and target != page_language and _written_in(text, target, page_language):
            named = target
        holder = element.getparent() if element.tag == "option" else element
        if named is None or named == page_language or holder is None or not sem.is_exposed(holder):
            continue
        yield Violation(
            message(
                doc,
                '%(element)s reads "%(text)s", which is %(language)s, but the page around it is "%(page)s": add '
                'lang="%(language)s" so that screen readers say it in the right language.',
                element=describe(element),
                text=text,
                language=named,
                page=page_language,
            ),
            element,
        )
