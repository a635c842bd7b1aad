"""Files derived once and kept between runs: compiled templates, the language model, image copies,
the code dataclasses and typing compile.

Most depend only on the installed code and data (never on an article or a site), so every run of
every site on the machine shares them, like Python's own ``__pycache__``; the scaled copies of an
image (``publisher.channels.web.image_copies``) and its measured size depend on its bytes as well,
and are named by them. They live in ``$XDG_CACHE_HOME/publisher`` (``~/.cache/publisher`` when
unset); each file's name carries what it was made from, so an upgrade makes new files instead of
reading stale ones. Deleting the folder costs the next run the time to make them again, nothing
else. Where no cache folder can be written (a read-only home), callers make the data in memory each
run. ``KeptAnswers`` keeps a library's answers to the questions a run asked (is this a language tag,
an address, how large is this image), each a function of the installed library and the question
alone, so that later runs need not import it. ``keep_compiled_code`` keeps what the
``dataclasses`` and ``typing`` modules compile as they run (a tenth of a web publish went to that).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import hashlib
import json
import marshal
import os
import sys
import tempfile
import threading
import typing
from collections.abc import Callable
from functools import cache
from importlib.util import MAGIC_NUMBER, find_spec
from pathlib import Path
from types import CodeType
from typing import Any

__all__ = ["KeptAnswers", "cache_folder", "cache_key", "keep_compiled_code", "library_stamp"]


@cache
def cache_folder(kind: str) -> Path | None:
    """The folder for cached ``kind`` files (made if missing), or None if none can be written."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "publisher" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def cache_key(*parts: object) -> str:
    """A short name for the inputs a cached file was made from (versions, sizes, options)."""
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8")).hexdigest()[:20]


def library_stamp(package: str, library_file: str) -> str | None:
    """The installed ``package`` as a cache key: ``library_file``'s path, size and time, or None.

    The package is found without importing it, so a run that finds its answers kept pays nothing
    for the library; an upgrade changes the stamp, and with it the name of every file kept.
    """
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return None
    library = Path(spec.origin).parent / library_file
    try:
        stat = library.stat()
    except OSError:
        return None
    return cache_key(library, stat.st_size, stat.st_mtime_ns)


class KeptAnswers:
    """A library's answers to questions asked before (a JSON file in the cache), to spare importing it.

    The file is named by ``kind`` and by the size and time of ``library_file`` (a module of the
    library whose answers they are, found without importing it), so an upgrade starts a new file.
    Only short questions are kept, and only ``most`` of them; a missing or damaged file is empty.
    With ``write_at_exit`` new answers are written once, when the process ends, instead of one by
    one: for a library asked many new questions a run (rewriting the file for each would cost more
    than the library); a process that ends without running its exit handlers keeps none.
    """

    def __init__(
        self,
        kind: str,
        package: str,
        library_file: str,
        most: int = 4096,
        longest: int = 64,
        *,
        write_at_exit: bool = False,
    ) -> None:
        self._kind, self._package, self._library_file = kind, package, library_file
        self._most, self._longest = most, longest
        self._write_at_exit = write_at_exit
        self._lock = threading.Lock()
        self._answers: dict[str, Any] | None = None
        self._path: Path | None = None
        self._unwritten = False
        if write_at_exit:
            atexit.register(self._write_unwritten)

    def get(self, question: str, ask: Callable[[str], Any]) -> Any:
        """The kept answer to ``question``, or ``ask(question)`` (JSON data), kept for later runs."""
        answers = self._load()
        if question in answers:
            return answers[question]
        answer = ask(question)
        if len(question) <= self._longest and len(answers) < self._most:
            with self._lock:
                answers[question] = answer
                self._unwritten = self._write_at_exit
                if not self._write_at_exit:
                    self._write(answers)
        return answer

    def forget(self) -> None:
        """Read the file again at the next question (after the cache home changed)."""
        self._write_unwritten()
        self._answers, self._path = None, None

    def _write_unwritten(self) -> None:
        with self._lock:
            if self._unwritten and self._answers is not None:
                self._write(self._answers)
            self._unwritten = False

    def _load(self) -> dict[str, Any]:
        if self._answers is None:
            self._path = self._file()
            try:
                kept = json.loads(self._path.read_text(encoding="utf-8")) if self._path else {}
            except (OSError, ValueError):
                kept = {}
            self._answers = kept if isinstance(kept, dict) else {}
        return self._answers

    def _file(self) -> Path | None:
        folder = cache_folder(self._kind)
        stamp = library_stamp(self._package, self._library_file)
        if folder is None or stamp is None:
            return None
        return folder / f"{self._package}-{stamp}.json"

    def _write(self, answers: dict[str, Any]) -> None:
        """Replace the file in one step (a reader sees the old one or the new one, never a part)."""
        if self._path is None:
            return
        with contextlib.suppress(OSError):  # a full disk: the next run asks the library again
            handle, temporary = tempfile.mkstemp(dir=self._path.parent, prefix=f".{self._path.name}.")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(answers, file, sort_keys=True)
                os.replace(temporary, self._path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
                raise


class _KeptCode:
    """Code objects compiled from source texts, read from and written to one file of the cache.

    Compiling a text is a function of the text, the mode and the interpreter alone (the file is named
    by its bytecode's magic number and the optimisation level), so a kept code object is the one
    compiling would make. The texts used by a run are written at its end if one was new; older ones
    are kept beside them up to ``most``.
    """

    def __init__(self, path: Path | None, most: int = 2048) -> None:
        self._path, self._most = path, most
        self._kept = self._read(path) if path is not None else {}
        self._used: dict[str, CodeType] = {}
        self._new = False
        self._lock = threading.Lock()

    def code(self, source: str, mode: str) -> CodeType:
        """``source`` compiled in ``mode`` as ``exec`` or ``eval`` compile a text in a module without
        ``__future__`` imports (``dataclasses``, ``typing``): no flags of the caller."""
        key = f"{mode}\n{source}"
        compiled = self._used.get(key) or self._kept.get(key)
        if compiled is None:
            compiled = compile(source, "<string>", mode, dont_inherit=True)
            self._new = True
        with self._lock:
            self._used[key] = compiled
        return compiled

    def write(self) -> None:
        """Write the file if this run compiled a text it did not hold (replaced in one step)."""
        if self._path is None or not self._new:
            return
        with self._lock:
            kept = {**self._used, **self._kept}
            data = marshal.dumps(kept if len(kept) <= self._most else self._used)
            self._new = False
        with contextlib.suppress(OSError):  # a full disk: the next run compiles them again
            handle, temporary = tempfile.mkstemp(dir=self._path.parent, prefix=f".{self._path.name}.")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, self._path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
                raise

    @staticmethod
    def _read(path: Path) -> dict[str, CodeType]:
        try:
            kept = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}  # missing, or damaged (a crash, a full disk): compiled again
        if not isinstance(kept, dict):
            return {}
        return {
            text: code for text, code in kept.items() if isinstance(text, str) and isinstance(code, CodeType)
        }


def keep_compiled_code() -> None:
    """Let ``dataclasses`` and ``typing`` take the code they generate from the cache instead of compiling.

    ``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and, for
    a frozen one, ``__setattr__`` and ``__delattr__`` as source text and ``exec``-utes it; ``typing``
    compiles every annotation written as a string (all of them, under ``from __future__ import
    annotations``) when pydantic or a dataclass reads it. A web publish builds about a hundred
    dataclasses and reads about twelve hundred such annotations; compiling those texts took about a
    tenth of its CPU time. Both modules look ``exec`` and ``compile`` up in their globals before the
    builtins, so names there serve them code objects compiled once and kept (``_KeptCode``); the
    texts and what is made from them are the same as without. For the command only: call it once,
    before the modules with dataclasses and models are imported.
    """
    if "exec" in vars(dataclasses):
        return
    folder = cache_folder("compiled-code")
    name = f"{MAGIC_NUMBER.hex()}-O{sys.flags.optimize}.marshal"
    kept = _KeptCode(folder / name if folder is not None else None)

    def exec_kept(source: Any, globals: Any = None, locals: Any = None, /) -> None:
        exec(kept.code(source, "exec") if isinstance(source, str) else source, globals, locals)

    def compile_kept(
        source: Any, filename: Any, mode: str, flags: int = 0, *rest: Any, **options: Any
    ) -> Any:
        if (
            isinstance(source, str)
            and filename == "<string>"
            and mode == "eval"
            and not (flags or rest or options)
        ):
            return kept.code(source, mode)
        return compile(source, filename, mode, flags, *rest, **options)

    vars(dataclasses)["exec"] = exec_kept
    vars(typing)["compile"] = compile_kept
    atexit.register(kept.write)
