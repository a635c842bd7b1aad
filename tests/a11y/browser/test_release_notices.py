"""The pages a release's life adds pass the whole gate: the withdrawal notice and a correction's note.

Rendered by the release service (its own gate run without the browser stage, for speed), then checked
here with the browser stage: light and dark mode, 320 CSS px, zoom, text spacing, keyboard, axe-core.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.a11y.browser.stage import BrowserStage
from publisher.a11y.gate import check_page
from publisher.release.service import queue_release, withdraw_release
from publisher.settings import Settings

pytestmark = pytest.mark.browser


@pytest.fixture
def stage(full_axe_stage: BrowserStage) -> BrowserStage:
    """The project's own outputs are held to every axe-core rule, not only to those the gate leaves to it."""
    return full_axe_stage


Write = Callable[..., Path]
ENGLISH = """## What it is about

The city opens new cycle lanes in March. The plan is on
[the city's page about cycle lanes](https://www.example.de/cycle-lanes).
"""


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_withdrawal_notice_and_the_correction_note_pass_the_gate(
    stage: BrowserStage, settings: Settings, write_article: Write, tmp_path: Path, lang: str
) -> None:
    """A corrected page with its note, and the notice that replaces a withdrawn one: no finding at all."""
    settings = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'releases.db'}"})
    site = tmp_path / "site"
    english = {"body": ENGLISH, "summary": "The city opens new cycle lanes.", "kicker": "Traffic",
               "title": "New cycle lanes", "tags": ["Traffic"]}  # fmt: skip
    texts = {"de": {}, "en": english}[lang]
    correction = {"de": "Die Radwege sind 4 statt 3 Kilometer lang.", "en": "The lanes are 4, not 3 km long."}
    corrected = write_article(
        name="korrektur.md", slug="radwege", lang=lang, correction=correction[lang], **texts
    )
    queue_release(settings, corrected, site, queued_by="presse", channels="web")
    other = write_article(name="zurueck.md", slug="zurueckgezogen", lang=lang, **texts)
    withdrawn = queue_release(settings, other, site, queued_by="presse", channels="web")
    assert withdrawn.state == "released", withdrawn.reason
    withdraw_release(
        settings, withdrawn.id, {"de": "Die Meldung war verfrüht.", "en": "It was premature."}[lang]
    )
    failures = {}
    for page in (site / "radwege" / "index.html", site / withdrawn.slug / "index.html", site / "index.html"):
        findings, _ = check_page(page, channel="web", locale=lang, stage=stage, root=site)
        if findings:
            failures[str(page.relative_to(site))] = [(f.rule, f.condition, f.message) for f in findings]
    assert failures == {}
