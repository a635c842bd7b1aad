"""The sweeper: run every ``sweep_interval`` seconds by Celery beat (``publisher worker --beat``).

It releases every scheduled release whose embargo has ended and sends again the work of any release
that has not moved for ``stuck_timeout`` seconds (its messages were lost with an emptied or
restarted broker, or its worker vanished). The database decides, never a message waiting in the
broker: no embargo lives only as an ETA task. Each release is claimed with a conditional UPDATE,
so two sweepers never send the same work twice in one round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from publisher.broker import in_process
from publisher.release.record_dispatch import send_finish, send_steps
from publisher.release.record_steps import IN_PROGRESS, finish_step, run_here
from publisher.release.search_follow import rebuild_noted
from publisher.settings import Settings
from publisher.store import transaction
from publisher.store.releases import claim_release, due_releases, stale_releases

__all__ = ["Sweep", "sweep"]


@dataclass
class Sweep:
    """What one sweep did: the releases whose embargo ended, and those sent again."""

    released: list[str] = field(default_factory=list)
    resent: list[str] = field(default_factory=list)


def sweep(settings: Settings, now: datetime | None = None) -> Sweep:
    """Release the due embargoes and send stuck releases again (on the workers, or here without a broker)."""
    now = now or datetime.now(UTC)
    done = Sweep()
    with transaction(settings.database_url) as records:
        done.released = [
            release_id
            for release_id in due_releases(records, now)
            if claim_release(records, release_id, ("scheduled",), "releasing", now)
        ]
    for release_id in done.released:
        _finish(settings, release_id)
    cutoff = now - timedelta(seconds=settings.stuck_timeout)
    resend: list[tuple[str, str, tuple[str, ...]]] = []
    with transaction(settings.database_url) as records:
        for record in stale_releases(records, IN_PROGRESS, cutoff):
            if claim_release(records, record.id, (record.state,), record.state, now, not_moved_since=cutoff):
                resend.append((record.id, record.state, tuple(record.channels.split(","))))
    for release_id, state, channels in resend:
        done.resent.append(release_id)
        if state == "releasing":
            _finish(settings, release_id)
        elif in_process():
            run_here(settings, release_id, channels)
        else:
            send_steps(settings, release_id, channels)
    rebuild_noted()  # what ran in this process (no workers): its sites' search indexes
    return done


def _finish(settings: Settings, release_id: str) -> None:
    if in_process():
        finish_step(settings, release_id)
    else:
        send_finish(settings, release_id)
