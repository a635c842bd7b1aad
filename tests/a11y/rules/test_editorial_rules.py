"""Editorial rules: alt text quality, link wording, capitals and readability, with localised messages."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from publisher.a11y import RULES, Finding, check_html, rules_for
from publisher.paths import templates_dir
from publisher.settings import A11ySettings
from tests.conftest import REPO

RULES_DIR = REPO / "publisher" / "a11y" / "rules"

LONG_OFFICIAL_GERMAN = (
    "Die Landesregierung beabsichtigt im Rahmen der fortschreitenden Verwaltungsmodernisierung "
    "eine umfassende "
    "Neustrukturierung sämtlicher behördeninterner Genehmigungsverfahren, wobei insbesondere die "
    "Interoperabilität heterogener Fachanwendungen sowie die datenschutzrechtliche Unbedenklichkeit "
    "personenbezogener Übermittlungsvorgänge sichergestellt werden soll. "
) * 2
PLAIN_GERMAN = (
    "Die Stadt baut eine neue Brücke. Sie ist aus Holz. Kinder können dort spielen. Der Bau dauert ein Jahr. "
    "Die Kosten trägt das Land. Alle sind zur Feier eingeladen. Es gibt Musik und Essen. "
    "Wir freuen uns auf Sie. "
) * 2


def page(body: str, *, lang: str = "de") -> str:
    """A complete, otherwise clean German article page around ``body``."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        "<title>Pressemitteilung</title></head>"
        f"<body><main><h1>Neue Brücke im Stadtpark</h1>{body}</main></body></html>"
    )


def findings(html: str, rule: str, **options: object) -> list[Finding]:
    """The findings of one rule for ``html`` (German messages unless ``locale`` is given)."""
    options.setdefault("locale", "de")
    return [finding for finding in check_html(html, **options) if finding.rule == rule]  # type: ignore[arg-type]


# --- alt text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "alt", ["Symbolbild", "Bild", "Foto 3", "Grafik:", "image", "Picture 12", "Platzhalter"]
)
def test_placeholder_alt_text_is_an_error_naming_the_text(alt: str) -> None:
    """A placeholder says nothing about the image: an error that quotes the alt and points at the img."""
    html = page(f'<p>Text.</p>\n<img src="bruecke.jpg" alt="{alt}">')
    [finding] = findings(html, "alt-placeholder")
    assert finding.severity == "error"
    assert alt in finding.message and "Platzhalter" in finding.message
    assert finding.wcag == ["1.1.1"]
    assert finding.location is not None and finding.location.selector is not None
    assert finding.location.selector.endswith("img") and finding.location.line == 2


def test_descriptive_and_decorative_alt_texts_pass_the_placeholder_rule() -> None:
    """Alt text that describes, and alt="" for decoration, are both right."""
    html = page('<img src="a.jpg" alt="Bild einer Holzbrücke über den Teich"><img src="linie.png" alt="">')
    assert findings(html, "alt-placeholder") == []


@pytest.mark.parametrize("alt", ["IMG_2041.JPG", "bruecke-final.png", "DSC01234", "a3f9c2e17b5d4e8f9a0b"])
def test_file_names_as_alt_text_are_errors(alt: str) -> None:
    """Camera names, file extensions and hashes are file names, not descriptions."""
    [finding] = findings(page(f'<img src="/media/{alt}" alt="{alt}">'), "alt-file-name", locale="en")
    assert finding.severity == "error" and finding.act == ["9eb3f6"]
    assert f'"{alt}" is a file name' in finding.message


def test_a_file_stem_that_is_a_real_name_and_download_links_are_not_file_names() -> None:
    """ "Nyhavn" from nyhavn.jpg describes the place; a download link may show the file's name."""
    html = page(
        '<img src="nyhavn.jpg" alt="Nyhavn">'
        '<a href="plan.pdf" download>Lageplan herunterladen <img src="plan.png" alt="plan.png"></a>'
    )
    assert findings(html, "alt-file-name") == []


def test_alt_text_equal_to_the_caption_is_a_warning() -> None:
    """Alt and caption read the same twice: a warning; an alt that adds to the caption passes."""
    same = page(
        '<figure><img src="a.jpg" alt="Die neue Brücke."><figcaption>Die neue Brücke</figcaption></figure>'
    )
    different = page(
        '<figure><img src="a.jpg" alt="Holzbrücke mit Geländer aus Stahl"><figcaption>Die neue Brücke'
        "</figcaption></figure>"
    )
    [finding] = findings(same, "alt-equals-caption")
    assert finding.severity == "warning"
    assert findings(different, "alt-equals-caption") == []


def test_long_alt_text_warns_above_the_configured_length() -> None:
    """The limit comes from the settings; the message suggests a long description."""
    alt = "Holzbrücke über den Teich im Stadtpark, im Hintergrund das Rathaus"
    html = page(f'<img src="a.jpg" alt="{alt}">')
    assert findings(html, "alt-too-long") == []
    [finding] = findings(html, "alt-too-long", settings=A11ySettings(alt_text_max_length=40), locale="en")
    assert finding.severity == "warning"
    assert f"{len(alt)} characters (more than 40)" in finding.message
    assert "aria-describedby" in finding.message


@pytest.mark.parametrize(
    "alt",
    ["Die neue Brücke. Foto: Stadt Musterstadt", "Brücke © Jana Probst", "Brücke (Quelle: Stadtarchiv)"],
)
def test_credits_in_alt_text_are_warnings(alt: str) -> None:
    """Photo credits belong in the caption, not in what the image shows."""
    [finding] = findings(page(f'<img src="a.jpg" alt="{alt}">'), "alt-credit")
    assert finding.severity == "warning" and "Bildunterschrift" in finding.message


def test_a_credit_in_the_caption_is_fine() -> None:
    """The caption is where a credit goes."""
    html = page(
        '<figure><img src="a.jpg" alt="Holzbrücke im Stadtpark"><figcaption>Foto: Stadt Musterstadt'
        "</figcaption></figure>"
    )
    assert findings(html, "alt-credit") == []


def test_hidden_images_are_not_judged_by_their_alt_text() -> None:
    """An image hidden from everyone is not read, so its alt text is not an editorial problem."""
    html = page('<img src="a.jpg" alt="Symbolbild" aria-hidden="true"><img src="b.jpg" alt="Foto" hidden>')
    assert findings(html, "alt-placeholder") == []


# --- links --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["hier", "Hier klicken", "mehr", "Weiter »", "Read more …", "click here"])
def test_vague_link_text_is_an_error(text: str) -> None:
    """Link text that does not name the target fails in a list of links."""
    html = page(f'<p>Den Bericht finden Sie <a href="/bericht">{text}</a>.</p>')
    [finding] = findings(html, "link-text-vague")
    assert finding.severity == "error" and finding.act == ["5effbb"] and finding.wcag == ["2.4.4"]
    assert f"„{text}“" in finding.message
    assert finding.location is not None and finding.location.selector is not None
    assert finding.location.selector.endswith("a")


def test_descriptive_link_text_and_labels_pass() -> None:
    """The accessible name counts: an aria-label naming the target fixes a vague visible text."""
    html = page(
        '<p><a href="/bericht.pdf">Jahresbericht 2024 (PDF)</a> '
        '<a href="/bericht" aria-label="Jahresbericht 2024 lesen">Mehr</a> '
        '<span role="link" tabindex="0">Programm des Sommerfests</span></p>'
    )
    assert findings(html, "link-text-vague") == []


def test_the_same_link_text_for_different_targets_is_one_warning() -> None:
    """Two targets behind one text are ambiguous: one warning on the second link, naming the count."""
    html = page(
        '<p><a href="/sommerfest">Programm</a> <a href="/herbstmarkt">Programm</a> '
        '<a href="/sommerfest/">Programm</a></p>'
    )
    [finding] = findings(html, "link-text-repeated", locale="en")
    assert finding.severity == "warning"
    assert '"Programm" leads to 2 different targets' in finding.message
    assert (
        finding.location is not None
        and finding.location.selector == "html > body > main > p > a:nth-of-type(2)"
    )


def test_the_same_link_text_for_the_same_target_passes() -> None:
    """Repeating a link to the same place (with or without trailing slash) is fine."""
    html = page('<p><a href="/programm">Programm</a> und noch einmal <a href="/programm/">Programm</a></p>')
    assert findings(html, "link-text-repeated") == []


# --- capitals -----------------------------------------------------------------------


def test_running_text_in_capitals_is_a_warning() -> None:
    """A shouted sentence is hard to read; the message quotes the capitals."""
    html = page("<p>Bitte beachten: ACHTUNG DIE BRÜCKE IST GESPERRT bis Montag.</p>")
    [finding] = findings(html, "all-caps")
    assert finding.severity == "warning"
    assert "ACHTUNG DIE BRÜCKE IST GESPERRT" in finding.message


def test_abbreviations_and_code_are_not_shouting() -> None:
    """Single abbreviations and code samples in capitals pass."""
    html = page(
        "<p>Die EU, das BMBF und die KfW fördern das Projekt.</p><p><code>SELECT NAME FROM TABLE</code></p>"
    )
    assert findings(html, "all-caps") == []


# --- readability --------------------------------------------------------------------


def test_hard_german_main_text_warns_with_the_wiener_sachtextformel() -> None:
    """Bureaucratic German in main is over grade 12: a warning on main with the grade in German notation."""
    [finding] = findings(page(f"<p>{LONG_OFFICIAL_GERMAN}</p>"), "readability")
    assert finding.severity == "warning" and finding.wcag == ["3.1.5"]
    assert "Wiener Sachtextformel" in finding.message and "Grenze von 12" in finding.message
    assert finding.location is not None and finding.location.selector == "html > body > main"


def test_plain_german_and_a_higher_limit_pass() -> None:
    """Plain text passes; the same hard text passes when the configured limit is higher."""
    assert findings(page(f"<p>{PLAIN_GERMAN}</p>"), "readability") == []
    relaxed = A11ySettings(readability_max_difficulty=40)
    assert findings(page(f"<p>{LONG_OFFICIAL_GERMAN}</p>"), "readability", settings=relaxed) == []


def test_english_main_text_is_measured_with_flesch_kincaid() -> None:
    """An English page is measured in English, and only the article's main text counts."""
    text = (
        "The administration intends, within the framework of its comprehensive modernisation programme, to "
        "fundamentally restructure all interdepartmental authorisation procedures, particularly guaranteeing "
        "the interoperability of heterogeneous specialist applications. "
    ) * 2
    html = page(f"<p>{text}</p>", lang="en")
    [finding] = findings(html, "readability", locale="en")
    assert "Flesch-Kincaid" in finding.message
    outside_main = page("<p>Short.</p>", lang="en").replace("<main>", f"<header><p>{text}</p></header><main>")
    assert findings(outside_main, "readability") == []


def test_passages_in_another_language_and_teaser_lists_are_left_out() -> None:
    """A quote in English inside a German text is not measured as German; an index of teasers is skipped."""
    english_quote = (
        '<blockquote lang="en">The administration intends to fundamentally restructure all interdepartmental '
        "authorisation procedures, guaranteeing interoperability of heterogeneous specialist applications, "
        "confidentiality and accountability.</blockquote>"
    )
    assert findings(page(f"<p>{PLAIN_GERMAN}</p>{english_quote}"), "readability") == []
    teasers = "".join(f"<article><h2>Meldung</h2><p>{LONG_OFFICIAL_GERMAN}</p></article>" for _ in range(2))
    assert findings(page(teasers), "readability") == []


# --- language of the messages ---------------------------------------------------------


def test_messages_follow_the_locale() -> None:
    """The same finding reads German for locale de and English for en."""
    html = page('<p><a href="/x">hier</a></p>')
    [german] = findings(html, "link-text-vague", locale="de")
    [english] = findings(html, "link-text-vague", locale="en")
    assert german.message.startswith("Der Linktext „hier“")
    assert english.message.startswith('The link text "hier"')


@pytest.mark.parametrize(
    ("catalog_name", "modules"),
    [
        ("a11y-editorial.po", ["alt_text.py", "link_wording.py", "editorial.py"]),
        ("a11y-email.po", ["email.py"]),
    ],
)
def test_every_message_and_description_has_a_german_translation(
    catalog_name: str, modules: list[str]
) -> None:
    """Each message passed to message() and each rule description is in the German catalog."""
    rules_for("web")  # loads the rules
    with (templates_dir() / "locale" / "de" / "LC_MESSAGES" / catalog_name).open("rb") as po_file:
        catalog = read_po(po_file, locale="de")
    used: list[str] = []
    for module in modules:
        found = extract_from_file("python", RULES_DIR / module, keywords={"message": (2,)})
        used += [str(item[1]) for item in found]
        module_name = f"publisher.a11y.rules.{module.removesuffix('.py')}"
        used += [rule.description for rule in RULES.values() if rule.check.__module__ == module_name]
    assert len(used) > 10
    missing = [text for text in used if not (catalog.get(text) and catalog[text].string)]
    assert missing == []
