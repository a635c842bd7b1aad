"""The axe-core engine in Debian's Chromium: what it reports, and that it agrees with the built-in engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from publisher.a11y import Finding, check_html, has_errors
from publisher.a11y.browser.axe import AxeUnavailable, check_files_with_axe, check_html_with_axe
from publisher.published import internal_dir
from tests.conftest import REPO

pytestmark = pytest.mark.browser


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Neues Radwegenetz für die Innenstadt</title></head>
<body>
<header><a href="#inhalt">Zum Inhalt</a></header>
<main id="inhalt">
<h1>Neues Radwegenetz für die Innenstadt</h1>
<figure>{image}<figcaption>Die geplante Route entlang des Flussufers.</figcaption></figure>
<p>Ab dem Frühjahr verbindet ein durchgehender Radweg den Bahnhof mit der Altstadt.</p>
</main>
<footer><p>Pressestelle der Stadtverwaltung</p></footer>
</body>
</html>
"""


def write_page(folder: Path, image: str, *, lang: str = "de") -> Path:
    """An article page with a real image file next to it, so only the markup decides the outcome."""
    Image.new("RGB", (64, 32), (20, 90, 160)).save(folder / "route.png")
    page = folder / "index.html"
    page.write_text(PAGE.format(image=image, lang=lang), encoding="utf-8")
    return page


def errors(findings: list[Finding]) -> list[str]:
    """The error findings, one readable line each, for assertion messages."""
    return [
        f"{f.rule} {f.location.selector if f.location else ''}: {f.message}"
        for f in findings
        if f.severity == "error"
    ]


def test_axe_reports_an_image_without_alt_text(tmp_path: Path) -> None:
    """An <img> without alt is an axe error on WCAG 1.1.1 / ACT 23a2a8, located by selector and file."""
    page = write_page(tmp_path, '<img src="route.png">')

    findings = check_files_with_axe([page])[page]

    image_alt = [finding for finding in findings if finding.rule == "axe:image-alt"]
    assert len(image_alt) == 1, errors(findings)
    assert image_alt[0].severity == "error"
    assert image_alt[0].wcag == ["1.1.1"]
    assert "23a2a8" in image_alt[0].act
    assert image_alt[0].location is not None
    assert image_alt[0].location.selector == "img"
    assert image_alt[0].location.path == str(page)
    assert image_alt[0].message.startswith("Images must have alternative text")


def test_axe_finds_nothing_on_a_clean_page(tmp_path: Path) -> None:
    """The same page with a described image has no axe violation at all."""
    page = write_page(tmp_path, '<img src="route.png" alt="Karte der Route vom Bahnhof zur Altstadt">')

    assert check_files_with_axe([page]) == {page: []}


def test_axe_checks_page_text_in_place_and_in_german(tmp_path: Path) -> None:
    """Text checked at a given path resolves its images there and reports in the requested language."""
    page = write_page(tmp_path, '<img src="route.png" alt="Karte der Route">')
    broken = PAGE.format(image='<img src="route.png">', lang="de")

    findings = check_html_with_axe(broken, base_path=page, locale="de")

    assert [finding.rule for finding in findings] == ["axe:image-alt"]
    assert findings[0].message.startswith("Abbildungen müssen einen Alternativtext besitzen")
    assert findings[0].location is not None and findings[0].location.path == str(page)


def test_missing_chromium_names_the_install_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Chromium on PATH the engine refuses with the command that installs it."""
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(AxeUnavailable, match="apt-get install chromium"):
        check_html_with_axe("<!DOCTYPE html><title>x</title>")


@pytest.mark.xdist_group("example_site")  # one worker publishes the examples, not each
def test_both_engines_find_no_errors_on_any_example_output(example_site: Path) -> None:
    """Every page built from examples/*.md, and a page with the audio player, passes both engines.

    The examples are published as web page and newsletter (the outputs that are HTML); the player
    is checked on a short spoken article, so no minute of speech is synthesised for it. The site is
    the session's (``example_site``), published once for this test and the gate's own.
    """
    articles = sorted((REPO / "examples").glob("*.md"))
    out = example_site
    reports = sorted(internal_dir(out).glob("*/report.json"))
    assert len(reports) == len(articles) + 1
    assert all((out / report.parent.name / "index.html").is_file() for report in reports)
    assert len(list(out.glob("*/newsletter.html"))) == len(articles)
    assert "<audio" in (out / "neue-fahrradstaender-am-bahnhof" / "index.html").read_text(encoding="utf-8")
    # The report pages are the press office's, kept beside the site: checked as much as the site's.
    pages = sorted(out.rglob("*.html")) + [report.with_name("report.html") for report in reports]

    built_in = {page: check_html(page.read_bytes(), channel="web", path=str(page)) for page in pages}
    by_axe = check_files_with_axe(pages)

    assert {page: errors(found) for page, found in built_in.items() if has_errors(found)} == {}
    assert {page: errors(found) for page, found in by_axe.items() if has_errors(found)} == {}


def test_axe_core_is_found_from_outside_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A press office runs ``publisher check`` from its own folder: axe-core comes from the source checkout."""
    from publisher.a11y.browser.axe import axe_core_dir

    monkeypatch.chdir(tmp_path)
    assert axe_core_dir() == REPO / "node_modules" / "axe-core"
