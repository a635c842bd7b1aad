"""Phone and fax numbers in running text, with the E.164 form a ``tel:`` link dials.

Finding and validating numbers is libphonenumber's job (the ``phonenumbers`` package): it
knows German area codes, "+49 (0)711", extensions written as "-2345" and which digit runs
are dates or file numbers instead. Renderers cut a text with ``phone_runs`` and wrap each
number in ``<a href="tel:...">``; the written form stays as the office wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

__all__ = ["DEFAULT_REGION", "PhoneNumber", "find_phone_numbers", "phone_runs", "tel_uri"]

# Numbers written without a country code are German unless the caller says otherwise.
DEFAULT_REGION = "DE"


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
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    return [
        PhoneNumber(
            match.start,
            match.end,
            match.raw_string,
            phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
        )
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
