"""The installable wheel (what the Dockerfile installs) has templates, catalogs, migrations and word lists."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_carries_templates_catalogs_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("publisher-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"publisher/templates/{path.relative_to(REPO / 'templates')}"
        for path in (REPO / "templates").rglob("*")
        if path.is_file()
    }
    expected |= {
        f"publisher/store/migrations/{path.relative_to(REPO / 'publisher' / 'store' / 'migrations')}"
        for path in (REPO / "publisher" / "store" / "migrations").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    # The speech normaliser's word lists (acronyms said as words, sentence words) are data files.
    expected |= {
        f"publisher/{path.relative_to(REPO / 'publisher')}" for path in (REPO / "publisher").rglob("*.yaml")
    }
    assert expected - names == set()
    assert "workers/celery_app.py" in names
