"""The built-in checker's findings on every HTML page under some folders, as JSON, to diff across a change.

    python scripts/checker_findings.py OUT.json tests/a11y [MORE_FOLDERS ...] [--act-cases CASES.json]

Each page is checked as a web page at level AA and AAA and as an email, first with every cache
cleared and again with the caches the first check filled (findings must not depend on them); the
HTML documents of the ACT cases are checked as web pages. Run it before and after a change of the
checker (engine, document model, rules) and compare the two files: ``diff before.json after.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from publisher.a11y import check_html
from publisher.a11y.engine import clear_caches
from publisher.a11y.findings import ChannelKind
from publisher.settings import A11ySettings

__all__ = ["main"]

# (label, channel, level) of each way a page is checked.
_WAYS: tuple[tuple[str, ChannelKind, str], ...] = (
    ("web AA", "web", "AA"),
    ("web AAA", "web", "AAA"),
    ("email", "email", "AA"),
)


def main(argv: list[str] | None = None) -> int:
    """Write the findings of every page to the JSON file named first; print how many."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="JSON file to write")
    parser.add_argument("folders", type=Path, nargs="+", help="folders whose *.html files are checked")
    parser.add_argument("--act-cases", type=Path, help="cases.json of the ACT test cases")
    args = parser.parse_args(argv)
    results: dict[str, object] = {}
    for page in sorted(path for folder in args.folders for path in folder.rglob("*.html")):
        html = page.read_bytes()
        for label, channel, level in _WAYS:
            for caches in ("cold", "warm"):
                if caches == "cold":
                    clear_caches()
                results[f"{page} | {label} | {caches}"] = _findings(
                    html, channel, str(page), page.parent, A11ySettings(level=level)
                )
    if args.act_cases is not None:
        for number, case in enumerate(json.loads(args.act_cases.read_text(encoding="utf-8"))):
            if case["language"] == "html":
                clear_caches()
                results[f"ACT {number} {case['rule_id']}"] = _findings(
                    case["document"], "web", f"act-{number}", None, A11ySettings()
                )
    args.out.write_text(json.dumps(results, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    total = sum(len(found) for found in results.values() if isinstance(found, list))
    print(f"{len(results)} checks, {total} findings -> {args.out}")
    return 0


def _findings(
    html: str | bytes, channel: ChannelKind, path: str, base_dir: Path | None, settings: A11ySettings
) -> list[object] | str:
    """The findings as JSON values, or the error the check raised (an error is a result to compare too)."""
    try:
        found = check_html(html, channel=channel, path=path, base_dir=base_dir, settings=settings)
    except Exception as error:  # any failure of the checker is part of what is compared
        return f"{type(error).__name__}: {error}"
    return [finding.model_dump(mode="json") for finding in found]


if __name__ == "__main__":
    sys.exit(main())
