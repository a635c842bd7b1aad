"""How a release looks on the terminal: each channel's step while it runs, then its outcome and where to look.

Everything goes to the console the command passes (stderr, quiet with ``--json``), except the
explanation of a release that did not finish: whoever runs the command must learn that nothing
went out yet, so that goes to stderr even with ``--json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table

from publisher.channels.web.search import SearchIndex, SearchIndexError
from publisher.release.follow import Progress
from publisher.release.report import ReleaseReport, exit_status
from publisher.release.report_files import report_folder
from publisher.release.search_follow import rebuild_pending
from publisher.release.staging import StagedRelease

__all__ = ["ProgressDisplay", "report_releases", "show_report"]

_STEP_LABELS = {
    "pending": "rendering …",
    "rendered": "checking …",
    "passed": "passed, waiting for the other channels …",
    "held": "held",
    "failed": "failed",
    "released": "released",
}
_STOPPED_AT = {
    "pending": "not rendered yet",
    "rendered": "rendered, not checked yet",
    "passed": "checked, waiting for the release step",
}
_STYLES = {"released": "green", "held": "yellow", "withheld": "yellow", "pending": "yellow", "failed": "red"}


class ProgressDisplay:
    """A live table of each channel's step while a release runs (a ``Progress`` of ``release.follow``)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._live: Live | None = None

    def __call__(self, staged: StagedRelease) -> None:
        table = _progress_table(staged)
        if self._live is None:
            self._live = Live(table, console=self.console, transient=True, refresh_per_second=8)
            self._live.start()
        else:
            self._live.update(table)

    def stop(self) -> None:
        """Take the table away (before the outcome is shown)."""
        if self._live is not None:
            self._live.stop()
            self._live = None


def report_releases(
    run: Callable[[Progress], Iterator[ReleaseReport]], out_dir: Path, *, as_json: bool
) -> NoReturn:
    """Show each release's report as it comes (a live table while it runs), then exit with their status.

    With ``as_json`` the reports are printed on stdout as ``{"reports": [...]}`` and nothing else.
    """
    console = Console(stderr=True, quiet=as_json)
    display = ProgressDisplay(console)
    reports = []
    for report in run(display):
        display.stop()
        show_report(console, report, out_dir)
        reports.append(report)
    for outcome in rebuild_pending():
        console.print(_search_line(outcome), markup=False, highlight=False, soft_wrap=True)
    if as_json:
        data = {"reports": [report.as_json() for report in reports]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    sys.exit(exit_status(reports))


def _search_line(outcome: SearchIndex | SearchIndexError) -> str:
    if isinstance(outcome, SearchIndexError):
        return f"warning: the search index was not updated (the previous one stays): {outcome}"
    pages = f"{outcome.pages} article page{'' if outcome.pages == 1 else 's'}"
    return f"search index updated: {pages} in {outcome.folder}"


def _progress_table(staged: StagedRelease) -> Table:
    table = Table(title=f"{staged.article.slug}", title_justify="left", box=None)
    table.add_column("channel")
    table.add_column("step")
    for name in staged.channels:
        try:
            status = staged.state(name).status
        except (OSError, ValueError):  # the folder is tidied away once the release went out
            status = "released"
        table.add_row(name, _STEP_LABELS.get(status, status))
    return table


def show_report(console: Console, report: ReleaseReport, out_dir: Path) -> None:
    """The source's warnings, a table of the channels' outcomes, the findings, and where the report is."""
    for warning in report.warnings():
        console.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if report.status in ("pending", "unwritable"):
        _explain(report, out_dir)
        return
    if report.status == "scheduled":
        console.print(f"{report.slug}: scheduled for {report.scheduled}")
        return
    table = Table(title=f"{report.slug}", title_justify="left")
    for column in ("channel", "status", "errors", "warnings"):
        table.add_column(column, justify="right" if column in ("errors", "warnings") else "left")
    for name, outcome in report.channels.items():
        style = _STYLES.get(outcome.status, "red")
        errors = outcome.errors
        table.add_row(name, f"[{style}]{outcome.status}[/]", str(errors), str(len(outcome.findings) - errors))
    console.print(table)
    for name, outcome in report.channels.items():
        for finding in outcome.findings:
            line = f"  {name}: [{finding.severity}] {finding.rule}: {finding.message}"
            console.print(line, markup=False, highlight=False)
        if outcome.error:
            console.print(f"  {name}: {outcome.error}", markup=False, highlight=False)
    if report.status != "released":
        console.print(f"  not released: {report.reason or report.status}", markup=False, highlight=False)
    if report.delivery is not None:
        from publisher.delivery.cli import delivery_line  # only a publish with --send loads delivery

        console.print(delivery_line(report.delivery.as_json()), highlight=False, soft_wrap=True)
    where = Path(report.reports) if report.reports else report_folder(out_dir, report)
    console.print(f"  report: {where / 'report.html'}", soft_wrap=True, markup=False, highlight=False)


def _explain(report: ReleaseReport, out_dir: Path) -> None:
    # On stderr even with --json: whoever runs the command must learn that nothing went out yet.
    if report.status == "unwritable":
        lines = [f"error: {report.slug}: not released: {report.reason or ''}"]
    elif report.broker == "queued":
        lines = [
            f"{report.slug}: not released yet: {report.reason}; the release is still queued on the workers "
            "and goes out when a worker takes it up (the task of a killed or stopped worker is handed "
            f"to another one after {report.redelivery_after or 0:g} s); nothing of it is public yet."
        ]
    else:
        lines = [f"{report.slug}: not released: {report.reason}; nothing of it is public."]
    steps = [
        f"{name} {_STOPPED_AT.get(outcome.step, outcome.step)}"
        for name, outcome in report.channels.items()
        if outcome.step is not None
    ]
    if steps:
        lines.append(f"  where it stopped: {', '.join(steps)}")
    if report.release:
        lines.append(f"  staged in {report.staging}")
        lines.append(f"  send it again with: publisher releases resume {report.release} --out {out_dir}")
    click.echo("\n".join(lines), err=True)
