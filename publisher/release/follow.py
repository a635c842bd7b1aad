"""Following a release until it ends, and the reports of releases that have not ended.

A release the caller stops waiting for is never an error with a traceback: its report says it is
pending, why (not finished in time, lost by the broker, stopped on a worker), where it is staged,
and each channel's step.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from publisher.broker import in_process
from publisher.published import internal_dir
from publisher.release.dispatch import run_in_process, schedule_release, send_release
from publisher.release.public_tree import StorageError
from publisher.release.report import ChannelReport, ReleaseReport, read_report
from publisher.release.staging import StagedRelease
from publisher.release.steps import is_finished
from publisher.release.tracking import broker_state

__all__ = [
    "BeforeStep",
    "Progress",
    "Started",
    "follow",
    "pending_report",
    "schedule",
    "scheduled_report",
    "start",
    "unwritable_report",
    "wait",
]

# Called while a release is followed, about every tenth of a second (e.g. to show each channel's step).
Progress = Callable[[StagedRelease], None]
# Called in this process before each channel's render and before its check, with its name.
BeforeStep = Callable[[StagedRelease, str], None]

# A worker's step failed because a folder could not be written: the same case as exit 5 in-process.
_STORAGE_ERRORS = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT)


@dataclass(frozen=True)
class Started:
    """A staged release sent to the workers (or to run here when followed), not waited for yet."""

    staged: StagedRelease
    # The canvas's result on the workers; None in this process or when it could not be sent.
    result: Any = None
    # The report of a release that could not be sent.
    unsent: ReleaseReport | None = None


def start(staged: StagedRelease) -> Started:
    """Send a staged release to the workers without waiting (in this process it runs when followed)."""
    if in_process():
        return Started(staged)
    try:
        return Started(staged, result=send_release(staged))
    except Exception as error:  # broker or result store unreachable (kombu and Celery raise several kinds)
        return Started(staged, unsent=_unsent(staged, error))


def follow(staged: StagedRelease, timeout: float, progress: Progress | None = None) -> ReleaseReport:
    """Run a staged release (here, or on the workers) and return its report, or say what is pending."""
    return wait(start(staged), timeout, progress)


def wait(
    started: Started,
    timeout: float,
    progress: Progress | None = None,
    before_step: BeforeStep | None = None,
) -> ReleaseReport:
    """The report of a started release, waiting up to ``timeout`` seconds for it on the workers.

    In this process (no broker) it runs now, ``before_step`` told of each channel's steps in turn.
    """
    staged = started.staged
    if started.unsent is not None:
        return started.unsent
    if started.result is None:
        return _run_here(staged, before_step)
    result = started.result
    deadline = time.monotonic() + timeout
    probe = time.monotonic() + 1.0
    while not _ready(result):
        now = time.monotonic()
        if now >= deadline:
            return _finished_report(staged) or pending_report(
                staged, f"not finished after {timeout:g} s", broker_state(staged.release_id)
            )
        if now >= probe:
            probe = now + 1.0
            if broker_state(staged.release_id) == "lost":
                return _finished_report(staged) or pending_report(
                    staged, "the broker lost it (emptied or restarted)", "lost"
                )
        if progress is not None:
            progress(staged)
        time.sleep(0.1)
    return _outcome(staged, result)


def _run_here(staged: StagedRelease, before_step: BeforeStep | None) -> ReleaseReport:
    try:
        return run_in_process(staged, before_step)
    except OSError as error:  # the staging folder could not be written
        unwritable = unwritable_report(staged.article.slug, error)
        return pending_report(staged, "", "unknown").model_copy(
            update={"status": "unwritable", "reason": unwritable.reason, "channels": {}}
        )
    except Exception as error:  # a step raised: the release stays staged, to be resumed
        return pending_report(staged, f"the release stopped: {type(error).__name__}: {error}", "unknown")


def _outcome(staged: StagedRelease, result: Any) -> ReleaseReport:
    try:
        outcome = result.get(timeout=30, propagate=False)
    except Exception as error:  # the result store went away after the release finished
        outcome = error
    if isinstance(outcome, dict):
        return ReleaseReport.model_validate(outcome)
    cause = " ".join(str(outcome).split())
    if any(os.strerror(code) in cause for code in _STORAGE_ERRORS):  # e.g. the staging disk is full
        reason = f"cannot write the staging folder: {cause}"
        return pending_report(staged, "", "unknown").model_copy(
            update={"status": "unwritable", "reason": reason}
        )
    return _finished_report(staged) or pending_report(
        staged, f"the release stopped on a worker: {cause}", "unknown"
    )


def _ready(result: Any) -> bool:
    try:
        return bool(result.ready())
    except Exception:  # the result store is unreachable for a moment (e.g. Redis restarting)
        return False


def _unsent(staged: StagedRelease, error: Exception) -> ReleaseReport:
    cause = " ".join(str(error).split()) or type(error).__name__
    return pending_report(staged, f"it could not be sent: the broker is unreachable ({cause})", "unreachable")


def _finished_report(staged: StagedRelease) -> ReleaseReport | None:
    """The report of a release that ended although its result never arrived (read from disk)."""
    if not is_finished(staged.folder):
        return None
    stored = staged.outcome() if staged.folder.is_dir() else None
    return stored or read_report(internal_dir(staged.out_dir) / staged.article.slug / "report.json")


def pending_report(staged: StagedRelease, reason: str, broker: str) -> ReleaseReport:
    """The report of a release that has not ended: where it is staged and each channel's step."""
    channels = {}
    for name in staged.channels:
        try:
            step = staged.state(name).status
        except (OSError, ValueError):
            step = "pending"
        channels[name] = ChannelReport(status="pending", step=step)
    return ReleaseReport(
        slug=staged.article.slug,
        title=staged.article.title,
        release=staged.release_id,
        generation=staged.generation,
        status="pending",
        reason=reason,
        broker=broker,
        redelivery_after=staged.settings.broker_visibility_timeout,
        staging=str(staged.folder),
        source=staged.source_report(),
        channels=channels,
    )


def schedule(staged: StagedRelease, embargo: datetime) -> ReleaseReport:
    """Queue a release for its embargo's end; its report, or what is pending when the broker is away."""
    try:
        schedule_release(staged, embargo)
    except Exception as error:  # broker unreachable
        return _unsent(staged, error)
    return scheduled_report(staged, embargo)


def scheduled_report(staged: StagedRelease, embargo: datetime) -> ReleaseReport:
    """The report of a release waiting for its embargo to end: where it is staged and when it goes out."""
    return ReleaseReport(
        slug=staged.article.slug,
        release=staged.release_id,
        generation=staged.generation,
        status="scheduled",
        scheduled=embargo.isoformat(),
        staging=str(staged.folder),
        source=staged.source_report(),
    )


def unwritable_report(slug: str, error: OSError) -> ReleaseReport:
    """The report of an article whose release could not even be staged (disk full, read-only)."""
    reason = str(error) if isinstance(error, StorageError) else f"cannot write the staging folder: {error}"
    return ReleaseReport(slug=slug, status="unwritable", reason=reason)
