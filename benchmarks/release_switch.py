"""Benchmark: the all-or-nothing release step against writing the same files straight into place.

A site of N released articles gets a checked web correction of one of them. Side A is the release
step (``finish_release``: locks, generation and address checks, the new article folder and site
files written under temporary names, the switch with renames). Side B, the floor, computes the
same bytes (article record, reports, index, feed, sitemap, statement page), writes each file into
the public tree directly and removes the staged release, as the release step did before releases
became all or nothing. Rendering and checking the web page happen outside both timings; their own
time is printed for scale. Runs alternate A and B; medians and the ratio of each pair are printed, and
the figures are recorded in ``benchmarks/results/release_switch.json``.

Usage: python benchmarks/release_switch.py [--articles 50] [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from record import Figure, load_average, pairwise_ratios, record, summary

from publisher.channels import get_channel
from publisher.files import atomic_write
from publisher.published import (
    RECORD_NAME,
    PublicRecord,
    PublishedArticle,
    SiteContext,
    internal_dir,
    published_articles,
)
from publisher.release import finish, steps
from publisher.release.report import ChannelReport, ReleaseReport
from publisher.release.report_files import report_files
from publisher.release.staging import StagedRelease, load_release, stage_release
from publisher.settings import Settings
from publisher.sources import parse_article

FLOOR = "the same files written straight into place, one by one, without locks, checks or switch"
STEP_TARGET_MS = 100.0  # a release step of a few tens of milliseconds is invisible beside the render

ARTICLE = """---
title: Meldung {number}
date: 2026-03-{day:02d}T09:30:00+01:00
summary: Kurzfassung der Meldung {number} in einem Satz.
lang: de
author: Pressestelle
---
## Worum es geht

Die Stadt stellt heute ihre Pläne vor. Mehr steht auf
[der Seite der Stadt zu Meldung {number}](https://www.example.de/meldung-{number}).
"""


def checked(path: Path, out: Path, settings: Settings) -> StagedRelease:
    staged = stage_release(parse_article(path), out, ["web"], settings)
    steps.render_channel(staged.folder, "web")
    steps.check_channel(staged.folder, "web")
    return staged


def direct(staged: StagedRelease) -> None:
    """The floor: the same bytes, each file written into place on its own; the staged release removed."""
    staged = load_release(staged.folder)
    folder = staged.public_dir()
    state = staged.state("web")
    for name in state.files:
        atomic_write(folder / name, (staged.channel_dir("web") / "out" / name).read_bytes())
    now = datetime.now(UTC).isoformat()
    record = PublicRecord(
        article=staged.article.model_dump(mode="json"),
        released={"web": now},
        files={"web": state.files},
        generation=staged.generation,
        release=staged.release_id,
        source=staged.source,
    )
    internal = internal_dir(staged.out_dir) / staged.article.slug
    internal.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(internal / RECORD_NAME, record.to_json())
    report = ReleaseReport(
        slug=staged.article.slug,
        lang="de",
        status="released",
        channels={"web": ChannelReport(status="released")},
    )
    for name, data in report_files(report).items():
        atomic_write(internal / name, data)
    others = [entry for entry in published_articles(staged.out_dir) if entry.folder != folder]
    articles = (*others, PublishedArticle(staged.article, folder, frozenset({"web"})))
    site = SiteContext(settings=staged.settings, out_dir=staged.out_dir, articles=articles)
    for relative, data in get_channel("web").rebuild_site(site).items():
        atomic_write(staged.out_dir / relative, data)
    shutil.rmtree(staged.folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        out = root / "public"
        settings = Settings(staging_dir=root / "staging")
        sources = []
        for number in range(options.articles):
            path = root / "quelle" / f"meldung-{number}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(ARTICLE.format(number=number, day=number % 28 + 1), encoding="utf-8")
            sources.append(path)
            finish.finish_release(checked(path, out, settings).folder)
        switch, floor, preparing = [], [], []
        for _ in range(options.runs):
            start = time.perf_counter()
            staged = checked(sources[0], out, settings)
            preparing.append(time.perf_counter() - start)
            start = time.perf_counter()
            assert finish.finish_release(staged.folder).status == "released"
            switch.append(time.perf_counter() - start)
            staged = checked(sources[0], out, settings)
            start = time.perf_counter()
            direct(staged)
            floor.append(time.perf_counter() - start)
    a, b, c = statistics.median(switch), statistics.median(floor), statistics.median(preparing)
    print(f"site of {options.articles} articles, {options.runs} runs each, medians")
    print(f"release step (all or nothing, switched in): {a * 1000:7.1f} ms")
    print(f"same files written straight into place:     {b * 1000:7.1f} ms   ratio {a / b:.2f}x")
    print(f"staging, rendering and checking the page:   {c * 1000:7.1f} ms")
    print(f"whole release, switched vs written in place: {(a + c) / (b + c):.2f}x")
    ratios = pairwise_ratios(switch, floor)
    print(f"release step / floor, pair by pair: {summary(ratios)}")
    print(f"floor: {FLOOR}")
    figures = [
        Figure("release step, median", a * 1000, "ms", f"< {STEP_TARGET_MS:g} ms", a * 1000 < STEP_TARGET_MS),
        Figure("release step / floor, median of pairs", statistics.median(ratios), "x"),
        Figure("whole release (staged, rendered, checked) / written in place", (a + c) / (b + c), "x"),
    ]
    record("release_switch", FLOOR, figures, load_before)


if __name__ == "__main__":
    main()
