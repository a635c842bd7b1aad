"""Recording a staged release in the database and starting its steps: the one way a release becomes a record.

Used by the service (``queue_release``) and by ``publisher publish --schedule``: an embargoed
release is rendered and checked at once and waits in the database as ``scheduled``, where the
sweeper finds it when the embargo ends (no embargo lives only as a message in the broker). A
release ``publisher publish`` runs itself is recorded as it starts and given its outcome at the
end (``record_started``, ``record_ended``); ``publish_record`` moves it on in between.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from publisher.broker import in_process
from publisher.release.record_dispatch import send_steps
from publisher.release.record_steps import IN_PROGRESS, record_outcome, run_here
from publisher.release.report import ReleaseReport
from publisher.release.search_follow import rebuild_noted
from publisher.release.staging import StagedRelease, remove_release
from publisher.settings import Settings
from publisher.sources import SourceArticle
from publisher.store import StoreError, transaction
from publisher.store.releases import NewRelease, claim_release, insert_release

__all__ = ["record_ended", "record_release", "record_started", "start_recorded"]

log = logging.getLogger(__name__)


def record_release(
    settings: Settings,
    staged: StagedRelease,
    source: SourceArticle,
    *,
    queued_by: str,
    send: bool,
    now: datetime,
) -> None:
    """Store the staged release with its source files; on failure the staged folder goes too."""
    try:
        with transaction(settings.database_url) as records:
            insert_release(records, _new_release(staged, source, queued_by, send), now)
    except BaseException:
        remove_release(staged)
        raise


def record_started(
    settings: Settings, staged: StagedRelease, source: SourceArticle, *, send: bool, now: datetime
) -> bool:
    """Record a release ``publisher publish`` runs itself as it starts; False when it could not be.

    Queued, each channel queued, as a release queued through the service starts: ``publisher
    releases list|show`` and the API know it while it runs, and one that stops unfinished is resumed
    from the record (``releases retry``). A database that cannot be written is logged: the release
    runs unrecorded.
    """
    try:
        with transaction(settings.database_url) as records:
            insert_release(records, _new_release(staged, source, "publish", send), now)
    except (StoreError, OSError) as error:
        log.warning("release %s was not recorded: %s", staged.release_id, str(error).splitlines()[0])
        return False
    return True


def record_ended(settings: Settings, release_id: str, report: ReleaseReport, *, now: datetime) -> None:
    """Give the record of a release ``publisher publish`` ran its outcome; a pending one stays queued."""
    if report.status == "pending":
        return
    try:
        with transaction(settings.database_url) as records:
            claim_release(records, release_id, IN_PROGRESS, "releasing", now)
        record_outcome(settings, release_id, report)
    except (StoreError, OSError) as error:
        log.warning("the outcome of release %s was not recorded: %s", release_id, str(error).splitlines()[0])


def start_recorded(settings: Settings, release_id: str, channels: tuple[str, ...]) -> None:
    """Start a recorded release's steps: here without a broker, else on the workers."""
    if in_process():
        run_here(settings, release_id, channels)
        rebuild_noted()
        return
    try:
        send_steps(settings, release_id, channels)
    except Exception:  # broker unreachable: the record stays queued and the sweeper sends it later
        log.exception("release %s could not be sent to the workers; the sweeper will send it", release_id)


def _new_release(staged: StagedRelease, source: SourceArticle, queued_by: str, send: bool) -> NewRelease:
    folder = source.path.parent.resolve()
    files = {source.path.name: source.path.read_bytes()}
    for image in source.images:
        files[str(image.path.resolve().relative_to(folder))] = image.path.read_bytes()
    article = staged.article
    return NewRelease(
        id=staged.release_id, slug=article.slug, title=article.title, article_json=article.model_dump_json(),
        source_name=str(source.path.resolve()), files=files, channels=staged.channels,
        embargo=article.embargo, queued_by=queued_by, partial=staged.partial, send=send,
        staging=str(Path(staged.folder)), out_dir=str(staged.out_dir.resolve()),
    )  # fmt: skip
