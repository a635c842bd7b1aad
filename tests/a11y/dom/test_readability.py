"""Readability figures: syllables, sentences and the German and English formulas."""

from __future__ import annotations

import pytest

from publisher.a11y.dom.readability import (
    MIN_WORDS,
    TextStatistics,
    count_syllables,
    flesch_amstad,
    flesch_kincaid_grade,
    readability,
    split_sentences,
    split_words,
    text_statistics,
    wiener_sachtextformel,
)

PLAIN_GERMAN = (
    "Die Stadt baut eine neue Brücke. Sie ist aus Holz. Kinder können dort spielen. Der Bau dauert ein Jahr. "
    "Die Kosten trägt das Land. Alle sind zur Feier eingeladen. Es gibt Musik und Essen. "
    "Wir freuen uns auf Sie."
)
OFFICIAL_GERMAN = (
    "Die Landesregierung beabsichtigt im Rahmen der fortschreitenden Verwaltungsmodernisierung "
    "eine umfassende "
    "Neustrukturierung sämtlicher behördeninterner Genehmigungsverfahren, wobei insbesondere die "
    "Interoperabilität heterogener Fachanwendungen sowie die datenschutzrechtliche Unbedenklichkeit "
    "personenbezogener Übermittlungsvorgänge sichergestellt werden soll."
)
PLAIN_ENGLISH = (
    "The town will build a new bridge. It is made of wood. Children can play on it. The work takes one year. "
    "The state pays for it. Everyone is invited to the party. There will be music and food. See you there."
)
OFFICIAL_ENGLISH = (
    "The administration intends, within the framework of its comprehensive modernisation programme, to "
    "fundamentally restructure all interdepartmental authorisation procedures, particularly guaranteeing the "
    "interoperability of heterogeneous specialist applications and the unobjectionable confidentiality of "
    "personal information transmissions."
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("Haus", 1),
        ("Brücke", 2),
        ("Bäume", 2),
        ("heute", 2),
        ("Theater", 3),
        ("Situation", 5),
        ("Bundesregierung", 5),
        ("Pressemitteilung", 5),
        ("Verwaltungsvorschrift", 5),
    ],
)
def test_german_syllables_follow_vowel_groups_and_diphthongs(word: str, syllables: int) -> None:
    """Diphthongs (ei, au, eu, äu) and long vowels count once; other vowel pairs are two syllables."""
    assert count_syllables(word, "de") == syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("the", 1), ("make", 1), ("named", 1), ("needed", 2), ("table", 2), ("boxes", 2), ("beautiful", 3)],
)
def test_english_syllables_drop_silent_endings(word: str, syllables: int) -> None:
    """A silent final e, -es or -ed adds no syllable; -le, -ted and -xes do."""
    assert count_syllables(word, "en") == syllables


def test_sentences_do_not_end_at_abbreviations_or_german_ordinals() -> None:
    """ "Dr.", "z. B." and "am 3. Mai" stay inside their sentence; blank lines end one (headings)."""
    text = "Am 3. Mai sprach Dr. Meyer z. B. über Geld. War das gut? Ja!\n\nÜberschrift ohne Punkt\n\nEnde."
    assert split_sentences(text, "de") == [
        "Am 3. Mai sprach Dr. Meyer z. B. über Geld.",
        "War das gut?",
        "Ja!",
        "Überschrift ohne Punkt",
        "Ende.",
    ]


def test_words_keep_compounds_and_leave_out_numbers() -> None:
    """A hyphenated compound is one word; figures are not words."""
    assert split_words("Die Corona-Hilfen 2024 kosten 12,5 Mio. Euro.") == [
        "Die",
        "Corona-Hilfen",
        "kosten",
        "Mio",
        "Euro",
    ]


def test_wiener_sachtextformel_matches_the_published_formula() -> None:
    """WSTF1 = 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875 with percentages of words."""
    stats = TextStatistics(
        sentences=10, words=100, syllables=180, polysyllables=20, monosyllables=50, long_words=30
    )
    expected = 0.1935 * 20 + 0.1672 * 10 + 0.1297 * 30 - 0.0327 * 50 - 0.875
    assert wiener_sachtextformel(stats) == pytest.approx(expected)
    assert flesch_amstad(stats) == pytest.approx(180 - 10 - 58.5 * 1.8)


def test_flesch_kincaid_grade_matches_the_published_formula() -> None:
    """FKGL = 0.39·(words/sentences) + 11.8·(syllables/words) − 15.59."""
    stats = TextStatistics(
        sentences=5, words=100, syllables=150, polysyllables=10, monosyllables=60, long_words=20
    )
    assert flesch_kincaid_grade(stats) == pytest.approx(0.39 * 20 + 11.8 * 1.5 - 15.59)


def test_plain_german_reads_easier_than_official_german() -> None:
    """Short sentences of short words get a low grade, bureaucratic German a grade beyond school."""
    plain = readability(PLAIN_GERMAN * 2, "de")
    official = readability(OFFICIAL_GERMAN * 2, "de-DE")
    assert plain is not None and official is not None
    assert plain.formula == official.formula == "Wiener Sachtextformel"
    assert plain.grade < 6 < 15 < official.grade
    assert plain.reading_ease > 60 > official.reading_ease


def test_plain_english_reads_easier_than_official_english() -> None:
    """English uses the Flesch-Kincaid grade; plain text scores low, official prose very high."""
    plain = readability(PLAIN_ENGLISH * 2, "en")
    official = readability(OFFICIAL_ENGLISH * 2, "en-GB")
    assert plain is not None and official is not None
    assert plain.formula == "Flesch-Kincaid"
    assert plain.grade < 4 < 16 < official.grade


def test_short_texts_and_other_languages_get_no_figure() -> None:
    """A handful of words or a language without a formula gives None rather than a random grade."""
    assert readability("Kurzer Text.", "de") is None
    assert text_statistics(PLAIN_GERMAN, "de").words >= MIN_WORDS
    assert readability(PLAIN_GERMAN * 2, "fr") is None
