"""The published examples that the browser tests of this folder read (the stage is tests.conftest's)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.a11y.browser.stage import BrowserStage
from tests.conftest import EXAMPLES


@pytest.fixture
def full_axe_stage(browser_stage: BrowserStage) -> Iterator[BrowserStage]:
    """The browser stage running every axe-core WCAG A/AA rule, in light and dark mode and at 320 CSS px.

    The process's one stage (``browser_stage``) with its rule choice switched for the test: a stage
    made with ``axe_rules="all"`` differs from the gate's in nothing else.
    """
    browser_stage.axe_rules = "all"
    try:
        yield browser_stage
    finally:
        browser_stage.axe_rules = "complement"


# A short article spoken aloud: its page carries the audio player, in seconds rather than minutes of speech.
SPOKEN = """---
title: Neue Fahrradständer am Bahnhof
date: 2026-03-02T09:30:00+01:00
summary: Die Stadt stellt 40 neue Fahrradständer auf.
lang: de
author: Stadt Musterstadt – Pressestelle
---
## Worum es geht

Ab Montag stehen am Bahnhof 40 neue Fahrradständer.
"""


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public tree of ``examples/*.md`` (web page and newsletter) and of a short spoken article.

    Published once per session through the release's static gate; the tests that read it render every
    page and email in the browser stage themselves (a release's own browser stage is tested in
    ``test_release_gate``), so no page is rendered twice. The spoken article's page carries the audio player.
    """
    folder = tmp_path_factory.mktemp("examples")
    out = folder / "public"
    spoken = folder / "fahrradstaender.md"
    spoken.write_text(SPOKEN, encoding="utf-8")
    command = [str(Path(sys.executable).with_name("publisher")), "publish", "--out", str(out)]
    environment = {
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_A11Y__BROWSER_STAGE": "false",
        "PUBLISHER_DATABASE_URL": f"sqlite:///{folder / 'publisher.db'}",
        "PATH": "/usr/bin:/bin",
    }
    for arguments in (
        [*map(str, sorted(EXAMPLES.glob("*.md"))), "--channels", "web,newsletter,pdf"],
        [str(spoken), "--channels", "audio,web"],
    ):
        built = subprocess.run(
            [*command, *arguments], capture_output=True, text=True, timeout=600, env=environment
        )
        assert built.returncode == 0, built.stderr
    return out
