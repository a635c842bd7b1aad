"""The release as a service: queue, list, show, retry, reschedule and cancel recorded releases.

Plain functions over the database record (the source of truth), called by the CLI, the HTTP API
and the tests alike. Errors are typed so an API can answer with a status code::

    ReleaseError (a PublisherError)
    ├── ReleaseNotFound   no release has that id                       (404)
    ├── ReleaseConflict   the release is not in a state that allows it  (409)
    ├── InvalidRelease    the source or the options are invalid         (422; nothing stored)
    └── ReleaseStorageError  the staging folder or the database could not be written (503; nothing stored)
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace as with_changes
from datetime import UTC, datetime
from pathlib import Path

from publisher.broker import configure
from publisher.errors import Problem, PublisherError
from publisher.release.publish import ReleasePlan, plan
from publisher.release.recording import record_release, start_recorded
from publisher.release.search_follow import rebuild_noted
from publisher.release.staging import load_release, remove_release, reopen_release, set_embargo, stage_release
from publisher.release.views import ReleaseView, release_view
from publisher.release.withdraw import withdraw_article
from publisher.settings import Settings
from publisher.store import StoreError, transaction
from publisher.store import releases as records

__all__ = [
    "InvalidRelease",
    "ReleaseConflict",
    "ReleaseError",
    "ReleaseNotFound",
    "ReleaseStorageError",
    "cancel_release",
    "get_release",
    "list_releases",
    "queue_release",
    "reschedule_release",
    "retry_release",
    "withdraw_release",
]

log = logging.getLogger(__name__)

# States of a release that has not gone out and is not on its way out: it may be cancelled.
_CANCELLABLE = ("queued", "scheduled", "held", "failed", "unwritable")
_RETRYABLE = ("held", "failed", "unwritable")


class ReleaseError(PublisherError):
    """A request about a release that cannot be done; the message says why."""


class ReleaseNotFound(ReleaseError):
    """No release has this id."""


class ReleaseConflict(ReleaseError):
    """The release's state does not allow this (e.g. cancelling a release that is out)."""


class ReleaseStorageError(ReleaseError):
    """The staging folder or the database could not be written; nothing of the release was kept."""


class InvalidRelease(ReleaseError):
    """The source or the options are invalid; nothing was stored. ``problems`` name file, line, field."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def queue_release(
    settings: Settings,
    source: Path,
    out_dir: Path,
    *,
    queued_by: str,
    channels: str | None = None,
    embargo: datetime | None = None,
    partial: bool = False,
    send: bool = False,
    replace: bool = False,
    now: datetime | None = None,
) -> ReleaseView:
    """Validate the Markdown ``source``, record the release and start its work; its view.

    ``embargo`` overrides the front matter's. A release under embargo is rendered and checked at
    once and waits as ``scheduled``; the sweeper releases it when the embargo ends. Raises
    ``InvalidRelease`` with the CLI's messages (file, line, field) and stores nothing then.
    """
    configure(settings)
    now = now or datetime.now(UTC)
    article = _validated(settings, source, out_dir, channels, send, replace, now, embargo)
    names = tuple(article.channels)
    (source_article,) = article.sources
    # A correction by ``id`` from another file replaces the article at that address.
    replace = article.replaces(source_article)
    if embargo is not None:
        updated = source_article.article.model_copy(update={"embargo": embargo})
        source_article = with_changes(source_article, article=updated)
    try:
        staged = stage_release(
            source_article, out_dir, list(names), settings, replace=replace, partial=partial
        )
        record_release(settings, staged, source_article, queued_by=queued_by, send=send, now=now)
    except (OSError, StoreError) as error:  # disk full, read-only, database away: nothing is kept
        cause = " ".join(str(error).split()[:40])
        raise ReleaseStorageError(f"{source}: the release could not be stored: {cause}") from error
    start_recorded(settings, staged.release_id, names)
    return get_release(settings, staged.release_id)


def list_releases(settings: Settings, state: str | None = None) -> list[ReleaseView]:
    """Every recorded release (or those in ``state``), oldest first."""
    with transaction(settings.database_url) as database:
        found = records.release_records(database, None if state is None else [state])
        return [
            release_view(settings, record, records.release_channels(database, record.id)) for record in found
        ]


def get_release(settings: Settings, release_id: str) -> ReleaseView:
    """The release ``release_id``: its state, each channel's state and findings, its links."""
    with transaction(settings.database_url) as database:
        record = records.release_record(database, release_id)
        if record is None:
            raise ReleaseNotFound(f"no release {release_id}")
        return release_view(settings, record, records.release_channels(database, release_id))


def retry_release(settings: Settings, release_id: str, now: datetime | None = None) -> ReleaseView:
    """Run a held, failed or unwritable release again: failed channels render again, held ones are checked.

    A queued release is sent again at once (as the sweeper would after its timeout).
    """
    configure(settings)
    now = now or datetime.now(UTC)
    current = get_release(settings, release_id)
    with transaction(settings.database_url) as database:
        record = records.release_record(database, release_id, lock=True)
        assert record is not None
        if record.state == "queued":
            records.claim_release(database, release_id, ("queued",), "queued", now)
        else:
            if record.state not in _RETRYABLE or not (Path(record.staging) / "release.json").is_file():
                raise ReleaseConflict(f"release {release_id} is {current.state}: only a held, failed or "
                                      "unwritable release that is still staged can be retried")  # fmt: skip
            for channel in reopen_release(load_release(record.staging)):
                step = "queued" if current.channels[channel].state == "failed" else "checking"
                records.save_channel(database, release_id, channel, now, state=step, findings_json="[]")
            records.claim_release(
                database, release_id, _RETRYABLE, "queued", now, reason=None, report_json=None
            )
        channels = tuple(record.channels.split(","))
    start_recorded(settings, release_id, channels)
    return get_release(settings, release_id)


def reschedule_release(
    settings: Settings, release_id: str, embargo: datetime, now: datetime | None = None
) -> ReleaseView:
    """Move the embargo of a release that has not gone out (a time in the past releases it at once)."""
    now = now or datetime.now(UTC)
    if embargo.tzinfo is None:
        raise InvalidRelease("the embargo needs a time zone, e.g. 2026-03-02T09:00:00+01:00")
    current = get_release(settings, release_id)
    with transaction(settings.database_url) as database:
        record = records.release_record(database, release_id, lock=True)
        if record is None or not records.set_embargo(
            database, release_id, embargo, ("queued", "scheduled"), now
        ):
            raise ReleaseConflict(f"release {release_id} is {current.state}: only a queued or scheduled "
                                  "release can be moved")  # fmt: skip
        set_embargo(record.staging, embargo)
    return get_release(settings, release_id)


def cancel_release(settings: Settings, release_id: str, now: datetime | None = None) -> ReleaseView:
    """Cancel a release that has not gone out (and is not going out right now); its staged output goes."""
    now = now or datetime.now(UTC)
    current = get_release(settings, release_id)
    with transaction(settings.database_url) as database:
        record = records.release_record(database, release_id, lock=True)
        if record is None or not records.claim_release(database, release_id, _CANCELLABLE, "cancelled", now,
                                                       reason="cancelled"):  # fmt: skip
            raise ReleaseConflict(f"release {release_id} is {current.state}: it can no longer be cancelled")
        staging = Path(record.staging)
    if (staging / "release.json").is_file():
        remove_release(load_release(staging))
    else:
        shutil.rmtree(staging, ignore_errors=True)
    return get_release(settings, release_id)


def withdraw_release(
    settings: Settings, release_id: str, reason: str, now: datetime | None = None
) -> ReleaseView:
    """Withdraw a released article: a notice at its address (410), gone from index, feeds and sitemap."""
    now = now or datetime.now(UTC)
    if not reason.strip():
        raise InvalidRelease("a withdrawal needs a reason (it is shown on the notice page)")
    current = get_release(settings, release_id)
    if current.state not in ("released", "partial"):
        raise ReleaseConflict(
            f"release {release_id} is {current.state}: only a release that is out can be withdrawn"
        )
    with transaction(settings.database_url) as database:
        record = records.release_record(database, release_id, lock=True)
        assert record is not None
        if not withdraw_article(settings, Path(record.out_dir), record.slug, reason.strip(), now):
            raise ReleaseConflict(f"release {release_id}: the article '{record.slug}' is no longer public")
        records.claim_release(
            database, release_id, ("released", "partial"), "withdrawn", now, reason=reason.strip()
        )
        for name, channel in current.channels.items():
            if channel.state == "released":
                records.save_channel(database, release_id, name, now, state="withdrawn")
    rebuild_noted()  # without workers: the withdrawn page leaves the search index now
    return get_release(settings, release_id)


def _validated(
    settings: Settings, source: Path, out_dir: Path, channels: str | None, send: bool, replace: bool,
    now: datetime, embargo: datetime | None,
) -> ReleasePlan:  # fmt: skip
    try:
        if embargo is not None and embargo.tzinfo is None:
            raise InvalidRelease("the embargo needs a time zone, e.g. 2026-03-02T09:00:00+01:00")
        if embargo is not None and embargo > now and not settings.broker_url:
            raise InvalidRelease(f"{source}: scheduling a release for the embargo's end needs workers: "
                                 "set PUBLISHER_BROKER_URL")  # fmt: skip
        planned = plan([source], out_dir, settings, now=now, channels=channels, send=send,
                       schedule_embargoed=True, replace=replace, send_at_release=True)  # fmt: skip
    except InvalidRelease:
        raise
    except PublisherError as error:
        raise InvalidRelease(str(error), list(getattr(error, "problems", []))) from error
    return planned
