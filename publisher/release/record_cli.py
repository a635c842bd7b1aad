"""``publisher releases queue|show|cancel|reschedule|retry|withdraw``: recorded releases, command line.

Each command calls one function of ``publisher.release.service`` and prints the release's view
(``--json``: the view as JSON, as the HTTP API returns it). A refused request exits with status 2
and says why.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.table import Table

from publisher.errors import PublisherError
from publisher.release.report import EXIT_INVALID
from publisher.release.service import (
    cancel_release,
    get_release,
    queue_release,
    reschedule_release,
    retry_release,
    withdraw_release,
)
from publisher.release.views import ReleaseView
from publisher.settings import Settings, get_settings

__all__ = ["RECORD_COMMANDS", "print_records"]

_JSON = click.option("--json", "as_json", is_flag=True, help="Print the release as JSON.")


def _embargo(_context: click.Context, _parameter: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is no ISO time, e.g. 2026-03-02T09:00:00+01:00") from None
    if moment.tzinfo is None:
        raise click.BadParameter(f"'{value}' needs a time zone, e.g. 2026-03-02T09:00:00+01:00")
    return moment


@click.command("queue")
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="public", show_default=True, type=click.Path(path_type=Path),
              help="Output folder of the static site.")  # fmt: skip
@click.option("--channels", default=None, help="Comma-separated channels (default: all registered).")
@click.option(
    "--embargo", callback=_embargo, help="Release at this time (ISO, with zone); overrides the file's."
)
@click.option(
    "--partial", is_flag=True, help="Release what passed when a channel is held (never alone what links)."
)
@click.option("--send", is_flag=True, help="Send the newsletter once the release is out.")
@click.option(
    "--replace", is_flag=True, help="Replace a public article of the same address from another file."
)
@click.option(
    "--by", "queued_by", default="cli", show_default=True, help="Who queues it (shown in the list)."
)
@_JSON
def queue_command(
    article: Path, out_dir: Path, channels: str | None, embargo: datetime | None, partial: bool, send: bool,
    replace: bool, queued_by: str, as_json: bool,
) -> None:  # fmt: skip
    """Queue ARTICLE as a release: validated now, rendered and checked at once, released by its record."""
    _show(
        lambda settings: queue_release(
            settings,
            article,
            out_dir,
            queued_by=queued_by,
            channels=channels,
            embargo=embargo,
            partial=partial,
            send=send,
            replace=replace,
        ),
        as_json,
    )


@click.command("show")
@click.argument("release_id")
@_JSON
def show_command(release_id: str, as_json: bool) -> None:
    """Show a release: its state, each channel's state, attempts and findings, its links."""
    _show(lambda settings: get_release(settings, release_id), as_json)


@click.command("cancel")
@click.argument("release_id")
@_JSON
def cancel_command(release_id: str, as_json: bool) -> None:
    """Cancel a release that has not gone out; its staged output is removed."""
    _show(lambda settings: cancel_release(settings, release_id), as_json)


@click.command("reschedule")
@click.argument("release_id")
@click.option("--embargo", required=True, callback=_embargo, help="The new embargo (ISO time with zone).")
@_JSON
def reschedule_command(release_id: str, embargo: datetime, as_json: bool) -> None:
    """Move the embargo of a queued or scheduled release."""
    _show(lambda settings: reschedule_release(settings, release_id, embargo), as_json)


@click.command("retry")
@click.argument("release_id")
@_JSON
def retry_command(release_id: str, as_json: bool) -> None:
    """Run a held, failed or unwritable release again (failed channels render again)."""
    _show(lambda settings: retry_release(settings, release_id), as_json)


@click.command("withdraw")
@click.argument("release_id")
@click.option("--reason", required=True, help="Why it is withdrawn (shown on the notice at its address).")
@_JSON
def withdraw_command(release_id: str, reason: str, as_json: bool) -> None:
    """Withdraw a released article: a notice replaces it; it leaves index, feeds and sitemap."""
    _show(lambda settings: withdraw_release(settings, release_id, reason), as_json)


RECORD_COMMANDS = (
    queue_command, show_command, cancel_command, reschedule_command, retry_command, withdraw_command,
)  # fmt: skip


def print_records(views: list[ReleaseView]) -> None:
    """The recorded releases as a table: id, state, embargo, who queued them."""
    console = Console()
    if not views:
        console.print("No recorded releases.")
        return
    table = Table(box=None)
    for column in ("recorded release", "state", "embargo", "queued by"):
        table.add_column(column, overflow="fold")
    for view in views:
        embargo = view.embargo.isoformat() if view.embargo else ""
        table.add_row(view.id, view.state, embargo, view.queued_by)
    console.print(table)


def _show(action: Callable[[Settings], ReleaseView], as_json: bool) -> None:
    try:
        view = action(get_settings())
    except PublisherError as error:
        _fail(str(error))
    if as_json:
        click.echo(view.model_dump_json(indent=2))
        return
    console = Console()
    embargo = f", embargo {view.embargo.isoformat()}" if view.embargo else ""
    console.print(f"{view.id}: {view.state}{embargo} ({view.links['page']})", highlight=False)
    if view.reason:
        console.print(view.reason, highlight=False)
    table = Table(box=None)
    for column in ("channel", "state", "attempts", "findings", "error"):
        table.add_column(column, overflow="fold")
    for name, channel in view.channels.items():
        table.add_row(
            name, channel.state, str(channel.attempts), str(len(channel.findings)), channel.error or ""
        )
    console.print(table)


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INVALID)


def views_as_json(views: list[ReleaseView]) -> list[object]:
    """The recorded releases as JSON data (``releases list --json``'s ``records``)."""
    return [json.loads(view.model_dump_json()) for view in views]
