"""What the store knows without a database library: URLs, SQLite's settings, the newest revision."""

from __future__ import annotations

import threading
from pathlib import Path

__all__ = [
    "MIGRATIONS",
    "SQLITE_PRAGMAS",
    "forget_migrated",
    "mark_migrated",
    "migrated",
    "newest_revision",
    "normalise_url",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Run on every SQLite connection. WAL lets readers work while a worker writes; NORMAL sync is durable
# across process crashes; foreign keys make a release's files and channels go with it.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
)


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy would pick psycopg2)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def newest_revision() -> str | None:
    """The newest migration's revision, when the files name it alone (``NNNN_name.py``, NNNN unique).

    None when two files share the newest number (branches only Alembic can order).
    """
    numbered = sorted(path.stem for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    if not numbered or (len(numbered) > 1 and numbered[-1][:4] == numbered[-2][:4]):
        return None
    return numbered[-1]


_MIGRATED: set[str] = set()
_MIGRATED_LOCK = threading.Lock()


def migrated(url: str) -> bool:
    """Whether this process found ``url``'s database at the newest schema (or brought it there)."""
    with _MIGRATED_LOCK:
        return normalise_url(url) in _MIGRATED


def mark_migrated(url: str) -> None:
    """Note that ``url``'s database has the newest schema."""
    with _MIGRATED_LOCK:
        _MIGRATED.add(normalise_url(url))


def forget_migrated(url: str) -> None:
    """Check the schema of ``url`` again on its next use (it was closed, perhaps replaced)."""
    with _MIGRATED_LOCK:
        _MIGRATED.discard(normalise_url(url))
