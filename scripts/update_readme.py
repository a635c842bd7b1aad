"""Regenerate the README's generated tables (settings, rules, performance) between their marker comments.

Usage: python scripts/update_readme.py [--check]   (--check: exit 1 if the README is out of date)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from publisher.a11y.cli import rules_markdown
from scripts.performance_table import performance_table
from scripts.settings_table import settings_table

README = Path(__file__).resolve().parent.parent / "README.md"


def generated_sections() -> dict[str, str]:
    """Marker name -> the table that belongs between its markers."""
    return {
        "settings": settings_table(),
        "rules": rules_markdown("en"),
        "performance": performance_table(),
    }


def updated(text: str) -> str:
    """``text`` with every marked section replaced by its generated table."""
    for name, table in generated_sections().items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> markers")
        text = pattern.sub(lambda match, table=table: match.group(1) + table + "\n" + match.group(2), text)
    return text


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = updated(current)
    if "--check" in sys.argv:
        return 0 if fresh == current else 1
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
