"""The page's style sheets as the checks see them: ``<style>`` elements and linked local files, with media.

A ``<link rel="stylesheet">`` is read from disk, relative to the checked file (``base_dir``), never
fetched from the network; ``@import`` of a local file is followed once per file. Media queries are
answered for a desktop screen (1280 CSS px wide) in the light or the dark colour scheme.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import tinycss2

from publisher.a11y.dom.caches import register_cache

if TYPE_CHECKING:
    from publisher.a11y.dom.document import CheckedDocument

__all__ = ["MAX_SHEET_BYTES", "declares_dark", "media_applies", "sheets", "uses_dark_scheme"]

MAX_SHEET_BYTES = 2_000_000
_VIEWPORT_PX = 1280.0
_FEATURE = re.compile(r"\(\s*([a-z-]+)\s*(?::\s*([^)]*?))?\s*\)")
_LENGTH = re.compile(r"^([\d.]+)\s*(px|em|rem)?$")
# Media features a desktop screen in light mode has (dark mode changes prefers-color-scheme only);
# orientation is left unknown: the orientation rule judges those rules itself.
_DESKTOP = {
    "prefers-reduced-motion": "no-preference",
    "prefers-contrast": "no-preference",
    "forced-colors": "none",
    "hover": "hover",
    "any-hover": "hover",
    "pointer": "fine",
    "any-pointer": "fine",
    "scripting": "enabled",
    "update": "fast",
    "inverted-colors": "none",
    "display-mode": "browser",
}


def _length_px(value: str) -> float | None:
    found = _LENGTH.match(value.strip())
    if not found:
        return None
    return float(found.group(1)) * (16.0 if found.group(2) in ("em", "rem") else 1.0)


def _query_applies(query: str, scheme: str) -> bool:
    words = query.strip()
    negate = words.startswith("not ")
    if negate or words.startswith("only "):
        words = words.split(" ", 1)[1]
    kind = words.split("(", 1)[0].replace("and", " ").strip()
    result = kind in ("", "all", "screen")
    for name, value in _FEATURE.findall(words):
        value = value.strip()
        if name == "prefers-color-scheme":
            result = result and value == scheme
        elif name in ("min-width", "max-width", "width"):
            px = _length_px(value)
            limit = {
                "min-width": px is not None and px <= _VIEWPORT_PX,
                "max-width": px is not None and px >= _VIEWPORT_PX,
            }
            result = result and limit.get(name, False)
        elif name in _DESKTOP:
            result = result and (not value or value == _DESKTOP[name])
        elif name in ("min-height", "max-height", "min-resolution", "max-resolution", "color", "min-color"):
            continue  # true of an ordinary screen
        else:
            result = False  # an unknown feature: do not guess
    return not result if negate else result


@register_cache
@lru_cache(maxsize=256)
def media_applies(media: str, scheme: str = "light") -> bool:
    """Whether a media query list (``screen and (max-width: 40em), print``) holds on a desktop screen."""
    text = media.strip().lower()
    if not text:
        return True
    return any(_query_applies(query, scheme) for query in text.split(","))


def local_file(href: str, base_dir: Path) -> Path | None:
    """The file a relative ``href`` names under ``base_dir``, if it is there and not too large."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None  # other hosts are never fetched; a root-relative path has no known root
    path = (base_dir / unquote(parts.path)).resolve()
    try:
        if not path.is_file() or path.stat().st_size > MAX_SHEET_BYTES:
            return None
    except OSError:
        return None
    return path


def _read_sheet(path: Path, seen: set[Path]) -> str:
    """A local style sheet with its local ``@import``s expanded (each file once)."""
    seen.add(path)
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""
    if "@import" not in text:
        return text
    parts: list[str] = []
    for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if node.type == "at-rule" and node.lower_at_keyword == "import":
            tokens = [token for token in node.prelude if token.type not in ("whitespace", "comment")]
            if not tokens:
                continue
            first = tokens[0]
            target = first.value if first.type in ("string", "url") else None
            if first.type == "function" and first.lower_name == "url" and first.arguments:
                target = getattr(first.arguments[0], "value", None)
            imported = local_file(str(target), path.parent) if target else None
            if imported is None or imported in seen:
                continue
            media = tinycss2.serialize(tokens[1:]).strip()
            inner = _read_sheet(imported, seen)
            parts.append(f"@media {media} {{{inner}}}" if media else inner)
        else:
            parts.append(tinycss2.serialize([node]))
    return "\n".join(parts)


def sheets(document: CheckedDocument) -> list[tuple[str, str]]:
    """(media, text) of each style sheet of the page in order: ``<style>`` and linked local files."""
    return (document.origin or document).shared(_sheets)  # read once for both colour schemes


def _sheets(document: CheckedDocument) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for element in document.root.iter("style", "link"):
        if element.tag == "style":
            found.append((element.get("media", ""), element.text or ""))
            continue
        rel = (element.get("rel") or "").lower().split()
        href = element.get("href")
        if "stylesheet" not in rel or "alternate" in rel or not href or document.base_dir is None:
            continue
        path = local_file(href, document.base_dir)
        if path is not None:
            found.append((element.get("media", ""), _read_sheet(path, set())))
    return found


_DARK_HINT = re.compile(r"prefers-color-scheme|light-dark\(|color-scheme\s*:[^;}]*dark", re.IGNORECASE)


def uses_dark_scheme(document: CheckedDocument) -> bool:
    """Whether the page looks different in dark mode: dark media rules, ``light-dark()``, a dark scheme."""
    return document.shared(_uses_dark)


def _uses_dark(document: CheckedDocument) -> bool:
    if any(_DARK_HINT.search(text) or "prefers-color-scheme" in media for media, text in sheets(document)):
        return True
    for meta in document.root.iter("meta"):
        if (meta.get("name") or "").lower() == "color-scheme" and "dark" in (
            meta.get("content") or ""
        ).lower():
            return True
    return any(_DARK_HINT.search(element.get("style") or "") for element in document.having("style"))


def declares_dark(document: CheckedDocument) -> bool:
    """Whether a ``<meta name="color-scheme">`` of the page names the dark scheme."""
    for meta in document.root.iter("meta"):
        content = (meta.get("content") or "").lower()
        if (meta.get("name") or "").lower() == "color-scheme" and "dark" in content:
            return True
    return False
