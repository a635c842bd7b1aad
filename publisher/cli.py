"""The ``publisher`` command."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from publisher import __version__
from publisher.compiled_code import keep_compiled_code
from publisher.errors import EXIT_INVALID, EXIT_UNSENT, ConfigurationError, PublisherError

if TYPE_CHECKING:
    from datetime import datetime

    from publisher.settings import Settings

__all__ = ["main", "run"]

# A command loads several hundred modules and builds their classes, models and rule tables, none of
# which ever become garbage; CPython's default (a collection every 700 new objects, every tenth one
# reaching further back) spent about a twentieth of a web publish's CPU scanning them over and over.
# Collecting every 50,000 new objects still frees the cycles a long-running ``serve`` leaves.
gc.set_threshold(50_000, 10, 10)


class LazyCommand(NamedTuple):
    """Where a command lives and its one-line help, so ``--help`` can list it without importing it."""

    target: str
    summary: str


LAZY_COMMANDS = {
    "check": LazyCommand(
        "publisher.a11y.cli:check_command",
        "Check HTML files (or every *.html under a folder) against the accessibility rules.",
    ),
    "rules": LazyCommand(
        "publisher.a11y.cli:rules_command",
        "List every registered accessibility rule: id, description, severity, channels, WCAG and ACT ids.",
    ),
    "subscribers": LazyCommand(
        "publisher.subscribers.cli:subscribers_group",
        "Add, confirm, list, remove, import and export newsletter subscribers; follow and resume sends.",
    ),
    "releases": LazyCommand(
        "publisher.release.cli:releases_group",
        "Releases: queue, list, show, retry, reschedule, cancel; send staged ones again (resume).",
    ),
    "resume": LazyCommand(
        "publisher.release.cli:resume_command",
        "Send again the releases that have not finished (lost by the broker, killed, disk full).",
    ),
    "search-index": LazyCommand(
        "publisher.channels.web.cli:search_index_command",
        "Index every released article page for the site's search page (Pagefind, offline).",
    ),
    "serve": LazyCommand(
        "publisher.api.cli:serve_command",
        "Serve the HTTP API (/api) and the subscription pages with uvicorn.",
    ),
    "tokens": LazyCommand(
        "publisher.api.cli:tokens_group",
        "Create, list and revoke the bearer tokens of the press office's HTTP API.",
    ),
}


class _Commands(click.Group):
    """Imports a command's module only when that command runs; ``--help`` lists it from its summary.

    The subscriber commands pull in SQLAlchemy and Alembic, the checker its rules, the release
    commands Celery: `--help`, `publish` and `worker` should pay for none of them at start-up.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in LAZY_COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = LAZY_COMMANDS[cmd_name].target.split(":")
        command: click.Command = getattr(import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            lazy = LAZY_COMMANDS.get(name)
            if lazy is not None:
                rows.append((name, click.utils.make_default_short_help(lazy.summary, limit)))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        # Settings are first read while a command's modules load, before its own error handling.
        try:
            return super().invoke(ctx)
        except ConfigurationError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_INVALID)


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="publisher")
def main() -> None:
    """Write one article; release it accessibly to every channel."""


@main.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default="public",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Output folder of the static site.",
)
@click.option("--channels", default=None, help="Comma-separated channels (default: all registered).")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON, no progress display.")
@click.option("--send", is_flag=True, help="Send a released newsletter to confirmed subscribers (SMTP).")
@click.option(
    "--schedule",
    is_flag=True,
    help="Queue articles under embargo to be released when it ends (needs a broker).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace a public article of the same address (slug) made from another file.",
)
@click.option(
    "--test-send",
    "test_address",
    default=None,
    metavar="ADDRESS",
    help="Release nothing: send every newsletter variant, marked as a test, to ADDRESS only.",
)
def publish(
    articles: tuple[Path, ...],
    out_dir: Path,
    channels: str | None,
    as_json: bool,
    send: bool,
    schedule: bool,
    replace: bool,
    test_address: str | None,
) -> None:
    """Render, check and release ARTICLES (Markdown or model JSON files) to the channels, each all or nothing.

    Exit status: 0 all released (or scheduled), 3 held by the checks, 1 a channel failed, 2
    invalid input (nothing written), 4 not finished (still queued or lost by the broker: resume
    it), 5 the output or staging folder could not be written (nothing changed), 6 superseded by
    a newer version already public, 7 released but --send could not send the newsletter.
    """
    from publisher.release.console import report_releases
    from publisher.release.publish import plan, release
    from publisher.settings import get_settings

    if test_address:
        _test_send(list(articles), out_dir, test_address)
        return
    try:
        settings = get_settings()
        planned = plan(
            list(articles), out_dir, settings, now=_now(), channels=channels, send=send,
            schedule_embargoed=schedule, replace=replace,
        )  # fmt: skip
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_INVALID)
    report_releases(lambda progress: release(planned, out_dir, settings, progress), out_dir, as_json=as_json)


def _test_send(articles: list[Path], out_dir: Path, address: str) -> None:
    """``publish --test-send``: each newsletter variant to one address; nothing is released."""
    from publisher.channels.newsletter import released_audio
    from publisher.delivery.smtp import SmtpFailure
    from publisher.delivery.trial import send_test_copies
    from publisher.settings import get_settings
    from publisher.sources import parse_article

    try:
        settings = get_settings()
        for path in articles:
            article = parse_article(path).article
            subjects = send_test_copies(
                settings, article, address, released_audio(settings, out_dir, article)
            )
            for subject in subjects:
                click.echo(f"sent to {address}: {subject}")
    except SmtpFailure as failure:
        click.echo(f"error: test copy not sent: {failure}", err=True)
        sys.exit(EXIT_UNSENT)
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_INVALID)


def _now() -> datetime:
    """The time embargoes are compared with (one place, so tests can set the clock)."""
    from datetime import UTC, datetime

    return datetime.now(UTC)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the canonical article."""
    import json

    from publisher.model import Article

    click.echo(json.dumps(Article.model_json_schema(), ensure_ascii=False, indent=2))


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option(
    "--beat",
    is_flag=True,
    help="Also run the sweeper every sweep_interval seconds: release ended embargoes, resend stuck releases.",
)
@click.option(
    "--beat-schedule",
    default=None,
    type=click.Path(path_type=Path),
    help="Where beat keeps its state (default: a file in the system's temporary folder).",
)
@click.pass_context
def worker(context: click.Context, beat: bool, beat_schedule: Path | None) -> None:
    """Run a Celery worker for the configured broker (extra options go to Celery, e.g. -Q audio).

    Without -Q the worker takes tasks from every queue: web, newsletter, audio and delivery.
    """
    import tempfile

    from publisher.settings import get_settings

    settings: Settings = get_settings()
    if not settings.broker_url:
        click.echo(
            "error: set PUBLISHER_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run a worker", err=True
        )
        sys.exit(EXIT_INVALID)
    # The worker is Celery's own program with the workers' app, which registers the tasks.
    command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--loglevel=INFO"]
    if beat:
        # The sweeper decides from the database, so beat's own state file holds nothing worth keeping.
        schedule = beat_schedule or Path(tempfile.gettempdir()) / f"publisher-beat-{os.getuid()}"
        command += ["--beat", f"--schedule={schedule}"]
    os.execv(sys.executable, [*command, *context.args])


def run() -> None:
    """The ``publisher`` program: the command line, with what only a command's own process may change.

    What the standard library compiles as the commands load (dataclass methods, string annotations,
    patterns) is kept per machine (``publisher.compiled_code``). On the way out the interpreter
    searches every object for cycles to free while it tears the modules down: a quarter of a web
    publish's CPU, for memory the process hands back whole a moment later; frozen objects are left out
    of that search. Both change the interpreter for the whole process, so only the program does them,
    not a process that imports ``main`` (tests, the API server) and goes on running other code.
    ``PUBLISHER_KEEP_COMPILED_CODE=0`` turns the keeping off (it reads private parts of ``re``; a
    Python release that changed them would make each command compile as before, but may be ruled out).
    """
    atexit.register(gc.freeze)
    if os.environ.get("PUBLISHER_KEEP_COMPILED_CODE", "1").strip() != "0":
        keep_compiled_code()
    main()


if __name__ == "__main__":
    run()
