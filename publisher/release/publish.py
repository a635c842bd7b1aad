"""Publishing articles as a service: read them, apply the release rules, stage, run, and send the newsletter.

``plan`` reads every article and applies the rules before anything is written (one address per
source file, embargoes, what ``--send`` needs): it raises a ``PublisherError`` naming the file and
field at fault. ``release`` then stages each article, runs its release (or schedules it for the
embargo's end) and, with ``send``, sends the released newsletter; it yields each article's report
as soon as it is known.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from publisher.broker import configure
from publisher.channels import parse_channel_list
from publisher.errors import ConfigurationError, EmbargoError, InvalidSource, Problem, PublisherError
from publisher.release.dispatch import close_result_listener
from publisher.release.finish import slug_owner
from publisher.release.follow import Progress, follow, schedule, unwritable_report
from publisher.release.report import DeliveryFailure, DeliveryReport, ReleaseReport
from publisher.release.report_files import write_reports
from publisher.release.staging import stage_release
from publisher.settings import Settings
from publisher.sources import SourceArticle, parse_article

__all__ = ["ReleasePlan", "plan", "release", "send_newsletter"]


@dataclass(frozen=True)
class ReleasePlan:
    """The articles to release, each one file once, and which of them wait for their embargo."""

    sources: tuple[SourceArticle, ...]
    channels: tuple[str, ...]
    embargoed: frozenset[Path]
    send: bool = False
    replace: bool = False

    def is_embargoed(self, source: SourceArticle) -> bool:
        return source.path.resolve() in self.embargoed


def plan(
    paths: list[Path],
    out_dir: Path,
    settings: Settings,
    *,
    now: datetime,
    channels: str | None = None,
    send: bool = False,
    schedule_embargoed: bool = False,
    replace: bool = False,
    send_at_release: bool = False,
) -> ReleasePlan:
    """Read the articles and apply every rule that can refuse them, before anything is written.

    ``send_at_release``: the release record sends the newsletter when its embargo ends, so an
    embargo and ``send`` go together.
    """
    names = parse_channel_list(channels)
    parsed = [parse_article(path, timezone=settings.site.timezone, limits=settings.source) for path in paths]
    sources = list({source.path.resolve(): source for source in parsed}.values())
    _check_addresses(sources, out_dir, settings, replace)
    embargoed = [source for source in sources if source.article.is_embargoed(now)]
    for source in embargoed:
        if not schedule_embargoed:
            raise EmbargoError(
                f"{source.path}: field 'embargo': under embargo until {source.article.embargo}; "
                "nothing was released (use --schedule with a broker to release it then)"
            )
        if not settings.broker_url:
            raise ConfigurationError(
                f"{source.path}: scheduling a release for the embargo's end needs workers: "
                "set PUBLISHER_BROKER_URL"
            )
    if embargoed and send and not send_at_release:
        raise ConfigurationError("--send sends after a release: it cannot wait for an embargo")
    if send:
        if "newsletter" not in names:
            raise ConfigurationError("--send sends the newsletter: add 'newsletter' to --channels")
        from publisher.delivery import check_sending  # the database and SMTP parts load only for --send

        check_sending(settings)
    return ReleasePlan(
        sources=tuple(sources),
        channels=tuple(names),
        embargoed=frozenset(source.path.resolve() for source in embargoed),
        send=send,
        replace=replace,
    )


def _check_addresses(sources: list[SourceArticle], out_dir: Path, settings: Settings, replace: bool) -> None:
    """Refuse two different files with one address (slug): in this call, or one already in the site."""
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


def release(
    planned: ReleasePlan, out_dir: Path, settings: Settings, progress: Progress | None = None
) -> Iterator[ReleaseReport]:
    """Release each planned article, all or nothing, and yield its report once it is known."""
    configure(settings)
    try:
        for source in planned.sources:
            try:
                staged = stage_release(
                    source, out_dir, list(planned.channels), settings, replace=planned.replace
                )
            except OSError as error:  # disk full, read-only: nothing of this article was staged
                yield unwritable_report(source.article.slug, error)
                continue
            if planned.is_embargoed(source) and source.article.embargo is not None:
                yield schedule(staged, source.article.embargo)
                continue
            report = follow(staged, settings.release_timeout, progress)
            if planned.send:
                report = send_newsletter(settings, out_dir, source, report)
            yield report
    finally:
        close_result_listener()


def send_newsletter(
    settings: Settings, out_dir: Path, source: SourceArticle, report: ReleaseReport
) -> ReleaseReport:
    """Send (or queue, with a broker) a released newsletter; its outcome joins the report.

    Without a broker the send runs here, retries included, and the report has its final counts;
    with one, the report says how many recipients were queued for the workers.
    """
    newsletter = report.channels.get("newsletter")
    if newsletter is None or newsletter.status != "released":
        return report
    # Loaded here: a publish without --send never pays for the database, SMTP and MJML parts.
    from sqlalchemy.exc import SQLAlchemyError

    from publisher.channels.newsletter import released_audio
    from publisher.delivery import delivery_summary, plan_batches, queue_release, send_queued
    from publisher.delivery.service import send_on_workers
    from publisher.store import open_store

    article = source.article
    audio = released_audio(settings, out_dir, article)
    delivery: DeliveryReport | DeliveryFailure
    try:
        store = open_store(settings.database_url)
        release_id = queue_release(store, article, audio)
        if settings.broker_url:
            batches = plan_batches(store, release_id, settings.newsletter.batch_size)
            delivery = DeliveryReport.model_validate(delivery_summary(store, release_id).as_dict())
            if batches and delivery.outcome != "stopped":
                send_on_workers(release_id)
                delivery = delivery.model_copy(
                    update={"outcome": "queued", "recipients": sum(map(len, batches))}
                )
        else:
            delivery = DeliveryReport.model_validate(send_queued(settings, release_id, store=store).as_dict())
    except (PublisherError, SQLAlchemyError, ValueError) as error:  # ValueError: a damaged address row
        delivery = DeliveryFailure(error=str(error).splitlines()[0])
    channels = {**report.channels, "newsletter": newsletter.model_copy(update={"delivery": delivery})}
    sent = report.model_copy(update={"channels": channels})
    write_reports(out_dir / sent.slug, sent)
    return sent
