"""URLs read the way browsers read them: the one check every field and channel that emits a URL uses.

A browser does not take an ``href`` literally. The WHATWG URL parser first strips leading and
trailing C0 controls and spaces and removes every tab and line break, and only then reads the
scheme, case-insensitively; so ``"java\\tscript:alert(1)"`` is a ``javascript:`` URL. ``check_url``
reads a URL the same way, decides on that reading, and returns it: what is stored and emitted is
exactly what a browser follows. Forms that only a second decoding would turn into another scheme
(``java&#9;script:``, ``javascript&colon;``, ``java%09script:``) are refused too: no legitimate
link is written like that, and some consumer (an HTML re-parse, a feed reader) may decode them.

>>> check_url("  https://example.org/a\\tb ")
'https://example.org/ab'
>>> is_safe_url("JaVa\\nScript:alert(1)")
False
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Collection
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from slugify import slugify

__all__ = [
    "LINK_SCHEMES",
    "WEB_SCHEMES",
    "UnsafeUrl",
    "article_url",
    "browser_form",
    "check_url",
    "is_safe_url",
    "scheme_of",
    "topic_path",
]

# Topic addresses transliterate German letters as article slugs do ("Straße" -> "strasse").
_GERMAN_LETTERS = [["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["ß", "ss"]]
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
WEB_SCHEMES = frozenset({"http", "https"})

# WHATWG URL parsing: "C0 control or space" is stripped at both ends, "ASCII tab or newline" everywhere.
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Controls left inside a URL: a browser percent-encodes or drops them, a legitimate URL never has them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Two slashes in any mix with backslashes (which http(s) URLs treat as slashes) start a host name.
_OTHER_HOST = re.compile(r"[/\\]{2}")


class UnsafeUrl(ValueError):
    """A URL that may not be emitted; the message says why and what to write instead."""


def browser_form(url: str) -> str:
    """``url`` as the URL parser holds it before reading the scheme (controls and spaces trimmed)."""
    return _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE))


def scheme_of(url: str) -> str | None:
    """The lower-case scheme a browser reads in ``url``, or None for a relative reference."""
    match = _SCHEME.match(browser_form(url))
    return match.group(1).lower() if match else None


def check_url(
    url: str,
    *,
    schemes: Collection[str] = LINK_SCHEMES,
    relative: bool = True,
) -> str:
    """The URL a browser would follow for ``url``, if it is safe to emit; else ``UnsafeUrl``.

    ``schemes`` are the absolute schemes allowed; ``relative`` allows references without a scheme
    (``../andere-meldung/``, ``bild.png``). References to another host without a scheme
    (``//host``, ``\\\\host``) are always refused: write the scheme.
    """
    return _checked_url(url, frozenset(schemes), relative)


# A page emits the same few addresses many times (the site's menu, its feeds, the way home on every
# listing), each decoded several ways; the answer depends on the arguments alone, and a refusal is
# raised again each time (an exception is never kept).
@lru_cache(maxsize=4096)
def _checked_url(url: str, schemes: frozenset[str], relative: bool) -> str:
    cleaned = browser_form(url)
    if not cleaned:
        raise UnsafeUrl("the URL is empty")
    control = _CONTROL.search(cleaned)
    if control:
        raise UnsafeUrl(f"the URL holds the control character U+{ord(control.group()):04X}; remove it")
    allowed = ", ".join(sorted(schemes)[:-1]) + f" or {sorted(schemes)[-1]}" if schemes else "none"
    for reading in _decoded_readings(cleaned):
        scheme = scheme_of(reading)
        if scheme is not None and scheme not in schemes:
            disguised = "" if reading == url else f" (written in disguise as {url!r})"
            raise UnsafeUrl(f"the URL scheme {scheme!r} is not allowed{disguised} (use {allowed})")
    scheme = scheme_of(cleaned)
    if scheme is None:
        if _OTHER_HOST.match(cleaned):
            raise UnsafeUrl("a URL starting with '//' leaves out the scheme; write https://")
        if not relative:
            raise UnsafeUrl(f"write an absolute URL ({allowed}), e.g. https://www.example.org/")
        return cleaned
    if scheme in WEB_SCHEMES:
        rest = cleaned[len(scheme) + 1 :].replace("\\", "/")
        if not rest.startswith("//") or not urlsplit(f"{scheme}:{rest}").hostname:
            raise UnsafeUrl(f"a {scheme} URL needs a host: write {scheme}://host/path")
    return cleaned


def is_safe_url(url: str, *, schemes: Collection[str] = LINK_SCHEMES, relative: bool = True) -> bool:
    """Whether ``check_url`` accepts ``url``."""
    try:
        check_url(url, schemes=schemes, relative=relative)
    except UnsafeUrl:
        return False
    return True


def _decoded_readings(url: str) -> list[str]:
    """``url`` and what character references, percent escapes or invisible leading characters hide."""
    readings = [url]
    entities = _fixed_point(html.unescape, url)
    percents = _fixed_point(unquote, url)
    for reading in (
        entities,
        percents,
        _fixed_point(unquote, entities),
        _fixed_point(html.unescape, percents),
    ):
        readings.append(browser_form(reading))
    # Format characters and non-ASCII spaces in front of a scheme (U+200B, U+FEFF, U+00A0).
    readings += [_strip_invisible(reading) for reading in list(readings)]
    return readings


def _fixed_point(decode: Callable[[str], str], text: str, rounds: int = 4) -> str:
    for _ in range(rounds):
        decoded = decode(text)
        if decoded == text:
            break
        text = decoded
    return text


def _strip_invisible(text: str) -> str:
    start = 0
    while start < len(text) and unicodedata.category(text[start]) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        start += 1
    return browser_form(text[start:])


def article_url(base_url: str, slug: str, file: str = "") -> str:
    """The absolute URL of an article's web page (``DIR/<slug>/``), or of ``file`` in its folder.

    >>> article_url("https://presse.example.de/", "ladesaeulen", "audio.mp3")
    'https://presse.example.de/ladesaeulen/audio.mp3'
    """
    return f"{base_url}{slug}/{file}"


def topic_path(topic: str) -> str:
    """The site-relative folder of the pages of a topic (a tag or a kicker).

    >>> topic_path("Öffentlicher Nahverkehr")
    'topics/oeffentlicher-nahverkehr/'
    """
    slug = slugify(topic, replacements=_GERMAN_LETTERS, max_length=80, word_boundary=True)
    return f"topics/{slug or 'topic'}/"
