"""Dates in front matter as editors write them: ISO 8601, or the German "30.11.2026 10:00".

A time without a zone is read in the site's zone; a day without a time means its first minute.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

__all__ = ["EXAMPLES", "read_date"]

EXAMPLES = "2026-11-20T10:00:00+01:00, 20.11.2026 10:00 or 20.11.2026"
# "30.11.2026", "1.4.2027, 9:30", "30.11.2026 10.00 Uhr"
_GERMAN = re.compile(
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*Uhr)?)?",
    re.IGNORECASE,
)


def read_date(value: object, timezone: ZoneInfo) -> datetime:
    """The moment ``value`` names, in ``timezone`` unless it carries its own; ``ValueError`` saying why not.

    >>> read_date("30.11.2026 10:00", ZoneInfo("Europe/Berlin")).isoformat()
    '2026-11-30T10:00:00+01:00'
    >>> read_date("2026-07-01", ZoneInfo("Europe/Berlin")).isoformat()
    '2026-07-01T00:00:00+02:00'
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=timezone)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date; write it as {EXAMPLES}")
    text = value.strip()
    german = _GERMAN.fullmatch(text)
    try:
        if german:
            parts = {key: int(number) for key, number in german.groupdict().items() if number is not None}
            day = date(parts["year"], parts["month"], parts["day"])
            moment = time(parts.get("hour", 0), parts.get("minute", 0), parts.get("second", 0))
            return datetime.combine(day, moment, tzinfo=timezone)
    except ValueError as error:  # 31.02.2026, 25:00
        raise ValueError(f"{value!r} is no day of the calendar ({error}); write it as {EXAMPLES}") from None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as {EXAMPLES}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone)
