"""The README's performance table shows what the benchmarks' results files hold, and only that."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.performance_table import ResultsFileError, performance_table


def _results(folder: Path, name: str, **changes: object) -> None:
    document: dict[str, object] = {
        "benchmark": name,
        "command": f"python benchmarks/{name}.py --rounds 5",
        "date": "2026-11-30T10:15:42+00:00",
        "machine": "Testprozessor, 2 cores, Python 3.11.2",
        "cpus": 2,
        "load_before": [1.5, 1.2, 1.0],
        "load_after": [2.25, 1.4, 1.1],
        "floor": "python -c pass",
        "figures": [
            {"label": "start-up / floor", "value": 4.1234, "unit": "x", "target": "< 10", "met": True},
            {"label": "start-up", "value": 0.51, "unit": "s", "target": "< 0.3 s", "met": False},
            {"label": "peak memory", "value": 88.0, "unit": "MB", "target": "", "met": None},
        ],
    }
    document.update(changes)
    (folder / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")


def test_every_figure_becomes_a_row_with_its_target_and_verdict(tmp_path: Path) -> None:
    """Each figure shows its value with unit, its target and whether it was met; a miss stands out."""
    _results(tmp_path, "startup")
    table = performance_table(tmp_path)
    assert "| `startup` | start-up / floor | 4.12× | < 10 | yes |" in table
    assert "| `startup` | start-up | 0.51 s | < 0.3 s | **no** |" in table
    assert "| `startup` | peak memory | 88 MB |  |  |" in table


def test_each_run_names_floor_machine_load_date_and_command(tmp_path: Path) -> None:
    """A reader can tell when, where and under what load a figure was taken, and how to take it again."""
    _results(tmp_path, "startup")
    table = performance_table(tmp_path)
    assert (
        "| `startup` | python -c pass | 2026-11-30 10:15 | Testprozessor, 2 cores, Python 3.11.2 "
        "| 1.5 → 2.25 on 2 cores | `python benchmarks/startup.py --rounds 5` |"
    ) in table


def test_runs_are_listed_by_name_whatever_order_the_files_came_in(tmp_path: Path) -> None:
    """The table does not change with the order the file system lists the results in."""
    _results(tmp_path, "web_publish")
    _results(tmp_path, "audio_vs_bare")
    table = performance_table(tmp_path)
    assert table.index("`audio_vs_bare`") < table.index("`web_publish`")


def test_no_results_says_so_instead_of_an_empty_table(tmp_path: Path) -> None:
    """An empty results folder is stated plainly rather than shown as a table without rows."""
    assert "No benchmark has recorded results yet" in performance_table(tmp_path)


def test_a_pipe_in_a_label_does_not_break_the_table(tmp_path: Path) -> None:
    """Text from a results file cannot add columns to the Markdown table."""
    _results(tmp_path, "pipes", floor="espeak-ng | lame")
    assert "espeak-ng \\| lame" in performance_table(tmp_path)


@pytest.mark.parametrize("content", ["{not json", json.dumps({"benchmark": "halb"})])
def test_a_broken_results_file_is_named(tmp_path: Path, content: str) -> None:
    """A truncated or incomplete results file fails with its path, not with a half-built table."""
    (tmp_path / "kaputt.json").write_text(content, encoding="utf-8")
    with pytest.raises(ResultsFileError, match=r"kaputt\.json"):
        performance_table(tmp_path)
