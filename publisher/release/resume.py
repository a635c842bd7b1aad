"""The releases of a site that have not gone out: what state each is in, and sending them again.

``resume`` sends again every named (or every unfinished) release: one the broker lost, one whose
worker was killed, one stopped by an error on a worker, one that could not be written. A release
still under embargo is scheduled again for its embargo's end. Every step is safe to run twice, so
a release sent twice still goes out once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from publisher.broker import configure
from publisher.errors import ConfigurationError
from publisher.release.dispatch import close_result_listener
from publisher.release.follow import Progress, follow, pending_report, schedule
from publisher.release.report import ReleaseReport
from publisher.release.staging import StagedRelease, list_releases
from publisher.release.steps import is_finished
from publisher.release.tracking import broker_state
from publisher.settings import Settings

__all__ = ["chosen_releases", "resume", "staged_releases"]

_BROKER_WORDS = {
    "queued": "queued",
    "stopped": "stopped by an error on a worker",
    "lost": "lost by the broker",
    "unknown": "not finished (resumable)",
}


def staged_releases(out_dir: Path, settings: Settings, *, now: datetime) -> list[dict[str, Any]]:
    """Each staged release of the site that has not gone out, oldest first, with its state in words."""
    configure(settings)
    return [_row(staged, now) for staged in list_releases(settings.staging_for(out_dir))]


def _row(staged: StagedRelease, now: datetime) -> dict[str, Any]:
    outcome = staged.outcome()
    state = outcome.status if outcome is not None else _BROKER_WORDS[broker_state(staged.release_id)]
    if outcome is None and staged.article.is_embargoed(now) and staged.article.embargo:
        scheduled = f"scheduled for {staged.article.embargo.isoformat()}"
        state = scheduled if state == "queued" else f"{scheduled}, {state}"
    return {
        "release": staged.release_id,
        "slug": staged.article.slug,
        "generation": staged.generation,
        "state": state,
        "resumable": not is_finished(staged.folder),
        "staging": str(staged.folder),
    }


def chosen_releases(
    out_dir: Path, settings: Settings, release_ids: Sequence[str], *, every: bool = False
) -> list[StagedRelease]:
    """The staged releases named by ``release_ids`` (or, with ``every``, all unfinished ones).

    Raises ConfigurationError naming each release that is unknown or has ended.
    """
    staged = {item.release_id: item for item in list_releases(settings.staging_for(out_dir))}
    if not release_ids and not every:
        raise ConfigurationError("name the releases to resume, or pass --all (see: publisher releases list)")
    unknown = [name for name in release_ids if name not in staged]
    ended = [name for name in release_ids if name in staged and is_finished(staged[name].folder)]
    if unknown or ended:
        problems = [f"no staged release {name}" for name in unknown]
        problems += [f"{name} has ended" for name in ended]
        raise ConfigurationError("; ".join(problems))
    if every:
        return [item for item in staged.values() if not is_finished(item.folder)]
    return [staged[name] for name in release_ids]


def resume(
    releases: Sequence[StagedRelease],
    settings: Settings,
    *,
    now: datetime,
    force: bool = False,
    progress: Progress | None = None,
) -> Iterator[ReleaseReport]:
    """Send each release again (or schedule it for its embargo's end) and yield its report."""
    configure(settings)
    try:
        for staged in releases:
            state = broker_state(staged.release_id)
            embargo = staged.article.embargo
            if state == "queued" and not force:
                yield pending_report(staged, "the broker still holds it (--force sends it again)", state)
            elif embargo is not None and staged.article.is_embargoed(now):
                if settings.broker_url:
                    yield schedule(staged, embargo)
                else:
                    waiting = "under embargo, and scheduling needs workers: set PUBLISHER_BROKER_URL"
                    yield pending_report(staged, waiting, "unknown")
            else:
                yield follow(staged, settings.release_timeout, progress)
    finally:
        close_result_listener()
