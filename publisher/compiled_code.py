"""What the standard library compiles as a command starts, compiled once per machine and kept.

A web publish imports about seven hundred modules, and three standard modules compile text while
they do: ``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
(and, for a frozen one, ``__setattr__`` and ``__delattr__``) as source and ``exec``-utes it;
``typing`` compiles every annotation written as a string (all of them under ``from __future__
import annotations``) when pydantic or a dataclass reads it; ``re`` parses and translates each
regular expression in Python. About a hundred dataclasses, twelve hundred annotations and seven
hundred patterns cost a web publish about a quarter of its CPU time, the same each run.

Each result is a function of its text and the interpreter alone, so ``keep_compiled_code`` keeps
them in the user cache (``publisher.user_cache``; the file is named by the interpreter's version,
its bytecode's and its regular expression engine's magic numbers and the optimisation level) and
serves them to the three modules: a kept code object is the one compiling makes, a kept pattern
program is checked against ``re``'s own on the run that keeps it.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import marshal
import os
import re
import sys
import tempfile
import threading
import typing
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from publisher.user_cache import cache_folder

__all__ = ["keep_compiled_code"]

# re's translator and the engine it hands programs to (None where re is laid out otherwise).
_COMPILER: Any = getattr(re, "_compiler", None)
_ENGINE: Any = getattr(_COMPILER, "_sre", None)


class _Kept:
    """Compiled results by what they were compiled from, read from and written to one cache file.

    The results a run used are written at its end if one was new; older ones are kept beside them
    up to ``most`` entries in all. A damaged file, or an entry of the wrong shape, is compiled again.
    """

    def __init__(self, path: Path | None, most: int = 4096) -> None:
        self._path, self._most = path, most
        self._kept = self._read(path) if path is not None else {}
        self._used: dict[Any, Any] = {}
        self._new = False
        self._lock = threading.Lock()

    def get(self, key: Any, valid: Callable[[Any], bool]) -> Any:
        """The kept result for ``key`` if there is one and ``valid`` accepts it, else None."""
        found = self._used.get(key, self._kept.get(key))
        if found is None or not valid(found):
            return None
        with self._lock:
            self._used[key] = found
        return found

    def keep(self, key: Any, result: Any) -> None:
        with self._lock:
            self._used[key] = result
            self._new = True

    def write(self) -> None:
        """Write the file if this run compiled something it did not hold, or it holds more than ``most``.

        Replaced in one step; past ``most`` only what this run used is written (a test run that
        compiled thousands of patterns leaves a file the next command would read in vain).
        """
        if self._path is None or not (self._new or len(self._kept) > self._most):
            return
        with self._lock:
            kept = {**self._kept, **self._used}
            chosen = kept if len(kept) <= self._most else dict(self._used)
            self._new = False
        # A full disk, or a value marshal cannot write: the next run compiles them again.
        with contextlib.suppress(OSError, ValueError):
            data = marshal.dumps(chosen)
            handle, temporary = tempfile.mkstemp(dir=self._path.parent, prefix=f".{self._path.name}.")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, self._path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
                raise

    @staticmethod
    def _read(path: Path) -> dict[Any, Any]:
        try:
            kept = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}  # missing, or damaged (a crash, a full disk): compiled again
        return kept if isinstance(kept, dict) else {}


def keep_compiled_code() -> None:
    """Serve ``dataclasses``, ``typing`` and ``re`` what they compile from the cache (once a process).

    ``dataclasses`` and ``typing`` look ``exec`` and ``compile`` up in their globals before the
    builtins, so names there hand them kept code objects; ``re`` translates a pattern with
    ``re._compiler.compile``, replaced by one that hands the engine a kept program. For the command
    only: call it before the modules with dataclasses, models and patterns are imported.
    """
    if "exec" in vars(dataclasses):
        return
    folder = cache_folder("compiled-code")
    version = ".".join(map(str, sys.version_info[:3]))
    name = f"{version}-{MAGIC_NUMBER.hex()}-{getattr(_ENGINE, 'MAGIC', 0)}-O{sys.flags.optimize}.marshal"
    kept = _Kept(folder / name if folder is not None else None)

    def code(source: str, mode: str) -> CodeType:
        # As exec and compile compile a text in a module without __future__ imports: no caller's flags.
        found = kept.get((mode, source), lambda value: isinstance(value, CodeType))
        if found is None:
            found = compile(source, "<string>", mode, dont_inherit=True)
            kept.keep((mode, source), found)
        return typing.cast(CodeType, found)

    def exec_kept(source: Any, globals: Any = None, locals: Any = None, /) -> None:
        exec(code(source, "exec") if isinstance(source, str) else source, globals, locals)

    def compile_kept(
        source: Any, filename: Any, mode: str, flags: int = 0, *rest: Any, **options: Any
    ) -> Any:
        if (
            isinstance(source, str)
            and filename == "<string>"
            and mode == "eval"
            and not (flags or rest or options)
        ):
            return code(source, mode)
        return compile(source, filename, mode, flags, *rest, **options)

    vars(dataclasses)["exec"] = exec_kept
    vars(typing)["compile"] = compile_kept
    _keep_patterns(kept)
    atexit.register(kept.write)


def _keep_patterns(kept: _Kept) -> None:
    compiler = _COMPILER
    translate = getattr(compiler, "compile", None)
    if translate is None or _ENGINE is None or not hasattr(compiler, "_code"):
        return  # another layout of the re module: patterns are compiled as usual

    def compile_pattern(pattern: Any, flags: int = 0) -> Any:
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
            return translate(pattern, flags)
        flags = int(flags)
        found = kept.get(("re", pattern, flags), lambda value: isinstance(value, tuple) and len(value) == 5)
        if found is not None:
            with contextlib.suppress(TypeError, ValueError, RuntimeError):
                return _ENGINE.compile(pattern, *found)
        compiled = translate(pattern, flags)
        program = _program(compiler, pattern, flags)
        with contextlib.suppress(TypeError, ValueError, RuntimeError):
            if _ENGINE.compile(pattern, *program) == compiled:  # equal patterns: same flags, text and program
                kept.keep(("re", pattern, flags), program)
        return compiled

    compiler.compile = compile_pattern


def _program(compiler: Any, pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """The arguments ``re._compiler.compile`` hands the engine for ``pattern``, after ``re``'s own steps."""
    parsed = compiler._parser.parse(pattern, flags)
    program = [int(word) for word in compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for group_name, index in groupindex.items():
        indexgroup[index] = group_name
    return (int(flags | parsed.state.flags), program, parsed.state.groups - 1, groupindex, tuple(indexgroup))
