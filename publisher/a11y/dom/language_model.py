"""The language identifier the page's text is checked with: py3langid's model, cut to the languages checked.

py3langid ships its model LZMA-compressed (4.5 MB, 67 MB unpacked) and scores with numpy; unpacking
it took longer than the rest of a web page's checks, and importing numpy and py3langid cost a
web publish more CPU than scoring the few passages a page has. So the first run cuts the model to
the checked languages and keeps its tables in the user cache (``publisher.user_cache``) as plain
machine arrays; later runs map them into memory (only the pages a check touches are read) and
score in Python (``language_score``), importing neither package.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from publisher.a11y.dom.language_score import LanguageTables, TextIdentifier
from publisher.user_cache import cache_folder, cache_key

__all__ = ["language_identifier"]

# The layout of the cached tables (raise it when it changes: older folders are then left unread).
_LAYOUT = 2
_MODEL_FILE = "data/model.npz.xz"
# The tables kept as files: the automaton's moves, its rows (pre-shifted), its outputs, the scores.
_ARRAYS = ("nextmove", "rowbase", "output", "rows")
_NUMBERS = ("field", "shift", "offset", "chunk")


def language_identifier(languages: Sequence[str]) -> TextIdentifier:
    """An identifier ranking texts among ``languages`` with py3langid's model (normalised probabilities)."""
    model = _model_path()
    folder = cache_folder("language-model")
    stat = model.stat()
    name = cache_key(_LAYOUT, stat.st_size, stat.st_mtime_ns, *languages)
    cached = folder / f"py3langid-{name}" if folder is not None else None
    if cached is not None and cached.is_dir():
        try:
            return TextIdentifier(_read(cached))
        except (OSError, ValueError, KeyError):
            shutil.rmtree(cached, ignore_errors=True)  # damaged: made again below
    tables = _unpack(model, languages)
    if cached is not None:
        with contextlib.suppress(OSError):  # a full or read-only disk: the next run unpacks it again
            _write(cached, tables)
    return TextIdentifier(tables)


def _model_path() -> Path:
    """py3langid's packaged model, found without importing the package (which imports numpy)."""
    spec = find_spec("py3langid")
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / _MODEL_FILE
        if path.is_file():
            return path
    from py3langid.langid import MODEL_DIR, MODEL_FILE  # a layout this module does not know

    return Path(MODEL_DIR) / str(MODEL_FILE)


def _unpack(model: Path, languages: Sequence[str]) -> LanguageTables:
    """The tables of py3langid's model restricted to ``languages`` (unpacks it: about half a CPU second)."""
    from array import array

    from py3langid.langid import LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(model, norm_probs=True)
    identifier.set_languages(list(languages))
    rows, field, shift, offset, chunk = _fixed_point(identifier.nb_ptc)
    rowbase = identifier._rowbase
    return LanguageTables(
        classes=[str(code) for code in identifier.nb_classes],
        priors=[float(value) for value in identifier.nb_pc.tolist()],
        nextmove=memoryview(identifier.tk_nextmove),
        rowbase=memoryview(array("I" if max(rowbase) < 1 << 32 else "Q", rowbase)),
        output=memoryview(array("i" if max(identifier.tk_output) < 1 << 31 else "q", identifier.tk_output)),
        rows=memoryview(rows),
        field=field,
        shift=shift,
        offset=offset,
        chunk=chunk,
    )


def _fixed_point(scores: Any) -> tuple[bytes, int, int, int, int]:
    """``scores`` (features x languages) as whole numbers: (rows, field bytes, shift, offset, chunk).

    Each score is ``(whole + offset) / 2**shift`` exactly; a row is the little-endian ``whole``
    fields of one feature. ValueError if the scores need more than 56 bits (not a half-precision model).
    """
    import numpy as np

    values = np.asarray(scores, dtype=np.float64)
    if not np.isfinite(values).all():
        raise ValueError("py3langid's model has scores that are not finite numbers")
    mantissa_bits = np.finfo(np.asarray(scores).dtype).nmant + 1
    _, exponents = np.frexp(values[values != 0])
    shift = max(0, int((mantissa_bits - exponents).max(initial=0)))
    wholes = np.ldexp(values, shift)
    if np.abs(wholes).max(initial=0) >= 2.0**56:
        raise ValueError(f"py3langid's model scores need {shift} fraction bits: too many to add exactly")
    wholes = wholes.astype(np.int64)
    offset = int(wholes.min(initial=0))
    wholes -= offset
    bits = int(wholes.max(initial=0)).bit_length()
    field = 4 if bits <= 24 else 8  # at least 8 bits to spare: 255 rows add up without carrying over
    chunk = (1 << (8 * field - bits)) - 1  # rows that add up without a field carrying into the next
    return np.ascontiguousarray(wholes.astype(f"<u{field}")).tobytes(), field, shift, offset, chunk


def _read(folder: Path) -> LanguageTables:
    """The tables kept in ``folder``, mapped into memory; ValueError if one is cut off or of another kind."""
    meta = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
    if meta["layout"] != _LAYOUT or meta["byteorder"] != sys.byteorder:
        raise ValueError(f"{folder}: tables of another layout")
    views: dict[str, memoryview] = {}
    for name in _ARRAYS:
        typecode, size = meta[name]
        with open(folder / f"{name}.bin", "rb") as file:
            if os.fstat(file.fileno()).st_size != size:
                raise ValueError(f"{folder / name}.bin: {size} bytes expected")
            view = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        views[name] = view.cast(typecode)
    return LanguageTables(
        classes=meta["classes"],
        priors=meta["priors"],
        nextmove=views["nextmove"],
        rowbase=views["rowbase"],
        output=views["output"],
        rows=views["rows"],
        **{name: int(meta[name]) for name in _NUMBERS},
    )


def _write(folder: Path, tables: LanguageTables) -> None:
    """Write ``tables`` into ``folder``, which appears whole or not at all."""
    arrays = {name: getattr(tables, name) for name in _ARRAYS}
    meta: dict[str, Any] = {
        "layout": _LAYOUT,
        "byteorder": sys.byteorder,
        "classes": tables.classes,
        "priors": tables.priors,
        **{name: getattr(tables, name) for name in _NUMBERS},
        **{name: [view.format, view.nbytes] for name, view in arrays.items()},
    }
    temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name, view in arrays.items():
            (temporary / f"{name}.bin").write_bytes(view)
        (temporary / "tables.json").write_text(json.dumps(meta), encoding="utf-8")
        os.rename(temporary, folder)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if not folder.is_dir():  # another process wrote the same tables first: theirs serve as well
            raise
