"""Compiled regular expressions kept between runs, as Python keeps compiled modules in ``__pycache__``.

Python compiles every regular expression anew in each process, in Python code: parsing the pattern
and generating the matcher's instructions. The libraries a publish imports (python-slugify's pattern
of every HTML entity name, phonenumbers, PyYAML, the checker's rules) compile some four hundred at
import, a large part of a short run's CPU time. The instructions depend only on the pattern, its
flags and the Python version, so they are kept in the user cache (``publisher.user_cache``) and a
later run hands them straight to the regular expression engine: the same compiled pattern (Python
compares compiled patterns by their instructions; ``install`` checks that it gets equal ones before
it takes over, and does nothing on a Python whose internals differ). The command line installs it;
a warning Python gives while parsing a pattern (a possible nested set) comes only when the pattern
is first compiled, as a module's warnings come only when it is first compiled to bytecode.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
import tempfile
import threading
from importlib import import_module
from pathlib import Path
from typing import Any

from publisher.user_cache import cache_folder, cache_key

__all__ = ["install"]

# What is kept is bounded: patterns up to this length, and up to this many characters and
# instructions in all (a publish keeps about a tenth of it); past that, patterns compile as usual.
_LONGEST = 20_000
_BUDGET = 1_000_000
_DEBUG = 128  # re.DEBUG: Python prints the instructions as it compiles; left to Python
_CHECK = r"(?P<word>[^\W\d_]+)-(\d{2,4})|\s*$"

_state: dict[str, Any] = {}


def install() -> None:
    """Compile regular expressions through the kept instructions from now on (once per process)."""
    if _state:
        return
    _state["installed"] = False
    try:  # Python's own compiler of regular expressions, whose result is kept
        modules: list[Any] = [import_module(name) for name in ("_sre", "re._compiler", "re._parser")]
        _sre, compiler, parser = modules
    except ImportError:
        return
    original = compiler.compile
    if not _same(_sre, original, compiler, parser):
        return
    folder = cache_folder("regex")
    if folder is None:
        return
    path = folder / f"patterns-{cache_key(sys.version, _sre.MAGIC, _sre.CODESIZE, compiler.__file__)}.marshal"
    try:
        kept: dict[tuple[Any, int], tuple[Any, ...]] = marshal.loads(path.read_bytes())
        used = [sum(len(key[0]) + len(parts[1]) for key, parts in kept.items())]
    except (OSError, ValueError, EOFError, TypeError, AttributeError, IndexError):
        kept, used = {}, [0]  # missing or damaged: every pattern is compiled and kept anew
    added: list[int] = [0]
    lock = threading.Lock()

    def compile_kept(pattern: Any, flags: int = 0) -> Any:
        if not isinstance(pattern, (str, bytes)) or len(pattern) > _LONGEST or flags & _DEBUG:
            return original(pattern, flags)
        key = (pattern, int(flags))
        found = kept.get(key)
        if found is not None:
            with contextlib.suppress(TypeError, ValueError, RuntimeError):  # damaged: compiled below
                return _sre.compile(pattern, *found)
        parts = _parts(compiler, parser, pattern, flags)
        compiled = _sre.compile(pattern, *parts)
        if used[0] + len(pattern) + len(parts[1]) <= _BUDGET:
            with lock:
                kept[key] = parts
                added[0] += 1
                used[0] += len(pattern) + len(parts[1])
        return compiled

    def write() -> None:
        with lock:
            if added[0]:
                _write(path, kept)

    compiler.compile = compile_kept
    atexit.register(write)
    _state["installed"] = True


def _parts(compiler: Any, parser: Any, pattern: Any, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` hands the engine (``_sre.compile``) for ``pattern``, after it."""
    parsed = parser.parse(pattern, flags)
    code = [int(value) for value in compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _same(_sre: Any, original: Any, compiler: Any, parser: Any) -> bool:
    """True when patterns built from ``_parts`` equal Python's own (same instructions, groups, flags)."""
    try:
        for pattern, flags in ((_CHECK, 0), (_CHECK.encode(), 2), ("(?i)(?x) a (?P<b>c|d)*?", 16)):
            parts = _parts(compiler, parser, pattern, flags)
            marshal.loads(marshal.dumps(parts))
            made, expected = _sre.compile(pattern, *parts), original(pattern, flags)
            if made != expected or made.groupindex != expected.groupindex or made.groups != expected.groups:
                return False
    except Exception:  # any surprise from Python's internals: leave compiling alone
        return False
    return True


def _write(path: Path, kept: dict[tuple[Any, int], tuple[Any, ...]]) -> None:
    """Replace the kept file in one step (a reader sees the old one or the new one)."""
    with contextlib.suppress(OSError, ValueError):  # a full disk, or a pattern marshal cannot hold
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                marshal.dump(kept, file)
            os.replace(temporary, path)
        except (OSError, ValueError):
            Path(temporary).unlink(missing_ok=True)
            raise
