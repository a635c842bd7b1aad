"""A listener hears what a reader reads: numbers, amounts, dates, abbreviations and addresses spoken out."""

from __future__ import annotations

import pytest

from publisher.channels.audio.speech.languages import rules_for

GERMAN = [
    ("Das Land gibt 62 Mio. € aus.", "Das Land gibt zweiundsechzig Millionen Euro aus."),
    ("Davon gehen 1,3 Mio. € an Schulen.", "Davon gehen eins Komma drei Millionen Euro an Schulen."),
    ("Es sind 62 Millionen Euro.", "Es sind zweiundsechzig Millionen Euro."),
    ("Der Bund gibt 3 Mrd. € aus.", "Der Bund gibt drei Milliarden Euro aus."),
    ("Der Zuschuss beträgt 1 Mio. Euro.", "Der Zuschuss beträgt eine Million Euro."),
    ("Ein Ticket kostet 5,50 €.", "Ein Ticket kostet fünf Euro fünfzig."),
    ("Die Quote stieg um 3,5 %.", "Die Quote stieg um drei Komma fünf Prozent."),
    ("Es kamen 1.200 Gäste.", "Es kamen eintausendzweihundert Gäste."),
    ("Am 3. März 2026 geht es los.", "Am dritten März zweitausendsechsundzwanzig geht es los."),
    ("Der 3. Oktober ist ein Feiertag.", "Der dritte Oktober ist ein Feiertag."),
    ("Start ist am 01.04.2026.", "Start ist am ersten April zweitausendsechsundzwanzig."),
    ("Seit 1990 gibt es das Amt.", "Seit neunzehnhundertneunzig gibt es das Amt."),
    ("Die Sitzung beginnt um 14:30 Uhr.", "Die Sitzung beginnt um vierzehn Uhr dreißig."),
    ("Das Fest endet um 1 Uhr.", "Das Fest endet um ein Uhr."),
    (
        "Gefördert wird 2025 bis 2026.",
        "Gefördert wird zweitausendfünfundzwanzig bis zweitausendsechsundzwanzig.",
    ),
    ("Gefördert wird 2025–2026.", "Gefördert wird zweitausendfünfundzwanzig bis zweitausendsechsundzwanzig."),
    ("Geöffnet 10–12 Uhr.", "Geöffnet zehn bis zwölf Uhr."),
    ("Prof. Dr. Lea Sommer kommt.", "Professor Doktor Lea Sommer kommt."),
    ("Es gibt z. B. Busse bzw. Bahnen.", "Es gibt zum Beispiel Busse beziehungsweise Bahnen."),
    ("Es kamen ca. 40 Leute, u. a. aus Kiel.", "Es kamen circa vierzig Leute, unter anderem aus Kiel."),
    ("Das ist Antrag Nr. 7.", "Das ist Antrag Nummer sieben."),
    (
        "Wir suchen Integrationsmanagerinnen und -manager.",
        "Wir suchen Integrationsmanagerinnen und Integrationsmanager.",
    ),
    ("Alle Bürger*innen sind eingeladen.", "Alle Bürgerinnen und Bürger sind eingeladen."),
    ("Die Strecke ist 12 km lang.", "Die Strecke ist zwölf Kilometer lang."),
    (
        "Mehr unter https://www.example.de/presse.",
        "Mehr unter We We We Punkt example Punkt De E Schrägstrich presse.",
    ),
    (
        "Schreiben Sie an presse@stadt.example.de.",
        "Schreiben Sie an presse ät stadt Punkt example Punkt De E.",
    ),
    ("Aufruf Nr. 2/2026 läuft.", "Aufruf Nummer zwei Strich zweitausendsechsundzwanzig läuft."),
    ("Sie sagte: „Wir freuen uns!“", "Sie sagte: Wir freuen uns!"),
]

ENGLISH = [
    ("The council spends €62m.", "The council spends sixty-two million euros."),
    ("Tickets cost $5.50.", "Tickets cost five dollars fifty."),
    ("It grew by 12.5%.", "It grew by twelve point five percent."),
    ("We had 1,200 guests.", "We had one thousand two hundred guests."),
    ("It opens on 3 March 2026.", "It opens on the third of March twenty twenty-six."),
    ("It opened on March 4, 2025.", "It opened on March fourth, twenty twenty-five."),
    ("Doors open at 2:30 pm.", "Doors open at two thirty p m."),
    ("It runs 2025–2026.", "It runs twenty twenty-five to twenty twenty-six."),
    ("Dr. Jane Smith agreed, e.g. on cost.", "Doctor Jane Smith agreed, for example on cost."),
    ("This is the 2nd phase.", "This is the second phase."),
    ("Write to press@example.org.", "Write to press at example dot org."),
]


@pytest.mark.parametrize(("written", "spoken"), GERMAN)
def test_german_text_is_spoken_as_a_reader_would_say_it(written: str, spoken: str) -> None:
    """German numbers, amounts, dates, times, ranges, abbreviations, gendered forms and addresses."""
    assert " ".join(rules_for("de").speak(written)) == spoken


@pytest.mark.parametrize(("written", "spoken"), ENGLISH)
def test_english_text_is_spoken_as_a_reader_would_say_it(written: str, spoken: str) -> None:
    """English has its own rules: currency before the number, years in pairs, ordinals with suffixes."""
    assert " ".join(rules_for("en-GB").speak(written)) == spoken


def test_a_full_stop_in_an_abbreviation_or_a_date_does_not_end_a_sentence() -> None:
    """Sentences are cut where they end, not after "z. B.", "Nr." or "3." before a month."""
    sentences = rules_for("de").sentences(
        "Wir bauen z. B. am 3. März in Halle Nr. 2. Danach ruhen die Arbeiten."
    )
    assert sentences == ["Wir bauen z. B. am 3. März in Halle Nr. 2.", "Danach ruhen die Arbeiten."]


def test_an_abbreviation_that_ends_a_sentence_keeps_its_full_stop() -> None:
    """ "usw." at the end of a sentence ends it, and the voice still hears the full stop."""
    assert rules_for("de").speak("Es gibt Busse, Bahnen usw. Die Stadt zahlt.") == [
        "Es gibt Busse, Bahnen und so weiter.",
        "Die Stadt zahlt.",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Die Kampagne „BW schützt!“ Startet heute nicht. Sie endet.",
            ["Die Kampagne „BW schützt!“ Startet heute nicht.", "Sie endet."],
        ),
        (
            "Das Programm „Wer, wenn nicht wir?“ startet am 1.–3. Juli. Anmeldung läuft.",
            ["Das Programm „Wer, wenn nicht wir?“ startet am 1.–3. Juli.", "Anmeldung läuft."],
        ),
        (
            "Sie rief: „Kommt alle!“ Viele kamen.",
            ["Sie rief: „Kommt alle!“", "Viele kamen."],
        ),
        (
            "Das Motto lautet „Gemeinsam stark!“ Die Aktion läuft.",
            ["Das Motto lautet „Gemeinsam stark!“", "Die Aktion läuft."],
        ),
    ],
)
def test_a_quoted_name_with_an_exclamation_or_question_mark_does_not_end_the_sentence(
    text: str, sentences: list[str]
) -> None:
    """A title quoted inside a sentence goes on; quoted speech after a colon, or a new subject, ends it."""
    assert rules_for("de").sentences(text) == sentences


def test_closing_abbreviations_end_a_sentence_only_before_a_new_subject() -> None:
    """ "2 Std. Die ..." is two sentences, "62 Mio. Euro" and "Rd. 300 Einw. leben" are one."""
    assert rules_for("de").speak("Die Fahrt dauert ca. 2 Std. Die Rückfahrt auch. Es gibt 62 Mio. Euro.") == [
        "Die Fahrt dauert circa zwei Stunden.",
        "Die Rückfahrt auch.",
        "Es gibt zweiundsechzig Millionen Euro.",
    ]


def test_normalising_never_fails_on_odd_input() -> None:
    """Stray symbols, lone digits and odd spacing come through as text, never as an exception."""
    odd = "§§ – 0 / 1 ,, € % Nr. Az. +49 ( ) 12.13. 99.99.9999 25:61 Uhr IIII. „!“ ? www. @ 1/0"
    spoken = rules_for("de").speak(odd)
    assert spoken and all(isinstance(sentence, str) for sentence in spoken)
