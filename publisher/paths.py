"""Where the project's own files live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["templates_dir"]


@cache
def templates_dir() -> Path:
    """The ``templates/`` folder: packaged inside ``publisher`` in a wheel, top level in a checkout."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"
