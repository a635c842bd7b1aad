"""Benchmark: publishing the next release into a site of 10, 1,000 and 10,000 releases, against an empty site.

Each round publishes one new web release into every site in turn (A B C D, A B C D ...): the floor is a
site with no release yet (a fresh empty folder each round), the others are generated sites of N releases
(records, site index and every site page written beforehand, outside the timing). A timed release is the
whole release as the command runs it in-process: staging, rendering the page, the accessibility gate,
then the all-or-nothing switch with the site files rebuilt. One untimed release comes first, as a running
worker has its templates loaded. The figure held against the target is the median of the per-round
ratios to the empty site, of wall time and of the process's CPU time (on a shared, loaded machine the
CPU time shows the work a release does; the wall time adds the waits for a core).

Usage: python benchmarks/site_scale.py [--sizes 10 1000 10000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from record import Figure, interleaved, load_average, pairwise_ratios, record, summary
from release_switch import ARTICLE, checked

from publisher.channels.web.site import build_site_files
from publisher.model import Article
from publisher.published import (
    PublicRecord,
    PublishedArticle,
    SiteContext,
    internal_dir,
    note_switch,
    record_path,
    site_index_files,
)
from publisher.release import finish
from publisher.release.public_tree import tree_of
from publisher.settings import Settings

TARGET = 1.2
_TOPICS = ["Verkehr", "Bildung", "Umwelt", "Kultur", "Gesundheit", "Wirtschaft", "Soziales", "Bauen"]
_FIRST_DAY = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)


def generated_article(number: int) -> Article:
    """An archived release of a generated site, eight hours after the one before it."""
    return Article.model_validate(
        {
            "title": f"Archivmeldung {number}: Die Stadt berichtet aus dem Rathaus",
            "slug": f"archivmeldung-{number}",
            "lang": "de",
            "date": _FIRST_DAY + timedelta(hours=8 * number),
            "kicker": _TOPICS[number % len(_TOPICS)],
            "summary": f"Kurzfassung der Archivmeldung {number} in einem Satz.",
            "author": "Pressestelle",
            "tags": [_TOPICS[(number * 3) % len(_TOPICS)]],
            "body": [{"type": "paragraph", "children": [{"type": "text", "text": "Der Text der Meldung."}]}],
        }
    )


def generate_site(out: Path, settings: Settings, size: int) -> None:
    """A public tree of ``size`` released web pages: records, site index and every site file."""
    entries = []
    for number in range(size):
        article = generated_article(number)
        folder = out / article.slug
        folder.mkdir(parents=True)
        record = PublicRecord(
            article=article.model_dump(mode="json"),
            released={"web": article.date.isoformat()},
            files={"web": []},
        )
        (internal_dir(out) / article.slug).mkdir(parents=True)
        record_path(out, article.slug).write_bytes(record.to_json())
        entries.append(PublishedArticle(article, folder, frozenset({"web"})))
    out.mkdir(parents=True, exist_ok=True)
    for relative, data in build_site_files(SiteContext(settings, out, tuple(entries))).items():
        # The web channel's state goes where a release puts it: the internal tree, not the public one.
        target = (internal_dir(out) if tree_of(relative) == "internal" else out) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for relative, data in site_index_files(entries).items():
        (internal_dir(out) / relative).parent.mkdir(parents=True, exist_ok=True)
        (internal_dir(out) / relative).write_bytes(data)
    note_switch(out)  # as a release leaves it: nothing changed the trees since


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        settings = Settings(staging_dir=root / "staging")
        for size in options.sizes:
            generate_site(root / f"site-{size}", settings, size)
        sources = root / "quelle"
        sources.mkdir()

        cpu: dict[str, list[float]] = {}

        def publish_into(name: str, folder_of_round: Callable[[int], Path]) -> Callable[[int], None]:
            def run(round_number: int) -> None:
                started = time.process_time()
                path = sources / f"meldung-{round_number}.md"
                if not path.exists():
                    path.write_text(ARTICLE.format(number=round_number, day=round_number % 28 + 1), "utf-8")
                staged = checked(path, folder_of_round(round_number), settings)
                status = finish.finish_release(staged.folder).status
                assert status == "released", status
                cpu.setdefault(name, []).append(time.process_time() - started)

            return run

        variants = {"empty site": publish_into("empty site", lambda number: root / f"empty-{number}")}
        for size in options.sizes:
            site = root / f"site-{size}"
            name = f"{size} releases"
            variants[name] = publish_into(name, lambda _number, site=site: site)  # type: ignore[misc]
        # One release first, untimed: a running worker has its templates and browser started already.
        publish_into("warm-up", lambda _number: root / "warm-up")(-1)
        seconds = interleaved(variants, options.rounds)
    floor, floor_cpu = seconds["empty site"], cpu["empty site"]
    print(f"per-release time, {options.rounds} rounds interleaved, medians (min, max) in seconds")
    print(f"  into an empty site (the floor): wall {summary(floor)}, cpu {summary(floor_cpu)}")
    figures = [Figure("release into an empty site (wall)", round(statistics.median(floor) * 1000, 1), "ms")]
    for size in options.sizes:
        name = f"{size} releases"
        ratio = statistics.median(pairwise_ratios(seconds[name], floor))
        cpu_ratio = statistics.median(pairwise_ratios(cpu[name], floor_cpu))
        print(f"  into a site of {size:>6} releases: wall {summary(seconds[name])}, cpu {summary(cpu[name])}")
        print(f"      ratio to the floor, pair by pair: wall {ratio:.2f}x, cpu {cpu_ratio:.2f}x")
        milliseconds = round(statistics.median(seconds[name]) * 1000, 1)
        figures.append(Figure(f"release into a site of {size} releases (wall)", milliseconds, "ms"))
        target = f"<= {TARGET}"
        figures.append(
            Figure(f"{size} releases vs an empty site (wall)", round(ratio, 2), "x", target, ratio <= TARGET)
        )
        figures.append(
            Figure(
                f"{size} releases vs an empty site (cpu)",
                round(cpu_ratio, 2),
                "x",
                target,
                cpu_ratio <= TARGET,
            )
        )
    record("site_scale", "the same release published into an empty site", figures, load_before)


if __name__ == "__main__":
    main()
