"""Ten ``publisher publish`` processes finishing into one site at once: the site files list all ten."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import EXAMPLES, REPO
from tests.helpers import sitemap_text

Write = Callable[..., Path]


def test_ten_publishes_into_one_site_at_once_leave_index_feed_and_sitemap_listing_all_ten(
    write_article: Write, tmp_path: Path
) -> None:
    """Each release switches in under the site lock; none overwrites another's entry in the site files."""
    paths = [
        write_article(name=f"meldung-{n}.md", title=f"Meldung Nummer {n}", slug=f"meldung-{n}")
        for n in range(10)
    ]
    env = {**os.environ, "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), "PYTHONPATH": str(REPO)}
    env.pop("PUBLISHER_BROKER_URL", None)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "publisher.cli",
                "publish",
                str(path),
                "--out",
                "site",
                "--channels",
                "web",
                "--json",
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
    site = tmp_path / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    sitemap = sitemap_text(site)
    for n in range(10):
        assert index.count(f'href="meldung-{n}/"') == 1, n
        assert f"/meldung-{n}/" in feed and f"/meldung-{n}/" in sitemap, n
