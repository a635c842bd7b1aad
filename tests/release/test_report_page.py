"""The human release report: an accessible page listing findings by channel with fix hints and links."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from publisher.a11y import check_html
from publisher.release.report import ReleaseReport
from publisher.release.report_page import render_report_page, wcag_link


def report(status: str = "released", **channels: dict[str, Any]) -> ReleaseReport:
    data = {"slug": "buergeramt-samstags", "status": status, "channels": channels}
    return ReleaseReport.model_validate(data)


HELD_WEB = {
    "status": "held",
    "findings": [
        {
            "rule": "readability",
            "severity": "warning",
            "message": "Der Haupttext entspricht der Schulstufe 13,5 (Wiener Sachtextformel).",
            "wcag": ["3.1.5"],
            "act": [],
            "location": {"selector": "html > body > main", "line": 14, "path": None},
        },
        {
            "rule": "alt-placeholder",
            "severity": "error",
            "message": "Der Alternativtext „Symbolbild“ ist ein Platzhalter: Beschreiben Sie das Bild.",
            "wcag": ["1.1.1"],
            "act": [],
            "location": {"selector": "html > body > main > figure > img", "line": 31, "path": "index.html"},
        },
        {
            "rule": "link-text-vague",
            "severity": "error",
            "message": "Der Linktext „hier klicken“ sagt nicht, wohin der Link führt.",
            "wcag": ["2.4.4"],
            "act": ["5effbb"],
            "location": None,
        },
    ],
}
RELEASED_NEWSLETTER = {"status": "released", "findings": []}
FAILED_AUDIO = {"status": "failed", "findings": [], "error": "Die Sprachausgabe war nicht erreichbar."}


def parse(html: str) -> Any:
    return lxml.html.document_fromstring(html)


@pytest.mark.parametrize("locale", ["de", "en"])
@pytest.mark.parametrize(
    "channels",
    [
        {"web": HELD_WEB, "newsletter": RELEASED_NEWSLETTER, "audio": FAILED_AUDIO},
        {"web": RELEASED_NEWSLETTER},
        {},
    ],
)
def test_the_report_page_passes_every_registered_rule(locale: str, channels: dict[str, Any]) -> None:
    """The page that reports accessibility findings has none itself, in either language."""
    html = render_report_page(report(**channels), locale=locale)
    assert check_html(html, locale=locale) == []


def test_the_page_has_language_title_skip_link_landmarks_and_headings() -> None:
    """lang and title, a skip link to main, one h1 and an h2 per channel with its status."""
    root = parse(render_report_page(report(web=HELD_WEB, newsletter=RELEASED_NEWSLETTER), locale="de"))
    assert root.get("lang") == "de"
    assert root.findtext(".//title") == "Barrierefreiheitsbericht: buergeramt-samstags"
    skip = root.find(".//body/a")
    assert skip is not None and skip.get("href") == "#main" and root.find(".//main[@id='main']") is not None
    assert root.find(".//header") is not None and root.find(".//footer") is not None
    assert [h.text_content() for h in root.iter("h1")] == ["Barrierefreiheitsbericht: buergeramt-samstags"]
    assert [h.text_content() for h in root.iter("h2")] == [
        "Webseite: zurückgehalten",
        "Newsletter: veröffentlicht",
    ]


def test_findings_are_listed_errors_first_with_severity_rule_message_and_location() -> None:
    """Each finding shows its severity in words, the localised message (the fix hint), rule id and place."""
    root = parse(render_report_page(report(web=HELD_WEB), locale="de"))
    items = root.findall(".//ol[@class='findings']/li")
    assert [item.find(".//code").text for item in items] == [
        "alt-placeholder",
        "link-text-vague",
        "readability",
    ]
    first = items[0].text_content().strip()
    assert first.startswith("Fehler: Der Alternativtext „Symbolbild“ ist ein Platzhalter")
    assert "index.html Zeile 31" in first and "html > body > main > figure > img" in first
    assert items[2].text_content().strip().startswith("Warnung:")
    assert "Fundstelle" not in items[1].text_content()


def test_wcag_and_act_ids_link_to_the_w3c_documents() -> None:
    """Success criteria link to their Understanding document, ACT ids to the rule page."""
    root = parse(render_report_page(report(web=HELD_WEB), locale="en"))
    links = {a.get("href"): a.text_content() for a in root.iter("a")}
    understanding = "https://www.w3.org/WAI/WCAG22/Understanding/"
    assert links[f"{understanding}non-text-content.html"] == "WCAG 1.1.1: Non text content"
    assert links[f"{understanding}link-purpose-in-context.html"].startswith("WCAG 2.4.4")
    assert links["https://www.w3.org/WAI/standards-guidelines/act/rules/5effbb/"] == "ACT rule 5effbb"


def test_unknown_criteria_fall_back_to_the_understanding_index() -> None:
    """A criterion outside WCAG 2.2 still gets a working link."""
    assert wcag_link("9.9.9") == {
        "number": "9.9.9",
        "name": "",
        "url": "https://www.w3.org/WAI/WCAG22/Understanding/",
    }
    assert wcag_link("1.4.3")["url"].endswith("/contrast-minimum.html")


def test_status_text_and_channel_error_are_shown() -> None:
    """Held says nothing was published; a failed channel shows its cause."""
    text = parse(render_report_page(report(web=HELD_WEB, audio=FAILED_AUDIO), locale="de")).text_content()
    assert "Zurückgehalten: Aus diesem Kanal wurde nichts veröffentlicht oder versandt." in text
    assert "Ursache: Die Sprachausgabe war nicht erreichbar." in text
    assert "Webseite: zurückgehalten, Fehler: 2, Warnungen: 1" in " ".join(text.split())


def test_messages_are_escaped_not_interpreted() -> None:
    """A message quoting markup (e.g. an alt text with a tag) shows as text, never as an element."""
    finding = dict(HELD_WEB["findings"][1], message='Alt "<img src=x onerror=alert(1)>" ist ein Platzhalter.')
    html = render_report_page(report(web={"status": "held", "findings": [finding]}), locale="de")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert parse(html).find(".//img") is None


def test_the_page_is_styled_for_dark_mode_and_visible_focus() -> None:
    """The inline style sheet carries a dark colour scheme and a focus outline."""
    html = render_report_page(report(web=HELD_WEB), locale="en")
    style = parse(html).findtext(".//style")
    assert "@media (prefers-color-scheme: dark)" in style and ":focus-visible" in style
    assert '<meta name="color-scheme" content="light dark">' in html


WITHHELD_WEB = {"status": "withheld", "findings": []}


@pytest.mark.parametrize("locale", ["de", "en"])
@pytest.mark.parametrize("status", ["held", "failed", "superseded", "conflict", "unwritable"])
def test_a_release_that_did_not_go_out_says_why_and_passes_every_rule(locale: str, status: str) -> None:
    """The release's status leads the page in the article's language, with the details, and no finding."""
    page = report(status, web=WITHHELD_WEB, audio=FAILED_AUDIO).model_copy(
        update={"reason": "Generation 2 < 3"}
    )
    html = render_report_page(page, locale=locale)
    assert check_html(html, locale=locale) == []
    text = " ".join(parse(html).text_content().split())
    nothing = "Nichts von dieser Veröffentlichung ist erschienen" if locale == "de" else "Nothing of this"
    assert nothing in text and "Generation 2 < 3" in text
    assert ("geprüft, nicht veröffentlicht" if locale == "de" else "passed, not released") in text


STOPPED_SEND = {
    "status": "released",
    "findings": [],
    "delivery": {
        "release_id": 12, "state": "stopped", "outcome": "stopped", "sent": 0, "deferred": 5, "bounced": 0,
        "skipped": 1, "failed": 0, "pending": 3001,
        "alert": "5 identical failures in a row: 550 5.7.1 blocked",
    },
}  # fmt: skip


@pytest.mark.parametrize("locale", ["de", "en"])
def test_a_stopped_newsletter_send_shows_its_alert_and_how_to_resume(locale: str) -> None:
    """The press office reads on the report page that the send stopped, why, and the command to go on."""
    html = render_report_page(report(web=RELEASED_NEWSLETTER, newsletter=STOPPED_SEND), locale=locale)
    assert check_html(html, locale=locale) == []
    text = " ".join(parse(html).text_content().split())
    assert "550 5.7.1 blocked" in text and "publisher subscribers resume 12" in text
    assert ("angehalten" if locale == "de" else "stopped") in text and "0 " in text and "3006" in text


BROWSER_FINDING = {
    "rule": "rendered-contrast",
    "severity": "error",
    "message": "Text „Abbestellen“ hat im dunklen Modus einen Kontrast von 2,56:1.",
    "wcag": ["1.4.3"],
    "act": ["afw4f7"],
    "location": {"selector": "p > a", "line": None, "path": "newsletter.html"},
    "condition": "dark",
    "screenshot": "newsletter/findings/rendered-contrast-1.png",
}


WARNED = {
    "source": {
        "path": "/srv/presse/buergeramt-samstags.md",
        "warnings": [
            {
                "file": "buergeramt-samstags.md",
                "line": 14,
                "field": "body",
                "message": "not published: <iframe>; links, emphasis, code and <span lang> are kept",
            }
        ],
    },
    "site": {
        "warnings": [
            {
                "file": "/srv/public/alte-meldung/article.json",
                "line": None,
                "field": None,
                "message": "left out of the site files: not a valid article: field 'lang': Field required",
            }
        ]
    },
}


@pytest.mark.parametrize("locale", ["de", "en"])
def test_the_report_names_its_date_and_page_and_claims_no_conformity(locale: str) -> None:
    """The page says when it was checked, links the released page, and claims only automated checks."""
    page = ReleaseReport.model_validate(
        {
            **report(web=RELEASED_NEWSLETTER).as_json(),
            "finished": "2026-11-20T09:15:00+00:00",
            "url": "https://presse.example.de/buergeramt-samstags/",
        }
    )
    html = render_report_page(page, locale=locale)
    root = parse(html)
    (time,) = root.cssselect("time")
    assert time.get("datetime") == "2026-11-20T09:15:00+00:00" and "2026" in time.text_content()
    assert "https://presse.example.de/buergeramt-samstags/" in [
        a.get("href") for a in root.cssselect("main a")
    ]
    footer = root.cssselect("footer")[0].text_content()
    assert "Geprüft nach WCAG 2.2 Stufe AA und BITV 2.0" not in footer
    assert "axe-core" in footer and ("Mensch" in footer or "person" in footer)
    assert not [f for f in check_html(html, locale=locale) if f.severity == "error"]


def test_a_browser_finding_shows_its_screenshot_with_alt_text_and_condition() -> None:
    """A finding of the browser stage shows the crop (relative to the report) and where it was seen."""
    html = render_report_page(
        report(newsletter={"status": "held", "findings": [BROWSER_FINDING]}), locale="de"
    )
    root = parse(html)
    (image,) = root.cssselect(".finding img")
    assert image.get("src") == "newsletter/findings/rendered-contrast-1.png"
    assert "Bildschirmfoto" in image.get("alt") and "dunklen Modus" in image.get("alt")
    assert "im dunklen Modus" in root.cssselect(".finding dl")[0].text_content()
    assert not [f for f in check_html(html, locale="de") if f.severity == "error"]


@pytest.mark.parametrize(
    "shot", ["/etc/passwd", "../../secret.png", "https://evil.example/x.png", "javascript:x"]
)
def test_a_screenshot_is_only_ever_a_file_beside_the_report(shot: str) -> None:
    """A screenshot value that is absolute, climbs out of the folder or names a scheme is not shown."""
    finding = {**BROWSER_FINDING, "screenshot": shot}
    html = render_report_page(report(newsletter={"status": "held", "findings": [finding]}), locale="en")
    assert parse(html).cssselect(".finding img") == []


@pytest.mark.parametrize("locale", ["de", "en"])
def test_source_and_site_warnings_are_listed_with_file_and_line_and_pass_every_rule(locale: str) -> None:
    """What was not published as written, and the records the site rebuild left out, each with its place."""
    warned = ReleaseReport.model_validate({**report(web=RELEASED_NEWSLETTER).as_json(), **WARNED})
    html = render_report_page(warned, locale=locale)
    assert check_html(html, locale=locale) == []
    root = parse(html)
    headings = [h.text_content() for h in root.iter("h2")]
    expected = (
        ["Nicht wie geschrieben veröffentlicht", "In den Website-Dateien ausgelassen"]
        if locale == "de"
        else ["Not published as written", "Left out of the site files"]
    )
    assert headings[-2:] == expected
    text = " ".join(root.text_content().split())
    line = "Zeile 14" if locale == "de" else "line 14"
    assert f"buergeramt-samstags.md, {line}" in text and "not published: <iframe>" in text
    assert "/srv/public/alte-meldung/article.json: left out of the site files" in text
    # The reader words its warnings in English: marked as such on a German page (WCAG 3.1.2).
    assert {span.get("lang") for span in root.xpath("//li/span[starts-with(., 'not published')]")} == {"en"}
