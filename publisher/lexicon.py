"""An organisation's pronunciation lexicon: how names and acronyms are said, and what abbreviations mean.

The YAML file has one section per language; each entry maps a written form to its spoken
form, either directly or with the keys ``say`` (spoken form), ``phonemes`` (espeak-ng phoneme
mnemonics, for names no spelling gets right) and ``expand`` (the full form the web page and
the email show on first use, in ``<abbr title>``)::

    de:
      LfIM:
        say: El ef i em
        expand: Landesamt für Integration und Migration
      Wrixum: Wricksum
      Knödelsee:
        phonemes: kn'2:d@lze:
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import assert_never

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from publisher.errors import ConfigurationError
from publisher.model import (
    Article,
    Block,
    Figure,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Paragraph,
    Preformatted,
    Quote,
    Table,
    ThematicBreak,
    plain_text,
)

__all__ = ["Entry", "Lexicon", "article_texts", "expansions", "load_lexicon", "split_first_uses"]


class Entry(BaseModel):
    """One written form: how it is said, and its full form if it is an abbreviation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    say: str | None = Field(None, min_length=1)
    expand: str | None = Field(None, min_length=1)
    # espeak-ng phoneme mnemonics; engines without phoneme input speak ``say`` or the written form.
    phonemes: str | None = Field(None, min_length=1, pattern=r"^[^\[\]<>&]+$")


class Lexicon(BaseModel):
    """Entries per primary language subtag ("de", "en")."""

    model_config = ConfigDict(frozen=True)

    languages: dict[str, dict[str, Entry]] = {}

    def entries(self, language: str) -> dict[str, Entry]:
        """The entries for a BCP 47 language tag."""
        return self.languages.get(language.split("-")[0].lower(), {})

    def phonemes(self, language: str) -> dict[str, str]:
        """Phonemes by the form that stands in the spoken text (``say`` if given, else the written form)."""
        return {
            entry.say or written: entry.phonemes
            for written, entry in self.entries(language).items()
            if entry.phonemes
        }

    def spoken_forms(self, language: str) -> dict[str, str]:
        """Written forms with the form said for them: ``say``, or the written form if only phonemes are given.

        The normaliser leaves these alone, so "ZOB" with phonemes is not spelled before the engine sees it.
        """
        return {
            written: entry.say or written
            for written, entry in self.entries(language).items()
            if entry.say or entry.phonemes
        }

    def apply(self, text: str, language: str) -> str:
        """``text`` with every written form that has a spoken form replaced by it."""
        spoken = {written: entry.say for written, entry in self.entries(language).items() if entry.say}
        if not spoken:
            return text
        return _pattern(tuple(spoken)).sub(lambda match: spoken[match.group(0)], text)


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so "LfIM-Bericht" style compounds of two entries prefer the longer one.
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def load_lexicon(path: Path | None) -> Lexicon:
    """The lexicon in the YAML file at ``path``; an empty one when no file is configured."""
    if path is None:
        return Lexicon()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigurationError(f"{path}: cannot read the pronunciation lexicon: {error}") from error
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{path}: a lexicon maps language codes (de, en) to entries")
    languages: dict[str, dict[str, object]] = {}
    for language, entries in raw.items():
        if not isinstance(entries, dict):
            raise ConfigurationError(f"{path}: section {language!r} must map written forms to spoken forms")
        languages[str(language).lower()] = {
            str(written): {"say": value} if isinstance(value, str) else value
            for written, value in entries.items()
        }
    try:
        return Lexicon.model_validate({"languages": languages})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'][1:])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise ConfigurationError(f"{path}: invalid lexicon entry: {problems}") from error


def _item_texts(item: ListItem) -> Iterator[str]:
    yield plain_text(item.children)
    if item.sublist is not None:
        for child in item.sublist.items:
            yield from _item_texts(child)


def _image_texts(image: Image) -> Iterator[str]:
    yield from (text for text in (image.caption, image.credit) if text)


def article_texts(article: Article) -> Iterator[str]:
    """Every text of the article a reader meets, in reading order (title, lead, image, body)."""
    yield article.title
    yield article.summary
    if article.image is not None:
        yield from _image_texts(article.image)
    for block in article.body:
        yield from _block_texts(block)


def _block_texts(block: Block) -> Iterator[str]:
    match block:
        case Heading() | Paragraph():
            yield plain_text(block.children)
        case ListBlock():
            for item in block.items:
                yield from _item_texts(item)
        case Quote():
            for paragraph in block.paragraphs:
                yield plain_text(paragraph)
        case Figure():
            yield from _image_texts(block.image)
        case Table():
            for cell in [*block.header, *(cell for row in block.rows for cell in row)]:
                yield plain_text(cell)
        case Preformatted() | ThematicBreak():
            pass  # code and ASCII art are shown as written: no abbreviation in them gets a title
        case _:
            assert_never(block)


def expansions(article: Article, lexicon: Lexicon) -> dict[str, str]:
    """Abbreviations the article uses that the lexicon expands, in order of first use."""
    expandable = {
        written: entry.expand for written, entry in lexicon.entries(article.lang).items() if entry.expand
    }
    if not expandable:
        return {}
    found: dict[str, str] = {}
    pattern = _pattern(tuple(expandable))
    for text in article_texts(article):
        for match in pattern.finditer(text):
            found.setdefault(match.group(0), expandable[match.group(0)])
    return found


def split_first_uses(text: str, expanded: dict[str, str], seen: set[str]) -> list[tuple[str, str | None]]:
    """``text`` cut into runs: ``(abbreviation, expansion)`` at its first use, ``(text, None)`` elsewhere.

    ``seen`` collects the abbreviations already expanded, so a renderer passes the same set for
    every text of one article and only the first use gets ``<abbr title="...">``.
    """
    if not expanded:
        return [(text, None)] if text else []
    runs: list[tuple[str, str | None]] = []
    position = 0
    for match in _pattern(tuple(expanded)).finditer(text):
        word = match.group(0)
        if word in seen:
            continue
        seen.add(word)
        if match.start() > position:
            runs.append((text[position : match.start()], None))
        runs.append((word, expanded[word]))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], None))
    return runs
