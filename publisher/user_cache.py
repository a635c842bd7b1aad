"""Files derived once and kept between runs: compiled templates, the language model, image copies,
the code the standard library compiles as a command starts (``publisher.compiled_code``).

Most depend only on the installed code and data (never on an article or a site), so every run of
every site on the machine shares them, like Python's own ``__pycache__``; the scaled copies of an
image (``publisher.channels.web.image_copies``) and its measured size depend on its bytes as well,
and are named by them. They live in ``$XDG_CACHE_HOME/publisher`` (``~/.cache/publisher`` when
unset); each file's name carries what it was made from, so an upgrade makes new files instead of
reading stale ones. Deleting the folder costs the next run the time to make them again, nothing
else. Where no cache folder can be written (a read-only home), callers make the data in memory each
run. ``KeptAnswers`` keeps a library's answers to the questions a run asked (is this a language tag,
an address, how large is this image), each a function of the installed library and the question
alone, so that later runs need not import it.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["KeptAnswers", "cache_folder", "cache_key", "library_stamp"]


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
