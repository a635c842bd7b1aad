"""The ``publisher`` command."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from publisher import __version__
from publisher.channels import parse_channel_list
from publisher.errors import ConfigurationError, EmbargoError, InvalidSource, Problem, PublisherError
from publisher.i18n import ui_locale
from publisher.model import Article
from publisher.release.report import write_reports
from publisher.settings import Settings, get_settings

if TYPE_CHECKING:
    from publisher.sources import SourceArticle

__all__ = ["main"]

EXIT_RELEASED, EXIT_FAILED, EXIT_INVALID, EXIT_HELD, EXIT_UNSENT = 0, 1, 2, 3, 7


_LAZY_COMMANDS = {
    "check": "publisher.a11y.cli:check_command",
    "rules": "publisher.a11y.cli:rules_command",
    "subscribers": "publisher.subscribers.cli:subscribers_group",
    "releases": "publisher.release.cli:releases_group",
    "resume": "publisher.release.cli:resume_command",
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
@click.option(
    "--replace",
    is_flag=True,
    help="Replace a public article of the same address (slug) made from another file.",
)
def publish(
    articles: tuple[Path, ...],
    out_dir: Path,
    channels: str | None,
    as_json: bool,
    send: bool,
    schedule: bool,
    replace: bool,
) -> None:
    """Render, check and release ARTICLES (Markdown files) to the channels, each all or nothing.

    Exit status: 0 all released (or scheduled), 3 held by the checks, 1 a channel failed, 2
    invalid input (nothing written), 4 not finished (still queued or lost by the broker: resume
    it), 5 the output or staging folder could not be written (nothing changed), 6 superseded by
    a newer version already public, 7 released but --send could not send the newsletter.
    """
    from publisher.release.cli import (
        follow,
        release_exit_code,
        schedule_for_embargo,
        show_report,
        unwritable_report,
    )
    from publisher.release.staging import stage_release
    from publisher.sources import parse_article
    from workers.canvas import close_result_listener
    from workers.celery_app import configure

    console = Console(stderr=True, quiet=as_json)
    try:
        settings = get_settings()
        names = parse_channel_list(channels)
        parsed = [
            parse_article(path, timezone=settings.site.timezone, limits=settings.source) for path in articles
        ]
        sources = list({source.path.resolve(): source for source in parsed}.values())
        _check_addresses(sources, out_dir, settings, replace)
        now = _now()
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
        if send:
            _check_send(settings, names)
    except PublisherError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_INVALID)
    for warning in (warning for source in sources for warning in source.warnings):
        click.echo(f"warning: {warning}", err=True)  # on stderr even with --json, so none is lost
    configure(settings)
    reports = []
    for source in sources:
        try:
            staged = stage_release(source, out_dir, names, settings, replace=replace)
        except OSError as error:  # disk full, read-only: nothing of this article was staged
            reports.append(unwritable_report(source.article.slug, error))
            show_report(console, reports[-1], out_dir)
            continue
        if source in embargoed and source.article.embargo is not None:
            reports.append(schedule_for_embargo(console, staged, source.article.embargo))
            show_report(console, reports[-1], out_dir)
            continue
        reports.append(follow(console, staged, settings.release_timeout))
        if send:
            _send_newsletter(settings, out_dir, source.article, reports[-1])
        show_report(console, reports[-1], out_dir)
    close_result_listener()
    if as_json:
        click.echo(json.dumps({"reports": reports}, ensure_ascii=False, indent=2))
    sys.exit(release_exit_code(reports))


def _now() -> datetime:
    """The time embargoes are compared with (one place, so tests can set the clock)."""
    return datetime.now(UTC)


def _check_addresses(sources: list[SourceArticle], out_dir: Path, settings: Settings, replace: bool) -> None:
    """Refuse two different files with one address (slug): in this call, or one already in the site."""
    from publisher.release.finish import slug_owner

    problems = []
    seen: dict[str, Path] = {}
    for source in sources:
        slug, path = source.article.slug, source.path.resolve()
        if slug in seen:
            message = f"same address '{slug}/' as {seen[slug]} in this call; give one of them its own 'slug:'"
            problems.append(Problem(source.path, message, field="slug"))
            continue
        seen[slug] = path
        owner = None if replace else slug_owner(out_dir, settings.staging_for(out_dir), slug)
        if owner is not None and Path(owner).resolve() != path:
            message = (
                f"the address '{slug}/' already belongs to {owner}; give this article its own 'slug:' "
                "in the front matter, or pass --replace to replace that article with this one"
            )
            problems.append(Problem(source.path, message, field="slug"))
    if problems:
        raise InvalidSource(problems)


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


def _check_send(settings: Settings, names: list[str]) -> None:
    """Refuse --send before anything is released when the newsletter could not be sent at all."""
    from publisher.delivery import check_sending

    if "newsletter" not in names:
        raise ConfigurationError("--send sends the newsletter: add 'newsletter' to --channels")
    check_sending(settings)


def _send_newsletter(settings: Settings, out_dir: Path, article: Article, report: dict[str, Any]) -> None:
    """Send (or queue, with a broker) a released newsletter; its outcome joins the report.

    Without a broker the send runs here, retries included, and the report has its final counts;
    with one, the report says how many recipients were queued for the workers.
    """
    newsletter = report["channels"].get("newsletter")
    if newsletter is None or newsletter["status"] != "released":
        return
    from sqlalchemy.exc import SQLAlchemyError

    from publisher.channels.newsletter import released_audio
    from publisher.delivery import delivery_summary, plan_batches, queue_release, send_queued
    from publisher.store import open_store

    audio = released_audio(settings, out_dir, article)
    try:
        store = open_store(settings.database_url)
        release_id = queue_release(store, article, audio)
        if settings.broker_url:
            from workers.newsletter_tasks import send_newsletter

            batches = plan_batches(store, release_id, settings.newsletter.batch_size)
            summary = delivery_summary(store, release_id).as_dict()
            if batches and summary["outcome"] != "stopped":
                send_newsletter.delay(release_id)
                summary |= {"outcome": "queued", "recipients": sum(map(len, batches))}
            newsletter["delivery"] = summary
        else:
            newsletter["delivery"] = send_queued(settings, release_id, store=store).as_dict()
    except (PublisherError, SQLAlchemyError, ValueError) as error:  # ValueError: a damaged address row
        newsletter["delivery"] = {"outcome": "not sent", "error": str(error).splitlines()[0]}
    write_reports(out_dir / report["slug"], report, ui_locale(article.lang))


def _exit_code(reports: list[dict[str, Any]]) -> int:
    statuses = {channel["status"] for report in reports for channel in report["channels"].values()}
    if "held" in statuses:
        return EXIT_HELD
    if "failed" in statuses:
        return EXIT_FAILED
    if any(_delivery(report).get("outcome") in ("not sent", "stopped") for report in reports):
        return EXIT_UNSENT
    return EXIT_RELEASED


def _delivery(report: dict[str, Any]) -> dict[str, Any]:
    delivery: dict[str, Any] = report["channels"].get("newsletter", {}).get("delivery") or {}
    return delivery


if __name__ == "__main__":
    main()
