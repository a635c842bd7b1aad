"""``publisher subscribers bounce-mail`` and ``bounce-poll``: bounces and complaints mailed back."""

from __future__ import annotations

import os
import sys

import click

from publisher.delivery.bounces import handle_report
from publisher.delivery.mailbox import MailboxTarget, poll_mailbox
from publisher.errors import ConfigurationError, PublisherError
from publisher.settings import get_settings
from publisher.store import open_store

__all__ = ["bounce_mail_command", "bounce_poll_command"]


@click.command("bounce-mail")
@click.option(
    "--recipient",
    default=None,
    help="The address the message was delivered to (the VERP return path); default: $RECIPIENT "
    "as Postfix's pipe sets it, else the message's Delivered-To and To.",
)
def bounce_mail_command(recipient: str | None) -> None:
    """Read one bounce (RFC 3464) or complaint (RFC 5965) on standard input and act on it.

    For newsletter.bounce_address: let the mail server pipe that mailbox's messages to this
    command (e.g. a Postfix alias ``"|publisher subscribers bounce-mail"``). A message that is no
    report, or proves no subscriber, is ignored (exit 0, so the server does not bounce it again).
    """
    settings = get_settings()
    try:
        outcome = handle_report(
            settings, sys.stdin.buffer.read(), envelope_recipient=recipient or os.environ.get("RECIPIENT")
        )
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(outcome.action)


@click.command("bounce-poll")
def bounce_poll_command() -> None:
    """Read the bounces and complaints waiting in newsletter.bounce_mailbox_url once (run it from cron)."""
    settings = get_settings()
    url = settings.newsletter.bounce_mailbox_url
    try:
        if not url:
            raise ConfigurationError(
                "set PUBLISHER_NEWSLETTER__BOUNCE_MAILBOX_URL (newsletter.bounce_mailbox_url)"
            )
        target = MailboxTarget.parse(url)
        store = open_store(settings.database_url)

        def handle(raw: bytes) -> bool:
            outcome = handle_report(settings, raw, store=store)
            if outcome.report:
                click.echo(outcome.action)
            return outcome.report

        run = poll_mailbox(target, handle)
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(f"{target}: {run.read} messages read, {run.reports} reports handled")
