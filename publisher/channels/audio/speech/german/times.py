"""Times of day, durations and scores as a reader says them.

"10.30 Uhr" is "zehn Uhr dreißig", "8–16 Uhr" is "acht bis sechzehn Uhr", "2:08:34 Std." is
"zwei Stunden, acht Minuten und vierunddreißig Sekunden", and what is left with a colon between
numbers is a ratio or a score: "3:1" is "drei zu eins".
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.inflection import governing_case, indefinite
from publisher.channels.audio.speech.german.numbers import number_words

__all__ = ["speak_times"]

_CLOCK = re.compile(r"(?<![\d.,:])(\d{1,2})[:.](\d{2})(?:\s?Uhr\b|\s?h\b)")
_CLOCK_RANGE = re.compile(
    r"(?<![\d.,:])(\d{1,2})(?:[:.](\d{2}))?(?:\s?Uhr)?(?:\s?[–—-]\s?|\s(bis|und)\s)"
    r"(\d{1,2})(?:[:.](\d{2}))?\s?Uhr\b"
)
# "um 6.12, 6.42 und 7.12 Uhr": times listed before the "Uhr" of the last one.
_LISTED_CLOCK = re.compile(
    r"(?<![\d.,:])(\d{1,2})[:.](\d{2})(?=(?:,\s?\d{1,2}[:.]\d{2})*(?:,\s?|\s(?:und|oder)\s)\d{1,2}[:.]\d{2}\s?Uhr\b)"
)
_HOUR = re.compile(r"(?<![\d.,:])(\d{1,2})\s?Uhr\b")
# "ab 18h", "um 9 h": after these words "h" is the hour of the day, not a duration ("nach 2 h").
_HOUR_H = re.compile(r"\b((?i:ab|um|gegen)\s)(\d{1,2})\s?h\b")
# "in 2:08:34 Std.", "nach 1:05:10 h": a duration in hours, minutes and seconds.
_DURATION = re.compile(r"(?<![\d.,:])(\d{1,2}):([0-5]\d):([0-5]\d)(?:\s?(?:Std\.|Stunden\b|h\b))?(?![\d:])")
# "Samstag 10-14 h", "täglich 9-18 h": after a day the hours are the opening time, not a duration.
_DAY_HOURS_H = re.compile(
    r"\b((?:(?:Mon|Diens|Donners|Frei|Sams|Sonn)tag|Mittwoch|täglich|werktags)s?,?\s)"
    r"(\d{1,2})\s?[–—-]\s?(\d{1,2})\s?h\b"
)
_SHORT_DURATION = re.compile(
    r"(?<![\d.,:])(\d{1,3}):([0-5]\d)\s?(Min\.|min\b|Minuten\b|Std\.|Stunden\b)(?![\d:])"
)
_BARE_CLOCK = re.compile(r"(?<![\d.,:])([01]?\d|2[0-4]):([0-5]\d)(?![\d:]|[.,]\d)")
_BARE_CLOCK_RANGE = re.compile(
    r"(?<![\d.,:])([01]?\d|2[0-4]):([0-5]\d)\s?[–—-]\s?([01]?\d|2[0-4]):([0-5]\d)(?![\d:]|[.,]\d)"
)
_RATIO = re.compile(r"(?<![\d.,:])(\d+(?:[.,]\d+)*):(\d+(?:[.,]\d+)*)(?![\d:])")


def _hour(written: str) -> str:
    return "ein" if int(written) == 1 else number_words(str(int(written)))


def _clock(hour: str, minutes: str | None) -> str:
    spoken = f"{_hour(hour)} Uhr"
    return spoken if not minutes or minutes == "00" else f"{spoken} {number_words(str(int(minutes)))}"


def speak_times(text: str) -> str:
    """Times of day: "10.30 Uhr" -> "zehn Uhr dreißig", "8–16 Uhr" -> "acht bis sechzehn Uhr"."""

    def clock_range(m: re.Match[str]) -> str:
        if int(m[1]) > 24 or int(m[4]) > 24:
            return m[0]
        joiner = m[3] or "bis"
        first = _clock(m[1], m[2]) if m[2] and m[2] != "00" else _hour(m[1])
        if m[0].count("Uhr") == 2 and "Uhr" not in first:
            first += " Uhr"  # "zwischen 22 Uhr und 2 Uhr": the reader says both hours as written.
        return f"{first} {joiner} {_clock(m[4], m[5])}"

    text = _DURATION.sub(_duration, text)
    if ":" in text:
        text = _SHORT_DURATION.sub(_duration, text)
    if "," in text:
        text = _LISTED_CLOCK.sub(lambda m: _clock(m[1], m[2]) if int(m[1]) <= 24 else m[0], text)
    text = _CLOCK_RANGE.sub(clock_range, text)
    text = _CLOCK.sub(lambda m: _clock(m[1], m[2]) if int(m[1]) <= 24 else m[0], text)
    text = _HOUR.sub(lambda m: f"{_hour(m[1])} Uhr" if int(m[1]) <= 24 else m[0], text)
    text = _DAY_HOURS_H.sub(
        lambda m: f"{m[1]}{_hour(m[2])} bis {_hour(m[3])} Uhr" if max(int(m[2]), int(m[3])) <= 24 else m[0],
        text,
    )
    text = _HOUR_H.sub(lambda m: f"{m[1]}{_hour(m[2])} Uhr" if int(m[2]) <= 24 else m[0], text)
    text = _BARE_CLOCK_RANGE.sub(
        lambda m: f"{_clock(m[1], m[2]) if m[2] != '00' else _hour(m[1])} bis {_clock(m[3], m[4])}", text
    )
    text = _BARE_CLOCK.sub(lambda m: _clock(m[1], m[2]), text)
    # What is left with a colon between numbers is a ratio or a score: "1:25.000", "3:1".
    return _RATIO.sub(lambda m: f"{number_words(m[1])} zu {number_words(m[2])}", text)


_DURATION_UNITS = (("Stunde", "Stunden"), ("Minute", "Minuten"), ("Sekunde", "Sekunden"))


def _duration(match: re.Match[str]) -> str:
    units: tuple[tuple[str, str], ...]
    if match.re is _SHORT_DURATION:
        # "38:12 Minuten": minutes and seconds; "2:15 Std.": hours and minutes.
        units = _DURATION_UNITS[1:] if match[3].lower().startswith("min") else _DURATION_UNITS[:2]
        values: tuple[str, ...] = (match[1], match[2])
    else:
        units, values = _DURATION_UNITS, match.groups()
    one = indefinite("f", governing_case(match.string[: match.start()]))
    parts = [
        f"{one} {singular}" if int(value) == 1 else f"{number_words(str(int(value)))} {plural}"
        for value, (singular, plural) in zip(values, units, strict=True)
        if int(value)
    ]
    return ", ".join(parts[:-1]) + " und " + parts[-1] if len(parts) > 1 else "".join(parts)
