"""What the standard library compiles as a command starts is kept: the same classes, annotations, patterns."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.compiled_code import _Kept


@pytest.fixture
def cache_home(tmp_path: Path) -> Path:
    """An empty user cache (``XDG_CACHE_HOME``) for the processes a test starts."""
    return tmp_path / "cache-home"


# A process that builds dataclasses, reads string annotations and compiles patterns with what is kept
# (when ``KEEP`` is set), shows how they behave, and how many texts and patterns it had to compile.
KEEPING_RUN = """
import dataclasses, os, re, sys, typing
from publisher import compiled_code

compiled = []
sys.addaudithook(lambda event, details: event == "compile" and compiled.append(details[1]))
patterns = []
translate = re._compiler._code
def counted_translate(*arguments):
    patterns.append(1)
    return translate(*arguments)
re._compiler._code = counted_translate
if os.environ.get("KEEP"):
    compiled_code.keep_compiled_code()

@dataclasses.dataclass(frozen=True)
class Teaser:
    title: str
    words: int = 0
    tags: tuple[str, ...] = ()

@dataclasses.dataclass(order=True)
class Version:
    number: int
    note: str = dataclasses.field(default="", compare=False)

first, second = Teaser("Neue Ladesäulen", 120), Teaser("Neue Ladesäulen", 120)
try:
    first.words = 3
    frozen = "no"
except dataclasses.FrozenInstanceError:
    frozen = "yes"
print(repr(first), first == second, hash(first) == hash(second), frozen)
print(Version(2) > Version(1, "erste"), Version(1, "a") == Version(1, "b"), repr(Version(3)))
print(Teaser.__init__.__annotations__, Teaser.__init__.__defaults__)

class Later:
    versions: "list[Version]"
    lead: "str | None"
print(typing.get_type_hints(Later))
compiled_before_refusal = len(compiled)
try:
    typing.ForwardRef("no expression(")
except SyntaxError as error:
    print("refused:", error)
phone = re.compile(r"(?P<area>0\\d{2,4})[ /-](?P<number>\\d+)", re.ASCII | re.IGNORECASE)
found = phone.search("Tel. 0711/126-2000")
print(phone, phone.groupindex, found.group("area", "number"), bool(re.fullmatch(b"[a-z]+", b"abc")))
print("compiled:", compiled_before_refusal + len(patterns))
"""


def _run(cache_home: Path, keep: bool) -> list[str]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "KEEP": "1" if keep else ""}
    result = subprocess.run(
        [sys.executable, "-c", KEEPING_RUN], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_classes_annotations_and_patterns_from_what_is_kept_behave_as_compiled_ones(
    cache_home: Path,
) -> None:
    """The first run compiles and keeps, the next compiles nothing: both as a run that keeps nothing."""
    plain = _run(cache_home, keep=False)
    first = _run(cache_home, keep=True)
    again = _run(cache_home, keep=True)
    assert first[:-1] == again[:-1] == plain[:-1]
    assert "<class 'str'>" in plain[2]  # annotations are the types, not the caller's postponed strings
    assert plain[-1] != "compiled: 0" and first[-1] != "compiled: 0"
    assert again[-1] == "compiled: 0"


def test_a_damaged_file_of_kept_code_is_compiled_anew(cache_home: Path) -> None:
    _run(cache_home, keep=True)
    (kept,) = (cache_home / "publisher" / "compiled-code").iterdir()
    kept.write_bytes(kept.read_bytes()[:100])
    assert _run(cache_home, keep=True)[-1] != "compiled: 0"
    assert _run(cache_home, keep=True)[-1] == "compiled: 0"


def test_a_file_grown_past_its_bound_keeps_only_what_the_next_run_used(tmp_path: Path) -> None:
    """Thousands of patterns a test run compiled are not read in vain by every command after it."""
    path = tmp_path / "kept.marshal"
    path.write_bytes(
        marshal.dumps(
            {("eval", f"x + {number}"): compile(f"x + {number}", "<string>", "eval") for number in range(5)}
        )
    )
    kept = _Kept(path, most=3)
    assert kept.get(("eval", "x + 1"), lambda value: True) is not None
    assert kept.get(("eval", "x + 9"), lambda value: True) is None  # not held: the caller compiles it
    kept.write()
    assert list(marshal.loads(path.read_bytes())) == [("eval", "x + 1")]


@pytest.mark.parametrize("keep", ["1", "0"])
def test_the_program_keeps_compiled_code_unless_told_not_to(cache_home: Path, keep: str) -> None:
    """``PUBLISHER_KEEP_COMPILED_CODE=0`` leaves the user cache without kept code."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PUBLISHER_KEEP_COMPILED_CODE": keep}
    program = Path(sys.executable).with_name("publisher")
    subprocess.run([str(program), "--help"], env=environment, capture_output=True, check=True)
    kept = list(cache_home.rglob("*.marshal"))
    assert bool(kept) == (keep == "1"), kept
