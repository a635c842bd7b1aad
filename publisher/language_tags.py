"""BCP 47 language tags: is a tag valid, its standard form, is its primary subtag a registered language.

The answers are langcodes' (the IANA subtag registry and CLDR's replacements), but importing
langcodes compiles a regular expression of every registered subtag and loads its data tables, which
cost a web publish more CPU than anything else it asks about a tag. A run asks about the same few
tags ("de", "en", "de-AT"), so langcodes' answers are remembered in the user cache
(``publisher.user_cache``, named by langcodes' version and its data file): a run that meets only
tags answered before never imports langcodes; any other tag is answered by langcodes and added.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from publisher.user_cache import cache_folder, cache_key

__all__ = ["known_primary_language", "standardize_tag", "tag_is_valid"]

# Per tag: [valid, standard form or None, primary subtag registered as a language].
Answer = tuple[bool, str | None, bool]
# What is kept: tags of a sensible length (the longest registered tags have about 40 characters), and
# only so many, so that pages full of made-up lang values cannot grow the file without end.
_LONGEST_KEPT = 64
_MOST_KEPT = 4096
_LOCK = threading.Lock()


def tag_is_valid(tag: str) -> bool:
    """True when langcodes parses ``tag`` and every subtag is registered (``langcodes.tag_is_valid``)."""
    return _answer(tag)[0]


def standardize_tag(tag: str) -> str:
    """``langcodes.standardize_tag(tag)`` ("en_US" -> "en-US"); ValueError for a tag it cannot parse."""
    standard = _answer(tag)[1]
    if standard is None:
        raise ValueError(f"{tag!r} is not a language tag")
    return standard


def known_primary_language(primary: str) -> bool:
    """True when ``primary`` (lower-case letters) is a registered language subtag in its shortest form.

    The registry has no three-letter code where a two-letter one exists ("eng" is not a tag, "en" is).
    """
    return _answer(primary)[2]


def _answer(tag: str) -> Answer:
    answers = _remembered()
    found = answers.get(tag)
    if found is None:
        found = _ask_langcodes(tag)
        if len(tag) <= _LONGEST_KEPT and len(answers) < _MOST_KEPT:
            with _LOCK:
                answers[tag] = found
                _remember(answers)
    return found


def _ask_langcodes(tag: str) -> Answer:
    import langcodes

    valid = langcodes.tag_is_valid(tag)
    try:
        standard: str | None = langcodes.standardize_tag(tag)
    except ValueError:
        standard = None
    primary = valid and (len(tag) == 2 or langcodes.Language.get(tag).language == tag)
    return valid, standard, primary


@cache
def _store() -> Path | None:
    """The file langcodes' answers are kept in, named by what langcodes is (None: nothing is kept)."""
    folder = cache_folder("language-tags")
    spec = find_spec("langcodes")
    if folder is None or spec is None or spec.origin is None:
        return None
    data = Path(spec.origin).parent / "data_dicts.py"
    try:
        stat = data.stat()
    except OSError:
        return None
    return folder / f"langcodes-{cache_key(data.parent, stat.st_size, stat.st_mtime_ns)}.json"


@cache
def _remembered() -> dict[str, Answer]:
    store = _store()
    if store is None:
        return {}
    try:
        kept = json.loads(store.read_text(encoding="utf-8"))
        return {
            tag: (bool(valid), standard, bool(primary)) for tag, (valid, standard, primary) in kept.items()
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # missing or damaged: asked anew and written again


def _remember(answers: dict[str, Answer]) -> None:
    """Write ``answers`` to the store in one step (a reader sees the old file or the new one)."""
    store = _store()
    if store is None:
        return
    with contextlib.suppress(OSError):  # a full disk: the next run asks langcodes again
        handle, temporary = tempfile.mkstemp(dir=store.parent, prefix=f".{store.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(answers, file, sort_keys=True)
            os.replace(temporary, store)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
