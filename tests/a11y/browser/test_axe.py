"""The axe-core engine in Debian's Chromium: what it reports, where and in which language.

That every page the examples publish passes axe-core (every WCAG A/AA rule, in each mode of the
browser stage) and the built-in rules is ``test_outputs_pass_the_gate``'s: one run of both on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from publisher.a11y import Finding
from publisher.a11y.browser.axe import AxeUnavailable, check_files_with_axe, check_html_with_axe

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


def test_axe_core_is_found_from_outside_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A press office runs ``publisher check`` in its own folder: axe-core comes from the checkout."""
    from publisher.a11y.browser.axe import axe_core_dir
    from tests.conftest import REPO

    monkeypatch.chdir(tmp_path)
    assert axe_core_dir() == REPO / "node_modules" / "axe-core"
