"""Articles as the API receives them: Markdown bytes with the test site's front matter, and PNG bytes."""

from __future__ import annotations

import io
from typing import Any

import yaml
from PIL import Image

from tests.conftest import BODY, front_matter

__all__ = ["figure", "markdown", "model", "png"]


def markdown(body: str = BODY, **overrides: Any) -> bytes:
    """A Markdown article with valid front matter (``overrides`` applied, None drops a key)."""
    front = yaml.safe_dump(front_matter(**overrides), allow_unicode=True)
    return f"---\n{front}---\n{body}".encode()


def model(**overrides: Any) -> dict[str, Any]:
    """The same article as the canonical model in JSON: front matter fields and a short body."""
    paragraph = {
        "type": "paragraph",
        "children": [{"type": "text", "text": "Die Stadtwerke bauen Ladesäulen."}],
    }
    values: dict[str, Any] = {"body": [paragraph], **front_matter()}
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def figure(src: str, alt: str = "Ladesäule am Bahnhof mit zwei Steckplätzen") -> dict[str, Any]:
    """A figure block of the model showing the image file ``src``."""
    return {"type": "figure", "image": {"src": src, "alt": alt, "credit": "Foto: Stadtwerke"}}


def png() -> bytes:
    """A small real PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()
