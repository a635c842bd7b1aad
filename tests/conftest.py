"""Shared fixtures: articles written as real Markdown files, settings built with overrides."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
import yaml

from publisher.settings import Settings

if TYPE_CHECKING:
    from publisher.a11y.browser.chromium import Chromium
    from publisher.a11y.browser.stage import BrowserStage

# The browser stage of the gate is on by default; releases in tests run without it (each page would
# cost a render in Chromium) except where a test turns it on to assert on it (tests/a11y/browser/).
# Rebuilding the search index after each release is tested where search is (tests/channels/web).
TEST_DEFAULTS = {
    "PUBLISHER_A11Y__BROWSER_STAGE": "false",
    "PUBLISHER_SITE__SEARCH_INDEX_AFTER_RELEASE": "false",
}
for _name, _value in TEST_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
# `publisher publish` records every release in the store: tests that name no database share one
# throwaway file per test process, never a publisher.db in the checkout.
_RECORDS = Path(tempfile.mkdtemp(prefix="publisher-tests-"))
atexit.register(shutil.rmtree, _RECORDS, ignore_errors=True)
os.environ.setdefault("PUBLISHER_DATABASE_URL", f"sqlite:///{_RECORDS / 'publisher.db'}")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
# The newsletter's fixtures serve the channel, delivery, subscriber and store tests alike.
pytest_plugins = ["tests.newsletter_support", "tests.delivery.dovecot"]


def missing_part(what: str, *, module: bool = False) -> NoReturn:
    """Skip where ``what`` (a local part the tests use) is missing; fail under CI, which installs it all.

    ``module``: skip the whole test module (called while it is collected).
    """
    __tracebackhide__ = True  # reported where the part was needed, not here
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI has every part the tests use, so there this is a failure, not a skip")
    pytest.skip(what, allow_module_level=module)


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without its PUBLISHER_* settings, for a command of a test's own.

    The test defaults above stay (a command that drops them would render every page in Chromium and
    rebuild the search index for nothing); ``settings`` come last and may turn them on again.
    """
    kept = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    return {**kept, **{key: os.environ[key] for key in TEST_DEFAULTS}, **settings}


BODY = textwrap.dedent(
    """\
    ## Worum es geht

    Die Stadtwerke Musterstadt bauen ab März neue Ladesäulen. Mehr steht auf
    [der Projektseite der Stadtwerke](https://stadtwerke.example.de/laden).

    > „Wir machen das Laden einfach.“
    > — Jana Probst, Geschäftsführerin

    - Innenstadt
    - Bahnhof
    """
)


def front_matter(**overrides: Any) -> dict[str, Any]:
    """Valid front matter for a short German article, with ``overrides`` applied (None drops a key)."""
    values: dict[str, Any] = {
        "title": "Neue Ladesäulen für Musterstadt",
        "date": "2026-03-02T09:30:00+01:00",
        "summary": "Die Stadtwerke bauen 40 Ladesäulen in der Innenstadt.",
        "lang": "de",
        "kicker": "Verkehr",
        "author": "Stadtwerke Musterstadt – Pressestelle",
        "tags": ["Verkehr", "Energie"],
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write a Markdown article into a fresh folder and return its path."""

    def write(
        body: str = BODY, name: str = "artikel.md", raw_front: str | None = None, **overrides: Any
    ) -> Path:
        folder = tmp_path / "quelle"
        folder.mkdir(exist_ok=True)
        front = (
            raw_front
            if raw_front is not None
            else yaml.safe_dump(front_matter(**overrides), allow_unicode=True)
        )
        path = folder / name
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        return path

    return write


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a test site with every BITV link configured."""
    return Settings(
        site={
            "title": "Presse Musterstadt",
            "base_url": "https://presse.example.de/",
            "owner": "Stadt Musterstadt",
            "contact_email": "barrierefrei@example.de",
            "easy_language_url": "https://www.example.de/leichte-sprache/",
            "sign_language_url": "https://www.example.de/gebaerdensprache/",
            "imprint_url": "https://www.example.de/impressum/",
            "privacy_url": "https://www.example.de/datenschutz/",
        },
        staging_dir=tmp_path / "staging",
    )


@pytest.fixture(scope="session")
def browser_stage() -> Iterator[BrowserStage]:
    """One browser stage (Chromium with the probes and axe-core) for every test of this process.

    Its own, not ``shared_stage()``: the releases that tests run with the browser stage on start
    that one themselves, as a worker does. Tests take it as ``stage`` (the axe-core rules the gate
    leaves to axe-core) or as ``full_axe_stage`` (every rule): one Chromium start per process, not two.
    """
    from publisher.a11y.browser.stage import BrowserStage

    with BrowserStage() as shared:
        yield shared


@pytest.fixture
def stage(browser_stage: BrowserStage) -> BrowserStage:
    """The browser stage as the gate runs it: axe-core only for the rules nothing else checks."""
    browser_stage.axe_rules = "complement"
    return browser_stage


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """One bare headless Chromium for the tests that drive pages themselves (clicks, forms, scripts)."""
    from publisher.a11y.browser.chromium import Chromium, find_chromium

    executable = find_chromium()
    assert executable is not None, "Debian's chromium package is needed (scripts/install-system-packages.sh)"
    with Chromium(executable) as browser:
        yield browser


@pytest.fixture
def make_png(tmp_path: Path) -> Callable[[Path], Path]:
    """Create a small real PNG file."""
    from PIL import Image

    def make(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (40, 20), (20, 90, 160)).save(path)
        return path

    return make


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs as the output folder (root only; skipped where mounting is not permitted)."""
    mount_point = tmp_path / "site"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        missing_part(f"a tmpfs mount (needs root): {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)
