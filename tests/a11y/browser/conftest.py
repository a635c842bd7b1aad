"""One browser stage for every browser test of this folder (as one worker process keeps one)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.a11y.browser.stage import BrowserStage
from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def stage() -> Iterator[BrowserStage]:
    """A Chromium with the probes and axe-core, shared by the session's tests."""
    with BrowserStage() as shared:
        yield shared


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public tree ``publisher publish examples/*.md`` writes, built once per session.

    Every channel, and the release's gate with its browser stage on (the default), as a press office runs it.
    """
    out = tmp_path_factory.mktemp("examples") / "public"
    command = [str(Path(sys.executable).with_name("publisher")), "publish", "--out", str(out)]
    articles = [str(path) for path in sorted(EXAMPLES.glob("*.md"))]
    environment = {"PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), "PATH": "/usr/bin:/bin"}
    built = subprocess.run(
        [*command, *articles], capture_output=True, text=True, timeout=600, env=environment
    )
    assert built.returncode == 0, built.stderr
    return out
