"""Publishing articles as a service: read them, apply the release rules, stage, run, and send the newsletter.

``plan`` reads every article and applies the rules before anything is written (one address per
source file, embargoes, what ``--send`` needs): it raises a ``PublisherError`` naming the file and
field at fault. ``release`` then stages each article, runs its release (or schedules it for the
embargo's end) and, with ``send``, sends the released newsletter; it yields each article's report
as soon as it is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.broker import configure
from publisher.channels import parse_channel_list
from publisher.errors import ConfigurationError, EmbargoError, InvalidSource, Problem
from publisher.model import make_slug
from publisher.published import PublishedArticle, published_articles, read_record
from publisher.release.dispatch import close_result_listener
from publisher.release.finish import slug_owner
from publisher.release.follow import (
    Progress,
    Started,
    pending_report,
    scheduled_report,
    start,
    unwritable_report,
    wait,
)
from publisher.release.newsletter_send import send_newsletter
from publisher.release.report import ReleaseReport
from publisher.release.staging import StagedRelease, stage_release
from publisher.settings import Settings
from publisher.sources import SourceArticle, parse_article

if TYPE_CHECKING:
    from publisher.release.publish_record import RecordFollower

__all__ = ["ReleasePlan", "plan", "release"]

# The public articles of the site, read from its index when first asked for.
Published = Callable[[], list[PublishedArticle]]


@dataclass(frozen=True)
class ReleasePlan:
    """The articles to release, each one file once, and which of them wait for their embargo."""

    sources: tuple[SourceArticle, ...]
    channels: tuple[str, ...]
    embargoed: frozenset[Path]
    send: bool = False
    replace: bool = False
    # Files correcting, by their ``id``, a release public from another file: they replace that one.
    corrections: frozenset[Path] = frozenset()

    def is_embargoed(self, source: SourceArticle) -> bool:
        return source.path.resolve() in self.embargoed

    def replaces(self, source: SourceArticle) -> bool:
        """Whether ``source`` may replace the article of its address made from another file."""
        return self.replace or source.path.resolve() in self.corrections


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
    parsed = _with_versions(
        [parse_article(path, timezone=settings.site.timezone, limits=settings.source) for path in paths],
        settings,
    )
    unique = list({s.path.resolve(): s for s in parsed}.values())
    _check_ids(unique)
    # The site index is read only when an article needs it (an id, or a file released under another title).
    published: Published = cache(partial(published_articles, out_dir))
    sources = [_same_address(source, published, out_dir) for source in unique]
    corrections = frozenset(source.path.resolve() for source in sources if _corrects_by_id(source, published))
    _check_addresses(sources, out_dir, settings, replace, corrections)
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
    if embargoed and send and not (send_at_release or schedule_embargoed):
        raise ConfigurationError("--send sends after a release: it cannot wait for an embargo")
    if send:
        _check_send(names, sources, out_dir, settings)
    return ReleasePlan(
        sources=tuple(sources),
        channels=tuple(names),
        embargoed=frozenset(source.path.resolve() for source in embargoed),
        send=send,
        replace=replace,
        corrections=corrections,
    )


def _same_address(source: SourceArticle, published: Published, out_dir: Path) -> SourceArticle:
    """A release public before keeps its address (a correction): found by its ``id``, else by its file.

    Without an ``id`` the file decides, unless the front matter names its slug; a title changed in
    the same file keeps the address.
    """
    article = source.article
    if article.id is not None:
        return _address_of_id(source, published)
    if article.slug != make_slug(article.title, article.lang):  # the front matter names its slug
        return source
    path = source.path.resolve()
    here = read_record(out_dir, article.slug)
    if here is not None and here.source and Path(here.source).resolve() == path:
        return source  # released from this file under this title: no need to read every record
    for entry in published():
        if entry.name == article.slug:
            continue
        record = read_record(out_dir, entry.name)
        if record is not None and record.source and Path(record.source).resolve() == path:
            return replace(source, article=article.model_copy(update={"slug": entry.name}))
    return source


def _address_of_id(source: SourceArticle, published: Published) -> SourceArticle:
    """The article at the address of the public release with its ``id``; unchanged when there is none."""
    article = source.article
    public = next((entry.name for entry in published() if entry.facts.get("id") == article.id), None)
    if public is None or public == article.slug:
        return source
    if article.slug != make_slug(article.title, article.lang):
        message = (
            f"the release '{article.id}' is public at '{public}/' and a correction keeps its address; "
            f"remove 'slug: {article.slug}' or give this article another 'id:'"
        )
        raise InvalidSource([Problem(source.path, message, field="slug")])
    return replace(source, article=article.model_copy(update={"slug": public}))


def _check_ids(sources: list[SourceArticle]) -> None:
    """Refuse two files with one ``id`` in one call: which of them would be the release?"""
    problems = []
    seen: dict[str, Path] = {}
    for source in sources:
        name = source.article.id
        if name is None:
            continue
        if name in seen:
            message = f"the id '{name}' is also the id of {seen[name]} in this call; each release has its own"
            problems.append(Problem(source.path, message, field="id"))
        else:
            seen[name] = source.path
    if problems:
        raise InvalidSource(problems)


def _with_versions(parsed: list[SourceArticle], settings: Settings) -> list[SourceArticle]:
    """The articles and every version they link (Leichte Sprache, translations), each read once."""
    known = {source.path.resolve() for source in parsed}
    pending = [path for source in parsed for path in source.versions]
    result = list(parsed)
    while pending:
        path = pending.pop(0)
        if path in known:
            continue
        known.add(path)
        version = parse_article(path, timezone=settings.site.timezone, limits=settings.source)
        result.append(version)
        pending.extend(version.versions)
    return result


def _check_send(names: list[str], sources: list[SourceArticle], out_dir: Path, settings: Settings) -> None:
    """Refuse a ``--send`` that would mail nothing, or a changed article without saying what changed."""
    if "newsletter" not in names:
        raise ConfigurationError("--send sends the newsletter: add 'newsletter' to --channels")
    _check_correction_mails(sources, out_dir)
    from publisher.delivery import check_sending  # the database and SMTP parts load only for --send

    check_sending(settings)


def _check_correction_mails(sources: list[SourceArticle], out_dir: Path) -> None:
    """Refuse to mail a changed version of a public article without saying what changed.

    Its subscribers have had the first version: the correction mail opens with the ``correction:``
    text. Sending the public version unchanged again is allowed (it mails nobody twice).
    """
    problems = []
    for source in sources:
        article = source.article
        record = read_record(out_dir, article.slug)
        if article.correction or record is None or record.article == article.model_dump(mode="json"):
            continue
        message = (
            f"the article at '{article.slug}/' is out already and this version changes it; say what "
            "changed in 'correction:' so the mail to subscribers can say it, or publish without --send"
        )
        problems.append(Problem(source.path, message, field="correction"))
    if problems:
        raise InvalidSource(problems)


def _corrects_by_id(source: SourceArticle, published: Published) -> bool:
    """Whether ``source`` has the ``id`` of the public article at its address."""
    name = source.article.id
    return name is not None and any(
        entry.name == source.article.slug and entry.facts.get("id") == name for entry in published()
    )


def _check_addresses(
    sources: list[SourceArticle],
    out_dir: Path,
    settings: Settings,
    replace: bool,
    corrections: frozenset[Path] = frozenset(),
) -> None:
    """Refuse two different files with one address (slug): in this call, or one already in the site.

    A file in ``corrections`` has the ``id`` of the public article at its address: it corrects it.
    """
    problems = []
    seen: dict[str, Path] = {}
    for source in sources:
        slug, path = source.article.slug, source.path.resolve()
        if slug in seen:
            message = f"same address '{slug}/' as {seen[slug]} in this call; give one of them its own 'slug:'"
            problems.append(Problem(source.path, message, field="slug"))
            continue
        seen[slug] = path
        correcting = replace or path in corrections
        owner = None if correcting else slug_owner(out_dir, settings.staging_for(out_dir), slug)
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
    translated = _translation_slugs(planned.sources) if planned.send else set()
    # With --send a translation is released before its original, which sends it to its readers.
    ordered = sorted(planned.sources, key=lambda source: source.article.slug not in translated)
    released: list[tuple[SourceArticle, ReleaseReport]] = []
    try:
        # Every release goes to the workers before the first is waited for, so they run side by side.
        started: list[tuple[SourceArticle, Started, RecordFollower | None]] = []
        for source in ordered:
            try:
                staged = stage_release(
                    source, out_dir, list(planned.channels), settings, replace=planned.replaces(source)
                )
            except OSError as error:  # disk full, read-only: nothing of this article was staged
                yield unwritable_report(source.article.slug, error)
                continue
            if planned.is_embargoed(source) and source.article.embargo is not None:
                yield _schedule(settings, staged, source, planned.send, source.article.embargo)
                continue
            follower = _record_start(settings, staged, source, planned.send)
            started.append((source, start(staged), follower))
        for source, running, follower in started:
            report = wait(
                running,
                settings.release_timeout,
                _followed(progress, follower),
                None if follower is None else follower.before_step,
            )
            if source.article.slug in translated:
                released.append((source, report))  # sent with its original, never on its own
            elif planned.send:
                translations = _released_translations(source, released)
                report = send_newsletter(settings, out_dir, source, report, translations)
            if follower is not None:
                _record_end(settings, running.staged, report)
            yield report
    finally:
        close_result_listener()


def _record_start(
    settings: Settings, staged: StagedRelease, source: SourceArticle, send: bool
) -> RecordFollower | None:
    """Record the release as it starts, as one queued through the service is; None if it could not be."""
    from publisher.release.publish_record import RecordFollower  # the database parts load here
    from publisher.release.recording import record_started

    if not record_started(settings, staged, source, send=send, now=datetime.now(UTC)):
        return None
    return RecordFollower(settings, staged)


def _record_end(settings: Settings, staged: StagedRelease, report: ReleaseReport) -> None:
    from publisher.release.recording import record_ended

    record_ended(settings, staged.release_id, report, now=datetime.now(UTC))


def _followed(progress: Progress | None, follower: RecordFollower | None) -> Progress | None:
    """The progress display and the record, both told as the release moves."""
    if follower is None or progress is None:
        return follower or progress

    def both(staged: StagedRelease) -> None:
        progress(staged)
        follower(staged)

    return both


def _translation_slugs(sources: tuple[SourceArticle, ...]) -> set[str]:
    """The addresses of the articles in ``sources`` that are the translation of another one there."""
    slugs = {source.article.slug for source in sources}
    named = {
        version.slug
        for source in sources
        for version in source.article.versions
        if version.kind == "translation"
    }
    return named & slugs


def _released_translations(
    original: SourceArticle, released: list[tuple[SourceArticle, ReleaseReport]]
) -> list[SourceArticle]:
    """The translations of ``original`` whose newsletter (every variant checked) was released."""
    named = {version.slug for version in original.article.versions if version.kind == "translation"}
    return [
        source
        for source, report in released
        if source.article.slug in named
        and (newsletter := report.channels.get("newsletter")) is not None
        and newsletter.status == "released"
    ]


def _schedule(
    settings: Settings, staged: StagedRelease, source: SourceArticle, send: bool, embargo: datetime
) -> ReleaseReport:
    """Record an embargoed release and start its render and check; the sweeper releases it at the end."""
    from publisher.release.recording import record_release, start_recorded
    from publisher.store import StoreError

    try:
        record_release(settings, staged, source, queued_by="publish", send=send, now=datetime.now(UTC))
    except StoreError as error:
        return pending_report(staged, f"it could not be recorded: {str(error).splitlines()[0]}", "unknown")
    start_recorded(settings, staged.release_id, staged.channels)
    return scheduled_report(staged, embargo)
