"""German dates, day and month names and day ranges as a reader says them.

"Mo.–Fr. 8–16 Uhr" is "Montag bis Freitag acht bis sechzehn Uhr", "vom 1.–3. Juli" is "vom
ersten bis dritten Juli", "bis 30.11.2026" is "bis zum dreißigsten November zweitausendsechsundzwanzig".
Times of day are read in ``times``, years in ``years``.
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.inflection import ordinal_ending
from publisher.channels.audio.speech.german.numbers import number_words, ordinal, year
from publisher.channels.audio.speech.german.numerals import LABELS

__all__ = ["MONTHS", "WEEKDAYS", "previous_word", "speak_dates", "speak_weekdays"]

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
WEEKDAYS = {
    "Mo": "Montag",
    "Di": "Dienstag",
    "Mi": "Mittwoch",
    "Do": "Donnerstag",
    "Fr": "Freitag",
    "Sa": "Samstag",
    "So": "Sonntag",
}
_MONTH_ABBREVIATIONS = {
    "Jan": 1,
    "Febr": 2,
    "Feb": 2,
    "Mrz": 3,
    "Mär": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sept": 9,
    "Sep": 9,
    "Okt": 10,
    "Nov": 11,
    "Dez": 12,
}
_DASH = r"\s?[–—-]\s?"
_DAY = "|".join(WEEKDAYS)
_DAY_NAME = "|".join(WEEKDAYS.values())
_MONTH = "|".join(MONTHS)
_MONTH_ABBREVIATION = "|".join(sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True))
_PREVIOUS_WORD = re.compile(r"(\S+)\s*$")

_DAY_RANGE = re.compile(rf"(?<![\w.])({_DAY})\.?(?:{_DASH}|\s(bis|und|oder)\s|\s?(/)\s?)({_DAY})\.?(?!\w)")
# "Mo., Di. und Do.", and "Mo, Di und Do" once "Di und Do" are said: days listed before the last pair.
_DAY_LIST = re.compile(rf"(?<![\w.])({_DAY})\.?(?=,\s?(?:(?:{_DAY})\.?(?!\w)|(?:{_DAY_NAME})\b))")
# "Mo., 3. März", "Fr. 9 Uhr", "am Mi.": a day abbreviation before a date or time or after "am".
_DAY_BEFORE_DATE = re.compile(
    rf"(?<![\w.])({_DAY})\.?(?=,?\s?:?\s?\d)|(?:(?<=\bam\s)|(?<=\bbis\s)|(?<=\bab\s))({_DAY})\.(?!\w)"
)
# "Do. zusätzlich", "Sa., 10 Uhr": a day abbreviation before a small word or a comma ("Fr. Meier" is "Frau").
_DAY_BEFORE_WORD = re.compile(rf"(?<![\w.])({_DAY})\.(?=\s[a-zäöüß]|,)")
_MONTH_RANGE = re.compile(
    rf"(?<![\w.])({_MONTH_ABBREVIATION})\.?(?:{_DASH}|\s(bis|und)\s)({_MONTH_ABBREVIATION}|{_MONTH})\.?(?!\w)"
)
_AFTER_MONTH_WORD = (
    "(?:"
    + "|".join(rf"(?<=\b{word}\s)" for word in ["im", "ab", "bis", "seit", "Ende", "Anfang", "Mitte"])
    + ")"
)
# "30. Nov. 2026", "Nov. 2026", "im Nov.": a month abbreviation where a month name belongs.
_MONTH_IN_DATE = re.compile(
    rf"(?<=\d\.\s)({_MONTH_ABBREVIATION})\.(?!\w)|(?<=\d\.)({_MONTH_ABBREVIATION})\.(?!\w)"
    rf"|(?<![\w.])({_MONTH_ABBREVIATION})\.?(?=\s\d{{4}}(?!\d))"
    rf"|{_AFTER_MONTH_WORD}({_MONTH_ABBREVIATION})\.(?!\w)"
)
# "Am Freitag, 12.04.", "Am Mittwochabend, 9.10.": the date after the day takes its article.
# Without the comma only before a whole date: "am Dienstag 5.5." (not "Dienstag 9.30 Uhr").
_WEEKDAY_DATE = re.compile(
    rf"\b((?:{_DAY_NAME})(?:morgen|vormittag|mittag|nachmittag|abend|nacht)?)"
    rf"(?:,\s(?=\d{{1,2}}\.)|\s(?=\d{{1,2}}\.(?:\d{{1,2}}\.|\s?(?:{_MONTH})\b)))"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_ORDINAL = r"(\d{1,2})\.(?:(\d{1,2})\.)?"
# "1.–3. Juli", "1. bis 3. Juli 2026", "vom 1.7. bis zum 3.7.2026".
_DATE_RANGE = re.compile(
    rf"(?<![\d.])(\d{{1,2}})\.(?:(\d{{1,2}})\.)?(?:{_DASH}|\s(bis(?:\szum)?|und)\s)"
    rf"(\d{{1,2}})\.(?:\s?({_MONTH})|(\d{{1,2}})\.)(?:\s?(\d{{4}}))?(?![\d])"
)
# "am 3./4. Mai": two days of one month, written with a slash.
_DAY_PAIR = re.compile(rf"(?<![\d.])(\d{{1,2}})\./(\d{{1,2}})\.(?=\s?(?:{_MONTH}|\d{{1,2}}\.))")
# "am 3.11., 10.11. und 17.11.": a list of days of one month names the month once, at its end.
_DAY_MONTH = r"\d{1,2}\.\d{1,2}\."
_DATE_LIST = re.compile(
    rf"(?<![\d.])(?:{_DAY_MONTH},\s?)+{_DAY_MONTH}(?:\s(?:und|oder|sowie)\s{_DAY_MONTH})?(?:\s?(\d{{4}}))?(?!\d)"
)
# "am 3., 10. und 17. November": days listed before the month they share.
_DAYS_BEFORE_MONTH = re.compile(
    rf"(?<![\d.])((?:\d{{1,2}}\.,\s?)+\d{{1,2}}\.(?:\s(?:und|oder|sowie)\s\d{{1,2}}\.)?)(?=\s(?:{_MONTH})\b)"
)
# "im Q3 2025", "Q1/2026": a quarter of the year, said as the ordinal and "Quartal".
_QUARTER = re.compile(r"(?<![\w-])Q([1-4])(?![\w-])")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}(?!\d))?(?![\d])")
_NAMED_DATE = re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?({_MONTH})(?:\s(\d{{4}}))?\b")
# "bis 30. Juni" is "bis zum dreißigsten Juni"; "ab"/"seit" take "dem".
_PREPOSITION_BEFORE_DATE = re.compile(
    rf"(?<![\w.])(bis|ab|seit|Bis|Ab|Seit)((?:\s(?:spätestens|frühestens|voraussichtlich))?)"
    rf"\s(?=\d{{1,2}}\.\s?(?:{_MONTH}|\d{{1,2}}\.))"
)
_AFTER_RANGE_START = re.compile(r"\d\.\s*$")

# "bis 3/2026", "Stand: 11/2025": a month and a year. After a label ("Heft 3/2026", "Nr. 12/2026")
# it is an issue or file number and stays as the references read it.
_MONTH_YEAR = re.compile(r"(?<![\w.,/-])(0?[1-9]|1[0-2])/((?:19|20)\d\d)(?![\d/])")
_MONTH_YEAR_WORDS = frozenset(
    ["stand", "ende", "anfang", "mitte", "beginn", "start", "zeitraum", "seit", "ab"]
)
_MONTH_YEAR_PREPOSITIONS = frozenset(
    ["bis", "ab", "seit", "im", "vom", "von", "zum", "und", "oder", "bzw", "zwischen", "nach", "vor", "per"]
)


def previous_word(text: str, position: int) -> str:
    """The word written just before ``position`` in ``text``, with its punctuation."""
    match = _PREVIOUS_WORD.search(text, 0, position)
    return match.group(1) if match else ""


def speak_weekdays(text: str) -> str:
    """Day abbreviations in ranges, lists and before dates or times become the names of the days."""
    text = _DAY_RANGE.sub(
        lambda m: f"{WEEKDAYS[m[1]]} {'und' if m[3] else m[2] or 'bis'} {WEEKDAYS[m[4]]}", text
    )
    text = _DAY_LIST.sub(lambda m: WEEKDAYS[m[1]], text)
    text = _DAY_BEFORE_DATE.sub(lambda m: WEEKDAYS[m[1] or m[2]], text)
    text = _DAY_BEFORE_WORD.sub(lambda m: WEEKDAYS[m[1]], text)
    text = _MONTH_RANGE.sub(
        lambda m: f"{_month_name(m[1])} {m[2] or 'bis'} {_month_name(m[3])}",
        text,
    )
    return _MONTH_IN_DATE.sub(lambda m: _month_name(next(group for group in m.groups() if group)), text)


def _month_name(written: str) -> str:
    written = written.rstrip(".")
    return written if written in MONTHS else MONTHS[_MONTH_ABBREVIATIONS[written] - 1]


def _day(value: str, ending: str, month: str | None) -> str:
    return f"{ordinal(int(value), ending)}{' ' + month if month else ''}"


def _month(value: str | None) -> str | None:
    if value is None:
        return None
    return MONTHS[int(value) - 1] if 1 <= int(value) <= 12 else None


def speak_dates(text: str) -> str:
    """Dates as ordinals with the month's name: "am 3.3.2026" -> "am dritten März zweitausend…"."""
    text = _QUARTER.sub(_quarter, text)
    text = _WEEKDAY_DATE.sub(
        lambda m: f"{m[1]}, {'dem' if previous_word(m.string, m.start()).lower() == 'am' else 'den'} ",
        text,
    )
    text = _PREPOSITION_BEFORE_DATE.sub(_preposition_with_article, text)
    text = _ISO_DATE.sub(
        lambda m: (
            f"{_day(m[3], ordinal_ending(m.string[: m.start()]), _month(m[2]))} {year(m[1])}"
            if _month(m[2])
            else m[0]
        ),
        text,
    )
    text = _DAY_PAIR.sub(r"\1. und \2.", text)
    text = _DATE_LIST.sub(_date_list, text)
    if ".," in text:
        text = _DAYS_BEFORE_MONTH.sub(_days_before_month, text)
    text = _DATE_RANGE.sub(_date_range, text)
    text = _NUMERIC_DATE.sub(_numeric_date, text)
    text = _MONTH_YEAR.sub(_month_year, text)
    return _NAMED_DATE.sub(
        lambda m: (
            _day(m[1], ordinal_ending(m.string[: m.start()]), m[2]) + (f" {year(m[3])}" if m[3] else "")
        ),
        text,
    )


def _month_year(match: re.Match[str]) -> str:
    previous = previous_word(match.string, match.start()).strip("(:,")
    if previous and previous[0].isupper() and previous.lower() not in _MONTH_YEAR_WORDS:
        return match[0]
    spoken = f"{MONTHS[int(match[1]) - 1]} {year(match[2])}"
    # "endet 3/2026" after a verb or adverb is "endet im März"; a preposition brings its own.
    if previous[:1].islower() and previous.rstrip(".") not in _MONTH_YEAR_PREPOSITIONS:
        return "im " + spoken
    return spoken


def _preposition_with_article(match: re.Match[str]) -> str:
    word = match[1]
    # "vom 1. bis 3. Juli": the "bis" of a range of days keeps going without "zum".
    if word.lower() == "bis" and _AFTER_RANGE_START.search(match.string, 0, match.start()):
        return match[0]
    article = "zum" if word.lower() == "bis" else "dem"
    return f"{word}{match[2]} {article} "


def _date_range(match: re.Match[str]) -> str:
    first_month = _month(match[2])
    last_month = match[5] or _month(match[6])
    if (match[2] and first_month is None) or last_month is None:
        return match[0]
    ending = ordinal_ending(match.string[: match.start()])
    joiner = match[3] or "bis"
    year_words = f" {year(match[7])}" if match[7] else ""
    first = _day(match[1], ending, first_month if first_month != last_month else None)
    return (
        f"{first} {joiner} {_day(match[4], 'n' if joiner == 'bis zum' else ending, last_month)}{year_words}"
    )


_LISTED_DAY = re.compile(r"(\d{1,2})\.")


def _days_before_month(match: re.Match[str]) -> str:
    ending = ordinal_ending(match.string[: match.start()])
    return _LISTED_DAY.sub(lambda day: ordinal(int(day[1]), ending), match[0])


def _quarter(match: re.Match[str]) -> str:
    ending = ordinal_ending(match.string[: match.start()])
    # Without an article the ordinal takes the neuter ending of "Quartal": "drittes Quartal".
    return f"{ordinal(int(match[1]), 's' if ending == 'r' else ending)} Quartal"


def _date_list(match: re.Match[str]) -> str:
    written = match[0][: match.start(1) - match.start()] if match[1] else match[0]
    days = re.findall(r"(\d{1,2})\.(\d{1,2})\.", written)
    months = {_month(month) for _, month in days}
    if len(months) != 1 or None in months or not all(1 <= int(day) <= 31 for day, _ in days):
        return match[0]
    ending = ordinal_ending(match.string[: match.start()])
    joiners = re.findall(r"\.(,\s?|\s(?:und|oder|sowie)\s)\d", written)
    spoken = ordinal(int(days[0][0]), ending)
    for joiner, (day, _) in zip(joiners, days[1:], strict=True):
        spoken += (", " if joiner.startswith(",") else joiner) + ordinal(int(day), ending)
    return f"{spoken} {months.pop()}" + (f" {year(match[1])}" if match[1] else "")


def _numeric_date(match: re.Match[str]) -> str:
    month = _month(match[2])
    if month is None or not 1 <= int(match[1]) <= 31:
        return match[0]
    # "in Version 5.1.", "Raum 3.12.": after a label the dotted number names, the stop ends the sentence.
    if not match[3] and previous_word(match.string, match.start()).strip("(:,").lower() in LABELS:
        return match[0]
    written_year = match[3]
    spoken = _day(match[1], ordinal_ending(match.string[: match.start()]), month)
    if written_year:
        spoken += f" {year(written_year) if len(written_year) == 4 else number_words(written_year)}"
    return spoken
