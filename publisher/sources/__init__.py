"""Article sources: turn authored files into the canonical model.

A reader is picked by the file's ending: Markdown with front matter (the default) or the model
itself as JSON. Both give a ``SourceArticle`` and raise ``InvalidSource`` naming file, line, field.
"""

from collections.abc import Callable
from pathlib import Path

from publisher.settings import SourceSettings
from publisher.sources.markdown import SourceArticle, parse_markdown
from publisher.sources.model_json import parse_model_json

__all__ = ["READERS", "SourceArticle", "parse_article"]

Reader = Callable[..., SourceArticle]
# By file ending; anything else is read as Markdown, as before JSON was accepted.
READERS: dict[str, Reader] = {".md": parse_markdown, ".markdown": parse_markdown, ".json": parse_model_json}


def parse_article(
    path: Path, *, timezone: str = "Europe/Berlin", limits: SourceSettings | None = None
) -> SourceArticle:
    """Read and validate the article at ``path`` with the reader its ending names."""
    reader = READERS.get(path.suffix.lower(), parse_markdown)
    return reader(path, timezone=timezone, limits=limits)
