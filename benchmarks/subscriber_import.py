"""Subscriber import speed: ``publisher subscribers import`` of a 10,000-row list against the bare floor.

    python benchmarks/subscriber_import.py [--rows 10000] [--rounds 5]

Both sides run as a fresh process (interpreter start included) on a copy of the same migrated,
empty SQLite database, made before the timing starts, in turns (A B A B ...):

- import: ``python -m publisher.cli subscribers import LIST.csv`` as a press office runs it: every
  row read and checked (address validation, languages, formats, consent dates), then all rows in
  one transaction (bulk statements, confirmation emails queued for the rows without consent).
- floor: the cheapest way to store the same rows: ``csv`` and ``sqlite3.executemany`` of the
  raw cells into the same table in one transaction, nothing checked.

Prints the median seconds of both, the ratio pair by pair, and holds the import to under 3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from record import Figure, interleaved, load_average, pairwise_ratios, record, summary

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 3.0
FLOOR = """
import csv, secrets, sqlite3, sys
from datetime import datetime, timezone
now = datetime.now(timezone.utc).isoformat()
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    rows = list(csv.DictReader(handle))
connection = sqlite3.connect(sys.argv[2])
with connection:
    connection.executemany(
        "INSERT INTO subscribers (email, status, language, format, audio_first, consent_source, created_at,"
        " confirmed_at, nonce, version, soft_bounces, topics)"
        " VALUES (?, ?, ?, ?, ?, 'floor', ?, ?, ?, 0, 0, '')",
        [(row["email"], "confirmed" if row["consented_at"] else "pending", row["language"], row["format"],
          row["audio_first"] == "1", now, row["consented_at"] or None, secrets.token_hex(8)) for row in rows],
    )
"""


def _write_list(path: Path, rows: int) -> None:
    lines = ["email,language,format,audio_first,consented_at"]
    for number in range(rows):
        consent = "2026-01-05T10:00:00+01:00" if number % 2 else ""
        language = "en" if number % 3 else "de"
        lines.append(f"leserin.{number}@beispiel-{number % 97}.de,{language},html,{number % 2},{consent}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _migrated_database(folder: Path, env: dict[str, str]) -> Path:
    template = folder / "template.db"
    environment = {**env, "PUBLISHER_DATABASE_URL": f"sqlite:///{template}"}
    command = [sys.executable, "-m", "publisher.cli", "subscribers", "list"]
    subprocess.run(command, check=True, cwd=folder, env=environment, capture_output=True)
    return template


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    load_before = load_average()
    folder = Path(tempfile.mkdtemp(prefix="publisher-import-bench-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    env.update(PYTHONPATH=str(REPO), PUBLISHER_NEWSLETTER__SECRET_KEY="Wq3" + os.urandom(24).hex())
    try:
        listing = folder / "liste.csv"
        _write_list(listing, options.rows)
        template = _migrated_database(folder, env)
        copies = {
            side: [folder / f"{side}-{n}.db" for n in range(options.rounds)] for side in ("import", "floor")
        }
        for path in copies["import"] + copies["floor"]:
            shutil.copyfile(template, path)

        cpu: dict[str, list[float]] = {"import": [], "floor": []}

        def timed_cpu(side: str, command: list[str], environment: dict[str, str]) -> None:
            # The processor time of the child too: on a loaded machine wall time says more about the others.
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True, cwd=folder, env=environment, capture_output=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[side].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

        def run_import(round_number: int) -> None:
            url = f"sqlite:///{copies['import'][round_number]}"
            command = [sys.executable, "-m", "publisher.cli", "subscribers", "import", str(listing)]
            timed_cpu("import", command, {**env, "PUBLISHER_DATABASE_URL": url})

        def run_floor(round_number: int) -> None:
            timed_cpu(
                "floor", [sys.executable, "-c", FLOOR, str(listing), str(copies["floor"][round_number])], env
            )

        seconds = interleaved({"import": run_import, "floor": run_floor}, options.rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratios = pairwise_ratios(seconds["import"], seconds["floor"])
    median = statistics.median(seconds["import"])
    print(f"floor: csv + sqlite3.executemany in one transaction, fresh process, {options.rows} rows")
    print(f"import  seconds: {summary(seconds['import'])}")
    print(f"floor   seconds: {summary(seconds['floor'])}")
    print(f"import / floor, pair by pair: {', '.join(f'{ratio:.2f}' for ratio in ratios)}")
    print(f"import  CPU seconds: {summary(cpu['import'])}; floor CPU seconds: {summary(cpu['floor'])}")
    print(f"load average before: {load_before}, after: {load_average()}")
    met = median < TARGET_SECONDS
    verdict = "met" if met else "MISSED"
    print(
        f"import of {options.rows} rows: {median:.2f} s wall (target under {TARGET_SECONDS:g} s): {verdict}"
    )
    record(
        "subscriber_import",
        f"csv + sqlite3.executemany of the same {options.rows} rows in one transaction (fresh process)",
        [
            Figure(
                f"subscriber import, {options.rows} rows", round(median, 3), "s", f"< {TARGET_SECONDS:g}", met
            ),
            Figure("floor (csv + executemany)", round(statistics.median(seconds["floor"]), 3), "s"),
            Figure("import / floor (median of pairs)", round(statistics.median(ratios), 2), "x"),
            Figure(
                f"subscriber import, {options.rows} rows, CPU",
                round(statistics.median(cpu["import"]), 3),
                "s",
            ),
            Figure("floor, CPU", round(statistics.median(cpu["floor"]), 3), "s"),
        ],
        load_before,
    )


if __name__ == "__main__":
    main()
