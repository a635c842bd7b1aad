"""The one writer of a release's reports: ``report.json`` for machines, ``report.html`` for people.

A released article's reports are in its internal folder ``DIR.internal/<slug>/`` (written by the
release step with the rest of the folder, or here when a newsletter send adds its outcome), never
in the public tree; the reports of a release that did not go out stay beside its staged output.
Both are readable by their owner only; ``report_folder`` says where a release's reports are.
"""

from __future__ import annotations

from pathlib import Path

from publisher.files import atomic_write
from publisher.i18n import ui_locale
from publisher.published import internal_dir
from publisher.release.report import ReleaseReport
from publisher.release.report_page import render_report_page

__all__ = ["REPORT_FILES", "keep_reports", "report_files", "report_folder", "write_reports"]

REPORT_FILES = ("report.json", "report.html")


def report_files(report: ReleaseReport) -> dict[str, bytes]:
    """``report.json`` and ``report.html`` of one release by file name, the page in the article's language."""
    return {
        "report.json": report.to_json(),
        "report.html": render_report_page(report, locale=ui_locale(report.lang or "")).encode(),
    }


def report_folder(out_dir: Path, report: ReleaseReport) -> Path:
    """The folder with the reports of ``report``'s release: staged when it did not go out, else internal."""
    return Path(report.staging) if report.staging else internal_dir(out_dir) / report.slug


def write_reports(out_dir: Path, report: ReleaseReport) -> None:
    """Write the reports of an article released into ``out_dir`` into its internal folder."""
    for name, data in report_files(report).items():
        atomic_write(internal_dir(out_dir) / report.slug / name, data)


def keep_reports(folder: Path, report: ReleaseReport) -> None:
    """Keep the reports of a release that did not go out in its staging ``folder`` (owner only)."""
    for name, data in report_files(report).items():
        atomic_write(folder / name, data, mode=0o600)
