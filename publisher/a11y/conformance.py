"""Agreement of the built-in rules with the W3C ACT Rules test cases, and axe-core's figures to compare.

The cases live outside the repository (``../shared/act-cases/cases.json``, see its README); the
conformance test and ``scripts/act_agreement.py`` both use these functions. Cases of ACT rules that a
browser rule claims are also rendered by the browser stage (one shared browser; the cases' assets
served from beside ``cases.json``), as a release would check them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.a11y.engine import check_html, rules_for
from publisher.settings import A11ySettings

if TYPE_CHECKING:
    from publisher.a11y.browser.stage import BrowserStage

__all__ = [
    "ActCase",
    "RuleAgreement",
    "agreement",
    "axe_figures",
    "browser_act_ids",
    "claimed_act_ids",
    "default_cases_path",
    "flags",
    "load_cases",
]

_AXE_ROW = re.compile(r"^\| (\w{6}) \| [^|]+ \| (?:core|extra) \| (\d+) \| (?:(\d+)/(\d+) \(\d+%\)|—) \|$")


@dataclass(frozen=True)
class ActCase:
    """One ACT test case: an HTML document and the outcome the rule expects on it."""

    rule_id: str
    case_id: str
    title: str
    expected: str
    document: str
    rule_name: str = ""


@dataclass
class RuleAgreement:
    """How many cases of one ACT rule the engine gets right, and which it does not."""

    rule_id: str
    rule_name: str
    agreed: int = 0
    total: int = 0
    disagreements: list[ActCase] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Share of cases agreed on (1.0 for a rule without cases)."""
        return self.agreed / self.total if self.total else 1.0


def default_cases_path() -> Path:
    """``<repository>/../shared/act-cases/cases.json``."""
    return Path(__file__).resolve().parents[3] / "shared" / "act-cases" / "cases.json"


def load_cases(path: Path) -> list[ActCase]:
    """Every case in ``cases.json``."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        ActCase(
            rule_id=item["rule_id"],
            case_id=item["id"],
            title=item["title"],
            expected=item["expected"],
            document=item["document"],
            rule_name=item.get("rule_name", ""),
        )
        for item in raw
    ]


def axe_figures(readme: Path) -> dict[str, tuple[int, int] | None]:
    """axe-core's agreement per ACT rule from the cases' README table (None where axe has no rule)."""
    figures: dict[str, tuple[int, int] | None] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        found = _AXE_ROW.match(line.strip())
        if found:
            agreed, total = found.group(3), found.group(4)
            figures[found.group(1)] = (int(agreed), int(total)) if agreed and total else None
    return figures


# Level-AAA rules claim ACT rules too: the cases are checked as for a site that asks for AAA.
_AAA = A11ySettings(level="AAA")


def claimed_act_ids() -> set[str]:
    """The ACT rule ids that some registered web rule (static or browser) claims to implement."""
    return {act_id for candidate in rules_for("web") for act_id in candidate.act} | browser_act_ids()


def browser_act_ids() -> set[str]:
    """The ACT rule ids that some browser rule claims."""
    from publisher.a11y.browser.stage import browser_rules_for

    return {act_id for candidate in browser_rules_for("web") for act_id in candidate.act}


def flags(case: ActCase, stage: BrowserStage | None = None, assets: Path | None = None) -> bool:
    """True when the gate reports a finding carrying the case's ACT rule id.

    With a ``stage``, cases of rules a browser rule claims are rendered too (``assets``: the folder
    served as the site root, where ``/test-assets/`` lives).
    """
    if not case.document.strip():
        return False
    findings = check_html(case.document, channel="web", locale="en", settings=_AAA)
    if any(case.rule_id in finding.act for finding in findings):
        return True
    if stage is None or case.rule_id not in browser_act_ids():
        return False
    rendered = stage.check_text(case.document, root=assets, axe=False, level="AAA")
    return any(case.rule_id in finding.act for finding in rendered.findings)


def agreement(
    cases: Iterable[ActCase],
    rule_ids: set[str],
    stage: BrowserStage | None = None,
    assets: Path | None = None,
) -> dict[str, RuleAgreement]:
    """Agreement per ACT rule in ``rule_ids``: failed cases flagged, passed and inapplicable ones not."""
    results: dict[str, RuleAgreement] = {}
    for case in cases:
        if case.rule_id not in rule_ids:
            continue
        result = results.setdefault(case.rule_id, RuleAgreement(case.rule_id, case.rule_name))
        result.total += 1
        if flags(case, stage, assets) == (case.expected == "failed"):
            result.agreed += 1
        else:
            result.disagreements.append(case)
    return results
