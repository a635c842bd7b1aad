"""The public record of a released article: ``DIR/<slug>/article.json``.

It holds the canonical article, when each channel was released and with which files, the
release's generation (monotonic per slug) and the Markdown file it was made from. Site files
are rebuilt from these records; a release reads the record it is about to replace to refuse an
older generation or an article from another file with the same slug.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["RECORD_NAME", "PublicRecord", "read_record"]

RECORD_NAME = "article.json"


@dataclass(frozen=True)
class PublicRecord:
    """What ``DIR/<slug>/article.json`` says about the version that is public."""

    article: dict[str, Any]
    # channel -> ISO time it was released
    released: dict[str, str] = field(default_factory=dict)
    # channel -> its files in the article folder (records written before generations: empty)
    files: dict[str, list[str]] = field(default_factory=dict)
    generation: int = 0
    release: str = ""
    source: str = ""

    def to_json(self) -> bytes:
        """The record as written into the article folder."""
        data = {
            "article": self.article,
            "released": self.released,
            "files": self.files,
            "generation": self.generation,
            "release": self.release,
            "source": self.source,
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode()


def read_record(out_dir: Path, slug: str) -> PublicRecord | None:
    """The record of the public article ``slug``; None when there is none (or it cannot be read)."""
    path = out_dir / slug / RECORD_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("article"), dict):
        return None
    return PublicRecord(
        article=data["article"],
        released=dict(data.get("released") or {}),
        files={name: list(files) for name, files in (data.get("files") or {}).items()},
        generation=int(data.get("generation") or 0),
        release=str(data.get("release") or ""),
        source=str(data.get("source") or ""),
    )
