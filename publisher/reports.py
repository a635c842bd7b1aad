"""The release report in the public tree: ``report.json`` for machines, ``report.html`` for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from publisher.a11y.report_page import render_report_page
from publisher.staging import atomic_write

__all__ = ["write_reports"]


def write_reports(folder: Path, report: dict[str, Any], locale: str) -> None:
    """Write ``report.json`` and ``report.html`` for one release into ``folder``."""
    atomic_write(folder / "report.json", json.dumps(report, ensure_ascii=False, indent=2).encode())
    atomic_write(folder / "report.html", render_report_page(report, locale=locale).encode())
