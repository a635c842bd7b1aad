"""The checked text, URL, language and date types every model of the project builds on.

Each is an ``Annotated`` type with its validators, so a field says what it holds and the
model that uses it gets the check for free.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from publisher.language_tags import standardize_tag, tag_is_valid
from publisher.urls import WEB_SCHEMES, check_url
from publisher.user_cache import KeptAnswers

__all__ = [
    "ADDRESS_ANSWERS",
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "UNUSABLE_CHARACTERS",
    "FrozenModel",
    "ImageSource",
    "LanguageTag",
    "NonEmpty",
    "PlainText",
    "PublicationTime",
    "SafeUrl",
    "public_address",
    "unusable_character",
]

# Characters no output can carry (XML refuses them, feeds and mail headers break on them): controls
# other than tab and line breaks, C1 controls, lone surrogates and the Unicode noncharacters.
_NONCHARACTERS = "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
UNUSABLE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)


def unusable_character(text: str) -> str | None:
    """What makes ``text`` unpublishable (its first control or noncharacter, named), or None."""
    found = UNUSABLE_CHARACTERS.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code >= 0xFDD0:
        kind = "a Unicode noncharacter"
    else:
        kind = "a control character"
    return f"holds U+{code:04X} ({kind}), which no output can carry; remove it"


def _usable_text(value: object) -> object:
    if isinstance(value, str):
        problem = unusable_character(value)
        if problem:
            raise ValueError(f"the text {problem}")
    return value


# email-validator's verdicts on the public addresses of settings and press contacts (never a
# subscriber's): [normalised address or None, why not]; importing it cost more than checking.
ADDRESS_ANSWERS = KeptAnswers("addresses", "email_validator", "syntax.py")


def public_address(value: str) -> str:
    """``value`` as email-validator normalises it (syntax only); ValueError saying why it is no address."""
    normalized, reason = ADDRESS_ANSWERS.get(value, _ask_email_validator)
    if normalized is None:
        raise ValueError(f"{value!r} is not an email address: {reason}")
    return str(normalized)


def _ask_email_validator(value: str) -> list[str | None]:
    from email_validator import EmailNotValidError, validate_email

    try:
        return [validate_email(value, check_deliverability=False, test_environment=True).normalized, None]
    except EmailNotValidError as error:
        return [None, str(error)]


def _valid_language_tag(value: str) -> str:
    if not tag_is_valid(value):
        raise ValueError(f"{value!r} is not a valid BCP 47 language tag (e.g. 'de', 'de-DE', 'en')")
    return standardize_tag(value)


# Dates outside this range are typing mistakes (9999, 0001); at the edges time-zone arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100


def _plausible_date(value: datetime) -> datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        written = value.isoformat()
        raise ValueError(
            f"the year {value.year} is outside {EARLIEST_YEAR}–{LATEST_YEAR}; check the date ({written})"
        )
    return value


def _image_source(value: str) -> str:
    # A file beside the article (relative) or a web address; never data:, file: or script.
    return check_url(value, schemes=WEB_SCHEMES, relative=True)


# Every text of the model: checked before whitespace is stripped, which would hide a trailing U+000B.
PlainText = Annotated[str, BeforeValidator(_usable_text)]
LanguageTag = Annotated[PlainText, AfterValidator(_valid_language_tag)]
# Stored as a browser reads it (see publisher.urls), so what is emitted is what was checked.
SafeUrl = Annotated[PlainText, Field(min_length=1), AfterValidator(check_url)]
ImageSource = Annotated[PlainText, Field(min_length=1), AfterValidator(_image_source)]
NonEmpty = Annotated[PlainText, Field(min_length=1)]
PublicationTime = Annotated[AwareDatetime, AfterValidator(_plausible_date)]


class FrozenModel(BaseModel):
    """A model whose fields are fixed once read: unknown keys refused, surrounding spaces stripped."""

    # Validators are built at first use, not at import: an article's model builds them for its blocks
    # anyway, and a block kind it lacks (a table, a quote) then costs the run nothing.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)
