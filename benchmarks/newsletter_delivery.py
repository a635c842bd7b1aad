"""Newsletter delivery speed: the real path, a bare smtplib loop and a raw-socket floor, to one local sink.

    python benchmarks/newsletter_delivery.py [--sizes 10000,50000] [--batch-size 500] [--rounds 2[,1]]

The sink is aiosmtpd's Sink handler in its own process. Each sender run is a process of its
own too, in ABBA order (bare, real, real, bare, ...), so neither competes with the sink or the
other for the GIL and a load that drifts during the run weighs on both alike.

- real path: ``N`` confirmed subscribers in a fresh SQLite store; ``queue_release`` and
  ``plan_batches``, then ``deliver_batch`` for every batch, exactly as the Celery batch task
  calls it: per-subscriber tokens and personalisation of the once-compiled edition, the
  sending governor (rate set far above the sink's speed so it never waits), one SMTP
  connection per batch, every accepted message written to the send journal before the next
  one's DATA and recorded in the database ``record_every`` (default) at a time.
  Topics and variants are on: the subscribers read German or English, HTML or text only, and
  chose every topic or the article's kicker (so all get it, and the topic filter runs). The
  article has no spoken version here, so the listen-link order makes no second edition.
- bare loop: one pre-built message of the same edition, ``smtplib.SMTP.sendmail`` ``N`` times
  over one connection.
- floor: the same pre-built message written ``N`` times to a raw socket (MAIL, RCPT, DATA and the
  dot-stuffed body, each answer read), the cheapest way to hand the sink the same bytes.

Every round runs the three in turn, rotating who goes first. Prints messages per second of each,
the real/bare ratio pair by pair (target: at least 0.80) and the real path's peak resident memory
(target: under 200 MB), and writes ``benchmarks/results/newsletter_delivery.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from record import Figure, load_average, pairwise_ratios, record

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
    from publisher.store.subscribers import encode_topics

    settings = get_settings()
    store = open_store(settings.database_url)
    now = datetime.now(UTC)
    article = parse_article(ARTICLE).article
    kicker = article.kicker or "Breitband"
    article = article.model_copy(update={"kicker": kicker})
    with store.engine.begin() as connection:
        connection.execute(
            insert(Subscriber),
            [
                {"email": f"leser{number}@example.org", "status": "confirmed",
                 "language": "en" if number % 3 == 0 else "de",
                 "format": "text" if number % 4 == 0 else "html",
                 "audio_first": number % 2 == 0, "consent_source": "benchmark", "created_at": now,
                 "confirmed_at": now, "nonce": secrets.token_hex(8),
                 "topics": encode_topics([kicker] if number % 2 else [])}
                for number in range(count)
            ],
        )  # fmt: skip
    start, cpu = time.perf_counter(), _cpu_seconds()
    release_id = queue_release(store, article)
    for batch in plan_batches(store, release_id, settings.newsletter.batch_size):
        deliver_batch(settings, release_id, batch, store=store)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    summary = delivery_summary(store, release_id)
    return {"seconds": seconds, "cpu": cpu, "sent": summary.sent, "peak_mb": _peak_mb()}


def _one_message() -> bytes:
    from publisher.channels.newsletter.compose import compile_edition
    from publisher.channels.newsletter.message import MessageFactory, Recipient
    from publisher.settings import get_settings
    from publisher.sources import parse_article

    settings = get_settings()
    edition = compile_edition(parse_article(ARTICLE).article, settings)
    return MessageFactory(edition, settings).build(Recipient("leser@example.org", "token", "bare"))


def bare_loop(count: int, port: int) -> dict[str, float]:
    """Child process: one pre-built message of the same edition, sent ``count`` times over one connection."""
    message = _one_message()
    start, cpu = time.perf_counter(), _cpu_seconds()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for _ in range(count):
            client.sendmail("newsletter@example.org", ["leser@example.org"], message)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu, "sent": count, "peak_mb": _peak_mb()}


def _answer(reader: Any) -> None:
    while True:  # a reply may span lines "250-..." until "250 ..."
        line = reader.readline()
        if not line or line[3:4] != b"-":
            if not line or line[:1] not in b"23":
                raise RuntimeError(f"the sink refused: {line!r}")
            return


def raw_socket(count: int, port: int) -> dict[str, float]:
    """Child process: the floor; the same bytes as the bare loop over a raw socket, every answer read."""
    message = _one_message().replace(b"\r\n.", b"\r\n..")
    envelope = b"MAIL FROM:<newsletter@example.org>\r\nRCPT TO:<leser@example.org>\r\nDATA\r\n"
    start, cpu = time.perf_counter(), _cpu_seconds()
    with socket.create_connection(("127.0.0.1", port)) as connection, connection.makefile("rb") as reader:
        _answer(reader)
        connection.sendall(b"EHLO floor\r\n")
        _answer(reader)
        for _ in range(count):
            for command in envelope.split(b"\r\n")[:3]:
                connection.sendall(command + b"\r\n")
                _answer(reader)
            connection.sendall(message + b"\r\n.\r\n")
            _answer(reader)
        connection.sendall(b"QUIT\r\n")
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu, "sent": count, "peak_mb": _peak_mb()}


SENDERS = {"real": real_path, "bare": bare_loop, "floor": raw_socket}


def _child(mode: str, count: int, port: int, env: dict[str, str]) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--subscribers", str(count), "--port", str(port)],
        env=env, check=True, capture_output=True, text=True, cwd=REPO,
    ).stdout  # fmt: skip
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def _measure(
    size: int, rounds: int, port: int, env: dict[str, str], folder: Path
) -> dict[str, list[dict[str, float]]]:
    """Every sender once per round, rotating who goes first, each on a fresh database."""
    runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in SENDERS}
    order = list(SENDERS)
    for round_number in range(rounds):
        for mode in order[round_number % 3 :] + order[: round_number % 3]:
            database = f"sqlite:///{folder / f'benchmark-{size}-{round_number}-{mode}.db'}"
            runs[mode].append(_child(mode, size, port, {**env, "PUBLISHER_DATABASE_URL": database}))
    return runs


def _report(size: int, runs: dict[str, list[dict[str, float]]]) -> list[Figure]:
    rates = {mode: [run["sent"] / run["seconds"] for run in runs[mode]] for mode in runs}
    for mode in ("floor", "bare", "real"):
        cpu_ms = 1000 * sum(run["cpu"] for run in runs[mode]) / sum(run["sent"] for run in runs[mode])
        each = ", ".join(f"{rate:.0f}" for rate in rates[mode])
        print(f"{size:>6} {mode:5}: median {statistics.median(rates[mode]):7.0f} msg/s (runs: {each}; "
              f"sender CPU {cpu_ms:.3f} ms/message)")  # fmt: skip
    ratios = pairwise_ratios(rates["real"], rates["bare"])
    ratio = statistics.median(ratios)
    floor_ratio = statistics.median(pairwise_ratios(rates["real"], rates["floor"]))
    peak = max(run["peak_mb"] for run in runs["real"])
    pairs = ", ".join(f"{value:.2f}" for value in ratios)
    verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
    print(
        f"{size:>6} real/bare pair by pair: {pairs}; median {ratio:.2f} "
        f"(target >= {TARGET_RATIO:.2f}: {verdict})"
    )
    print(f"{size:>6} real/floor (median of pairs): {floor_ratio:.2f}")
    print(f"{size:>6} real path peak RSS: {peak:.1f} MB (target < {TARGET_MEMORY_MB} MB: "
          f"{'met' if peak < TARGET_MEMORY_MB else 'MISSED'})")  # fmt: skip
    return [
        Figure(f"delivery {size:,} subscribers, real path", round(statistics.median(rates["real"])), "msg/s"),
        Figure(f"delivery {size:,}, bare smtplib loop", round(statistics.median(rates["bare"])), "msg/s"),
        Figure(f"delivery {size:,}, raw-socket floor", round(statistics.median(rates["floor"])), "msg/s"),
        Figure(f"delivery {size:,}, real / bare smtplib", round(ratio, 2), "x", f">= {TARGET_RATIO}",
               ratio >= TARGET_RATIO),
        Figure(f"delivery {size:,}, real path peak memory", round(peak, 1), "MB", f"< {TARGET_MEMORY_MB}",
               peak < TARGET_MEMORY_MB),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,50000", help="Subscriber counts, comma-separated.")
    parser.add_argument("--subscribers", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--rounds", default="2", help="Rounds of the three senders per size; one number, or one per size."
    )
    parser.add_argument("--child", choices=list(SENDERS))
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    if options.child == "real":
        print(json.dumps(real_path(options.subscribers)))
        return
    if options.child:
        print(json.dumps(SENDERS[options.child](options.subscribers, options.port)))  # type: ignore[call-arg]
        return
    load_before = load_average()
    sizes = [int(size) for size in options.sizes.split(",")]
    rounds = [int(number) for number in options.rounds.split(",")]
    rounds += [rounds[-1]] * (len(sizes) - len(rounds))
    port = _free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    figures: list[Figure] = []
    print("floor: the same message to the same aiosmtpd sink over a raw socket")
    print(f"batches of {options.batch_size}; rounds per size: {', '.join(map(str, rounds[: len(sizes)]))}")
    try:
        _wait_for(port)
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "PUBLISHER_NEWSLETTER__SMTP_URL": f"smtp://127.0.0.1:{port}",
                "PUBLISHER_NEWSLETTER__SECRET_KEY": secrets.token_urlsafe(32),
                "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://abo.example.de/",
                "PUBLISHER_NEWSLETTER__BATCH_SIZE": str(options.batch_size),
                "PUBLISHER_NEWSLETTER__RATE_PER_SECOND": "1000000000",
                "PUBLISHER_NEWSLETTER__BURST": "1000000",
            }
            for size, size_rounds in zip(sizes, rounds, strict=False):
                figures += _report(size, _measure(size, size_rounds, port, env, Path(folder)))
    finally:
        sink.terminate()
        sink.wait()
    print(f"load average before: {load_before}, after: {load_average()}")
    floor = (
        "the same pre-built message over a raw socket to the same aiosmtpd sink (beside a bare smtplib loop)"
    )
    record("newsletter_delivery", floor, figures, load_before)


if __name__ == "__main__":
    main()
