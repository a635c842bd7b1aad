"""``publisher releases list|resume`` (short: ``publisher resume``) and the recorded releases' commands.

``list`` shows both kinds: the staged releases of ``publisher publish`` that did not go out, and the
recorded releases (``releases queue``, the HTTP API) with their state.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.table import Table

from publisher.errors import PublisherError
from publisher.release.console import report_releases
from publisher.release.record_cli import RECORD_COMMANDS, print_records, views_as_json
from publisher.release.report import EXIT_INVALID
from publisher.release.resume import chosen_releases, resume, staged_releases
from publisher.release.service import list_releases
from publisher.settings import Settings, get_settings

__all__ = ["releases_group", "resume_command"]


@click.group("releases")
def releases_group() -> None:
    """Releases: queue, list, show, retry, reschedule, cancel; send staged ones again (resume)."""


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
@click.option(
    "--state", default=None, help="Only the recorded releases in this state (e.g. scheduled, held)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the releases as JSON.")
def list_command(out_dir: Path, state: str | None, as_json: bool) -> None:
    """List the staged releases that have not gone out, and the recorded releases, with their state."""
    settings = _settings()
    rows = staged_releases(out_dir, settings, now=datetime.now(UTC))
    records = list_releases(settings, state)
    if as_json:
        data = {"releases": rows, "records": views_as_json(records)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print_records(records)
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
    settings = _settings()
    try:
        chosen = chosen_releases(out_dir, settings, release_ids, every=resume_all)
    except PublisherError as error:
        _fail(str(error))
    now = datetime.now(UTC)
    report_releases(
        lambda progress: resume(chosen, settings, now=now, force=force, progress=progress),
        out_dir,
        as_json=as_json,
    )


releases_group.add_command(resume_command)
for _command in RECORD_COMMANDS:
    releases_group.add_command(_command)


def _settings() -> Settings:
    try:
        return get_settings()
    except ValueError as error:
        _fail(f"the settings are invalid: {error}")


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INVALID)
