"""The ``publisher`` command."""

from __future__ import annotations

import json
import sys
import time
from importlib import import_module
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table

from publisher import __version__
from publisher.channels import parse_channel_list
from publisher.errors import ConfigurationError, EmbargoError, PublisherError
from publisher.i18n import ui_locale
from publisher.model import Article
from publisher.reports import write_reports
from publisher.settings import Settings, get_settings
from publisher.staging import StagedRelease

__all__ = ["main"]

EXIT_RELEASED, EXIT_FAILED, EXIT_INVALID, EXIT_HELD = 0, 1, 2, 3


_LAZY_COMMANDS = {
    "check": "publisher.a11y.cli:check_command",
    "rules": "publisher.a11y.cli:rules_command",
    "subscribers": "publisher.newsletter_cli:subscribers_group",
}


class _Commands(click.Group):
    """Imports a command's module only when that command is asked for.

    The subscriber commands pull in SQLAlchemy and Alembic, the checker its rules; `publish` and
    `worker` should not pay for either at start-up.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _LAZY_COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = _LAZY_COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(import_module(module), attribute)
        return command

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
def publish(
    articles: tuple[Path, ...], out_dir: Path, channels: str | None, as_json: bool, send: bool, schedule: bool
) -> None:
    """Render, check and release ARTICLES (Markdown files) to the channels.

    Exit status: 0 all released (or scheduled), 3 a channel was held by the checks, 1 a channel
    failed, 2 invalid input (nothing written).
    """
    from datetime import UTC, datetime

    from publisher.sources import parse_article
    from publisher.staging import stage_release
    from workers.canvas import close_result_listener, schedule_release
    from workers.celery_app import configure

    console = Console(stderr=True, quiet=as_json)
    try:
        settings = get_settings()
        names = parse_channel_list(channels)
        sources = [
            parse_article(path, timezone=settings.site.timezone, limits=settings.source) for path in articles
        ]
        now = datetime.now(UTC)
        embargoed = [source for source in sources if source.article.is_embargoed(now)]
        for source in embargoed:
            if not schedule:
                raise EmbargoError(
                    f"{source.path}: field 'embargo': under embargo until {source.article.embargo}; "
                    "nothing was released (use --schedule with a broker to release it then)"
                )
            if not settings.broker_url:
                raise ConfigurationError(
                    f"{source.path}: scheduling a release for the embargo's end needs workers: "
                    "set PUBLISHER_BROKER_URL"
                )
        if embargoed and send:
            raise ConfigurationError("--send sends after a release: it cannot wait for an embargo")
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_INVALID)
    for warning in (warning for source in sources for warning in source.warnings):
        click.echo(f"warning: {warning}", err=True)  # on stderr even with --json, so none is lost
    configure(settings)
    reports = []
    for source in sources:
        staged = stage_release(source, out_dir, names, settings)
        if source in embargoed and source.article.embargo is not None:
            schedule_release(staged, source.article.embargo)
            scheduled = {"slug": source.article.slug, "release": staged.release_id}
            reports.append({**scheduled, "scheduled": source.article.embargo.isoformat(), "channels": {}})
            console.print(f"{source.article.slug}: scheduled for {source.article.embargo.isoformat()}")
            continue
        reports.append(_follow(console, staged, settings.release_timeout))
        if send:
            _send_newsletter(settings, out_dir, source.article, reports[-1])
        _show_report(console, reports[-1], out_dir)
    close_result_listener()
    if as_json:
        click.echo(json.dumps({"reports": reports}, ensure_ascii=False, indent=2))
    sys.exit(_exit_code(reports))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the canonical article."""
    from publisher.model import Article

    click.echo(json.dumps(Article.model_json_schema(), ensure_ascii=False, indent=2))


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def worker(context: click.Context) -> None:
    """Run a Celery worker for the configured broker (extra options go to Celery)."""
    from workers.celery_app import configure

    settings: Settings = get_settings()
    if not settings.broker_url:
        click.echo(
            "error: set PUBLISHER_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run a worker", err=True
        )
        sys.exit(EXIT_INVALID)
    configure(settings).worker_main(["worker", "--loglevel=INFO", *context.args])


def _send_newsletter(settings: Settings, out_dir: Path, article: Article, report: dict[str, Any]) -> None:
    """Send (or queue, with a broker) a released newsletter; the summary joins the report."""
    newsletter = report["channels"].get("newsletter")
    if newsletter is None or newsletter["status"] != "released":
        return
    from publisher.channels.newsletter import released_audio
    from publisher.delivery import queue_release, send_release
    from publisher.store import open_store

    audio = released_audio(settings, out_dir, article)
    try:
        if settings.broker_url:
            from workers.newsletter_tasks import send_newsletter

            release_id = queue_release(open_store(settings.database_url), article, audio)
            send_newsletter.delay(release_id)
            newsletter["delivery"] = {"release_id": release_id, "status": "queued"}
        else:
            newsletter["delivery"] = send_release(settings, article, audio=audio).as_dict()
    except PublisherError as error:
        newsletter["delivery"] = {"error": str(error)}
    write_reports(out_dir / report["slug"], report, ui_locale(article.lang))


def _follow(console: Console, staged: StagedRelease, timeout: float) -> dict[str, Any]:
    """Send a release and show each channel's step until its report is in."""
    from workers.canvas import send_release

    result = send_release(staged)
    deadline = time.monotonic() + timeout
    with Live(_progress_table(staged), console=console, transient=True, refresh_per_second=8) as live:
        while not result.ready() and time.monotonic() < deadline:
            live.update(_progress_table(staged))
            time.sleep(0.1)
    report: dict[str, Any] = result.get(timeout=max(0.1, deadline - time.monotonic()))
    return report


def _progress_table(staged: StagedRelease) -> Table:
    table = Table(title=f"{staged.article.slug}", title_justify="left", box=None)
    table.add_column("channel")
    table.add_column("step")
    for name in staged.channels:
        try:
            status = staged.state(name).status
        except (OSError, ValueError):  # the folder is tidied away once every channel is released
            status = "released"
        table.add_row(name, _STEP_LABELS.get(status, status))
    return table


_STEP_LABELS = {
    "pending": "rendering …",
    "rendered": "checking …",
    "passed": "releasing …",
    "held": "held",
    "failed": "failed",
    "released": "released",
}


def _exit_code(reports: list[dict[str, Any]]) -> int:
    statuses = {channel["status"] for report in reports for channel in report["channels"].values()}
    if "held" in statuses:
        return EXIT_HELD
    if "failed" in statuses:
        return EXIT_FAILED
    return EXIT_RELEASED


def _show_report(console: Console, report: dict[str, Any], out_dir: Path) -> None:
    table = Table(title=f"{report['slug']}", title_justify="left")
    table.add_column("channel")
    table.add_column("status")
    table.add_column("errors", justify="right")
    table.add_column("warnings", justify="right")
    for name, outcome in report["channels"].items():
        findings = outcome["findings"]
        errors = sum(1 for finding in findings if finding["severity"] == "error")
        style = {"released": "green", "held": "yellow", "failed": "red"}[outcome["status"]]
        table.add_row(name, f"[{style}]{outcome['status']}[/]", str(errors), str(len(findings) - errors))
    console.print(table)
    for name, outcome in report["channels"].items():
        for finding in outcome["findings"]:
            line = f"  {name}: [{finding['severity']}] {finding['rule']}: {finding['message']}"
            console.print(line, markup=False, highlight=False)
        if outcome.get("error"):
            console.print(f"  {name}: {outcome['error']}", markup=False, highlight=False)
    console.print(f"  report: {out_dir / report['slug'] / 'report.json'}", soft_wrap=True)


if __name__ == "__main__":
    main()
