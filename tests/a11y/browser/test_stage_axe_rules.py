"""Which axe-core rules the browser stage runs: those the static rules and the probes leave to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.a11y.browser.axe import rules_left_to_axe
from publisher.a11y.browser.stage import BrowserStage

pytestmark = pytest.mark.browser

# A definition list holding a paragraph: no static rule reads dl's children, axe-core's definition-list does.
PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Öffnungszeiten der Bürgerämter</title></head>
<body><main><h1>Öffnungszeiten der Bürgerämter</h1>
<dl><dt>Montag</dt><dd>8 bis 16 Uhr</dd><p>Dienstag geschlossen</p></dl>
<p style="color:#999">Stand: März 2026</p>
</main></body></html>
"""


def test_axe_rules_the_static_stage_or_a_probe_covers_are_left_out() -> None:
    """Same id as a static rule, every ACT rule claimed by a static rule, or probed: not run again."""
    known = [
        ["image-alt", ["23a2a8"]],  # a static rule of that name
        ["role-img-alt", ["23a2a8"]],  # its ACT rule is the static image-alt's
        ["target-size", []],  # measured by the probes
        ["definition-list", []],  # nothing else checks it
        ["video-caption", ["eac66b"]],  # an ACT rule no static rule claims
    ]
    assert rules_left_to_axe(known, probed={"target-size"}) == ("definition-list", "video-caption")


@pytest.mark.parametrize("axe_rules", ["complement", "all"])
def test_the_stage_reports_what_only_axe_core_checks(
    axe_rules: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The broken definition list is axe-core's to find in both modes; grey text axe reports only in "all"."""
    # The session's stages (the default one and the one running every rule): no Chromium of its own.
    stage: BrowserStage = request.getfixturevalue("stage" if axe_rules == "complement" else "full_axe_stage")
    assert stage.axe_rules == axe_rules
    page = tmp_path / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    rules = {finding.rule for finding in stage.check_file(page, locale="de").findings}
    assert "axe:definition-list" in rules
    assert "rendered-contrast" in rules  # the probes measure contrast in both modes
    assert ("axe:color-contrast" in rules) == (axe_rules == "all")
