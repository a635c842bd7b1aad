"""The versions of one release: an original names its Leichte Sprache version and translations, each
of them names the original back (``original:``), so every page can link every other one.

Only the linked files' front matter is read here (title, slug, language; of an article given as
the JSON model, its top-level fields); each file is still read and checked in full when it is
published beside the article. Markdown and JSON versions may link each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.errors import InvalidSource
from publisher.model import make_slug
from publisher.sources.frontmatter import split_front_matter

__all__ = ["VERSION_KEYS", "LinkedVersions", "linked_versions"]

VERSION_KEYS = ("easy_language", "translations", "original")


@dataclass
class LinkedVersions:
    """The other versions of an article as model fields, their files, and what is wrong with the links."""

    versions: list[dict[str, Any]] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    # (message, field) pairs, reported with the front matter's line of the field.
    problems: list[tuple[str, str]] = field(default_factory=list)


def _front(path: Path) -> dict[str, Any]:
    """The front matter of a linked file; its own problems are reported when it is published."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            values = json.loads(text)
            return values if isinstance(values, dict) else {}
        return split_front_matter(text, path).values
    except (InvalidSource, OSError, UnicodeDecodeError, ValueError):
        return {}


def _named(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, language, relative path) of the versions an original's front matter names."""
    named = []
    if isinstance(values.get("easy_language"), str):
        named.append(("easy_language", "de", values["easy_language"]))
    translations = values.get("translations")
    if isinstance(translations, dict):
        named += [("translation", str(lang), str(path)) for lang, path in translations.items()]
    return named


def _version(kind: str, path: Path, values: dict[str, Any]) -> dict[str, Any]:
    lang = str(values.get("lang") or "de")
    title = str(values.get("title") or "")
    return {"kind": kind, "lang": lang, "title": title, "slug": values.get("slug") or make_slug(title, lang)}


def linked_versions(path: Path, values: dict[str, Any]) -> LinkedVersions:
    """The versions ``values`` (the front matter of ``path``) links, each checked to link back."""
    found = LinkedVersions()
    if "translations" in values and not isinstance(values["translations"], dict):
        found.problems.append(
            ("give the translations as language: file, e.g. {en: meldung-en.md}", "translations")
        )
    for key in ("easy_language", "original"):
        if key in values and not isinstance(values[key], str):
            found.problems.append((f"give the file name of the version, e.g. {key}: meldung-ls.md", key))
    here = path.resolve()
    original = here
    if isinstance(values.get("original"), str):
        original = (path.parent / values["original"]).resolve()
        if not original.is_file():
            found.problems.append((f"the original {values['original']!r} is not found", "original"))
            return found
        original_values = _front(original)
        found.versions.append(_version("original", original, original_values))
        found.paths.append(original)
    else:
        original_values = values
    for kind, lang, relative in _named(original_values):
        linked = (original.parent / relative).resolve()
        name = "easy_language" if kind == "easy_language" else f"translations.{lang}"
        if not linked.is_file():
            if original == here:
                found.problems.append((f"the version {relative!r} is not found next to the article", name))
            continue
        linked_values = _front(linked)
        if original == here and _original_of(linked, linked_values) != here:
            message = (
                f"{relative!r} does not name this article back: add {_original_field(linked, path)} to it"
            )
            found.problems.append((message, name))
        if kind == "translation" and str(linked_values.get("lang", "")).split("-")[0] != lang.split("-")[0]:
            found.problems.append(
                (f"{relative!r} is written in {linked_values.get('lang')!r}, not {lang!r}", name)
            )
        if linked != here:
            found.versions.append(_version(kind, linked, linked_values))
            found.paths.append(linked)
    if original != here and here not in {
        (original.parent / p).resolve() for _, _, p in _named(original_values)
    }:
        found.problems.append(("the original does not name this file as a version of it", "original"))
    return found


def _original_field(version: Path, original: Path) -> str:
    """How the file ``version`` names ``original`` as its original, in its own format."""
    if version.suffix.lower() == ".json":
        return f'"original": "{original.name}"'
    return f"'original: {original.name}'"


def _original_of(path: Path, values: dict[str, Any]) -> Path | None:
    named = values.get("original")
    return (path.parent / named).resolve() if isinstance(named, str) else None
