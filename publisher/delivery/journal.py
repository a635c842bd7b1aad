"""The send journal: each accepted message written to a local append-only file before the next DATA.

A batch records its accepted messages in the database every ``newsletter.record_every`` messages
(one UPDATE and one commit for all of them) instead of once per message. What keeps a killed
worker from sending a message twice is this journal: the moment the server accepts a message,
one line (delivery id, subscriber id, whether a soft-bounce count ends, the time) is appended to
the batch's file, before the next message's DATA. The file is locked (``flock``) while its batch
runs; the next batch of the release on this machine takes over every journal whose lock is free
(its process is gone), records its lines in the database and deletes it, before it reads what is
still open. So a killed worker leaves in doubt only the message the server was taking in when it
died, as a per-message commit did.

A line reaches the file with one ``write`` (the kernel keeps it when the process is killed);
``newsletter.journal_fsync`` also flushes it to the disk, for a machine that loses power, at the
cost of one ``fsync`` per message. The journal is local: workers on several machines need
``newsletter.journal_dir`` on storage they share, or a worker's machine lost with its unrecorded
lines may send up to ``record_every`` messages again.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from publisher.errors import ConfigurationError
from publisher.settings import Settings
from publisher.store import deliveries

__all__ = ["Accepted", "SendJournal", "journal_folder", "open_journal", "take_over_journals"]


@dataclass(frozen=True)
class Accepted:
    """One message the server accepted: its delivery, its subscriber, and when."""

    delivery_id: int
    subscriber_id: int
    when: datetime
    # The subscriber had soft bounces: a mailbox that takes mail again starts its count anew.
    reset_soft_bounces: bool = False

    def line(self) -> bytes:
        reset = int(self.reset_soft_bounces)
        return f"{self.delivery_id} {self.subscriber_id} {reset} {self.when.timestamp():.6f}\n".encode()

    @classmethod
    def parse(cls, line: bytes) -> Accepted | None:
        """The record of one complete line; None for a line cut off by the kill."""
        parts = line.split()
        if len(parts) != 4 or not line.endswith(b"\n"):
            return None
        try:
            when = datetime.fromtimestamp(float(parts[3]), UTC)
            return cls(int(parts[0]), int(parts[1]), when, parts[2] == b"1")
        except ValueError:
            return None


def journal_folder(settings: Settings) -> Path:
    """Where this database's send journals live: ``newsletter.journal_dir``, else beside a SQLite
    file, else the user's state folder; one sub-folder per database."""
    url = make_url(settings.database_url)
    configured = settings.newsletter.journal_dir
    if configured is not None:
        base = configured
    elif url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        base = Path(str(url.database)).resolve().parent / "delivery-journal"
    else:
        state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        base = Path(state) / "publisher" / "delivery-journal"
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return base / digest


def _prefix(release_id: int) -> str:
    return f"release-{release_id}-"


class SendJournal:
    """One batch's journal: appended to after each accepted message, locked while the batch runs."""

    def __init__(self, path: Path, descriptor: int, fsync: bool) -> None:
        self.path = path
        self._descriptor = descriptor
        self._fsync = fsync

    def append(self, accepted: Accepted) -> None:
        os.write(self._descriptor, accepted.line())
        if self._fsync:
            os.fsync(self._descriptor)

    def discard(self) -> None:
        """Everything in it is recorded in the database: the file goes (still locked, so no one reads it)."""
        with suppress(FileNotFoundError):
            self.path.unlink()

    def close(self) -> None:
        os.close(self._descriptor)  # closing releases the lock


@contextmanager
def open_journal(settings: Settings, release_id: int) -> Iterator[SendJournal]:
    """A new, locked journal for one batch of ``release_id``; closed (not deleted) on the way out."""
    folder = journal_folder(settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{_prefix(release_id)}{os.getpid()}-{secrets.token_hex(6)}"
        # Locked under a name no one looks for, then renamed: a journal is never seen unlocked.
        building = folder / f".{name}.new"
        descriptor = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_EXCL, 0o600)
    except OSError as error:
        raise ConfigurationError(
            f"cannot write the send journal in {folder}: {error} (set newsletter.journal_dir)"
        ) from error
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    path = folder / f"{name}.journal"
    os.rename(building, path)
    journal = SendJournal(path, descriptor, settings.newsletter.journal_fsync)
    try:
        yield journal
    finally:
        journal.close()


def take_over_journals(settings: Settings, connection: Connection, release_id: int) -> int:
    """Record what the journals of ``release_id`` left by ended batches hold, and delete them.

    A journal still locked belongs to a batch that runs; it is left alone. Returns how many
    messages were recorded as sent here. The caller commits.
    """
    folder = journal_folder(settings)
    if not folder.is_dir():
        return 0
    recorded = 0
    for path in sorted(folder.glob(f"{_prefix(release_id)}*.journal")):
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:  # another batch took it over a moment ago
            continue
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            if not path.exists():  # taken over and deleted between our open and our lock
                continue
            with os.fdopen(os.dup(descriptor), "rb") as file:
                lines = [Accepted.parse(line) for line in file]
            accepted = [item for item in lines if item is not None]
            recorded += record_sent(connection, accepted)
            connection.commit()
            path.unlink()
        finally:
            os.close(descriptor)
    return recorded


def record_sent(connection: Connection, accepted: list[Accepted]) -> int:
    """Record these accepted messages as sent in one statement; those recorded already are left as
    they are. The caller commits."""
    if not accepted:
        return 0
    changed = deliveries.mark_sent(connection, [(item.delivery_id, item.when) for item in accepted])
    deliveries.reset_soft_bounces_of(
        connection, [item.subscriber_id for item in accepted if item.reset_soft_bounces]
    )
    return changed
