"""``publisher subscribers``: manage newsletter subscribers from the command line.

Exit status: 0 done, 2 invalid input or settings (nothing written), 1 not found.
"""

from __future__ import annotations

import csv
import importlib
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any, ClassVar, ParamSpec, TypeVar

import click

from publisher.errors import PublisherError
from publisher.settings import Settings, get_settings
from publisher.store import (
    InvalidAddress,
    Preferences,
    Store,
    Subscriber,
    add_subscriber,
    erase_subscriber,
    export_subscriber,
    find_by_email,
    normalise_email,
    open_store,
)
from publisher.store.imports import ImportRow, import_subscribers
from publisher.store.subscribers import (
    FORMATS,
    LANGUAGES,
    STATUSES,
    decode_topics,
    list_subscribers,
    topic_counts,
)
from publisher.store.subscription_mails import queued_mail_for
from publisher.subscribers.csv_cells import read_cell, safe_cell
from publisher.subscribers.service import confirm, confirm_link, leave_by_mail, request_subscription
from publisher.tokens import token_signer

__all__ = ["subscribers_group"]

P = ParamSpec("P")
R = TypeVar("R")
_EXPORT_COLUMNS = ("email", "status", "language", "format", "audio_first", "consent_source", "confirmed_at")


def _reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PublisherError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)

    return run


def _preferences(language: str, form: str, audio_first: bool) -> Preferences:
    return Preferences(language=language, format=form, audio_first=audio_first)  # type: ignore[arg-type]


class _SubscribersGroup(click.Group):
    """The subscriber commands; those of sending newsletters load with their command only."""

    # The delivery parts (batches, editions, the gate's registry) cost a second of start-up.
    LAZY: ClassVar[dict[str, tuple[str, str]]] = {
        "deliveries": ("publisher.delivery.cli", "deliveries_command"),
        "resume": ("publisher.delivery.cli", "resume_command"),
        "bounce-mail": ("publisher.delivery.bounce_cli", "bounce_mail_command"),
        "bounce-poll": ("publisher.delivery.bounce_cli", "bounce_poll_command"),
    }

    def list_commands(self, context: click.Context) -> list[str]:
        return sorted([*super().list_commands(context), *self.LAZY])

    def get_command(self, context: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            module, attribute = self.LAZY[name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(context, name)


@click.group("subscribers", cls=_SubscribersGroup)
def subscribers_group() -> None:
    """Add, confirm, list, remove, import and export newsletter subscribers; follow and resume sends."""


@subscribers_group.command("add")
@click.argument("address")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="de", show_default=True)
@click.option("--format", "form", type=click.Choice(FORMATS), default="html", show_default=True)
@click.option("--audio-first", is_flag=True, help="Put the listen link first.")
@click.option("--source", default="cli", show_default=True, help="Where the consent was given (recorded).")
@click.option(
    "--consented-at", type=click.DateTime(), default=None, help="Consent proven elsewhere: confirmed."
)
@_reports_errors
def add(
    address: str, language: str, form: str, audio_first: bool, source: str, consented_at: datetime | None
) -> None:
    """Subscribe ADDRESS; a confirmation email is sent unless --consented-at records earlier consent."""
    settings = get_settings()
    token_signer(settings)  # a strong secret first: nothing is recorded that could not be confirmed
    store = open_store(settings.database_url)
    when = consented_at.replace(tzinfo=consented_at.tzinfo or UTC) if consented_at else None
    status = _subscribe(settings, store, address, source, _preferences(language, form, audio_first), when)
    email = normalise_email(address)
    click.echo(f"{email}: {status}")
    if status != "pending":
        return
    if settings.newsletter.smtp_url:
        _send_queued(settings, store)
        click.echo(_mail_report(store, email))
        return
    with store.session() as session:
        subscriber = find_by_email(session, email)
        assert subscriber is not None
        click.echo(f"no SMTP configured; confirmation link: {confirm_link(settings, subscriber)}")


def _subscribe(
    settings: Settings,
    store: Store,
    address: str,
    source: str,
    preferences: Preferences,
    consented_at: datetime | None,
) -> str:
    """Record one subscription from the command line and return the address's state."""
    if settings.newsletter.smtp_url and consented_at is None:
        # Queued like a web request (one email per window), but confirmed addresses get no note.
        request_subscription(
            settings, address, source=source, preferences=preferences, store=store, notify_subscribed=False
        )
        with store.session() as session:
            subscriber = find_by_email(session, address)
            assert subscriber is not None
            return subscriber.status
    with store.session() as session:
        return add_subscriber(
            session, address, source=source, preferences=preferences, confirmed_at=consented_at
        ).status


def _send_queued(settings: Settings, store: Store) -> None:
    """Send every subscription email that is due now."""
    from publisher.subscribers.mail import send_subscription_mails  # SMTP and DKIM parts: only when sending

    while True:
        run = send_subscription_mails(settings, store)
        if run.sent + run.failed + run.dropped + run.retried == 0:
            return


def _mail_report(store: Store, email: str) -> str:
    with store.session() as session:
        mail = queued_mail_for(session, email)
        if mail is None:
            return "no confirmation email is queued"
        if mail.state == "sent" and mail.sent_at is not None:
            return f"confirmation email sent at {mail.sent_at.isoformat(timespec='seconds')}"
        if mail.state == "due":
            due = mail.due_at.isoformat(timespec="seconds")
            return f"confirmation email queued for {due}: {mail.last_error}"
        return f"confirmation email {mail.state}: {mail.last_error}"


@subscribers_group.command("confirm")
@click.argument("token")
@_reports_errors
def confirm_command(token: str) -> None:
    """Confirm a subscription with the TOKEN of its confirmation link (the part after /confirm/)."""
    outcome = confirm(get_settings(), token.rsplit("/", 1)[-1])
    note = "" if outcome.changed else " (already)"
    click.echo(f"{outcome.subscriber.email}: {outcome.subscriber.status}{note}")


@subscribers_group.command("unsubscribe-mail")
@_reports_errors
def unsubscribe_mail() -> None:
    """Read one emailed unsubscribe request (RFC 822) on standard input and act on it.

    For the List-Unsubscribe mailto: address: let the mail server pipe that mailbox's messages
    to this command (e.g. a Postfix alias ``"|publisher subscribers unsubscribe-mail"``).
    """
    outcome = leave_by_mail(get_settings(), sys.stdin.buffer.read())
    click.echo(f"{outcome.subscriber.email}: {outcome.subscriber.status}")


@subscribers_group.command("list")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only subscribers in this state.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_reports_errors
def list_command(status: str | None, as_json: bool) -> None:
    """List subscribers with their state and preferences."""
    with open_store(get_settings().database_url).session() as session:
        rows = [_row(subscriber) for subscriber in list_subscribers(session, status)]
        per_topic = topic_counts(session)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        # Tab-separated lines end up in spreadsheets too: no cell may start a formula.
        click.echo("\t".join(safe_cell(row[column]) for column in ("email", "status", "language", "format")))
    counts = [f"all topics {per_topic.pop('', 0)}"] + [
        f"{safe_cell(t)} {n}" for t, n in sorted(per_topic.items())
    ]
    click.echo("confirmed per topic: " + ", ".join(counts), err=True)


def _row(subscriber: Subscriber) -> dict[str, Any]:
    row = {column: getattr(subscriber, column) for column in _EXPORT_COLUMNS}
    row["topics"] = list(decode_topics(subscriber.topics))
    row["confirmed_at"] = subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None
    return row


@subscribers_group.command("remove")
@click.argument("address")
@_reports_errors
def remove(address: str) -> None:
    """Erase ADDRESS and its delivery records (a request to be forgotten)."""
    with open_store(get_settings().database_url).session() as session:
        subscriber = find_by_email(session, address)
        if subscriber is None:
            click.echo(f"{address}: not subscribed", err=True)
            sys.exit(1)
        erase_subscriber(session, subscriber)
    click.echo(f"{normalise_email(address)}: erased")


@subscribers_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", default=None, help="Consent source to record (default: import:<file name>).")
@_reports_errors
def import_command(path: Path, source: str | None) -> None:
    """Import a CSV with columns email[,language,format,audio_first,consented_at].

    Rows with consented_at (ISO date-time) are confirmed; the others get a confirmation email.
    Every row is checked first: with any invalid row nothing is imported. Cells that ``export``
    protected against formula injection (a leading apostrophe) are read back as they were.
    """
    settings = get_settings()
    token_signer(settings)  # before anything is read or recorded
    rows, problems = _read_csv(path)
    if problems:
        for problem in problems:
            click.echo(f"{path}:{problem}", err=True)
        sys.exit(2)
    store = open_store(settings.database_url)
    with store.session() as session:  # one transaction: every row or none
        counts = import_subscribers(
            session, [ImportRow(*row) for row in rows], source=source or f"import:{path.name}",
            now=datetime.now(UTC), window=timedelta(seconds=settings.newsletter.subscribe_window),
            queue_mails=bool(settings.newsletter.smtp_url),
        )  # fmt: skip
    if settings.newsletter.smtp_url:
        _send_queued(settings, store)
    click.echo(
        ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) or "nothing to import"
    )


def _read_csv(path: Path) -> tuple[list[tuple[str, Preferences, datetime | None]], list[str]]:
    rows: list[tuple[str, Preferences, datetime | None]] = []
    problems: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "email" not in reader.fieldnames:
            return [], ["1: the first line must name the columns, at least 'email'"]
        for line, record in enumerate(reader, start=2):
            try:
                rows.append(_parse_row(record))
            except (InvalidAddress, ValueError) as error:
                problems.append(f"{line}: {error}")
    return rows, problems


_YES = ("1", "true", "yes", "ja")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NO = ("", "0", "false", "no", "nein")


def _parse_row(record: dict[str | None, Any]) -> tuple[str, Preferences, datetime | None]:
    cells = {str(column): read_cell(value) for column, value in record.items() if isinstance(value, str)}
    for column, value in cells.items():
        if _CONTROL.search(value):
            raise ValueError(f"column '{column}': control characters (tab, line break ...) are not allowed")
    try:
        address = normalise_email(cells.get("email", ""))
    except InvalidAddress as error:
        raise InvalidAddress(f"column 'email': {error}") from error
    language = cells.get("language", "").strip() or "de"
    form = cells.get("format", "").strip() or "html"
    if language not in LANGUAGES:
        raise ValueError(f"column 'language' must be one of {', '.join(LANGUAGES)}")
    if form not in FORMATS:
        raise ValueError(f"column 'format' must be one of {', '.join(FORMATS)}")
    audio_first = cells.get("audio_first", "").strip().lower()
    if audio_first not in _YES + _NO:
        raise ValueError(
            f"column 'audio_first' must be one of {', '.join(value for value in _YES + _NO if value)}"
        )
    consented = cells.get("consented_at", "").strip()
    try:
        when = datetime.fromisoformat(consented) if consented else None
    except ValueError as error:
        raise ValueError(f"column 'consented_at' is no ISO date-time: {error}") from error
    if when and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return address, _preferences(language, form, audio_first in _YES), when


@subscribers_group.command("export")
@click.argument("address", required=False)
@_reports_errors
def export(address: str | None) -> None:
    """Print everything stored about ADDRESS as JSON; without ADDRESS, all subscribers as CSV.

    No CSV cell starts with a formula sign (= + - @, or a tab or line break): such cells get a
    leading apostrophe, so a spreadsheet shows them as text.
    """
    settings: Settings = get_settings()
    with open_store(settings.database_url).session() as session:
        if address:
            subscriber = find_by_email(session, address)
            if subscriber is None:
                click.echo(f"{address}: not subscribed", err=True)
                sys.exit(1)
            click.echo(json.dumps(export_subscriber(session, subscriber), ensure_ascii=False, indent=1))
            return
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(_EXPORT_COLUMNS)
        for subscriber in list_subscribers(session):
            row = _row(subscriber)
            writer.writerow([safe_cell(row[column]) for column in _EXPORT_COLUMNS])
