"""Following a release on the command line, and ``publisher releases list|resume``.

A release the command stops waiting for is never an error with a traceback: the command says
what is pending, where it is staged and how to send it again, and exits with 4.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table

from publisher.cli import EXIT_INVALID, EXIT_RELEASED, _exit_code
from publisher.release.public_tree import StorageError
from publisher.release.staging import StagedRelease, list_releases
from publisher.release.steps import is_finished
from publisher.settings import Settings, get_settings

__all__ = [
    "EXIT_PENDING",
    "EXIT_SUPERSEDED",
    "EXIT_UNWRITABLE",
    "follow",
    "release_exit_code",
    "releases_group",
    "schedule_for_embargo",
    "show_report",
    "unwritable_report",
]

EXIT_PENDING, EXIT_UNWRITABLE, EXIT_SUPERSEDED = 4, 5, 6

_STEP_LABELS = {
    "pending": "rendering …",
    "rendered": "checking …",
    "passed": "passed, waiting for the other channels …",
    "held": "held",
    "failed": "failed",
    "released": "released",
}
# A worker's step failed because a folder could not be written: the same case as exit 5 in-process.
_STORAGE_ERRORS = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT)
_STOPPED_AT = {
    "pending": "not rendered yet",
    "rendered": "rendered, not checked yet",
    "passed": "checked, waiting for the release step",
}
_STYLES = {"released": "green", "held": "yellow", "withheld": "yellow", "pending": "yellow", "failed": "red"}


def release_exit_code(reports: list[dict[str, Any]]) -> int:
    """The exit status of a publish or resume (README "Exit status")."""
    statuses = {report.get("status") for report in reports}
    first = (("unwritable", EXIT_UNWRITABLE), ("pending", EXIT_PENDING), ("conflict", EXIT_INVALID))
    for status, code in first:
        if status in statuses:
            return code
    code = _exit_code(reports)
    if code == EXIT_RELEASED and "superseded" in statuses:
        return EXIT_SUPERSEDED
    return code


def follow(console: Console, staged: StagedRelease, timeout: float) -> dict[str, Any]:
    """Send a release, show each channel's step, and return its report (or say what is pending)."""
    from workers.canvas import send_release
    from workers.tracking import broker_state

    try:
        result = send_release(staged)
    except OSError as error:
        if _in_process():  # no broker: the staging folder could not be written
            return {**_pending(staged, "", "unknown"), **unwritable_report(staged.article.slug, error)}
        return _unsent(staged, error)
    except Exception as error:  # broker or result store unreachable (kombu and Celery raise several kinds)
        if _in_process():
            return _pending(staged, f"the release stopped: {type(error).__name__}: {error}", "unknown")
        return _unsent(staged, error)
    deadline = time.monotonic() + timeout
    probe = time.monotonic() + 1.0
    with Live(_progress_table(staged), console=console, transient=True, refresh_per_second=8) as live:
        while not _ready(result):
            now = time.monotonic()
            if now >= deadline:
                return _finished_report(staged) or _pending(
                    staged, f"not finished after {timeout:g} s", broker_state(staged.release_id)
                )
            if now >= probe:
                probe = now + 1.0
                if broker_state(staged.release_id) == "lost":
                    return _finished_report(staged) or _pending(
                        staged, "the broker lost it (emptied or restarted)", "lost"
                    )
            live.update(_progress_table(staged))
            time.sleep(0.1)
    try:
        report = result.get(timeout=30, propagate=False)
    except Exception as error:  # the result store went away after the release finished
        report = error
    if isinstance(report, dict):
        return report
    cause = " ".join(str(report).split())
    if any(os.strerror(code) in cause for code in _STORAGE_ERRORS):  # e.g. the staging disk is full
        unwritable = {"status": "unwritable", "reason": f"cannot write the staging folder: {cause}"}
        return {**_pending(staged, "", "unknown"), **unwritable}
    return _finished_report(staged) or _pending(
        staged, f"the release stopped on a worker: {cause}", "unknown"
    )


def _unsent(staged: StagedRelease, error: Exception) -> dict[str, Any]:
    cause = " ".join(str(error).split()) or type(error).__name__
    return _pending(staged, f"it could not be sent: the broker is unreachable ({cause})", "unreachable")


def _in_process() -> bool:
    from workers.celery_app import app

    return bool(app.conf.task_always_eager)


def _ready(result: Any) -> bool:
    try:
        return bool(result.ready())
    except Exception:  # the result store is unreachable for a moment (e.g. Redis restarting)
        return False


def _finished_report(staged: StagedRelease) -> dict[str, Any] | None:
    """The report of a release that ended although its result never arrived (read from disk)."""
    if not is_finished(staged.folder):
        return None
    stored = staged.outcome() if staged.folder.is_dir() else None
    if stored is None:
        path = staged.public_dir() / "report.json"
        stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    return stored


def _pending(staged: StagedRelease, reason: str, broker: str) -> dict[str, Any]:
    channels: dict[str, Any] = {}
    for name in staged.channels:
        try:
            step = staged.state(name).status
        except (OSError, ValueError):
            step = "pending"
        channels[name] = {"status": "pending", "step": step, "findings": []}
    return {
        "slug": staged.article.slug,
        "title": staged.article.title,
        "release": staged.release_id,
        "generation": staged.generation,
        "status": "pending",
        "reason": reason,
        "broker": broker,
        # After this many seconds Redis hands the task of a killed or stopped worker to another one.
        "redelivery_after": staged.settings.broker_visibility_timeout,
        "staging": str(staged.folder),
        "channels": channels,
    }


def schedule_for_embargo(console: Console, staged: StagedRelease, embargo: datetime) -> dict[str, Any]:
    """Queue a release for its embargo's end; its report, or what is pending when the broker is away."""
    from workers.canvas import schedule_release

    try:
        schedule_release(staged, embargo)
    except Exception as error:  # broker unreachable
        return _unsent(staged, error)
    console.print(f"{staged.article.slug}: scheduled for {embargo.isoformat()}")
    return {
        "slug": staged.article.slug,
        "release": staged.release_id,
        "generation": staged.generation,
        "status": "scheduled",
        "scheduled": embargo.isoformat(),
        "staging": str(staged.folder),
        "channels": {},
    }


def unwritable_report(slug: str, error: OSError) -> dict[str, Any]:
    """The report of an article whose release could not even be staged (disk full, read-only)."""
    reason = str(error) if isinstance(error, StorageError) else f"cannot write the staging folder: {error}"
    return {"slug": slug, "status": "unwritable", "reason": reason, "channels": {}}


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


def show_report(console: Console, report: dict[str, Any], out_dir: Path) -> None:
    """A table of the channels' outcomes, the findings, and where the report is."""
    status = report.get("status", "released")
    if status in ("pending", "unwritable"):
        _explain(report, out_dir)
        return
    if status == "scheduled":
        return
    table = Table(title=f"{report['slug']}", title_justify="left")
    for column in ("channel", "status", "errors", "warnings"):
        table.add_column(column, justify="right" if column in ("errors", "warnings") else "left")
    for name, outcome in report["channels"].items():
        findings = outcome["findings"]
        errors = sum(1 for finding in findings if finding["severity"] == "error")
        style = _STYLES.get(outcome["status"], "red")
        table.add_row(name, f"[{style}]{outcome['status']}[/]", str(errors), str(len(findings) - errors))
    console.print(table)
    for name, outcome in report["channels"].items():
        for finding in outcome["findings"]:
            line = f"  {name}: [{finding['severity']}] {finding['rule']}: {finding['message']}"
            console.print(line, markup=False, highlight=False)
        if outcome.get("error"):
            console.print(f"  {name}: {outcome['error']}", markup=False, highlight=False)
    if status != "released":
        console.print(f"  not released: {report.get('reason', status)}", markup=False, highlight=False)
    delivery = report["channels"].get("newsletter", {}).get("delivery")
    if delivery:
        from publisher.delivery.cli import delivery_line

        console.print(delivery_line(delivery), highlight=False, soft_wrap=True)
    where = Path(report["staging"]) if report.get("staging") else out_dir / report["slug"]
    console.print(f"  report: {where / 'report.html'}", soft_wrap=True, markup=False, highlight=False)


def _explain(report: dict[str, Any], out_dir: Path) -> None:
    # On stderr even with --json: whoever runs the command must learn that nothing went out yet.
    slug = report["slug"]
    if report["status"] == "unwritable":
        lines = [f"error: {slug}: not released: {report.get('reason', '')}"]
    elif report.get("broker") == "queued":
        lines = [
            f"{slug}: not released yet: {report['reason']}; the release is still queued on the workers "
            "and goes out when a worker takes it up (the task of a killed or stopped worker is handed "
            f"to another one after {report.get('redelivery_after', 0):g} s); nothing of it is public yet."
        ]
    else:
        lines = [f"{slug}: not released: {report['reason']}; nothing of it is public."]
    channels = report.get("channels", {}).items()
    steps = [
        f"{name} {_STOPPED_AT.get(outcome['step'], outcome['step'])}"
        for name, outcome in channels
        if "step" in outcome
    ]
    if steps:
        lines.append(f"  where it stopped: {', '.join(steps)}")
    if report.get("release"):
        lines.append(f"  staged in {report.get('staging')}")
        lines.append(f"  send it again with: publisher releases resume {report['release']} --out {out_dir}")
    click.echo("\n".join(lines), err=True)


# publisher releases list | resume


@click.group("releases")
def releases_group() -> None:
    """The releases of a site that have not gone out: list them, send them again."""


_OUT_OPTION = click.option(
    "--out",
    "out_dir",
    default="public",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Output folder of the static site (its staging folder holds the releases).",
)


@releases_group.command("list")
@_OUT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the releases as JSON.")
def list_command(out_dir: Path, as_json: bool) -> None:
    """List the staged releases that have not gone out, with their state."""
    settings = _settings()
    rows = [_row(staged, settings) for staged in list_releases(settings.staging_for(out_dir))]
    if as_json:
        click.echo(json.dumps({"releases": rows}, ensure_ascii=False, indent=2))
        return
    console = Console()
    if not rows:
        console.print("No staged releases.")
        return
    table = Table(box=None)
    for column in ("release", "generation", "state", "staged in"):
        table.add_column(column, overflow="fold")  # ids and paths are copied from here: never cut them
    for row in rows:
        table.add_row(row["release"], str(row["generation"]), row["state"], row["staging"])
    console.print(table)


@click.command("resume")
@click.argument("release_ids", nargs=-1)
@_OUT_OPTION
@click.option("--all", "resume_all", is_flag=True, help="Every release that has not finished.")
@click.option("--force", is_flag=True, help="Send again even releases the broker still holds.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON, no progress display.")
def resume_command(
    release_ids: tuple[str, ...], out_dir: Path, resume_all: bool, force: bool, as_json: bool
) -> None:
    """Send again the releases that have not finished (lost by the broker, killed, disk full).

    A release still under embargo is scheduled again for the embargo's end. Exit status as for
    `publisher publish`.
    """
    from workers.canvas import close_result_listener
    from workers.celery_app import configure
    from workers.tracking import broker_state

    settings = _settings()
    configure(settings)
    staged = {item.release_id: item for item in list_releases(settings.staging_for(out_dir))}
    open_ones = [item for item in staged.values() if not is_finished(item.folder)]
    if not release_ids and not resume_all:
        _fail("name the releases to resume, or pass --all (see: publisher releases list)")
    unknown = [name for name in release_ids if name not in staged]
    ended = [name for name in release_ids if name in staged and is_finished(staged[name].folder)]
    if unknown or ended:
        problems = [f"no staged release {name}" for name in unknown]
        problems += [f"{name} has ended" for name in ended]
        _fail("; ".join(problems))
    chosen = open_ones if resume_all else [staged[name] for name in release_ids]
    console = Console(stderr=True, quiet=as_json)
    reports = []
    for item in chosen:
        state = broker_state(item.release_id)
        embargo = item.article.embargo
        if state == "queued" and not force:
            report = _pending(item, "the broker still holds it (--force sends it again)", state)
        elif embargo is not None and item.article.is_embargoed(datetime.now(UTC)):
            if settings.broker_url:
                report = schedule_for_embargo(console, item, embargo)
            else:
                waiting = "under embargo, and scheduling needs workers: set PUBLISHER_BROKER_URL"
                report = _pending(item, waiting, "unknown")
        else:
            report = follow(console, item, settings.release_timeout)
        show_report(console, report, out_dir)
        reports.append(report)
    close_result_listener()
    if as_json:
        click.echo(json.dumps({"reports": reports}, ensure_ascii=False, indent=2))
    sys.exit(release_exit_code(reports))


releases_group.add_command(resume_command)


def _row(staged: StagedRelease, settings: Settings) -> dict[str, Any]:
    outcome = staged.outcome()
    state = str(outcome.get("status")) if outcome is not None else _broker_word(staged, settings)
    if outcome is None and staged.article.is_embargoed(datetime.now(UTC)) and staged.article.embargo:
        scheduled = f"scheduled for {staged.article.embargo.isoformat()}"
        state = scheduled if state == "queued" else f"{scheduled}, {state}"
    return {
        "release": staged.release_id,
        "slug": staged.article.slug,
        "generation": staged.generation,
        "state": state,
        "resumable": not is_finished(staged.folder),
        "staging": str(staged.folder),
    }


def _broker_word(staged: StagedRelease, settings: Settings) -> str:
    from workers.celery_app import configure
    from workers.tracking import broker_state

    configure(settings)
    return {
        "queued": "queued",
        "stopped": "stopped by an error on a worker",
        "lost": "lost by the broker",
        "unknown": "not finished (resumable)",
    }[broker_state(staged.release_id)]


def _settings() -> Settings:
    try:
        return get_settings()
    except ValueError as error:
        _fail(f"the settings are invalid: {error}")


def _fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)
