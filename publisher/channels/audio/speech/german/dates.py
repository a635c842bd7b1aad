"""German dates, day and month names, day ranges, times of day and years as a reader says them.

"Mo.–Fr. 8–16 Uhr" is "Montag bis Freitag acht bis sechzehn Uhr", "vom 1.–3. Juli" is "vom
ersten bis dritten Juli", "bis 30.11.2026" is "bis zum dreißigsten November zweitausendsechsundzwanzig".
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.inflection import governing_case, indefinite, ordinal_ending
from publisher.channels.audio.speech.german.numbers import number_words, ordinal, year

__all__ = ["MONTHS", "WEEKDAYS", "speak_dates", "speak_times", "speak_weekdays", "speak_years"]

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
_DAY_LIST = re.compile(rf"(?<![\w.])({_DAY})\.?(?=,\s?(?:{_DAY})\.?(?!\w))")
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

_CLOCK = re.compile(r"(?<![\d.,:])(\d{1,2})[:.](\d{2})(?:\s?Uhr\b|\s?h\b)")
_CLOCK_RANGE = re.compile(
    r"(?<![\d.,:])(\d{1,2})(?:[:.](\d{2}))?(?:\s?Uhr)?(?:\s?[–—-]\s?|\s(bis|und)\s)"
    r"(\d{1,2})(?:[:.](\d{2}))?\s?Uhr\b"
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
# "bis 3/2026", "Stand: 11/2025": a month and a year. After a label ("Heft 3/2026", "Nr. 12/2026")
# it is an issue or file number and stays as the references read it.
_MONTH_YEAR = re.compile(r"(?<![\w.,/-])(0?[1-9]|1[0-2])/((?:19|20)\d\d)(?![\d/])")
_MONTH_YEAR_WORDS = frozenset(
    ["stand", "ende", "anfang", "mitte", "beginn", "start", "zeitraum", "seit", "ab"]
)
_MONTH_YEAR_PREPOSITIONS = frozenset(
    ["bis", "ab", "seit", "im", "vom", "von", "zum", "und", "oder", "bzw", "zwischen", "nach", "vor", "per"]
)
_YEAR_RANGE = re.compile(r"(?<![\d.,])(1[1-9]\d\d)\s?[–—-]\s?((?:1[1-9]|20)\d\d)(?![\d]|[.,]\d)")
_YEAR_PAIR = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)/((?:19|20)?\d\d)(?![\d/])")
_YEAR = re.compile(r"(?<![\d.,])(1[1-9]\d\d)(?![\d]|[.,]\d)(?:\s([A-ZÄÖÜ][a-zäöüß-]+))?")
# Before these nouns (or compounds ending in them) a number of a year's size counts: "1850 Einwohner".
_COUNTED = (
    *("einwohner", "menschen", "personen", "besucher", "teilnehmer", "mitglieder", "mitarbeiter", "kinder"),
    *("schüler", "fälle", "plätze", "stellen", "wohnungen", "stimmen", "exemplare", "fahrzeuge", "bäume"),
    *("tiere", "anträge", "euro", "stück", "meter", "tonnen", "hektar", "beschäftigte", "innen", "ende"),
    *("punkte", "unterschriften", "objekte", "betten", "häuser", "gebäude", "seiten", "bücher", "dollar"),
    *("franken", "liter", "kilometer", "gramm", "stunden", "tage", "minuten", "jahre", "leute", "frauen"),
    *("männer", "spiele", "tore", "arbeitsplätze", "haushalte", "betriebe", "firmen", "unternehmen"),
)
# After these words such a number counts whatever follows: "rund 1850 Gäste", "zählte 1850 ...".
_COUNTING_WORDS = frozenset(
    [
        *("rund", "rd", "etwa", "ca", "circa", "über", "knapp", "fast", "insgesamt", "mehr", "als", "mit"),
        *("zählte", "zählt", "zählten", "hat", "hatte", "haben", "hatten", "beschäftigt", "beschäftigte"),
        *("je", "pro", "bis", "zu", "nur", "weniger", "mindestens", "höchstens", "exakt", "genau", "die"),
        *("der", "den", "dem", "diese", "alle", "sind", "waren", "nahmen", "kamen", "gab", "gibt", "es"),
    ]
)
# "seit 1990 Mitglied", "wurde 1955 Meister": after these words a number of that size is a year
# even before a capitalised word, which elsewhere it counts ("1850 Mitglieder").
_YEAR_AFTER_WORD = re.compile(
    r"\b((?i:seit|im|anno|jahr|sommer|winter|herbst|frühjahr|ende|anfang|mitte|wurde|wurden|war|waren|"
    r"kam|starb|entstand|zog|gründete|heiratete|besuchte) )(1[1-9]\d\d)(?![\d]|[.,]\d)"
)
_DECADE = re.compile(r"(?<![\d.,])((?:1[89]|20)?\d0)er(?=[\s-]?Jahre)")


def _previous_word(text: str, position: int) -> str:
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
        lambda m: f"{m[1]}, {'dem' if _previous_word(m.string, m.start()).lower() == 'am' else 'den'} ",
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
    previous = _previous_word(match.string, match.start()).strip("(:,")
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
    written_year = match[3]
    spoken = _day(match[1], ordinal_ending(match.string[: match.start()]), month)
    if written_year:
        spoken += f" {year(written_year) if len(written_year) == 4 else number_words(written_year)}"
    return spoken


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


def speak_years(text: str) -> str:
    """Years before 2000 in hundreds ("neunzehnhundertneunzig"), decades and school years."""
    text = _DECADE.sub(lambda m: _decade(m[1]), text)
    text = _YEAR_PAIR.sub(
        lambda m: f"{year(m[1])} {year(m[2]) if len(m[2]) == 4 else number_words(m[2])}", text
    )
    text = _YEAR_RANGE.sub(lambda m: f"{year(m[1])} bis {year(m[2])}", text)
    text = _YEAR_AFTER_WORD.sub(lambda m: m[1] + year(m[2]), text)
    return _YEAR.sub(_year, text)


def _year(match: re.Match[str]) -> str:
    """A number of a year's size is a year ("sahen 1987 Tausende") unless it counts what follows."""
    noun = match[2]
    if noun is None or noun in ("Jahr", "Jahren", "Jahres"):
        return year(match[1]) + (f" {noun}" if noun else "")
    previous = _previous_word(match.string, match.start()).lower().rstrip(".")
    counted = noun.lower().endswith(_COUNTED) and not noun.lower().endswith("tausende")
    if previous in _COUNTING_WORDS or counted:
        return match[0]
    return f"{year(match[1])} {noun}"


def _decade(written: str) -> str:
    words = year(written) if len(written) == 4 else number_words(written)
    # "zwanzig" -> "zwanziger", "neunzehnhundertachtzig" -> "neunzehnhundertachtziger".
    return words + "er"
