"""One transaction on the database in plain SQL: sqlite3 on a SQLite file, SQLAlchemy's engine elsewhere.

A release published on a desk records itself in the embedded SQLite database; the standard
library's sqlite3 opens that in a few milliseconds, where importing SQLAlchemy alone costs about a
third of a second of CPU. Both drivers run the same SQL with named ``:parameters``; ``Transaction``
evens out what differs (times, flags, row locks), so queries such as ``releases`` are written once.
Another database (PostgreSQL), an in-memory one or a URL with options goes through ``open_store``.
A schema behind the newest revision is migrated by ``open_store`` (Alembic) first, once per process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from publisher.store.schema import SQLITE_PRAGMAS, mark_migrated, migrated, newest_revision, normalise_url

__all__ = ["StoreError", "Transaction", "placeholders", "transaction"]

_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")
# SQLAlchemy's text form of a time in SQLite (UTC, zone left out): times either driver wrote compare alike.
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"

Row = Sequence[Any]
Runner = Callable[[str, dict[str, Any]], tuple[list[Row], int]]


class StoreError(Exception):
    """The database could not be read or written; the driver's own error is the cause."""


class Transaction:
    """Statements run in one database transaction: committed when the block ends, else rolled back."""

    def __init__(self, dialect: str, run: Runner) -> None:
        self.dialect = dialect
        self._run = run

    def rows(self, sql: str, **values: Any) -> list[Row]:
        """The rows a statement returns."""
        return self._run(sql, self._bound(values))[0]

    def count(self, sql: str, **values: Any) -> int:
        """How many rows a statement changed."""
        return self._run(sql, self._bound(values))[1]

    @property
    def for_update(self) -> str:
        """The clause that locks the rows read until the transaction ends (SQLite locks the whole file)."""
        return "" if self.dialect == "sqlite" else " FOR UPDATE"

    @staticmethod
    def time(value: Any) -> datetime | None:
        """A stored time as a zone-aware UTC time (SQLite keeps text without a zone)."""
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):
            raise TypeError(f"not a stored time: {value!r}")
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def _bound(self, values: dict[str, Any]) -> dict[str, Any]:
        return {name: self._bind(value) for name, value in values.items()}

    def _bind(self, value: Any) -> Any:
        if not isinstance(value, datetime):
            return value
        if value.tzinfo is None:
            raise ValueError("a stored time needs a time zone")
        value = value.astimezone(UTC)
        return value.strftime(_SQLITE_TIME) if self.dialect == "sqlite" else value


def placeholders(name: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """``(:name_0, :name_1, ...)`` for ``IN`` and the values by those names.

    >>> placeholders("state", ["queued", "held"])
    ('(:state_0, :state_1)', {'state_0': 'queued', 'state_1': 'held'})
    """
    named = {f"{name}_{number}": value for number, value in enumerate(values)}
    if not named:  # IN () is no valid SQL; NULL matches nothing
        return "(NULL)", {}
    return "(" + ", ".join(f":{key}" for key in named) + ")", named


@contextmanager
def transaction(database_url: str) -> Iterator[Transaction]:
    """One transaction on the (migrated) database of ``database_url``; driver errors become ``StoreError``."""
    url = normalise_url(database_url)
    path = _sqlite_file(url)
    if path is None:
        with _through_sqlalchemy(url) as through_engine:
            yield through_engine
        return
    _migrate_once(url, path)
    with _through_sqlite(path) as through_sqlite:
        yield through_sqlite


def _sqlite_file(url: str) -> str | None:
    """The file of a plain SQLite URL; None for other databases, memory or URL options."""
    prefix = next((prefix for prefix in _SQLITE_PREFIXES if url.startswith(prefix)), None)
    if prefix is None:
        return None
    path = url[len(prefix) :]
    return None if not path or path == ":memory:" or "?" in path else path


@contextmanager
def _through_sqlite(path: str) -> Iterator[Transaction]:
    try:
        connection = sqlite3.connect(path, timeout=10)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: {error}") from error
    try:
        for pragma in SQLITE_PRAGMAS:
            connection.execute(pragma)

        def run(sql: str, values: dict[str, Any]) -> tuple[list[Row], int]:
            cursor = connection.execute(sql, values)
            return cursor.fetchall(), cursor.rowcount

        yield Transaction("sqlite", run)
        connection.commit()
    except sqlite3.Error as error:
        connection.rollback()
        raise StoreError(f"{path}: {error}") from error
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()


@contextmanager
def _through_sqlalchemy(url: str) -> Iterator[Transaction]:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from publisher.store.database import open_store

    try:
        engine = open_store(url).engine
        with engine.begin() as connection:

            def run(sql: str, values: dict[str, Any]) -> tuple[list[Row], int]:
                result = connection.execute(text(sql), values)
                return (list(result) if result.returns_rows else []), result.rowcount

            yield Transaction(engine.dialect.name, run)
    except SQLAlchemyError as error:
        raise StoreError(str(error)) from error


def _migrate_once(url: str, path: str) -> None:
    if migrated(url):
        return
    if not _is_newest(path):
        from sqlalchemy.exc import SQLAlchemyError

        from publisher.store.database import open_store

        try:
            open_store(url)  # Alembic, under the store's lock against a second process migrating too
        except SQLAlchemyError as error:
            raise StoreError(str(error)) from error
    mark_migrated(url)


def _is_newest(path: str) -> bool:
    """Whether the file already has the newest schema (a missing file or table: no)."""
    newest = newest_revision()
    if newest is None:
        return False
    try:
        with _through_sqlite(path) as reading:
            stored = [row[0] for row in reading.rows("SELECT version_num FROM alembic_version")]
    except StoreError:
        return False
    return stored == [newest]
