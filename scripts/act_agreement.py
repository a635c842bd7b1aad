"""Print a Markdown table: how often the built-in engine agrees with the ACT test cases, per claimed rule.

Usage: python scripts/act_agreement.py [--cases PATH]   (default: $PUBLISHER_ACT_CASES or
../shared/act-cases/cases.json). axe-core's figures come from the README beside cases.json.
The numbers are measured by running every case, known disagreements included; cases of ACT rules a
browser rule claims are rendered by the browser stage as well (Chromium, as a release checks pages).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from publisher.a11y.browser.stage import BrowserStage, browser_rules_for
from publisher.a11y.conformance import agreement, axe_figures, claimed_act_ids, default_cases_path, load_cases
from publisher.a11y.engine import rules_for


def _percent(agreed: int, total: int, digits: int = 0) -> str:
    return f"{agreed}/{total} ({100 * agreed / total:.{digits}f}%)" if total else "—"


def main() -> int:
    """Run the claimed rules' cases and print the agreement table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases", type=Path, default=os.environ.get("PUBLISHER_ACT_CASES") or default_cases_path()
    )
    cases_path: Path = parser.parse_args().cases
    if not cases_path.is_file():
        print(f"ACT cases not found: {cases_path}", file=sys.stderr)
        return 2
    cases = load_cases(cases_path)
    axe = axe_figures(cases_path.parent / "README.md")
    claimed = claimed_act_ids()
    every_rule = [*rules_for("web"), *browser_rules_for("web")]
    ours_by_act = {
        act_id: [candidate.id for candidate in every_rule if act_id in candidate.act] for act_id in claimed
    }
    with BrowserStage() as stage:
        results = agreement(cases, claimed, stage, cases_path.parent)
    print("| ACT rule | name | our rule | cases | built-in engine agrees | axe-core agrees |")
    print("|---|---|---|---|---|---|")
    agreed = total = axe_agreed = axe_total = 0
    for act_id, result in sorted(results.items(), key=lambda item: item[1].rule_name.lower()):
        figure = axe.get(act_id)
        rules = ", ".join(f"`{rule_id}`" for rule_id in ours_by_act[act_id])
        axe_text = _percent(*figure) if figure else "—"
        print(
            f"| {act_id} | {result.rule_name} | {rules} | {result.total} | "
            f"{_percent(result.agreed, result.total)} | {axe_text} |"
        )
        agreed, total = agreed + result.agreed, total + result.total
        if figure:
            axe_agreed, axe_total = axe_agreed + figure[0], axe_total + figure[1]
    axe_rules = [act_id for act_id in results if axe.get(act_id)]
    ours_on_axe = sum(results[act_id].agreed for act_id in axe_rules)
    print()
    print(
        f"All {len(results)} claimed rules: {_percent(agreed, total, 1)}. "
        f"On the {len(axe_rules)} that axe-core also implements: "
        f"built-in {_percent(ours_on_axe, axe_total, 1)}, axe-core {_percent(axe_agreed, axe_total, 1)}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
