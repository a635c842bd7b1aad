"""The language identifier the page's text is checked with: py3langid's model, cut to the languages checked.

py3langid ships its model LZMA-compressed (4.5 MB, 67 MB unpacked); unpacking it took longer than the
rest of a web page's checks together. The first run cuts the model to the checked languages and keeps
that unpacked in the user cache (``publisher.user_cache``); later runs map it into memory from
there, reading only the pages a check touches. The identifier is the same either way: the same
tables, the same scores.

py3langid walks a text's bytes through its automaton one at a time in Python, which cost about a
quarter of a web page's check; the identifier returned here takes the same walk with numpy
(``language_walk``), and its scores are py3langid's, bit for bit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from publisher.user_cache import cache_folder, cache_key

__all__ = ["language_identifier"]

# The identifier's tables: the scores per feature and language, the prior per language, the language
# codes, and the automaton that finds the features in the text's bytes (next state, row, output).
_TABLES = ("ptc", "pc", "classes", "nextmove", "row", "output")
_TYPECODES: dict[int, Literal["H", "I", "L"]] = {2: "H", 4: "I", 8: "L"}


def language_identifier(languages: Sequence[str]) -> Any:
    """py3langid's identifier with normalised probabilities, restricted to ``languages``."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = Path(MODEL_DIR) / MODEL_FILE
    folder = cache_folder("language-model")
    stat = model.stat()
    name = cache_key(py3langid.__version__, stat.st_size, stat.st_mtime_ns, *languages)
    cached = folder / f"py3langid-{name}" if folder is not None else None
    if cached is not None and cached.is_dir():
        try:
            from publisher.a11y.dom.language_walk import FastIdentifier

            return _read(cached, FastIdentifier)
        except (OSError, ValueError):
            shutil.rmtree(cached, ignore_errors=True)  # damaged: made again below
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    if cached is not None:
        with contextlib.suppress(OSError):  # a full or read-only disk: the next run unpacks it again
            _write(cached, identifier)
    return _fast(identifier)


def _fast(identifier: Any) -> Any:
    """A ``FastIdentifier`` over the tables of py3langid's ``identifier`` (which has norm_probs set)."""
    from publisher.a11y.dom.language_walk import FastIdentifier

    return FastIdentifier(
        identifier.nb_ptc,
        identifier.nb_pc,
        identifier.nb_classes,
        identifier.tk_nextmove,
        identifier.tk_output,
        norm_probs=True,
        tk_row=identifier.tk_row,
    )


def _read(folder: Path, identifier_type: Any) -> Any:
    """The identifier from its tables in ``folder``, mapped into memory (only the pages read are loaded)."""
    import numpy as np

    tables = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _TABLES}
    return identifier_type(
        tables["ptc"],
        tables["pc"],
        tables["classes"].tolist(),
        _as_table(tables["nextmove"]),
        tables["output"].tolist(),
        norm_probs=True,
        tk_row=_as_table(tables["row"]),
    )


def _write(folder: Path, identifier: Any) -> None:
    """Write the identifier's tables into ``folder``, which appears whole or not at all."""
    import numpy as np

    tables = {
        "ptc": identifier.nb_ptc,
        "pc": identifier.nb_pc,
        "classes": np.array(identifier.nb_classes),
        "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=f"u{identifier.tk_nextmove.itemsize}"),
        "row": np.frombuffer(identifier.tk_row, dtype=f"u{identifier.tk_row.itemsize}"),
        "output": np.array(identifier.tk_output, dtype=np.int64),
    }
    temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name, table in tables.items():
            np.save(temporary / f"{name}.npy", np.ascontiguousarray(table), allow_pickle=False)
        os.rename(temporary, folder)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if not folder.is_dir():  # another process wrote the same tables first: theirs serve as well
            raise


def _as_table(values: Any) -> memoryview:
    """An unsigned integer table as py3langid walks it: indexing gives Python ints, as from its ``array``."""
    view = memoryview(values).cast("B")
    return view.cast(_TYPECODES[values.dtype.itemsize])
