"""``publisher subscribers deliveries`` and ``resume``: how newsletter sends stand; going on after a stop."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from publisher.delivery.service import resume_send
from publisher.delivery.state import delivery_summary
from publisher.errors import PublisherError
from publisher.settings import get_settings
from publisher.store import open_store
from publisher.store.deliveries import newsletter_sends, unsent_deliveries

__all__ = ["deliveries_command", "delivery_line", "resume_command"]

_NOT_REACHED = ("bounced", "failed", "skipped")
# What the summary line of a finished send counts, always all of them.
_SUMMARY = ("sent", "deferred", "bounced", "skipped", "failed")


def delivery_line(delivery: dict[str, Any]) -> str:
    """One line (rich markup) saying what became of a newsletter send, and the command to look or go on."""
    if "error" in delivery:
        return f"[red]newsletter not sent: {escape(delivery['error'])}[/]"
    release = delivery["release_id"]
    counts = ", ".join(f"{name} {delivery[name]}" for name in _NOT_REACHED if delivery[name])
    unsent = delivery["pending"] + delivery["deferred"]
    total = delivery["sent"] + delivery["bounced"] + delivery["failed"] + unsent
    alert = f": {escape(delivery['alert'])}" if delivery.get("alert") else ""
    details = f"details: publisher subscribers deliveries {release}"
    match delivery["outcome"]:
        case "queued":
            return (
                f"newsletter queued for sending on the workers: {delivery['recipients']} recipients; "
                f"progress: publisher subscribers deliveries {release}"
            )
        case "stopped":
            return (
                f"[red]newsletter send stopped{alert}[/]\n  sent {delivery['sent']} of {total}, "
                f"{unsent} wait; once the cause is fixed: publisher subscribers resume {release}"
            )
        case "not sent":
            return f"[red]newsletter not sent: 0 of {total} delivered ({counts}){alert}[/]; {details}"
        case "nobody":
            return "newsletter: no confirmed subscribers, nothing sent"
        case "in progress" if delivery["state"] == "waiting":
            return (
                f"[yellow]newsletter sent to {delivery['sent']} of {total}; {unsent} wait for the next day's "
                f"warm-up cap (workers go on by themselves; without workers: publisher subscribers resume "
                f"{release})[/]"
            )
        case "in progress":
            return (
                f"[yellow]newsletter sent to {delivery['sent']} of {total}; {unsent} still to send "
                f"({delivery['state']}): {details}[/]"
            )
    sent = f"newsletter sent to {delivery['sent']} of {total} subscribers"
    summary = "\n  " + ", ".join(f"{name} {delivery[name]}" for name in _SUMMARY)
    if counts:
        return f"[yellow]{sent} ({counts})[/]; {details}{summary}"
    return f"[green]{sent}[/]{summary}"


def _fail(error: PublisherError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(2)


@click.command("deliveries")
@click.argument("release", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def deliveries_command(release: int | None, as_json: bool) -> None:
    """Show newsletter sends, newest first; with RELEASE, its counts and every delivery not sent."""
    try:
        if release is None:
            _list_sends(as_json)
        else:
            _show_send(release, as_json)
    except PublisherError as error:
        _fail(error)


def _list_sends(as_json: bool) -> None:
    store = open_store(get_settings().database_url)
    sends = [
        {**delivery_summary(store, number).as_dict(), "slug": slug}
        for number, slug in newsletter_sends(store)
    ]
    if as_json:
        click.echo(json.dumps(sends, ensure_ascii=False, indent=1))
        return
    console = Console(highlight=False, soft_wrap=True)
    if not sends:
        console.print("no newsletter has been sent yet")
    for send in sends:
        console.print(f"{send['release_id']}\t{escape(send['slug'])}\t{delivery_line(send)}")


def _show_send(release: int, as_json: bool) -> None:
    store = open_store(get_settings().database_url)
    summary = delivery_summary(store, release)
    rows = unsent_deliveries(store, release)
    if as_json:
        unsent = [dict(zip(("email", "status", "attempts", "error"), row, strict=True)) for row in rows]
        click.echo(json.dumps({**summary.as_dict(), "not_sent": unsent}, ensure_ascii=False, indent=1))
        return
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"{release}\t{delivery_line(summary.as_dict())}")
    for email, status, attempts, reason in rows:
        console.print(f"  {email}\t{status}\t{attempts} attempts\t{reason or ''}", markup=False)


@click.command("resume")
@click.argument("release", type=int)
@click.option(
    "--force", is_flag=True, help="Resume a send that looks still under way (its workers lost their tasks)."
)
def resume_command(release: int, force: bool) -> None:
    """Go on with the newsletter send RELEASE after a stop or a failure: what was not sent is sent.

    Deliveries that failed are tried again for subscribers still confirmed. A send still under
    way (sending, paused for a retry, waiting for the warm-up cap) is left to its retries unless
    --force says its workers lost it. Exit status 4 when nothing could be sent or the send stopped again.
    """
    try:
        outcome = resume_send(get_settings(), release, force=force)
    except PublisherError as error:
        _fail(error)
        return
    Console(highlight=False, soft_wrap=True).print(delivery_line(outcome))
    if outcome["outcome"] in ("not sent", "stopped"):
        sys.exit(7)  # as publish --send: the newsletter reached nobody or was stopped
