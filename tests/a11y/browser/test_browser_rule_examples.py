"""Every browser rule's docstring examples hold when Chromium renders them.

An ``Okay:`` example yields no finding of its rule; an ``Error:`` example yields at least one. The
fragment is rendered inside a small clean page, so only the example decides.
"""

from __future__ import annotations

import re

import pytest

from publisher.a11y.browser.rendered import BROWSER_RULES, BrowserRule
from publisher.a11y.browser.stage import BrowserStage, browser_rules_for

pytestmark = pytest.mark.browser

_EXAMPLE = re.compile(r"^\s*(Okay|Error):\s?(.*)$")
_PAGE = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Beispiel</title></head>'
    "<body><main>{fragment}</main></body></html>"
)


def examples(candidate: BrowserRule) -> list[tuple[str, str]]:
    """The (kind, html) examples in a browser rule's docstring."""
    found = []
    for line in (candidate.check.__doc__ or "").splitlines():
        match = _EXAMPLE.match(line)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


browser_rules_for("web")  # loads the rule modules
CASES = [
    pytest.param(candidate, kind, html, id=f"{candidate.id}-{kind}-{number}")
    for candidate in BROWSER_RULES.values()
    for number, (kind, html) in enumerate(examples(candidate), start=1)
]


@pytest.mark.parametrize(("candidate", "kind", "html"), CASES)
def test_browser_rule_example(stage: BrowserStage, candidate: BrowserRule, kind: str, html: str) -> None:
    """Okay examples yield no finding of the rule, Error examples at least one."""
    found = stage.check_text(_PAGE.format(fragment=html), locale="de", axe=False, level=candidate.level)
    ours = [finding for finding in found.findings if finding.rule == candidate.id]
    if kind == "Okay":
        assert ours == [], f"{candidate.id} flags its Okay example: {[f.message for f in ours]}"
    else:
        assert ours, f"{candidate.id} does not flag its Error example"


@pytest.mark.parametrize("candidate", list(BROWSER_RULES.values()), ids=lambda candidate: candidate.id)
def test_every_browser_rule_documents_both_kinds(candidate: BrowserRule) -> None:
    """Each browser rule shows at least one Okay and one Error example."""
    kinds = {kind for kind, _ in examples(candidate)}
    assert kinds == {"Okay", "Error"}, f"{candidate.id} documents {kinds}"
