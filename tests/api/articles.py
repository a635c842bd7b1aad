"""Articles as the API receives them: Markdown bytes with the test site's front matter, and PNG bytes."""

from __future__ import annotations

import io
from typing import Any

import yaml
from PIL import Image

from tests.conftest import BODY, front_matter

__all__ = ["markdown", "png"]


def markdown(body: str = BODY, **overrides: Any) -> bytes:
    """A Markdown article with valid front matter (``overrides`` applied, None drops a key)."""
    front = yaml.safe_dump(front_matter(**overrides), allow_unicode=True)
    return f"---\n{front}---\n{body}".encode()


def png() -> bytes:
    """A small real PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()
