"""``publisher tokens`` (API tokens) and ``publisher serve`` (the HTTP app under uvicorn).

Exit status: 0 done, 2 invalid input or settings (nothing written).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from publisher.errors import PublisherError
from publisher.settings import Settings, get_settings
from publisher.store import open_store
from publisher.store.api_tokens import issue_token, list_tokens, revoke_token

__all__ = ["serve_command", "tokens_group"]


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


# How long a server process may take to answer its supervisor's health ping before it is killed and
# replaced. uvicorn's default, 5 s, is short enough to kill a process that is merely starved of CPU on a
# loaded machine, and with it the uploads it is taking; a hung process is still replaced, a minute on.
_HEALTH_PING_SECONDS = 60


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (setting api.host).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (setting api.port).")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Server processes (setting api.workers)."
)
def serve_command(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the HTTP API (/api) and the subscription pages with uvicorn."""
    import uvicorn

    from publisher.api.app import create_app

    settings: Settings = get_settings()
    # Built once here so that unusable settings stop the command (exit 2) before any process starts,
    # and the database is migrated once rather than by every server process at the same moment.
    create_app(settings)
    uvicorn.run(
        "publisher.api:create_app",
        factory=True,
        host=host or settings.api.host,
        port=port or settings.api.port,
        workers=workers or settings.api.workers,
        proxy_headers=True,
        log_level="info",
        timeout_worker_healthcheck=_HEALTH_PING_SECONDS,
    )
