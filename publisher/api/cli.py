"""``publisher tokens`` (API tokens) and ``publisher serve`` (the HTTP app under uvicorn).

Exit status: 0 done, 2 invalid input or settings (nothing written).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from publisher.errors import PublisherError
from publisher.settings import get_settings
from publisher.store import open_store
from publisher.store.api_tokens import issue_token, list_tokens, revoke_token

__all__ = ["tokens_group"]


def _now() -> datetime:
    return datetime.now(UTC)


@click.group("tokens")
def tokens_group() -> None:
    """Create, list and revoke the bearer tokens of the press office's HTTP API."""


@tokens_group.command("create")
@click.argument("name")
def create_command(name: str) -> None:
    """Make a token for NAME and print it once (only its digest is stored)."""
    try:
        issued = issue_token(open_store(get_settings().database_url), name, _now())
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(issued.value)
    click.echo(
        f"token {issued.info.id} for {issued.info.name!r}: shown only now; store it in a secret manager.",
        err=True,
    )


@tokens_group.command("list")
def list_command() -> None:
    """List every token: id, name, first characters, created, revoked."""
    for token in list_tokens(open_store(get_settings().database_url)):
        revoked = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
        click.echo(f"{token.id}\t{token.name}\t{token.prefix}…\t{token.created_at:%Y-%m-%d %H:%M}\t{revoked}")


@tokens_group.command("revoke")
@click.argument("token")
def revoke_command(token: str) -> None:
    """Revoke TOKEN (its name or id) for good: the next request with it is refused."""
    try:
        info = revoke_token(open_store(get_settings().database_url), token, _now())
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(f"token {info.id} ({info.name}) revoked")
