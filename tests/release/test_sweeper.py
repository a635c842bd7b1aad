"""The sweeper without a broker: it runs a release that never moved, and releases an ended embargo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from publisher.broker import configure
from publisher.release.record_steps import check_step, finish_step, render_step
from publisher.release.recording import record_release
from publisher.release.service import cancel_release, get_release, reschedule_release
from publisher.release.staging import stage_release
from publisher.release.sweeper import sweep
from publisher.settings import Settings
from publisher.sources import parse_article
from publisher.store import transaction
from publisher.store.releases import claim_release

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"


def recorded(settings: Settings, path: Path, site: Path, now: datetime) -> str:
    """A release recorded and staged, whose steps were never sent (as if the broker lost them)."""
    source = parse_article(path)
    staged = stage_release(source, site, ["web"], settings)
    record_release(settings, staged, source, queued_by="presse", send=False, now=now)
    return staged.release_id


def test_a_release_that_never_moved_is_run_by_the_sweeper_once_its_timeout_passed(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """Before the timeout the sweeper leaves it alone; after it, the release goes out, and only once."""
    settings = settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'r.db'}", "stuck_after": 60}
    )
    configure(settings)
    queued_at = datetime.now(UTC)
    release_id = recorded(settings, write_article(), tmp_path / "site", queued_at)
    assert sweep(settings, now=queued_at + timedelta(seconds=30)).resent == []
    assert get_release(settings, release_id).state == "queued"
    assert sweep(settings, now=queued_at + timedelta(seconds=61)).resent == [release_id]
    assert get_release(settings, release_id).state == "released"
    assert sweep(settings, now=queued_at + timedelta(seconds=200)).resent == []
    assert (tmp_path / "site" / SLUG / "index.html").is_file()


def test_a_scheduled_release_is_released_by_the_sweeper_when_its_embargo_has_ended(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """A checked release waiting for its embargo stays private until the sweep after the embargo's end."""
    settings = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'r.db'}"})
    configure(settings)
    now = datetime.now(UTC)
    embargo = (now - timedelta(seconds=1)).replace(microsecond=0)
    release_id = recorded(settings, write_article(embargo=embargo.isoformat()), tmp_path / "site", now)
    render_step(settings, release_id, "web")
    check_step(settings, release_id, "web")
    with transaction(settings.database_url) as session:
        assert claim_release(session, release_id, ("queued",), "scheduled", now)
    assert get_release(settings, release_id).channels["web"].state == "passed"
    assert sweep(settings, now=embargo - timedelta(seconds=5)).released == []
    assert not (tmp_path / "site" / SLUG).exists()
    assert sweep(settings, now=now).released == [release_id]
    assert get_release(settings, release_id).state == "released"
    assert (tmp_path / "site" / SLUG / "index.html").is_file()


def test_a_moved_embargo_holds_the_release_until_the_new_time_even_if_its_release_step_runs_early(
    settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """Rescheduled an hour later: the sweep at the old time does nothing, a stray release step holds it."""
    settings = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'r.db'}"})
    configure(settings)
    now = datetime.now(UTC)
    embargo = (now - timedelta(seconds=1)).replace(microsecond=0)
    release_id = recorded(settings, write_article(embargo=embargo.isoformat()), tmp_path / "site", now)
    render_step(settings, release_id, "web")
    check_step(settings, release_id, "web")
    with transaction(settings.database_url) as session:
        assert claim_release(session, release_id, ("queued",), "scheduled", now)
    later = (now + timedelta(hours=1)).replace(microsecond=0)
    assert reschedule_release(settings, release_id, later).embargo == later
    assert sweep(settings, now=now).released == []
    with transaction(settings.database_url) as session:  # as if a duplicate message arrived
        assert claim_release(session, release_id, ("scheduled",), "releasing", now)
    report = finish_step(settings, release_id)
    assert report is not None and report.status == "scheduled"
    assert get_release(settings, release_id).state == "scheduled"
    assert not (tmp_path / "site" / SLUG).exists()
    assert cancel_release(settings, release_id).state == "cancelled"
    assert sweep(settings, now=later + timedelta(seconds=1)).released == []
