"""Newsletter delivery speed: the real path against a bare smtplib loop, to the same local SMTP sink.

    python benchmarks/newsletter_delivery.py [--subscribers 10000] [--batch-size 500] [--rounds 2]

The sink is aiosmtpd's Sink handler in its own process. Each sender run is a process of its
own too, in ABBA order (bare, real, real, bare, ...), so neither competes with the sink or the
other for the GIL and a load that drifts during the run weighs on both alike.

- real path: ``N`` confirmed subscribers in a fresh SQLite store; ``queue_release`` and
  ``plan_batches``, then ``deliver_batch`` for every batch, exactly as the Celery batch task
  calls it: per-subscriber tokens and personalisation of the once-compiled edition, the
  sending governor (rate set far above the sink's speed so it never waits), one SMTP
  connection per batch, and every delivery committed as it is accepted.
- bare loop: one pre-built message of the same edition, ``smtplib.SMTP.sendmail`` ``N`` times
  over one connection.

Prints messages per second of both, their ratio (target: at least 0.80) and the real
path's peak resident memory (target: under 200 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "examples" / "breitband-foerderung.md"
TARGET_RATIO = 0.80
TARGET_MEMORY_MB = 200


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the SMTP sink on port {port} did not start")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def real_path(count: int) -> dict[str, float]:
    """Child process: seed the store, then deliver through publisher.delivery as a worker would."""
    from sqlalchemy import insert

    from publisher.delivery import deliver_batch, delivery_summary, plan_batches, queue_release
    from publisher.settings import get_settings
    from publisher.sources import parse_article
    from publisher.store import Subscriber, open_store

    settings = get_settings()
    store = open_store(settings.database_url)
    now = datetime.now(UTC)
    with store.engine.begin() as connection:
        connection.execute(
            insert(Subscriber),
            [
                {"email": f"leser{number}@example.org", "status": "confirmed", "language": "de",
                 "format": "html", "audio_first": False, "consent_source": "benchmark", "created_at": now,
                 "confirmed_at": now, "nonce": secrets.token_hex(8)}
                for number in range(count)
            ],
        )  # fmt: skip
    article = parse_article(ARTICLE).article
    start, cpu = time.perf_counter(), _cpu_seconds()
    release_id = queue_release(store, article)
    for batch in plan_batches(store, release_id, settings.newsletter.batch_size):
        deliver_batch(settings, release_id, batch, store=store)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    summary = delivery_summary(store, release_id)
    return {"seconds": seconds, "cpu": cpu, "sent": summary.sent, "peak_mb": _peak_mb()}


def bare_loop(count: int, port: int) -> dict[str, float]:
    """Child process: one pre-built message of the same edition, sent ``count`` times over one connection."""
    from publisher.channels.newsletter.compose import compile_edition
    from publisher.channels.newsletter.message import MessageFactory, Recipient
    from publisher.settings import get_settings
    from publisher.sources import parse_article

    settings = get_settings()
    edition = compile_edition(parse_article(ARTICLE).article, settings)
    message = MessageFactory(edition, settings).build(Recipient("leser@example.org", "token", "bare"))
    start, cpu = time.perf_counter(), _cpu_seconds()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for _ in range(count):
            client.sendmail("newsletter@example.org", ["leser@example.org"], message)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu, "sent": count, "peak_mb": _peak_mb()}


def _child(mode: str, count: int, port: int, env: dict[str, str]) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--subscribers", str(count), "--port", str(port)],
        env=env, check=True, capture_output=True, text=True, cwd=REPO,
    ).stdout  # fmt: skip
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2, help="Runs of each sender, in ABBA order.")
    parser.add_argument("--child", choices=["real", "bare"])
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    if options.child == "real":
        print(json.dumps(real_path(options.subscribers)))
        return
    if options.child == "bare":
        print(json.dumps(bare_loop(options.subscribers, options.port)))
        return

    port = _free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "real": []}
    try:
        _wait_for(port)
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "PUBLISHER_NEWSLETTER__SMTP_URL": f"smtp://127.0.0.1:{port}",
                "PUBLISHER_NEWSLETTER__SECRET_KEY": secrets.token_urlsafe(32),
                "PUBLISHER_NEWSLETTER__BATCH_SIZE": str(options.batch_size),
                "PUBLISHER_NEWSLETTER__RATE_PER_SECOND": "1000000000",
                "PUBLISHER_NEWSLETTER__BURST": "1000000",
            }
            # ABBA order: a load that drifts during the run (the machine is shared) hits both equally.
            for number, mode in enumerate(["bare", "real"] + ["real", "bare"] * (options.rounds - 1)):
                database = f"sqlite:///{Path(folder) / f'benchmark-{number}.db'}"
                runs[mode].append(
                    _child(mode, options.subscribers, port, {**env, "PUBLISHER_DATABASE_URL": database})
                )
    finally:
        sink.terminate()
        sink.wait()
    print(f"messages: {options.subscribers} per run (batches of {options.batch_size}), {options.rounds} runs")
    print("of each sender, to one aiosmtpd sink on loopback; sender CPU per message is independent of load")
    rates = {}
    for mode, name in (("bare", "bare smtplib loop "), ("real", "real delivery path")):
        sent = sum(run["sent"] for run in runs[mode])
        seconds = sum(run["seconds"] for run in runs[mode])
        cpu_ms = 1000 * sum(run["cpu"] for run in runs[mode]) / sent
        rates[mode] = sent / seconds
        each = ", ".join(f"{run['sent'] / run['seconds']:.0f}" for run in runs[mode])
        print(f"{name}: {rates[mode]:8.0f} msg/s  (runs: {each}; sender CPU {cpu_ms:.3f} ms/message)")
    ratio = rates["real"] / rates["bare"]
    verdict = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
    print(f"ratio real/bare   : {ratio:8.2f}  (target >= {TARGET_RATIO:.2f}: {verdict})")
    peak = max(run["peak_mb"] for run in runs["real"])
    memory = "ok" if peak < TARGET_MEMORY_MB else "ABOVE TARGET"
    print(f"real path peak RSS: {peak:8.1f} MB (target < {TARGET_MEMORY_MB} MB: {memory})")


if __name__ == "__main__":
    main()
