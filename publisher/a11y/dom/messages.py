"""How a rule words a finding: the message in the report's language, and a short stand-in for an element."""

from __future__ import annotations

from lxml.etree import _Element

from publisher.a11y.dom.document import CheckedDocument

__all__ = ["N_", "describe", "message"]


def message(document: CheckedDocument, text: str, /, **values: object) -> str:
    """``text`` translated into the report's language, with ``%(name)s`` placeholders filled in."""
    return document.gettext(text) % values


def describe(element: _Element) -> str:
    """A short, readable stand-in for ``element`` in a message, e.g. ``<img src="chart.png">``."""
    for attribute in ("id", "src", "href", "name", "type", "class"):
        value = element.get(attribute)
        if value:
            if len(value) > 60:
                value = value[:57] + "..."
            return f'<{element.tag} {attribute}="{value}">'
    return f"<{element.tag}>"


def N_(text: str) -> str:
    """Mark ``text`` as a message to translate where it is chosen, before ``message`` translates it."""
    return text
