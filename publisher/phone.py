"""Phone and fax numbers in running text, with the E.164 form a ``tel:`` link dials.

Finding and validating numbers is libphonenumber's job (the ``phonenumbers`` package): it
knows German area codes, "+49 (0)711", extensions written as "-2345" and which digit runs
are dates or file numbers instead. Renderers cut a text with ``phone_runs`` and wrap each
number in ``<a href="tel:...">``; the written form stays as the office wrote it.

Importing phonenumbers and loading a region's metadata cost a web publish more CPU than all its
searches, and a page asks about the same texts each time it is published again (a correction, the
next build of the site). So the numbers found in each text are kept in the user cache
(``publisher.user_cache``, named by phonenumbers' installed version, each text by a digest of it and
the region): a run that meets only texts asked about before never imports phonenumbers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from publisher.user_cache import KeptAnswers

__all__ = ["ANSWERS", "DEFAULT_REGION", "PhoneNumber", "find_phone_numbers", "phone_runs", "tel_uri"]

# Numbers written without a country code are German unless the caller says otherwise.
DEFAULT_REGION = "DE"
# Per text with a digit: the numbers found in it, each [start, end, as written, E.164].
ANSWERS = KeptAnswers("phone-numbers", "phonenumbers", "phonenumberutil.py", most=2048, write_at_exit=True)


@dataclass(frozen=True)
class PhoneNumber:
    """One phone number found in a text: where it stands, as written, and in E.164 form."""

    start: int
    end: int
    written: str
    e164: str

    @property
    def uri(self) -> str:
        """The ``tel:`` URI of the number (RFC 3966 with the global number)."""
        return tel_uri(self.e164)


def find_phone_numbers(text: str, region: str = DEFAULT_REGION) -> list[PhoneNumber]:
    """The valid phone numbers in ``text``, in order; a national number is read in ``region``.

    >>> [number.e164 for number in find_phone_numbers("Tel.: 0711 126-2000, Fax: +49 (0)711 / 126 20 00")]
    ['+497111262000', '+497111262000']
    >>> find_phone_numbers("Az. 4-0141.5/123 vom 01.04.2026")
    []
    """
    if not any(character.isdigit() for character in text):
        return []
    # A digest names the text: the kept file stays small whatever the length of the paragraphs.
    question = hashlib.sha256(f"{region}\0{text}".encode()).hexdigest()[:32]
    found = ANSWERS.get(question, lambda _: _ask_phonenumbers(text, region))
    return [PhoneNumber(int(start), int(end), str(written), str(e164)) for start, end, written, e164 in found]


def _ask_phonenumbers(text: str, region: str) -> list[list[Any]]:
    import phonenumbers

    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    return [
        [
            match.start,
            match.end,
            match.raw_string,
            phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
        ]
        for match in matcher
    ]


def tel_uri(e164: str) -> str:
    """The ``tel:`` URI for an E.164 number: ``tel:+497111262000``."""
    return f"tel:{e164}"


def phone_runs(text: str, region: str = DEFAULT_REGION) -> list[tuple[str, str | None]]:
    """``text`` cut into runs: ``(number as written, tel: URI)`` for each number, ``(text, None)`` between.

    >>> phone_runs("Hotline 0800 1234567 (kostenfrei)")
    [('Hotline ', None), ('0800 1234567', 'tel:+498001234567'), (' (kostenfrei)', None)]
    """
    runs: list[tuple[str, str | None]] = []
    position = 0
    for number in find_phone_numbers(text, region):
        if number.start > position:
            runs.append((text[position : number.start], None))
        runs.append((number.written, number.uri))
        position = number.end
    if position < len(text):
        runs.append((text[position:], None))
    return runs
