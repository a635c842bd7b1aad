"""Screenshots of every page type of the press site, in light and dark mode and at 320 CSS px.

Publishes the examples (``examples/*.md``, web channel) into a throw-away folder with the examples'
settings, builds the search index, serves the site on a loopback port and photographs each page type
with Debian's Chromium (headless, through the gate's own DevTools client) into ``docs/screenshots/``.

Usage: python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from publisher.a11y.browser.chromium import Chromium, find_chromium
from publisher.a11y.browser.server import PageServer

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
# Page type -> the page's path in the site (the search page with a query, to show its results).
PAGES = {
    "article": "hitzeschutzplan-fuer-die-landesverwaltung-vorgestellt/",
    "index": "",
    "numbered-page": "page/1/",
    "topic": "topics/{topic}/",
    "archive": "archive/",
    "month": "archive/{month}/",
    "search": "search/?q=Hitze",
    "statement": "erklaerung-zur-barrierefreiheit/",
}
# Condition -> viewport width, height and colour scheme.
CONDITIONS = {"light": (1024, 900, "light"), "dark": (1024, 900, "dark"), "320px": (320, 900, "light")}


def publish_examples(out: Path) -> None:
    """The examples published through the command, as a press office runs it, then the search index."""
    command = [str(Path(sys.executable).with_name("publisher"))]
    environment = {**os.environ, "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml")}
    articles = [str(path) for path in sorted(EXAMPLES.glob("*.md"))]
    for arguments in ([*articles, "--out", str(out), "--channels", "web"], ["--out", str(out)]):
        name = "publish" if arguments[0] != "--out" else "search-index"
        subprocess.run([*command, name, *arguments], check=True, env=environment, capture_output=True)


def first(folder: Path, pattern: str) -> str:
    """The site-relative folder of the first page matching ``pattern`` (a topic, a month)."""
    found = sorted(folder.glob(pattern))
    return str(found[0].parent.relative_to(folder)) if found else ""


def photograph(site: Path, target: Path) -> list[Path]:
    """Every page type under every condition, as PNG files in ``target``."""
    executable = find_chromium()
    if executable is None:
        raise SystemExit("Chromium is needed: apt-get install chromium")
    values = {
        "topic": first(site / "topics", "*/index.html"),
        "month": first(site / "archive", "*/*/index.html"),
    }
    target.mkdir(parents=True, exist_ok=True)
    written = []
    server = PageServer(site)
    try:
        with Chromium(executable) as browser:
            for condition, (width, height, scheme) in CONDITIONS.items():
                browser.send_many(
                    [
                        (
                            "Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                        ),
                        (
                            "Emulation.setEmulatedMedia",
                            {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
                        ),
                    ],
                    session=browser.session,
                )
                for name, path in PAGES.items():
                    browser.navigate(server.url("").rstrip("/") + "/" + path.format(**values))
                    if name == "search":  # wait until the results are announced
                        browser.evaluate(
                            "new Promise(done => { const status = document.getElementById('search-status');"
                            " const look = () => status.textContent && !status.textContent.endsWith('…')"
                            " ? done(true) : setTimeout(look, 50); look(); })"
                        )
                    shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=browser.session)
                    file = target / f"{name}-{condition}.png"
                    file.write_bytes(base64.b64decode(shot["data"]))
                    written.append(file)
    finally:
        server.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "public"
        publish_examples(site)
        for file in photograph(site, options.out):
            print(file.relative_to(REPO) if file.is_relative_to(REPO) else file)


if __name__ == "__main__":
    main()
