"""Open the database named by ``database_url``, migrating it to the newest schema on first use."""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from publisher.store.schema import MIGRATIONS as _MIGRATIONS
from publisher.store.schema import SQLITE_PRAGMAS, forget_migrated, normalise_url
from publisher.store.schema import newest_revision as _newest_revision

__all__ = ["Store", "close_store", "migrate", "normalise_url", "open_store"]

_OPEN: dict[str, Store] = {}
_OPEN_LOCK = threading.Lock()
# Any fixed number: the PostgreSQL advisory lock that serialises concurrent first uses.
_PG_LOCK_KEY = 7_311_204


@dataclass(frozen=True)
class Store:
    """An engine on a migrated database and the sessions made from it."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back otherwise."""
        with self.sessions() as session, session.begin():
            yield session


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _is_newest(engine: Engine) -> bool:
    """Whether the database already has the newest schema: one query instead of Alembic's start-up."""
    newest = _newest_revision()
    if newest is None:
        return False
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no version table yet: a new database
        return False
    return stored == [newest]


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (safe when several processes start at once)."""
    if _is_newest(engine):
        return
    # Alembic is imported here: loading it costs a quarter of a second that an up-to-date store skips.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        lock_path = Path(database + ".lock") if database and database != ":memory:" else None
        with _file_lock(lock_path), engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_store(database_url: str) -> Store:
    """The store for ``database_url``, migrated once per process."""
    url = normalise_url(database_url)
    with _OPEN_LOCK:
        store = _OPEN.get(url)
        if store is None:
            engine = create_engine(url, pool_pre_ping=True)
            if make_url(url).get_backend_name() == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            migrate(engine)
            store = Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
            _OPEN[url] = store
        return store


def close_store(database_url: str) -> None:
    """Close the pooled connections of ``database_url`` (tests, and before a fork)."""
    forget_migrated(database_url)
    with _OPEN_LOCK:
        store = _OPEN.pop(normalise_url(database_url), None)
    if store is not None:
        store.engine.dispose()
