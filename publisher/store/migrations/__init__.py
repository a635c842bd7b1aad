"""Alembic migrations of the publisher database (run on first use by ``publisher.store``)."""
