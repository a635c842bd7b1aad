"""Email rules: direction, layout tables, alt attributes, font size, image-only mail, preheader, text part."""

from __future__ import annotations

import pytest

from publisher.a11y import Finding, check_html

TEXT_PART = """Neue Öffnungszeiten im Bürgerbüro

Ab dem 9. Januar ist das Bürgerbüro auch samstags geöffnet.
Termine: https://termine.example.de/buergerbuero
Fragen: buergerbuero@example.de
Abmelden: https://abo.example.de/abmelden
"""


def email(
    body: str | None = None,
    *,
    root: str = 'lang="de" dir="ltr"',
    style: str = "body, p, td { font-size: 16px; }",
    preheader: str = '<div class="preheader" style="display:none;max-height:0;overflow:hidden">'
    "Das Bürgerbüro öffnet ab Januar auch samstags.</div>",
) -> str:
    """A complete newsletter in the shape mail templates produce, with ``body`` as its content."""
    if body is None:
        body = (
            '<table role="presentation" width="100%"><tr><td>'
            "<h1>Neue Öffnungszeiten im Bürgerbüro</h1>"
            "<p>Ab dem 9. Januar ist das Bürgerbüro auch samstags von neun bis dreizehn Uhr geöffnet. Damit "
            "kommen wir vielen Berufstätigen entgegen, die unter der Woche keine Zeit haben.</p>"
            '<p><a href="https://termine.example.de/buergerbuero">Termin im Bürgerbüro buchen</a> '
            'oder schreiben Sie an <a href="mailto:buergerbuero@example.de?subject=Samstag">'
            "buergerbuero@example.de</a>.</p>"
            '<img src="https://presse.example.de/linie.png" alt="" width="600" height="2">'
            '<p><a href="https://abo.example.de/abmelden/">Newsletter abbestellen</a></p>'
            "</td></tr></table>"
        )
    return (
        f'<!DOCTYPE html><html {root}><head><meta charset="utf-8"><title>Neue Öffnungszeiten</title>'
        f"<style>{style}</style></head><body>{preheader}{body}</body></html>"
    )


def email_findings(html: str, *, text_part: str | None = TEXT_PART, locale: str = "de") -> list[Finding]:
    return check_html(html, channel="email", locale=locale, text_part=text_part)


def by_rule(found: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in found if finding.rule == rule]


def test_a_well_made_newsletter_has_no_errors_and_no_email_findings() -> None:
    """The reference email passes every rule that can hold it, and every email rule."""
    found = email_findings(email())
    assert [finding for finding in found if finding.severity == "error"] == []
    assert [finding.rule for finding in found if finding.rule.startswith("email-")] == []


def test_email_rules_do_not_run_on_web_pages() -> None:
    """A web page needs no preheader, plain-text part or dir attribute."""
    found = check_html(email(root='lang="de"', preheader=""), channel="web", locale="de")
    assert [finding.rule for finding in found if finding.rule.startswith("email-")] == []


@pytest.mark.parametrize("root", ['lang="de"', 'lang="de" dir="rechts"'])
def test_missing_or_invalid_dir_on_the_root_is_an_error(root: str) -> None:
    """Mail clients need the text direction on html itself."""
    [finding] = by_rule(email_findings(email(root=root)), "email-dir")
    assert finding.severity == "error" and 'dir="ltr"' in finding.message
    assert finding.location is not None and finding.location.selector == "html"


def test_layout_tables_need_role_presentation_but_data_tables_do_not() -> None:
    """A layout table without role is an error; role=none and tables with header cells pass."""
    body = (
        "<table><tr><td><p>Öffnungszeiten ab Januar, samstags neun bis dreizehn Uhr, für alle Anliegen.</p>"
        '<table role="none"><tr><td>Rathaus</td></tr></table>'
        "<table><tr><th>Tag</th><th>Zeit</th></tr><tr><td>Samstag</td><td>9–13 Uhr</td></tr></table>"
        "</td></tr></table>"
    )
    [finding] = by_rule(email_findings(email(body)), "email-layout-table")
    assert finding.severity == "error" and 'role="presentation"' in finding.message
    assert finding.location is not None and finding.location.selector == "html > body > table"


def test_hidden_images_still_need_an_alt_attribute_in_email() -> None:
    """A spacer with role=presentation and no alt shows its file name in some clients: an error."""
    body = email().replace('alt="" width="600"', 'role="presentation" width="600"')
    [finding] = by_rule(email_findings(body), "email-img-alt-attribute")
    assert finding.severity == "error" and "linie.png" in finding.message


def test_an_exposed_image_without_alt_is_reported_once_by_the_image_rule() -> None:
    """No double finding: the page rule image-alt covers images in the accessibility tree."""
    body = email().replace('alt="" width="600"', 'width="600"')
    found = email_findings(body)
    assert len(by_rule(found, "image-alt")) == 1
    assert by_rule(found, "email-img-alt-attribute") == []


@pytest.mark.parametrize(
    ("style", "size"),
    [
        ("p { font-size: 12px; }", "12"),
        ("td { font-size: 10pt; }", "13.3"),
        ("body { font-size: 16px; } td { font-size: 0.75em; }", "12"),
        (".fuss { font-size: small; }", "13"),
    ],
)
def test_body_text_below_14px_is_an_error(style: str, size: str) -> None:
    """Sizes from the style sheet are resolved (px, pt, em, keywords) and inherited to the text."""
    html = email(
        '<table role="presentation"><tr><td><p class="fuss">Sie erhalten diesen Newsletter, weil Sie ihn '
        "bestellt haben. Abbestellen können Sie ihn jederzeit mit einer kurzen Nachricht an uns.</p>"
        "</td></tr></table>",
        style=style,
    )
    found = by_rule(email_findings(html, text_part="Text"), "email-font-size")
    assert found and found[0].severity == "error"
    assert f"{size}px" in found[0].message and "14px" in found[0].message


def test_inline_sizes_and_font_tags_count_and_the_hidden_preheader_does_not() -> None:
    """An inline style overrides the sheet; <font size="1"> is small; the 1px preheader is hidden."""
    small = email(
        '<p style="font-size:11px">Kleingedrucktes zu den neuen Zeiten.</p><font size="1">Impressum</font>'
    )
    tiny_preheader = email(preheader='<div style="display:none;font-size:1px">Vorschau auf die Zeiten</div>')
    assert len(by_rule(email_findings(small), "email-font-size")) == 2
    assert by_rule(email_findings(tiny_preheader), "email-font-size") == []


def test_an_email_made_of_images_is_an_error() -> None:
    """With images blocked, an image-only mailing is empty."""
    body = (
        '<table role="presentation"><tr><td><img src="https://presse.example.de/angebot.png" '
        'alt="Neue Öffnungszeiten im Bürgerbüro ab 9. Januar: samstags von 9 bis 13 Uhr">'
        "<p>Ihre Stadtverwaltung</p></td></tr></table>"
    )
    [finding] = by_rule(email_findings(email(body)), "email-text-in-images")
    assert finding.severity == "error" and finding.wcag == ["1.4.5"]
    assert finding.location is not None and finding.location.selector is not None
    assert finding.location.selector.endswith("img")


def test_preheader_found_by_class_or_as_first_hidden_block() -> None:
    """A preheader class, or a hidden first div as mail templates write it, both count."""
    by_position = email(preheader='<div style="display:none;opacity:0">Samstags geöffnet ab Januar</div>')
    assert by_rule(email_findings(email()), "email-preheader") == []
    assert by_rule(email_findings(by_position), "email-preheader") == []


def test_missing_preheader_is_a_warning() -> None:
    """No preheader, or a hidden block that comes after visible text, is a warning."""
    late = email(preheader="").replace("</body>", '<div style="display:none">Vorschau</div></body>')
    for html in (email(preheader=""), late):
        [finding] = by_rule(email_findings(html), "email-preheader")
        assert finding.severity == "warning"


@pytest.mark.parametrize("text_part", [None, "", "  \n"])
def test_a_missing_plain_text_part_is_an_error(text_part: str | None) -> None:
    """An email without a text/plain part fails, once, and the link rule stays quiet."""
    found = email_findings(email(), text_part=text_part, locale="en")
    [finding] = by_rule(found, "email-text-part")
    assert finding.severity == "error" and "plain-text part" in finding.message
    assert by_rule(found, "email-text-part-links") == []


def test_every_link_of_the_html_part_must_be_in_the_text_part() -> None:
    """A web link missing from the text part is an error naming it; mailto counts by its address."""
    text = TEXT_PART.replace("https://termine.example.de/buergerbuero\n", "\n")
    [finding] = by_rule(email_findings(email(), text_part=text), "email-text-part-links")
    assert finding.severity == "error"
    assert "https://termine.example.de/buergerbuero" in finding.message
    assert finding.location is not None
    assert finding.location.selector == "html > body > table > tr > td > p:nth-of-type(2) > a:nth-of-type(1)"


def test_missing_mail_address_in_the_text_part_is_reported() -> None:
    """The address of a mailto link must be in the text part; other schemes (tel:, #) are not checked."""
    text = TEXT_PART.replace("buergerbuero@example.de", "uns")
    body = email().replace("</td></tr></table>", '<a href="tel:+49301234">Anrufen</a></td></tr></table>')
    [finding] = by_rule(email_findings(body, text_part=text), "email-text-part-links")
    assert "mailto:buergerbuero@example.de" in finding.message


def test_lang_title_and_vague_links_in_email_are_held_once_by_the_shared_rules() -> None:
    """lang, title and link wording are page rules that run on email too: one finding each, no duplicates."""
    html = (
        email(root='dir="ltr"')
        .replace("<title>Neue Öffnungszeiten</title>", "")
        .replace("Termin im Bürgerbüro buchen", "hier")
    )
    rules = [finding.rule for finding in email_findings(html) if finding.severity == "error"]
    assert sorted(rules) == ["document-title", "html-has-lang", "link-text-vague"]
