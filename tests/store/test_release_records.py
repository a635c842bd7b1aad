"""Release records in the database (SQLite and PostgreSQL): stored once, moved on by exactly one step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect

from publisher.store import Store, transaction
from publisher.store.release_tables import ReleaseFileTable, ReleaseTable
from publisher.store.releases import (
    NewRelease,
    claim_channel,
    claim_release,
    due_releases,
    insert_release,
    release_channels,
    release_record,
    release_records,
    release_source,
    save_channel,
    set_embargo,
    stale_releases,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def new_release(release_id: str = "ladesaeulen-1", embargo: datetime | None = None) -> NewRelease:
    return NewRelease(
        id=release_id, slug="ladesaeulen", title="Neue Ladesäulen", article_json='{"title": "Neu"}',
        source_name="artikel.md", files={"artikel.md": b"---\ntitle: x\n---\n", "bild.png": b"\x89PNG"},
        channels=("audio", "web"), embargo=embargo, queued_by="presse@example.de", partial=False,
        send=True, out_dir="/srv/site", staging="/srv/site.staging/ladesaeulen-1",
    )  # fmt: skip


def test_the_release_tables_are_created_by_the_migration(store: Store) -> None:
    """The migration 0004 creates the release, source-file and channel tables."""
    assert {"releases", "release_files", "release_channels"} <= set(inspect(store.engine).get_table_names())


def test_a_queued_release_keeps_its_source_files_and_one_queued_row_per_channel(database_url: str) -> None:
    """Everything the release was queued with is read back, images byte for byte."""
    with transaction(database_url) as session:
        insert_release(session, new_release(embargo=NOW + timedelta(hours=1)), NOW)
    with transaction(database_url) as session:
        record = release_record(session, "ladesaeulen-1")
        assert record is not None
        assert (record.state, record.channels, record.queued_by, record.send) == (
            "queued", "audio,web", "presse@example.de", True,
        )  # fmt: skip
        assert record.embargo == NOW + timedelta(hours=1)
        assert release_source(session, "ladesaeulen-1")["bild.png"] == b"\x89PNG"
        channels = release_channels(session, "ladesaeulen-1")
        assert {name: row.state for name, row in channels.items()} == {"audio": "queued", "web": "queued"}


def test_only_one_of_two_redelivered_steps_claims_a_channel(database_url: str) -> None:
    """The second claim of the same step finds the channel moved on and does nothing; attempts count once."""
    with transaction(database_url) as session:
        insert_release(session, new_release(), NOW)
    with transaction(database_url) as session:
        assert claim_channel(session, "ladesaeulen-1", "web", ("queued",), "rendering", NOW)
    with transaction(database_url) as session:
        assert not claim_channel(session, "ladesaeulen-1", "web", ("queued",), "rendering", NOW)
        save_channel(session, "ladesaeulen-1", "web", NOW, state="held", findings_json='[{"rule": "x"}]')
    with transaction(database_url) as session:
        web = release_channels(session, "ladesaeulen-1")["web"]
        assert (web.state, web.attempts, web.findings_json, web.finished_at) == (
            "held",
            1,
            '[{"rule": "x"}]',
            NOW,
        )


def test_a_due_embargo_is_found_and_claimed_by_one_sweeper_only(database_url: str) -> None:
    """A scheduled release whose embargo ended is due; a moved embargo makes it wait again."""
    with transaction(database_url) as session:
        insert_release(session, new_release("a", embargo=NOW), NOW)
        insert_release(session, new_release("b", embargo=NOW + timedelta(minutes=5)), NOW)
        for release_id in ("a", "b"):
            assert claim_release(session, release_id, ("queued",), "scheduled", NOW)
    with transaction(database_url) as session:
        assert due_releases(session, NOW) == ["a"]
        assert set_embargo(session, "a", NOW + timedelta(minutes=10), ("scheduled",), NOW)
        assert due_releases(session, NOW + timedelta(minutes=5)) == ["b"]
        assert claim_release(session, "b", ("scheduled",), "releasing", NOW)
        assert not claim_release(session, "b", ("scheduled",), "releasing", NOW)
        assert [record.id for record in release_records(session, ["releasing"])] == ["b"]


def test_a_release_that_has_not_moved_is_sent_again_by_one_sweeper(database_url: str) -> None:
    """A stale release is claimed once per sweep round: the second sweeper sees it moved."""
    with transaction(database_url) as session:
        insert_release(session, new_release(), NOW)
    later = NOW + timedelta(minutes=20)
    cutoff = later - timedelta(minutes=15)
    with transaction(database_url) as session:
        assert [record.id for record in stale_releases(session, ["queued"], cutoff)] == ["ladesaeulen-1"]
        assert claim_release(session, "ladesaeulen-1", ("queued",), "queued", later, not_moved_since=cutoff)
        assert not claim_release(
            session, "ladesaeulen-1", ("queued",), "queued", later, not_moved_since=cutoff
        )
    with transaction(database_url) as session:
        record = release_record(session, "ladesaeulen-1")
        assert record is not None and record.sends == 1
        assert stale_releases(session, ["queued"], cutoff) == []


def test_a_release_the_orm_stored_reads_back_the_same_and_moves_on(store: Store, database_url: str) -> None:
    """A record written through SQLAlchemy (as releases were before) keeps its times, flags and files."""
    embargo = NOW + timedelta(hours=2, microseconds=5)
    with store.session() as session:
        session.add(
            ReleaseTable(
                id="alt-1", slug="alt", title="Alt", article_json="{}", source_name="alt.md", channels="web",
                embargo=embargo, queued_by="presse", partial=True, send=False, out_dir="/srv/site",
                staging="/srv/site.staging/alt-1", state="scheduled", queued_at=NOW, updated_at=NOW, sends=0,
            )
        )  # fmt: skip
        session.flush()
        session.add(ReleaseFileTable(release_id="alt-1", name="alt.md", data=b"---\n"))
    with transaction(database_url) as records:
        record = release_record(records, "alt-1")
        assert record is not None
        assert (record.embargo, record.queued_at, record.partial, record.send) == (embargo, NOW, True, False)
        assert release_source(records, "alt-1") == {"alt.md": b"---\n"}
        assert due_releases(records, embargo - timedelta(microseconds=1)) == []
        assert due_releases(records, embargo) == ["alt-1"]
        assert claim_release(records, "alt-1", ("scheduled",), "releasing", NOW + timedelta(hours=3))
    with store.session() as session:
        stored = session.get(ReleaseTable, "alt-1")
        assert stored is not None
        assert (stored.state, stored.updated_at) == ("releasing", NOW + timedelta(hours=3))
