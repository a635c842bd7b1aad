"""The built-in page rules find what a press office must fix, say how, and stay quiet otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from babel.messages.extract import extract_from_file

from publisher.a11y import Finding, check_html, has_errors, rules_for
from publisher.a11y.registry import RULES
from publisher.channels.newsletter.compose import compile_edition
from publisher.i18n import translations
from publisher.settings import Settings
from publisher.sources import parse_article
from tests.conftest import EXAMPLES, REPO
from tests.helpers import publish
from tests.newsletter_support import newsletter_settings

RULES_DIR = REPO / "publisher" / "a11y" / "rules"
PAGE_RULE_MODULES = (
    "aria",
    "aria_tree",
    "contrast",
    "forms",
    "images",
    "labels",
    "language",
    "links",
    "media",
    "meta",
    "orientation",
    "spacing",
    "structure",
    "tables",
    "widgets",
    "text_structure",
)


def page(body: str, *, head: str = "", lang: str = "de") -> str:
    """A small but complete article page around ``body``."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Neue Radwege für die Innenstadt</title>\n{head}</head>\n<body>\n"
        f"<main>\n<h1>Neue Radwege für die Innenstadt</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


def page_rule_findings(html: str, **options: object) -> list[Finding]:
    """Findings of the page rules only (editorial and email rules are tested elsewhere)."""
    ours = {
        candidate.id
        for candidate in rules_for("web")
        if candidate.check.__module__.rsplit(".", 1)[-1] in PAGE_RULE_MODULES
    }
    return [finding for finding in check_html(html, **options) if finding.rule in ours]  # type: ignore[arg-type]


def rule_ids(findings: list[Finding]) -> list[str]:
    return sorted(finding.rule for finding in findings)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    settings = Settings(
        site={
            "title": "Presse Beispielland",
            "base_url": "https://presse.example.de/",
            "owner": "Land Beispielland",
        },
        staging_dir=out.parent / "staging",
    )
    publish([*sorted(EXAMPLES.glob("*.md")), EXAMPLES / "flawed" / "flawed-release.md"], out, settings)
    return out.parent


def test_example_articles_pass_every_page_rule(example_site: Path) -> None:
    """The web pages the publisher renders from the example articles have no page-rule finding at all."""
    pages = [path for path in (example_site / "public").rglob("*.html")]
    assert len(pages) >= 4
    for path in pages:
        findings = page_rule_findings(path.read_text(encoding="utf-8"), channel="web", locale="de")
        assert findings == [], (path, findings)


@pytest.mark.parametrize("name", ["breitband-foerderung.md", "open-data-portal.md", "hitzeschutz-plan.md"])
def test_example_newsletters_pass_every_page_rule(name: str, tmp_path: Path) -> None:
    """The HTML e-mails compiled from the example articles have no page-rule finding in the email channel."""
    edition = compile_edition(parse_article(EXAMPLES / name).article, newsletter_settings(tmp_path))
    findings = page_rule_findings(edition.html, channel="email", locale="de", text_part=edition.text)
    assert findings == []


def test_flawed_example_reports_the_skipped_heading_level_once(example_site: Path) -> None:
    """The deliberately flawed article has one page-rule fault, the h2 followed by an h4, reported once."""
    (held,) = [path for path in (example_site / "staging").rglob("index.html") if "buergeramt" in str(path)]
    findings = page_rule_findings(held.read_text(encoding="utf-8"), channel="web", locale="de")
    assert rule_ids(findings) == ["heading-order"]
    assert "„Termine am Samstag“" in findings[0].message and "Ebene 3" in findings[0].message


def test_a_clean_page_has_no_findings() -> None:
    """Decorative images, labelled fields, named links and a data table pass every page rule."""
    html = page(
        '<p><img src="linie.png" alt=""> <img src="karte.png" alt="Karte der neuen Radwege"></p>\n'
        '<h2>Anmeldung</h2>\n<form><label for="mail">E-Mail</label>'
        '<input id="mail" type="email" autocomplete="email">'
        '<button type="submit">Newsletter bestellen</button></form>\n'
        '<table><caption>Kosten</caption><tr><th scope="col">Jahr</th><th scope="col">Betrag</th></tr>'
        "<tr><td>2025</td><td>3 Mio. €</td></tr></table>\n"
        '<p><a href="/plan.pdf">Radverkehrsplan 2030 (PDF)</a></p>'
    )
    assert page_rule_findings(html, locale="de") == []


def test_each_fault_is_reported_once_with_a_fix() -> None:
    """A page with one fault per rule yields exactly one finding per rule, each naming what to change."""
    html = page(
        '<img src="karte.png">\n'
        "<h3>Zeitplan</h3>\n"
        '<p><a href="/plan.pdf"></a></p>\n'
        '<input type="text" id="name">\n<p id="name">Doppelt</p>\n'
        '<div role="buton">Mehr</div>\n'
        '<p class="leise">Schwacher Kontrast</p>\n'
        '<iframe src="karte.html"></iframe>\n',
        head="<style>.leise { color: #aaa } p { background: #fff }</style>\n"
        '<meta http-equiv="refresh" content="30">\n',
    ).replace("width=device-width, initial-scale=1", "width=device-width, user-scalable=no")
    findings = page_rule_findings(html, locale="en")
    assert rule_ids(findings) == sorted(
        [
            "image-alt",
            "heading-order",
            "link-name",
            "form-field-name",
            "id-unique",
            "aria-valid-role",
            "color-contrast",
            "frame-title",
            "meta-refresh",
            "meta-refresh-no-delay",
            "meta-viewport",
        ]
    )
    messages = {finding.rule: finding.message for finding in findings}
    assert "karte.png" in messages["image-alt"] and 'alt=""' in messages["image-alt"]
    assert "level 2 is skipped" in messages["heading-order"]
    assert 'href="/plan.pdf"' in messages["link-name"]
    assert 'id="name"' in messages["form-field-name"]
    assert '"name"' in messages["id-unique"]
    assert 'role="buton"' in messages["aria-valid-role"]
    assert "2.32:1" in messages["color-contrast"] and "4.5:1" in messages["color-contrast"]
    assert "user-scalable=no" in messages["meta-viewport"]
    assert "30 seconds" in messages["meta-refresh"]
    assert has_errors(findings)


def test_a_page_with_an_xml_declaration_is_checked() -> None:
    """An XHTML page that starts with ``<?xml ... encoding=...?>`` is checked like any other page."""
    html = '<?xml version="1.0" encoding="UTF-8"?>\n' + page('<img src="karte.png">')
    assert rule_ids(page_rule_findings(html)) == ["image-alt"]


def test_findings_point_at_the_element_and_its_line() -> None:
    """A finding's CSS selector selects the faulty element and its line is the element's source line."""
    html = page('<p>Vorher</p>\n<p><img src="a.png" alt="Ampel"></p>\n<p><img src="b.png"></p>')
    (finding,) = page_rule_findings(html)
    assert finding.location is not None and finding.location.selector is not None
    (selected,) = lxml.html.document_fromstring(html).cssselect(finding.location.selector)
    assert selected.get("src") == "b.png"
    assert finding.location.line == html.splitlines().index('<p><img src="b.png"></p>') + 1
    assert finding.wcag == ["1.1.1"] and finding.act == ["23a2a8"]


def test_messages_follow_the_report_language() -> None:
    """The same fault is explained in German for a German report and in English for an English one."""
    html = page('<img src="karte.png">')
    (german,) = page_rule_findings(html, locale="de")
    (english,) = page_rule_findings(html, locale="en")
    assert german.message.startswith('Bild <img src="karte.png"> hat keinen Alternativtext')
    assert english.message.startswith('Image <img src="karte.png"> has no text alternative')


def test_every_page_rule_message_has_a_german_translation() -> None:
    """No page-rule message falls back to English in a German report."""
    german = translations("de", "a11y")
    missing = []
    for module in PAGE_RULE_MODULES:
        for _, message, _, _ in extract_from_file(
            "python", RULES_DIR / f"{module}.py", keywords={"message": (2,)}
        ):
            if german.gettext(message) == message:
                missing.append(message)
    assert missing == []


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<img src="trenner.png" alt="">', []),
        ('<img src="trenner.png" role="presentation">', []),
        (
            '<img src="trenner.png" role="presentation" tabindex="0">',
            ["image-alt", "presentation-role-conflict"],
        ),
        ('<img src="logo.png" aria-hidden="true">', []),
        ('<div style="display: none"><img src="logo.png"></div>', []),
        ('<span role="img" aria-labelledby="t"></span><span id="t">Logo der Stadt</span>', []),
    ],
)
def test_images_are_named_or_marked_decorative(markup: str, expected: list[str]) -> None:
    """alt="" and role=presentation mark decoration; hidden images are skipped; focus cancels presentation."""
    assert rule_ids(page_rule_findings(page(markup))) == expected


@pytest.mark.parametrize(
    ("css", "markup", "expected"),
    [
        (".hinweis { color: #999 }", '<p class="hinweis">Text</p>', ["color-contrast"]),
        (".hinweis { color: #999 } p.hinweis { color: #333 }", '<p class="hinweis">Text</p>', []),
        ("#a { color: #333 } .hinweis { color: #999 }", '<p id="a" class="hinweis">Text</p>', []),
        (".hinweis { color: #999 }", '<p class="hinweis" style="color: #222">Text</p>', []),
        (
            ".hinweis { color: #999 !important }",
            '<p class="hinweis" style="color: #222">Text</p>',
            ["color-contrast"],
        ),
        ("main { color: #777; background: #eee }", "<p>Geerbte Farben</p>", ["color-contrast"]),
        ("main { color: #fff; background: #333 url(foto.jpg) }", "<p>Auf einem Foto</p>", []),
        (
            "main { color: #aaa; background: linear-gradient(#fff, #eee) }",
            "<p>Verlauf</p>",
            ["color-contrast"],
        ),
        (":root { --grau: #949494 } p { color: var(--grau) }", "<p>Variable</p>", ["color-contrast"]),
        ("p { color: #949494; font-size: 24px }", "<p>Großer Text braucht 3:1</p>", []),
        ("p { color: #949494; font-size: 16px }", "<p>Kleiner Text braucht 4.5:1</p>", ["color-contrast"]),
        (
            "p { color: #aaa }",
            '<p>Hinweis <button disabled style="color: #bbb">Gesperrt</button></p>',
            ["color-contrast"],
        ),
        ("button { color: #bbb }", "<button disabled>Gesperrt</button>", []),
        # Dark-mode rules win over the earlier rules of every scheme, even after light-only rules.
        (
            "p { color: #000 } @media (prefers-color-scheme: light) { h2 { color: #111 } h3 { color: #222 } }"
            " p { background: #fff }"
            " @media (prefers-color-scheme: dark) { p { background: #000; color: #ddd } }",
            "<p>Dunkel</p>",
            [],
        ),
        (
            "@media (prefers-color-scheme: dark) { p { background: #000; color: #ddd } }"
            " p { background: #fff }",
            "<p>Dunkel</p>",
            ["color-contrast"],
        ),
    ],
)
def test_contrast_follows_the_page_css(css: str, markup: str, expected: list[str]) -> None:
    """Specificity, order, !important, inheritance and variables decide colours; unknown backgrounds pass."""
    html = page(markup, head=f"<style>{css}</style>").replace("<h1>", '<h1 style="color: #000">')
    assert rule_ids(page_rule_findings(html)) == expected


@pytest.mark.parametrize(
    ("headings", "skipped"),
    [
        ("<h2>A</h2><h3>B</h3><h2>C</h2><h3>D</h3>", []),
        ("<h2>A</h2><h4>B</h4>", ["B"]),
        ('<h2>A</h2><div role="heading" aria-level="5">B</div>', ["B"]),
        ('<h2>A</h2><h4 aria-hidden="true">B</h4><h3>C</h3>', []),
    ],
)
def test_heading_levels_are_not_skipped(headings: str, skipped: list[str]) -> None:
    """Going down more than one level is reported at the heading that skips; hidden headings do not count."""
    findings = [
        finding
        for finding in page_rule_findings(page(headings), locale="en")
        if finding.rule == "heading-order"
    ]
    assert [re.search(r'Heading "(.*?)"', finding.message).group(1) for finding in findings] == skipped  # type: ignore[union-attr]


def test_a_page_has_exactly_one_h1() -> None:
    """A second h1 is reported, and a page without one too."""
    assert rule_ids(page_rule_findings(page("<h1>Noch ein Titel</h1>"))) == ["page-has-one-h1"]
    no_h1 = page("<h2>Abschnitt</h2>").replace("<h1>Neue Radwege für die Innenstadt</h1>\n", "")
    assert rule_ids(page_rule_findings(no_h1)) == ["page-has-one-h1"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", []), ("de-DE", []), ("en-GB", []), ("deutsch", ["html-lang-valid"]), ("", ["html-has-lang"])],
)
def test_page_language_is_a_valid_tag(lang: str, expected: list[str]) -> None:
    """The html element's lang must be present and start with a registered language subtag."""
    assert rule_ids(page_rule_findings(page("<p>Text</p>", lang=lang))) == expected


def test_parts_in_another_language_carry_valid_tags() -> None:
    """A quote in French with lang="fr" passes; lang="french" is reported with the value to fix."""
    assert page_rule_findings(page('<blockquote lang="fr">Liberté</blockquote>')) == []
    (finding,) = page_rule_findings(page('<blockquote lang="french">Liberté</blockquote>'), locale="en")
    assert finding.rule == "lang-valid" and 'lang="french"' in finding.message


def test_aria_roles_and_attributes_are_checked_against_wai_aria() -> None:
    """Unknown attributes, bad values, attributes the role does not support, missing required ones: found."""
    markup = (
        '<div role="checkbox" tabindex="0">Zustimmen</div>\n'
        '<button aria-pressed="ja">Fett</button>\n'
        '<button aria-sort="ascending">Jahr</button>\n'
        '<p aria-lable="Hinweis">Text</p>\n'
        '<div aria-hidden="true"><a href="/x">Versteckt</a></div>'
    )
    assert rule_ids(page_rule_findings(page(markup))) == [
        "aria-allowed-attr",
        "aria-hidden-focus",
        "aria-required-attr",
        "aria-valid-attr",
        "aria-valid-attr-value",
    ]


def test_media_needs_a_transcript_and_no_autoplay() -> None:
    """Audio without transcript and autoplaying video with sound are reported; a linked transcript will do,
    but not for the captions a video with sound needs."""
    assert rule_ids(page_rule_findings(page('<audio src="rede.mp3" controls></audio>'))) == [
        "audio-transcript"
    ]
    with_transcript = page(
        '<audio src="rede.mp3" controls></audio><p><a href="rede.html">Transkript der Rede</a></p>'
    )
    assert page_rule_findings(with_transcript) == []
    autoplay = page('<video src="film.mp4" autoplay></video><p><a href="film.html">Transkript</a></p>')
    assert rule_ids(page_rule_findings(autoplay)) == ["media-autoplay", "video-captions"]


def test_rule_metadata_is_complete() -> None:
    """Every page rule has a kebab-case id, a one-line description, WCAG 2.2 criteria, well-formed ACT ids."""
    rules_for("web")
    page_rules = [
        rule for rule in RULES.values() if rule.check.__module__.rsplit(".", 1)[-1] in PAGE_RULE_MODULES
    ]
    assert len(page_rules) >= 25
    for rule in page_rules:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id), rule.id
        assert rule.description.endswith(".") and "\n" not in rule.description, rule.id
        assert rule.wcag and all(re.fullmatch(r"[1-4]\.\d\.\d{1,2}", sc) for sc in rule.wcag), rule.id
        assert "4.1.1" not in rule.wcag, f"{rule.id}: 4.1.1 is obsolete in WCAG 2.2"
        assert all(re.fullmatch(r"[0-9a-z]{6}", act) for act in rule.act), rule.id
        assert set(rule.channels) <= {"web", "email"} and rule.channels, rule.id
