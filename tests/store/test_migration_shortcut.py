"""An up-to-date database opens without starting Alembic; any other is migrated as before."""

from __future__ import annotations

import subprocess
import sys

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from publisher.store import close_store, open_store
from publisher.store.database import _MIGRATIONS, _newest_revision, normalise_url

_OPEN_AND_LIST_MODULES = """
import sys
from publisher.store import open_store
open_store(sys.argv[1])
print("alembic" in sys.modules)
"""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def test_the_newest_file_is_alembics_head() -> None:
    assert [_newest_revision()] == list(ScriptDirectory.from_config(_config()).get_heads())


def _alembic_loaded_on_open(url: str) -> bool:
    command = [sys.executable, "-c", _OPEN_AND_LIST_MODULES, url]
    result = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)
    return result.stdout.strip() == "True"


def test_alembic_runs_only_when_the_schema_is_behind(database_url: str) -> None:
    url = database_url
    assert _alembic_loaded_on_open(url)  # new database: migrated
    assert not _alembic_loaded_on_open(url)  # newest schema: one query
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0005_api_tokens")
    engine.dispose()
    assert _alembic_loaded_on_open(url)  # behind: migrated again
    try:
        with open_store(url).session() as session:
            assert session.execute(text("SELECT count(*) FROM bounce_events")).scalar_one() == 0
    finally:
        close_store(url)
