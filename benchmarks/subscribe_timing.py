"""Subscribe answer times by the address's state: an outsider must not tell who is subscribed.

    python benchmarks/subscribe_timing.py [--rounds 300] [--database-url postgresql+psycopg://...]

The subscription app runs under uvicorn on a loopback port with a SMTP server that accepts
everything (aiosmtpd, in this process), so confirmation emails really go out in the background
while requests are timed. Each round posts the form once for an address in each of the five
states (unknown, pending, confirmed, unsubscribed, bounced) in a shuffled order over one
keep-alive connection; every state gets fresh addresses each round, so an "unknown" or
"unsubscribed" address is that the moment it is asked about. The floor is the unknown address
(the one that used to wait for SMTP).

Prints per state the median, 10th and 90th percentile answer time and the ratio of medians to
the unknown address, plus the largest ratio (target: within 0.95 to 1.05), and checks that every
answer had the same status and body.
"""

from __future__ import annotations

import argparse
import http.client
import random
import secrets
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from record import Figure, load_average, record  # noqa: E402 - benchmarks/ is on the path as the script's folder

STATES = ("unknown", "pending", "confirmed", "unsubscribed", "bounced")
TARGET = (0.95, 1.05)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _prepare(database_url: str, rounds: int) -> None:
    from sqlalchemy import update

    from publisher.store import Subscriber, add_subscriber, open_store, unsubscribe

    now = datetime.now(UTC)
    with open_store(database_url).session() as session:
        for number in range(rounds):
            add_subscriber(session, f"pending{number}@example.org", source="benchmark")
            add_subscriber(session, f"confirmed{number}@example.org", source="benchmark", confirmed_at=now)
            leaver = add_subscriber(
                session, f"unsubscribed{number}@example.org", source="b", confirmed_at=now
            )
            unsubscribe(session, leaver)
            add_subscriber(session, f"bounced{number}@example.org", source="benchmark", confirmed_at=now)
        session.execute(
            update(Subscriber)
            .where(Subscriber.email.like("bounced%"))
            .values(status="bounced", bounced_at=now)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    options = parser.parse_args()
    load_before = load_average()

    import uvicorn
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from publisher.api import create_app
    from publisher.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="publisher-subscribe-timing-"))
    database_url = options.database_url or f"sqlite:///{folder / 'abo.db'}"
    smtp_port, app_port = _free_port(), _free_port()
    smtp = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    settings = Settings(
        database_url=database_url,
        newsletter={
            "secret_key": secrets.token_urlsafe(32),
            "smtp_url": f"smtp://127.0.0.1:{smtp_port}",
            "subscriptions_url": f"http://127.0.0.1:{app_port}/",
        },
    )
    _prepare(database_url, options.rounds + 20)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=app_port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)

    connection = http.client.HTTPConnection("127.0.0.1", app_port)
    times: dict[str, list[float]] = {state: [] for state in STATES}
    answers: set[tuple[int, bytes]] = set()
    order = list(STATES)
    for number in range(options.rounds + 20):
        random.shuffle(order)
        for state in order:
            body = urlencode({"email": f"{state}{number}@example.org", "consent": "1"})
            started = time.perf_counter()
            connection.request(
                "POST", "/subscribe", body, {"Content-Type": "application/x-www-form-urlencoded"}
            )
            response = connection.getresponse()
            content = response.read()
            elapsed = time.perf_counter() - started
            if number >= 20:  # the first rounds warm caches and connections up
                times[state].append(elapsed)
                answers.add((response.status, content))
    server.should_exit = True
    thread.join(30)
    smtp.stop()

    floor = statistics.median(times["unknown"])
    print(f"{options.rounds} rounds, {settings.database_url.split(':', 1)[0]}; answer time per state:")
    print(f"{'state':<14}{'median ms':>10}{'p10 ms':>9}{'p90 ms':>9}{'ratio':>8}")
    ratios = []
    for state in STATES:
        values = sorted(times[state])
        median = statistics.median(values)
        ratio = median / floor
        ratios.append(ratio)
        p10, p90 = values[len(values) // 10], values[len(values) * 9 // 10]
        print(f"{state:<14}{median * 1000:>10.2f}{p10 * 1000:>9.2f}{p90 * 1000:>9.2f}{ratio:>8.3f}")
    worst = max(ratios, key=lambda ratio: abs(ratio - 1))
    print(f"largest ratio of medians to the unknown address: {worst:.3f} (target {TARGET[0]}–{TARGET[1]})")
    print(f"distinct answers (status, body): {len(answers)} (target 1)")
    dialect = settings.database_url.split(":", 1)[0].split("+", 1)[0]
    floor_text = f"POST /subscribe for an unknown address ({dialect})"
    print(f"floor: {floor_text}")
    figures = [
        Figure(f"{state} / unknown, median answer time ({dialect})", ratio, "x")
        for state, ratio in zip(STATES[1:], ratios[1:], strict=True)
    ]
    figures.append(Figure(f"unknown address, median ({dialect})", floor * 1000, "ms"))
    figures.append(
        Figure(
            f"largest ratio of medians ({dialect})",
            worst,
            "x",
            f"{TARGET[0]}–{TARGET[1]}",
            TARGET[0] <= worst <= TARGET[1],
        )
    )
    figures.append(Figure("distinct answers", len(answers), "", "1", len(answers) == 1))
    name = "subscribe_timing" if dialect == "sqlite" else f"subscribe_timing_{dialect}"
    record(name, floor_text, figures, load_before)


if __name__ == "__main__":
    main()
