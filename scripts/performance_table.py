"""Build the README's performance table from the benchmarks' results files, and nothing else.

Each ``benchmarks/results/<name>.json`` is written by ``benchmarks/record.py`` at the end of a run (its shape
is documented there). The table lists every printed figure with its target and whether it was met, then
every run with its floor, machine, load and date, and the command that reproduces it.

Usage: python scripts/performance_table.py   (prints the Markdown)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results"
UNITS = {"x": "×"}
REQUIRED = ("benchmark", "command", "date", "machine", "floor", "figures")


class ResultsFileError(ValueError):
    """A results file that cannot be read or lacks a field the table needs."""


def _cell(text: object) -> str:
    """Text made safe for one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _value(figure: dict[str, Any]) -> str:
    unit = str(figure.get("unit", ""))
    shown = UNITS.get(unit, unit)
    number = f"{float(figure['value']):.3g}"
    return f"{number}{shown}" if shown in {"×", "%"} else f"{number} {shown}".rstrip()


def _met(figure: dict[str, Any]) -> str:
    met = figure.get("met")
    return "" if met is None else ("yes" if met else "**no**")


def _load(run: dict[str, Any]) -> str:
    """The 1-minute load average before and after the run, on how many cores."""
    before, after = run.get("load_before") or [], run.get("load_after") or []
    if not before and not after:
        return "unknown"
    first = f"{before[0]:g}" if before else "?"
    last = f"{after[0]:g}" if after else "?"
    return f"{first} → {last} on {run.get('cpus', '?')} cores"


def load_results(folder: Path = RESULTS) -> list[dict[str, Any]]:
    """Every results file in ``folder``, sorted by benchmark name; a broken file names itself."""
    runs = []
    for path in sorted(folder.glob("*.json")):
        try:
            run = json.loads(path.read_text(encoding="utf-8"))
            missing = [field for field in REQUIRED if field not in run]
            if missing:
                raise KeyError(", ".join(missing))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ResultsFileError(f"{path}: not a benchmark results file ({error!r})") from error
        runs.append(run)
    return sorted(runs, key=lambda run: str(run["benchmark"]))


def performance_table(folder: Path = RESULTS) -> str:
    """The Markdown of the figures table and the runs table."""
    runs = load_results(folder)
    if not runs:
        return "No benchmark has recorded results yet (`benchmarks/results/` is empty)."
    figures = ["| benchmark | figure | value | target | met |", "|---|---|---|---|---|"]
    for run in runs:
        for figure in run["figures"]:
            figures.append(
                f"| `{_cell(run['benchmark'])}` | {_cell(figure['label'])} | {_value(figure)} "
                f"| {_cell(figure.get('target', ''))} | {_met(figure)} |"
            )
    details = [
        "| benchmark | floor | date (UTC) | machine | load (1 min) | command |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        date = str(run["date"])[:16].replace("T", " ")
        details.append(
            f"| `{_cell(run['benchmark'])}` | {_cell(run['floor'])} | {_cell(date)} "
            f"| {_cell(run['machine'])} | {_load(run)} | `{_cell(run['command'])}` |"
        )
    return "\n".join([*figures, "", *details])


if __name__ == "__main__":
    print(performance_table())
