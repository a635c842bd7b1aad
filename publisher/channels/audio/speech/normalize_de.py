"""German text normalisation: what a reader says for the numbers, codes and abbreviations of a press release.

Each step is a function over one sentence in a module of ``publisher.channels.audio.speech.german``; they
run in an order where the specific readings go before the general ones: addresses, phone and
file numbers (whose hyphens are not ranges) before dates, dates and times before amounts,
amounts before plain numbers, and acronyms last, when every abbreviation is spoken out.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from publisher.channels.audio.speech.german.abbreviations import (
    CAPITAL_FORMS,
    CLOSING,
    SENTENCE_STARTERS,
    WRITTEN_FORMS,
    speak_abbreviations,
    written_in_capitals,
)
from publisher.channels.audio.speech.german.acronyms import LETTERS, speak_acronyms
from publisher.channels.audio.speech.german.courts import speak_courts
from publisher.channels.audio.speech.german.dates import MONTHS, WEEKDAYS, speak_dates, speak_weekdays
from publisher.channels.audio.speech.german.gendered import speak_gendered
from publisher.channels.audio.speech.german.numbers import number_words
from publisher.channels.audio.speech.german.numerals import speak_large_ordinals, speak_numbers
from publisher.channels.audio.speech.german.phone_numbers import speak_codes, speak_phone_numbers
from publisher.channels.audio.speech.german.references import (
    CITATION_WORDS,
    FILE_NUMBER_WORDS,
    speak_references,
)
from publisher.channels.audio.speech.german.roman_numerals import RULER_WORDS, speak_roman_numerals
from publisher.channels.audio.speech.german.symbols import speak_fractions, speak_symbols
from publisher.channels.audio.speech.german.times import speak_times
from publisher.channels.audio.speech.german.units import speak_amounts
from publisher.channels.audio.speech.german.years import speak_years
from publisher.channels.audio.speech.normalize import EMAIL, LanguageRules, speak_address, tidy

__all__ = ["MONTHS", "RULES", "normalize", "number_words"]

_ADDRESS_WORDS = {".": "Punkt", "/": "Schrägstrich", "-": "Bindestrich", "_": "Unterstrich", "@": "ät"}
# After these words a number with a full stop is an ordinal ("am 3. März", "der 2. Bauabschnitt").
_ORDINAL_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
        "am",
        "im",
        "vom",
        "zum",
        "zur",
        "beim",
        "ab",
        "bis",
        "seit",
        "ihr",
        "ihre",
        "ihren",
        "ihrem",
        "sein",
        "seine",
        "seinen",
        "seinem",
        "jeder",
        "jede",
        "jeden",
        "jedem",
        "jedes",
        "unser",
        "unsere",
        "unseren",
        "diese",
        "dieser",
        "diesen",
        "diesem",
    ]
)
# Addresses without "www." or a scheme: "service-bw.de", "baden-wuerttemberg.de/presse".
_BARE_DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[a-z0-9äöü][a-z0-9äöü-]*\.)+(?:de|com|org|net|eu|info|gov|int|at|ch|io|nrw|berlin|"
    r"bayern|hamburg|koeln|digital|online|bund)(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]])?)(?![\w@-])"
)
# "!" or "?" that closes a quoted name inside a sentence ("„BW schützt!“ oder ...") is read as a pause.
_QUOTED_NAME_END = re.compile(r"[!?]+([“”\"»«‘’']+)(?=\s+[a-zäöüß\d€]|\s*,)")
_QUOTED_MARK_THEN_STOP = re.compile(r"[!?][“”\"»«‘’']*\.$")
# "@stadt_ulm", "@nordheim.erleben": an account's name, with dots too unless it ends like a host name.
_HANDLE = re.compile(
    r"(?<![\w.@])@([A-Za-z]\w*(?:\.[A-Za-z_]\w*)*)(?![\w@-]|\.[A-Za-z])(?<!\.de)(?<!\.com)(?<!\.org)(?<!\.net)(?<!\.eu)"
)
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"[\u00a0\u2009\u202f](?!\d)|(?<!\d)[\u00a0\u2009\u202f]")
_HYPHENS = str.maketrans({"\u2011": "-", "\u00ad": None})


# Host name parts of up to three letters that are said as words, not spelled.
_SHORT_WORDS = frozenset(
    [
        *("com", "org", "net", "gov", "int", "edu", "biz", "amt", "neu", "rat", "tag", "bad", "see", "weg"),
        *("alt", "ulm", "hof", "rot", "uni"),
    ]
).__contains__


def _spell_host_part(part: str) -> str:
    """A part of a host name as said: "www", "de" and "bwl" as letters, "stuttgart" and "com" as words."""
    if part.isalpha() and len(part) <= 3 and not _SHORT_WORDS(part.lower()):
        return " ".join(LETTERS.get(letter.upper(), letter) for letter in part)
    return part


def _addresses(text: str) -> str:
    text = _BARE_DOMAIN.sub(lambda match: _bare(match[1]), text)
    # "@stadt_ulm": an account name on a social network.
    text = _HANDLE.sub(
        lambda match: "ät " + match[1].replace("_", " Unterstrich ").replace(".", " Punkt "), text
    )
    return speak_address(text, _ADDRESS_WORDS, spell=_spell_host_part)


def _bare(address: str) -> str:
    return speak_address("https://" + address, _ADDRESS_WORDS, spell=_spell_host_part)


def normalize(sentence: str) -> str:
    """One German sentence as a reader would say it."""
    text = _SPACES.sub(" ", sentence.translate(_HYPHENS))
    if "@" in text:
        # "PRESSE@STADT.DE": an address in capitals is the same address; it is read in small letters.
        text = EMAIL.sub(lambda match: match[0].lower() if match[0].isupper() else match[0], text)
    text = written_in_capitals(_QUOTED_NAME_END.sub(r",\1", text))
    text = _addresses(text)
    text = speak_gendered(text)
    text = speak_fractions(text)
    # Most sentences have no digit: the readings that start at a number are skipped for them.
    numbers = _DIGIT.search(text) is not None
    if numbers:
        text = speak_references(speak_phone_numbers(speak_codes(text)))
    text = speak_weekdays(text)
    if numbers:
        text = speak_times(speak_dates(text))
    text = speak_roman_numerals(text)
    if numbers:
        text = speak_large_ordinals(text)
    text = speak_amounts(text)
    if numbers:
        text = speak_years(text)
    text = speak_abbreviations(text)
    text = speak_symbols(text)
    if numbers:
        text = speak_numbers(text)
    text = speak_acronyms(speak_courts(text))
    return _finished(tidy(text), sentence)


def _finished(spoken: str, written: str) -> str:
    """The spoken sentence ends as the written one did, and starts with a capital where it did."""
    written = written.strip()
    if (written[:1].isdigit() or written[:1].isupper()) and spoken[:1].islower():
        spoken = spoken[0].upper() + spoken[1:]
    # „Wir machen mit!“. ends with the quoted name's own mark; a full stop after it adds nothing.
    if _QUOTED_MARK_THEN_STOP.search(spoken):
        return spoken[:-1]
    ending = written.rstrip("\"'„“”»«‚‘’)]")[-1:]
    # An abbreviation or ordinal spoken out at the end takes its full stop with it; the voice needs it.
    if ending in ".!?" and spoken and spoken[-1] not in ".!?:;":
        spoken += "."
    return spoken


_SENTENCE_ABBREVIATIONS = frozenset(
    [
        *WRITTEN_FORMS,
        *CAPITAL_FORMS,
        *(form for form in CITATION_WORDS if form.endswith(".")),
        *(form for form in FILE_NUMBER_WORDS if form.endswith(".")),
        *(f"{day}." for day in WEEKDAYS),
        *[
            "Jan.",
            "Feb.",
            "Febr.",
            "Mär.",
            "Apr.",
            "Jun.",
            "Jul.",
            "Aug.",
            "Sep.",
            "Sept.",
            "Okt.",
            "Nov.",
            "Dez.",
        ],
        *[
            "BGBl.",
            "GBl.",
            "GVBl.",
            "ABl.",
            "GABl.",
            "MBl.",
            "BAnz.",
            "StAnz.",
            "Kfz.",
            "Bio.",
            "Stk.",
            "Mon.",
            "Wo.",
        ],
    ]
)

# Words a single capital labels ("Haus B", "Block C"): its full stop ends a sentence before a capital.
_LETTER_LABELS = frozenset(
    [
        *("Haus", "Gebäude", "Block", "Bau", "Bauteil", "Halle", "Trakt", "Flügel", "Eingang", "Tor"),
        *("Treppenhaus", "Turm", "Hörsaal", "Saal", "Raum", "Bereich", "Zone", "Sektor", "Ebene"),
        *("Gleis", "Bahnsteig", "Terminal", "Plan", "Variante", "Typ", "Kategorie", "Gruppe", "Vitamin"),
    ]
)

# English words a German voice mispronounces (``german/loanwords.yaml``), said by the English voice.
_LOANWORDS = yaml.safe_load((Path(__file__).parent / "german" / "loanwords.yaml").read_text(encoding="utf-8"))

RULES = LanguageRules(
    language="de",
    normalize=normalize,
    abbreviations=dict.fromkeys(sorted(_SENTENCE_ABBREVIATIONS), ""),
    final_abbreviations=frozenset({"usw.", "etc.", "u. s. w.", "usf."}),
    closing_abbreviations=CLOSING,
    sentence_starters=SENTENCE_STARTERS,
    ordinal_words=_ORDINAL_WORDS,
    months=MONTHS,
    ruler_words=RULER_WORDS,
    label_words=_LETTER_LABELS,
    address_words=_ADDRESS_WORDS,
    loanwords=dict.fromkeys(_LOANWORDS, "en"),
)
