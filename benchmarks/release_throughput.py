"""Benchmark: recorded releases end to end on real workers, against the same work done in one process.

Variants, interleaved per round (A B C D, A B C D, ...), each on fresh files and a fresh site:

* ``floor``: the true floor of one release: stage it, render and check each channel and release it,
  straight in this process (``run_in_process``): no broker, no database, no sweeper.
* ``one``: the same release queued through the service (``queue_release``: validate, record, send
  the steps) and run by two workers, until its record says released.
* ``batch1`` / ``batch2``: N releases queued at once, run by one worker, then by two workers
  (each worker one process, ``--concurrency=1``); releases per minute until all are released.

Printed: the latency of ``one`` against the sum of its channels' own render + check times in the
same run (from the record's per-channel start and end; target overhead < 10 %), against its longest
channel's render + check (channels run side by side, so this is the path a release cannot beat) and
against the floor; releases per minute with one and two workers and their ratio (target >= 1.7); and how late
after its embargo a scheduled release went out (the sweeper runs every 0.25 s; target <= 2 s).
Redis database 11 and queues named ``f-release-bench-*`` keep it apart from other runs.

Usage: python benchmarks/release_throughput.py [--rounds 3] [--batch 4] [--channels audio,web,newsletter]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from record import Figure, interleaved, load_average, pairwise_ratios, record, summary

from publisher.broker import all_queues
from publisher.release.dispatch import run_in_process
from publisher.release.service import ReleaseView, get_release, queue_release
from publisher.release.staging import stage_release
from publisher.settings import Settings
from publisher.sources import parse_article

REPO = Path(__file__).resolve().parent.parent
BROKER = "redis://127.0.0.1:6379/11"
ENDED = ("released", "partial", "held", "failed", "superseded", "conflict", "unwritable")
ARTICLE = """---
title: Meldung {name}
date: 2026-03-02T09:30:00+01:00
summary: Die Stadt stellt heute ihre Pläne für das Quartier {name} vor.
lang: de
author: Pressestelle
---
## Worum es geht

Die Stadt stellt heute ihre Pläne vor. Mehr steht auf
[der Seite der Stadt zum Quartier {name}](https://www.example.de/quartier-{name}).

- Wohnungen
- Grünflächen
"""


class Workers:
    """Worker processes of one benchmark run (each ``--concurrency=1``), the first with the sweeper."""

    def __init__(self, folder: Path, database: str, solo: Settings, shared: Settings) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []
        base = {
            **os.environ,
            "PUBLISHER_BROKER_URL": BROKER,
            "PUBLISHER_DATABASE_URL": database,
            "PUBLISHER_SWEEP_INTERVAL": "0.25",
            "PYTHONPATH": str(REPO),
        }
        # The first worker takes the solo site's queues and the shared ones; the second only the shared.
        queues = {0: [*all_queues(solo), *all_queues(shared)], 1: list(all_queues(shared))}
        for number, settings in ((0, solo), (1, shared)):
            log = folder / f"worker{number}.log"
            command = [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workers.celery_app",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                ",".join(queues[number]),
                "--loglevel=WARNING",
                *(["--beat", f"--schedule={folder / 'beat'}"] if number == 0 else []),
            ]
            env = {**base, "PUBLISHER_QUEUE": settings.queue}
            with log.open("w") as output:
                self.processes.append(
                    subprocess.Popen(
                        command,
                        cwd=REPO,
                        env=env,
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        time.sleep(8)  # setup only, outside every timing: the workers connect and the first beat ticks

    def stop(self) -> None:
        for process in self.processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=60)


def article(folder: Path, name: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(ARTICLE.format(name=name), encoding="utf-8")
    return path


def wait_ended(settings: Settings, release_ids: list[str]) -> list[ReleaseView]:
    views: list[ReleaseView] = []
    deadline = time.monotonic() + 900  # a hang guard only
    while time.monotonic() < deadline:
        views = [get_release(settings, release_id) for release_id in release_ids]
        if all(view.state in ENDED for view in views):
            return views
        time.sleep(0.05)
    raise SystemExit(f"releases did not end: {[view.state for view in views]}")


def held_findings(views: list[ReleaseView]) -> list[str]:
    """Why releases of a batch did not go out: their reason and their channels' error findings."""
    return [
        f"{view.reason}: "
        + "; ".join(
            f"{name} {finding.rule}: {finding.message}"
            for name, channel in view.channels.items()
            for finding in channel.findings
            if finding.severity == "error"
        )
        for view in views
        if view.state != "released"
    ]


def channel_times(view: ReleaseView) -> list[float]:
    """Each channel's own render + check time on the workers, from the record."""
    return [
        (channel.finished_at - channel.started_at).total_seconds()
        for channel in view.channels.values()
        if channel.started_at is not None and channel.finished_at is not None
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--channels", default="audio,web,newsletter")
    options = parser.parse_args()
    load_before = load_average()
    os.environ.setdefault("PUBLISHER_CONFIG", str(REPO / "examples" / "publisher.toml"))
    os.environ.setdefault("PUBLISHER_A11Y__BROWSER_STAGE", "false")
    work = Path(tempfile.mkdtemp(prefix="release-throughput-"))
    database = f"sqlite:///{work / 'releases.db'}"
    run_id = uuid.uuid4().hex[:8]
    base = Settings().model_copy(
        update={"broker_url": BROKER, "database_url": database, "staging_dir": work / "staging"}
    )
    solo = base.model_copy(update={"queue": f"f-release-bench-{run_id}-solo"})
    shared = base.model_copy(update={"queue": f"f-release-bench-{run_id}-shared"})
    floor_settings = base.model_copy(update={"broker_url": None})
    workers = Workers(work, database, solo, shared)
    latencies: list[float] = []
    sums: list[float] = []
    longest: list[float] = []

    def floor(round_number: int) -> None:
        # The floor runs its steps straight (run_in_process needs no broker): the process's app stays
        # pointed at the benchmark's broker for the other variants.
        path = article(work, f"floor{round_number}")
        staged = stage_release(
            parse_article(path),
            work / f"floor-site-{round_number}",
            options.channels.split(","),
            floor_settings,
        )
        run_in_process(staged)

    def one(round_number: int) -> None:
        path = article(work, f"one{round_number}")
        started = time.perf_counter()
        view = queue_release(
            shared, path, work / f"one-site-{round_number}", queued_by="benchmark", channels=options.channels
        )
        (done,) = wait_ended(shared, [view.id])
        latencies.append(time.perf_counter() - started)
        sums.append(sum(channel_times(done)))
        longest.append(max(channel_times(done)))

    def batch(settings: Settings, label: str) -> object:
        def run(round_number: int) -> None:
            site = work / f"{label}-site-{round_number}"
            ids = [
                queue_release(
                    settings,
                    article(work, f"{label}{round_number}n{n}"),
                    site,
                    queued_by="benchmark",
                    channels=options.channels,
                ).id
                for n in range(options.batch)
            ]
            views = wait_ended(settings, ids)
            assert all(view.state == "released" for view in views), held_findings(views)

        return run

    try:
        seconds = interleaved(
            {"floor": floor, "one": one, "batch1": batch(solo, "batch1"), "batch2": batch(shared, "batch2")},
            options.rounds,
        )
        lateness = embargo_lateness(work, solo, options.channels)
    finally:
        workers.stop()
        shutil.rmtree(work, ignore_errors=True)
    figures = report(seconds, latencies, (sums, longest), lateness, options)
    floor_name = "the same release staged, rendered, checked and released in one process (run_in_process)"
    print(f"results: {record('release_throughput', floor_name, figures, load_before)}")


def embargo_lateness(work: Path, settings: Settings, channels: str) -> float:
    """Seconds between an embargo's end and the record saying released (sweeper every 0.25 s)."""
    embargo = (datetime.now(UTC) + timedelta(seconds=20)).replace(microsecond=0)
    view = queue_release(
        settings,
        article(work, "sperrfrist"),
        work / "embargo-site",
        queued_by="benchmark",
        channels=channels,
        embargo=embargo,
    )
    (done,) = wait_ended(settings, [view.id])
    assert done.state == "released" and done.released_at is not None, done.reason
    return (done.released_at - embargo).total_seconds()


def report(
    seconds: dict[str, list[float]],
    latencies: list[float],
    channels: tuple[list[float], list[float]],
    lateness: float,
    options: argparse.Namespace,
) -> list[Figure]:
    per_minute = {
        name: [options.batch * 60 / value for value in seconds[name]] for name in ("batch1", "batch2")
    }
    sums, longest = channels
    overhead = pairwise_ratios(latencies, sums)
    critical = pairwise_ratios(latencies, longest)
    against_floor = pairwise_ratios(seconds["one"], seconds["floor"])
    scaling = pairwise_ratios(per_minute["batch2"], per_minute["batch1"])
    print(f"channels: {options.channels}; rounds: {options.rounds}; batch: {options.batch} releases")
    print(f"floor, one release in one process: {summary(seconds['floor'])} s")
    print(f"one release on workers, queued to released: {summary(latencies)} s")
    print(f"sum of its channels' render + check on the workers: {summary(sums)} s")
    print(f"its longest channel's render + check: {summary(longest)} s")
    print(f"latency / channel sum, pair by pair: {', '.join(f'{r:.2f}' for r in overhead)}")
    print(f"latency / longest channel, pair by pair: {', '.join(f'{r:.2f}' for r in critical)}")
    print(f"latency / floor, pair by pair: {', '.join(f'{r:.2f}' for r in against_floor)}")
    print(f"releases per minute, one worker: {summary(per_minute['batch1'])}")
    print(f"releases per minute, two workers: {summary(per_minute['batch2'])}")
    print(f"two workers / one, pair by pair: {', '.join(f'{r:.2f}' for r in scaling)}")
    print(f"embargo: released {lateness:.2f} s after its end")
    median_overhead = statistics.median(overhead)
    median_scaling = statistics.median(scaling)
    return [
        Figure(
            "one release: latency / its channels' render + check",
            round(median_overhead, 3),
            "x",
            "< 1.10",
            median_overhead < 1.10,
        ),
        Figure(
            "one release: latency / its longest channel's render + check",
            round(statistics.median(critical), 3),
            "x",
        ),
        Figure("one release: latency on workers / floor", round(statistics.median(against_floor), 3), "x"),
        Figure("releases per minute, one worker", round(statistics.median(per_minute["batch1"]), 1), "/min"),
        Figure("releases per minute, two workers", round(statistics.median(per_minute["batch2"]), 1), "/min"),
        Figure("two workers / one worker", round(median_scaling, 2), "x", ">= 1.7", median_scaling >= 1.7),
        Figure("embargo: released after its end", round(lateness, 2), "s", "<= 2", lateness <= 2),
    ]


if __name__ == "__main__":
    main()
