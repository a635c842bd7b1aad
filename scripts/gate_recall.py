"""How many annotated barriers the gate finds, and whether it raises alarms on clean pages.

    python scripts/gate_recall.py FOLDER [--static-only] [--verbose]

Every ``*.html`` under FOLDER is checked by the whole gate (static rules and the browser stage with
axe-core). Each page states what it should be found guilty of in a comment right after the doctype:

    <!-- expect: 1.4.10, 2.4.7 -->     one barrier per WCAG success criterion listed
    <!-- expect: none -->              a clean page: any finding on it is a false alarm

A barrier counts as found when some finding (error or warning) names its success criterion. Pages
without the comment are skipped. Recall = barriers found / barriers annotated; false alarms = clean
pages with any finding (and the findings themselves). Exit status 0 always (it measures, it does not
judge); 2 when the folder holds no annotated page.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from publisher.a11y.browser.stage import BrowserStage
from publisher.a11y.findings import Finding
from publisher.a11y.gate import check_page
from publisher.i18n import ui_locale

_EXPECT = re.compile(r"<!--\s*expect:\s*([^>]*?)\s*-->", re.IGNORECASE)
_LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"", re.IGNORECASE)


def expectations(html: str) -> set[str] | None:
    """The success criteria a page is annotated with (empty: a clean page; None: not annotated)."""
    found = _EXPECT.search(html[:4000])
    if found is None:
        return None
    text = found.group(1).strip().lower()
    return (
        set()
        if text in ("", "none")
        else {part.strip() for part in re.split(r"[,\s]+", text) if part.strip()}
    )


def judge(expected: set[str], findings: list[Finding]) -> tuple[set[str], list[Finding]]:
    """(criteria found, findings that match no expected criterion)."""
    named = {criterion for finding in findings for criterion in finding.wcag}
    extra = [finding for finding in findings if not set(finding.wcag) & expected]
    return expected & named, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--static-only", action="store_true", help="leave out the browser stage")
    parser.add_argument("--verbose", action="store_true", help="print every finding of every page")
    args = parser.parse_args(argv)
    pages = []
    for path in sorted(args.folder.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        expected = expectations(html)
        if expected is not None:
            lang = _LANG.search(html)
            pages.append((path, expected, ui_locale(lang.group(1) if lang else "en")))
    if not pages:
        print(f"{args.folder}: no annotated page (<!-- expect: ... --> after the doctype)", file=sys.stderr)
        return 2
    stage = None if args.static_only else BrowserStage()
    total = found_total = clean_pages = alarmed_pages = alarms = 0
    missed: Counter[str] = Counter()
    try:
        for path, expected, locale in pages:
            findings, _ = check_page(path, locale=locale, stage=stage, root=args.folder)
            found, extra = judge(expected, findings)
            total += len(expected)
            found_total += len(found)
            missed.update(expected - found)
            if not expected:
                clean_pages += 1
                alarmed_pages += bool(findings)
                alarms += len(findings)
            verdict = "clean" if not expected else f"{len(found)}/{len(expected)}"
            flag = "  FALSE ALARM" if not expected and findings else ""
            print(f"{path.relative_to(args.folder)}: {verdict}{flag}")
            if args.verbose or (not expected and findings):
                for finding in findings if not expected else extra if args.verbose else []:
                    print(f"    {finding.rule} {finding.wcag} {finding.message[:120]}")
            if expected - found:
                print(f"    missed: {', '.join(sorted(expected - found))}")
    finally:
        if stage is not None:
            stage.close()
    stages = "static rules only" if args.static_only else "static rules + browser stage (with axe-core)"
    print()
    print(f"gate: {stages}")
    print(
        f"barriers found: {found_total}/{total} ({100 * found_total / total:.0f}%)"
        if total
        else "no barriers"
    )
    print(f"clean pages with findings: {alarmed_pages}/{clean_pages} ({alarms} findings)")
    if missed:
        print(
            "missed criteria: "
            + ", ".join(f"{criterion} ×{count}" for criterion, count in sorted(missed.items()))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
