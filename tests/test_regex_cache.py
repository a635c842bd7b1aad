"""Regular expressions compiled from kept instructions are Python's own, and a later run compiles none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each run: compile the patterns with the cache installed, compare with Python's own compiler, and
# report how many had to be compiled (not found kept) and what each finds in a sample text.
SCRIPT = r"""
import json, re, sys
import re._compiler as compiler
from publisher import regex_cache
original = compiler.compile
regex_cache.install()
made = []
real_parts = regex_cache._parts
def counted(*arguments):
    made.append(arguments[2])
    return real_parts(*arguments)
regex_cache._parts = counted
PATTERNS = [
    (r"(?P<day>\d{1,2})\.\s?(?P<month>Januar|Februar|März)\s+(\d{4})", 0),
    (r"straße|STRASSE", re.IGNORECASE),
    (r"^\s*#.*$", re.MULTILINE),
    (r"(?<=\d),(?=\d)", 0),
    (r"[^\W\d_]{4,}", 0),
    (r" a \s+ (?# comment ) b ", re.VERBOSE),
    (rb"\x00[\x80-\xff]+", 0),
    (r"&(amp|lt|gt|quot|nbsp);", 0),
    (r"(a|b)*?c\1", re.ASCII | re.DOTALL),
]
SAMPLE = "Am 3. März 2026: Hauptstraße 12,5 &amp; ab  b  acac a\nb\n# Kommentar"
results = []
for pattern, flags in PATTERNS:
    compiled = re.compile(pattern, flags)
    expected = original(pattern, flags)
    text = SAMPLE.encode() if isinstance(pattern, bytes) else SAMPLE
    results.append([
        compiled == expected and compiled.groupindex == expected.groupindex,
        repr([match.group(0) for match in compiled.finditer(text)]),
    ])
try:
    re.compile("(unclosed", 0)
except re.error as error:
    results.append(str(error))
print(json.dumps({"installed": regex_cache._state["installed"], "made": len(made), "results": results}))
"""


def run(cache_home: Path) -> dict[str, object]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout)
    return found


@pytest.fixture
def kept_file(tmp_path: Path) -> Path:
    return tmp_path / "cache-home" / "publisher" / "regex"


def test_kept_patterns_are_pythons_own_and_are_not_compiled_again(tmp_path: Path, kept_file: Path) -> None:
    first = run(tmp_path / "cache-home")
    second = run(tmp_path / "cache-home")
    assert first["installed"] is True
    assert first["made"] == 10  # nine patterns and the unclosed one
    assert second["made"] == 1  # only the unclosed one: it is never kept
    assert first["results"] == second["results"]
    results = second["results"]
    assert isinstance(results, list)
    assert all(equal for equal, _ in results[:-1])
    assert results[0][1] == "['3. März 2026']"
    assert results[-1] == "missing ), unterminated subpattern at position 0"
    assert len(list(kept_file.iterdir())) == 1


def test_a_damaged_kept_file_costs_only_time(tmp_path: Path, kept_file: Path) -> None:
    expected = run(tmp_path / "cache-home")["results"]
    (kept,) = kept_file.iterdir()
    kept.write_bytes(kept.read_bytes()[: len(kept.read_bytes()) // 2])
    again = run(tmp_path / "cache-home")
    assert again["results"] == expected
    assert again["made"] == 10
