"""BCP 47 language tags: is a tag valid, its standard form, is its primary subtag a registered language.

The answers are langcodes' (the IANA subtag registry and CLDR's replacements), but importing
langcodes compiles a regular expression of every registered subtag and loads its data tables, which
cost a web publish more CPU than anything else it asks about a tag. A run asks about the same few
tags ("de", "en", "de-AT"), so langcodes' answers are remembered in the user cache
(``publisher.user_cache``, named by langcodes' version and its data file): a run that meets only
tags answered before never imports langcodes; any other tag is answered by langcodes and added.
"""

from __future__ import annotations

from publisher.user_cache import KeptAnswers

__all__ = ["ANSWERS", "known_primary_language", "standardize_tag", "tag_is_valid"]

# Per tag: [valid, standard form or None, primary subtag registered as a language in its shortest form].
ANSWERS = KeptAnswers("language-tags", "langcodes", "data_dicts.py")


def tag_is_valid(tag: str) -> bool:
    """True when langcodes parses ``tag`` and every subtag is registered (``langcodes.tag_is_valid``)."""
    return bool(ANSWERS.get(tag, _ask_langcodes)[0])


def standardize_tag(tag: str) -> str:
    """``langcodes.standardize_tag(tag)`` ("en_US" -> "en-US"); ValueError for a tag it cannot parse."""
    standard = ANSWERS.get(tag, _ask_langcodes)[1]
    if standard is None:
        raise ValueError(f"{tag!r} is not a language tag")
    return str(standard)


def known_primary_language(primary: str) -> bool:
    """True when ``primary`` (lower-case letters) is a registered language subtag in its shortest form.

    The registry has no three-letter code where a two-letter one exists ("eng" is not a tag, "en" is).
    """
    return bool(ANSWERS.get(primary, _ask_langcodes)[2])


def _ask_langcodes(tag: str) -> list[object]:
    import langcodes

    valid = langcodes.tag_is_valid(tag)
    try:
        standard: str | None = langcodes.standardize_tag(tag)
    except ValueError:
        standard = None
    primary = valid and (len(tag) == 2 or langcodes.Language.get(tag).language == tag)
    return [valid, standard, primary]
