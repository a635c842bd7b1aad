"""Alembic environment: migrate the connection handed over by ``publisher.store``, or the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import publisher.store.release_tables  # noqa: F401  (its tables join Base.metadata)
from publisher.store.database import normalise_url
from publisher.store.tables import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from publisher.settings import get_settings

    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    with create_engine(normalise_url(url)).connect() as own_connection:
        _run(own_connection)
