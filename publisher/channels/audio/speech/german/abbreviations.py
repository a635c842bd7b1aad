"""German abbreviations and their spoken forms, with the few that need the sentence around them.

Most are a table ("z. B." -> "zum Beispiel"); an abbreviation that starts with a small letter
also matches with a capital at the start of a sentence ("Rd." -> "Rund"). Some depend on the
phrase: "u. a." is "unter anderem" inside a sentence and "und andere" at the end of a list,
"sog." takes the adjective ending the article asks for, "v." between names is "von",
"Fr." before a name is "Frau" (before a date it is "Freitag": see ``dates``).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from publisher.channels.audio.speech.german.context import CONTEXT_FORMS, speak_by_context
from publisher.channels.audio.speech.german.dates import MONTHS
from publisher.channels.audio.speech.normalize import Abbreviations

__all__ = [
    "ABBREVIATIONS",
    "CAPITAL_FORMS",
    "CLOSING",
    "SENTENCE_STARTERS",
    "speak_abbreviations",
    "written_in_capitals",
]

ABBREVIATIONS = {
    # Titles, degrees and functions.
    "Prof.": "Professor",
    "Dr.": "Doktor",
    "Dres.": "Doktores",
    "Dr.-Ing.": "Doktor-Ingenieur",
    "Dr. h. c.": "Doktor honoris causa",
    "habil.": "habil",
    "med.": "med",
    "vet.": "vet",
    "dent.": "dent",
    "phil.": "phil",
    "jur.": "jur",
    "rer. nat.": "rer nat",
    "rer. pol.": "rer pol",
    "Dipl.-Ing.": "Diplom-Ingenieur",
    "Dipl.-Kfm.": "Diplom-Kaufmann",
    "Dipl.-Kffr.": "Diplom-Kauffrau",
    "Dipl.-Biol.": "Diplom-Biologe",
    "Dipl.-Psych.": "Diplom-Psychologe",
    "Dipl.-Päd.": "Diplom-Pädagoge",
    "Dipl.-Verw.-Wiss.": "Diplom-Verwaltungswissenschaftler",
    "Dipl.": "Diplom",
    "Ing.": "Ingenieur",
    "Mag.": "Magister",
    "Hr.": "Herr",
    "Hrn.": "Herrn",
    "MdL": "Mitglied des Landtags",
    "MdB": "Mitglied des Bundestages",
    "MdEP": "Mitglied des Europäischen Parlaments",
    "a. D.": "außer Dienst",
    "i. R.": "im Ruhestand",
    "i. V.": "in Vertretung",
    "i. A.": "im Auftrag",
    "gez.": "gezeichnet",
    "Vors.": "Vorsitzende",
    "Bgm.": "Bürgermeister",
    "Hrsg.": "Herausgeber",
    "Hg.": "Herausgeber",
    # Organisations and legal forms ("GmbH", "AG" are spelled as acronyms).
    "e. V.": "E Fau",
    "e. G.": "E Ge",
    "mbH": "Emm Be Ha",
    "Co.": "Ko",
    "Fa.": "Firma",
    "Abt.": "Abteilung",
    "Ref.": "Referat",
    "Dez.": "Dezernat",
    "Lkr.": "Landkreis",
    "Reg.-Bez.": "Regierungsbezirk",
    "em.": "emeritus",
    "mult.": "multiplex",
    "Bez.": "Bezirk",
    "Gde.": "Gemeinde",
    "Fam.": "Familie",
    # Places.
    "St.": "Sankt",
    "a. d.": "an der",
    "a. M.": "am Main",
    "a. N.": "am Neckar",
    "a. Rh.": "am Rhein",
    "i. Br.": "im Breisgau",
    "i. OPf.": "in der Oberpfalz",
    "Str.": "Straße",
    "Pl.": "Platz",
    "Hbf.": "Hauptbahnhof",
    "Hbf": "Hauptbahnhof",
    "Bhf.": "Bahnhof",
    "Bf.": "Bahnhof",
    "Postf.": "Postfach",
    "Tel.-Nr.": "Telefonnummer",
    "Tel.": "Telefon",
    # Everyday abbreviations.
    "z. B.": "zum Beispiel",
    "bzw.": "beziehungsweise",
    "ca.": "circa",
    "rd.": "rund",
    "Nr.": "Nummer",
    "Nrn.": "Nummern",
    "usw.": "und so weiter",
    "usf.": "und so fort",
    "etc.": "et cetera",
    "d. h.": "das heißt",
    "ggf.": "gegebenenfalls",
    "ggfs.": "gegebenenfalls",
    "inkl.": "inklusive",
    "exkl.": "exklusive",
    "einschl.": "einschließlich",
    "insg.": "insgesamt",
    "insges.": "insgesamt",
    "MwSt.": "Mehrwertsteuer",
    "MWSt.": "Mehrwertsteuer",
    "USt.": "Umsatzsteuer",
    "vgl.": "vergleiche",
    "evtl.": "eventuell",
    "bspw.": "beispielsweise",
    "mind.": "mindestens",
    "max.": "maximal",
    "insb.": "insbesondere",
    "insbes.": "insbesondere",
    "u. U.": "unter Umständen",
    "i. d. R.": "in der Regel",
    "i. Allg.": "im Allgemeinen",
    "i. H. v.": "in Höhe von",
    "i. V. m.": "in Verbindung mit",
    "i. S. d.": "im Sinne des",
    "i. S. v.": "im Sinne von",
    "o. Ä.": "oder Ähnliches",
    "o. ä.": "oder Ähnliches",
    "u. Ä.": "und Ähnliches",
    "u. ä.": "und Ähnliches",
    "u.": "und",
    "d. Red.": "der Redaktion",
    "nördl.": "nördlich",
    "südl.": "südlich",
    "östl.": "östlich",
    "westl.": "westlich",
    "u. v. m.": "und vieles mehr",
    "u. s. w.": "und so weiter",
    "z. T.": "zum Teil",
    "z. Zt.": "zurzeit",
    "z. Z.": "zurzeit",
    "zz.": "zurzeit",
    "zzt.": "zurzeit",
    "z. Hd.": "zu Händen",
    "zzgl.": "zuzüglich",
    "erm.": "ermäßigt",
    "abzgl.": "abzüglich",
    "ggü.": "gegenüber",
    "Vj.": "Vorjahr",
    "Vorj.": "Vorjahr",
    "bzgl.": "bezüglich",
    "gem.": "gemäß",
    "lt.": "laut",
    "zw.": "zwischen",
    "wg.": "wegen",
    "tägl.": "täglich",
    "jährl.": "jährlich",
    "monatl.": "monatlich",
    "zus.": "zusammen",
    "vorl.": "vorläufig",
    "urspr.": "ursprünglich",
    "allg.": "allgemein",
    "bes.": "besonders",
    "dgl.": "dergleichen",
    "entspr.": "entsprechend",
    "sonst.": "sonstige",
    "m. E.": "meines Erachtens",
    "m. W.": "meines Wissens",
    "n. V.": "nach Vereinbarung",
    "o. J.": "ohne Jahr",
    "d. J.": "des Jahres",
    "l. J.": "laufenden Jahres",
    "v. a.": "vor allem",
    "v. l. n. r.": "von links nach rechts",
    "v. l.": "von links",
    "v. r.": "von rechts",
    "v. H.": "vom Hundert",
    "v. Chr.": "vor Christus",
    "n. Chr.": "nach Christus",
    "s. o.": "siehe oben",
    "s. u.": "siehe unten",
    "s.": "siehe",
    "Anm.": "Anmerkung",
    "Bsp.": "Beispiel",
    "Pkt.": "Punkt",
    "Km": "Kilometer",
    "Kl.": "Klasse",
    "Jh.": "Jahrhundert",
    "Jhd.": "Jahrhundert",
    "Jg.": "Jahrgang",
    "Aufl.": "Auflage",
    "Ausg.": "Ausgabe",
    "Mitgl.": "Mitglied",
    "gest.": "gestorben",
    "verh.": "verheiratet",
    "Verw.": "Verwaltung",
    "ff.": "fortfolgende",
    "p. a.": "pro Jahr",
    "c. t.": "cum tempore",
    "s. t.": "sine tempore",
    "Urt.": "Urteil",
    "Beschl.": "Beschluss",
    "Zi.": "Zimmer",
    "ü. NN": "über Normalnull",
    "ü. NHN": "über Normalhöhennull",
    "ü. d. M.": "über dem Meeresspiegel",
    "p. P.": "pro Person",
    "o. V.": "ohne Verfasser",
    "u. E.": "unseres Erachtens",
    "Tsd.": "tausend",
    "Mio.": "Millionen",
    "Mill.": "Millionen",
    "Mrd.": "Milliarden",
    "Einw.": "Einwohner",
    "Std.": "Stunden",
    "Min.": "Minuten",
    "Sek.": "Sekunden",
    "Pers.": "Personen",
    "Tln.": "Teilnehmende",
    "Stk.": "Stück",
    "Az.": "Aktenzeichen",
    "Drs.": "Drucksache",
    "Abs.": "Absatz",
    "Art.": "Artikel",
    "Ziff.": "Ziffer",
    "Bd.": "Band",
    "Kap.": "Kapitel",
    "Anl.": "Anlage",
    "Abb.": "Abbildung",
    "Tab.": "Tabelle",
    "lit.": "Buchstabe",
    "BGBl.": "Bundesgesetzblatt",
}
# Adjectives written short; the ending follows the article before them.
_ADJECTIVES = {
    "sog.": "sogenannt",
    "sogen.": "sogenannt",
    "o. g.": "oben genannt",
    "ehem.": "ehemalig",
    "stv.": "stellvertretend",
    "stellv.": "stellvertretend",
    "zust.": "zuständig",
    "lfd.": "laufend",
    "ev.": "evangelisch",
    "evang.": "evangelisch",
    "kath.": "katholisch",
}
_ENDING_AFTER = {
    **dict.fromkeys(["der", "die", "das", "eine", "diese", "jede"], "e"),
    **dict.fromkeys(
        [
            "den",
            "dem",
            "des",
            "einem",
            "einer",
            "eines",
            "einen",
            "im",
            "am",
            "vom",
            "zum",
            "zur",
            "beim",
            "diesem",
            "diesen",
        ],
        "en",
    ),
    **dict.fromkeys(["ein", "kein"], "er"),
}
# Abbreviations that may close a sentence, and the words after which they do (``sentence_words.yaml``).
_SENTENCE_WORDS = yaml.safe_load(Path(__file__).with_name("sentence_words.yaml").read_text(encoding="utf-8"))
CLOSING = frozenset(_SENTENCE_WORDS["closing_abbreviations"])
SENTENCE_STARTERS = frozenset(_SENTENCE_WORDS["sentence_starters"])

_TABLE = Abbreviations(ABBREVIATIONS)
_ADJECTIVE = Abbreviations(_ADJECTIVES)
_AMONG_OTHERS = re.compile(r"(?<![\w.])([uU])\.\s?a\.(?=(\s*[.,;:!?)]|\s*$)?)")
# "Ursula v. der Brücke", "Carl v. Ossietzky": "v." between a first name and a surname.
_NAME_PARTICLE = re.compile(r"(?<=[a-zäöüß]\s)v\.\s?(?=(?:der|dem|den|und|zu)\s|[A-ZÄÖÜ])")
# "Urt. v. 12.3.2026": the date may already be spoken ("v. zwölften März").
_DATE_PARTICLE = re.compile(rf"(?<![\w.])v\.\s?(?=\d|[a-zäöüß]+te[nr]?\s(?:{'|'.join(MONTHS)})\b)")
_MRS = re.compile(r"(?<![\w.])Fr\.\s?(?=[A-ZÄÖÜ])")
_BORN = re.compile(r"(?<![\w.])geb\.\s?(?=([A-ZÄÖÜ])?)")
_STREET = re.compile(r"(?<=[a-zäöüß])str\.(?=\s|$|[,;])")
_SAINT_OR_PIECE = re.compile(r"(?<=\d\s)St\.")
# "i. R. einer Feierstunde" is "im Rahmen"; "Lehrer i. R." is "im Ruhestand".
_IN_FRAME = re.compile(r"(?<![\w.])([iI])\.\s?R\.\s(?=(?:einer|eines|der|des|von|seiner|ihrer|unserer)\s)")
# An abbreviation written in capitals ("CA. 30", "TEL.:", "I. V."): its table form is looked up.
_CAPITALS = re.compile(r"(?<![\w.])[A-ZÄÖÜ]+(?:\.\s?[A-ZÄÖÜ]+)*\.")


_DATIVE_LIST = re.compile(r"\b(?i:aus|mit|von|bei|nach|seit|zu|zwischen|gegenüber)\s+[A-ZÄÖÜ][^.;:]*$")


def _among_others(match: re.Match[str]) -> str:
    """ "u. a." ends a list ("und andere") at the end or between nouns, else it is "unter anderem"."""
    before = match.string[: match.start()].split()
    after = match.string[match.end() :].split(maxsplit=1)
    # "Schulen u. a. Einrichtungen"; after a comma ("8 Ortsteile, u. a. Oberdorf") it is "unter anderem".
    noun_before = len(before) > 1 and before[-1][:1].isupper() and not before[-1].endswith((",", ":", ";"))
    between_nouns = noun_before and bool(after) and after[0][:1].isupper()
    spoken = "und andere" if match[2] is not None or between_nouns else "unter anderem"
    # "aus Ulm, Aalen u. a. Städten": the list is in the dative its preposition asks for.
    if (
        between_nouns
        and after[0].rstrip(".,;:!?").endswith("n")
        and _DATIVE_LIST.search(" ".join(before[-8:]))
    ):
        spoken = "und anderen"
    return spoken.replace("u", match[1], 1)


def _particle(match: re.Match[str]) -> str:
    words = match.string[: match.start()].split()
    return "von " if words and words[-1][0].isupper() else match[0]


_PLURAL_VERBS = frozenset(
    ["sind", "waren", "werden", "wurden", "haben", "hatten", "gelten", "bleiben", "können", "müssen"]
)


def _adjective(match: re.Match[str]) -> str:
    stem = _ADJECTIVE.spoken(match[0])
    words = match.string[: match.start()].split()
    previous = words[-1].lower() if words else ""
    following = match.string[match.end() :].split(maxsplit=1)
    noun = following[0].strip(".,;:") if following else ""
    # "wie o. g. umzusetzen", "wie o. g.": said of nothing after it, the adjective takes no ending.
    if not noun[:1].isalpha() or (previous in ("wie", "als") and noun[:1].islower()):
        return stem
    # "die sog. Hitzeinseln" is plural ("sogenannten"), "die sog. Ausgleichsfläche" singular.
    if previous == "die" and noun.endswith(("en", "ln", "rn", "s")) and not noun.endswith(("ion", "is")):
        return stem + "en"
    # "die o. g. Termine sind": a plural verb after the noun shows the plural.
    verb = following[1].split(maxsplit=1)[0] if len(following) > 1 else ""
    if previous == "die" and verb in _PLURAL_VERBS:
        return stem + "en"
    return stem + _ENDING_AFTER.get(previous, "e")


def written_in_capitals(text: str) -> str:
    """Abbreviations written all in capitals ("CA.", "TEL.", "I. V.") in the form the tables hold."""
    return _CAPITALS.sub(lambda match: CAPITAL_FORMS.get(match[0].replace(" ", ""), match[0]), text)


def speak_abbreviations(text: str) -> str:
    """Every abbreviation of the tables and the context-dependent ones replaced by their spoken forms."""
    text = _IN_FRAME.sub(lambda m: "im Rahmen " if m[1] == "i" else "Im Rahmen ", text)
    text = _AMONG_OTHERS.sub(_among_others, text)
    text = _NAME_PARTICLE.sub(_particle, text)
    text = _DATE_PARTICLE.sub("vom ", text)
    text = _MRS.sub("Frau ", text)
    text = _BORN.sub(lambda m: "geborene " if m[1] else "geboren ", text)
    text = _STREET.sub("straße", text)
    text = _SAINT_OR_PIECE.sub("Stück", text)
    text = _ADJECTIVE.pattern.sub(_adjective, text)
    text = speak_by_context(text)
    return _TABLE.expand(text)


WRITTEN_FORMS = frozenset(
    [*ABBREVIATIONS, *_ADJECTIVES, *CONTEXT_FORMS, "u. a.", "v.", "Fr.", "geb.", "Hauptstr."]
)
# Capitals only where two or more letters leave no doubt ("S." alone may be an initial).
CAPITAL_FORMS = {
    compact.upper(): written
    for written in sorted(WRITTEN_FORMS)
    if (compact := written.replace(" ", "")).endswith(".")
    and sum(character.isalpha() for character in compact) >= 2
    and compact.upper() != compact
}
