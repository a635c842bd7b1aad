"""The release report: ``report.json`` for machines, ``report.html`` for people.

A released article's report is part of its public folder; the report of a release that did
not go out stays beside its staged output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from publisher.files import atomic_write
from publisher.release.report_page import render_report_page

__all__ = ["report_files", "save_reports", "write_reports"]


def report_files(report: dict[str, Any], locale: str) -> dict[str, bytes]:
    """``report.json`` and ``report.html`` of one release, by file name."""
    return {
        "report.json": json.dumps(report, ensure_ascii=False, indent=2).encode(),
        "report.html": render_report_page(report, locale=locale).encode(),
    }


def write_reports(folder: Path, report: dict[str, Any], locale: str) -> None:
    """Write ``report.json`` and ``report.html`` for one release into a public ``folder``."""
    for name, data in report_files(report, locale).items():
        atomic_write(folder / name, data)


def save_reports(folder: Path, report: dict[str, Any], locale: str) -> None:
    """Keep the reports of a release that did not go out in its staging ``folder`` (owner only)."""
    for name, data in report_files(report, locale).items():
        atomic_write(folder / name, data, mode=0o600)
