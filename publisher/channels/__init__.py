"""The channel registry: channel name -> the class implementing it, imported when first used.

Adding a channel is one line here and one module beside it; no other channel changes.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from publisher.channels.base import Channel
from publisher.errors import ConfigurationError

__all__ = ["CHANNELS", "Channel", "get_channel", "parse_channel_list"]

# Lazy references keep `publisher --help` fast and heavy channel dependencies optional.
CHANNELS: dict[str, str] = {
    "web": "publisher.channels.web:WebChannel",
    "newsletter": "publisher.channels.newsletter:NewsletterChannel",
    "audio": "publisher.channels.audio:AudioChannel",
    "pdf": "publisher.channels.pdf:PdfChannel",
}


@cache
def get_channel(name: str) -> Channel:
    """The channel registered as ``name``."""
    try:
        module_name, class_name = CHANNELS[name].split(":")
    except KeyError:
        known = ", ".join(sorted(CHANNELS))
        raise ConfigurationError(f"unknown channel {name!r} (known channels: {known})") from None
    channel: Channel = getattr(import_module(module_name), class_name)()
    return channel


def parse_channel_list(value: str | None) -> list[str]:
    """Channel names from a comma-separated option; all registered channels when empty."""
    if not value:
        return list(CHANNELS)
    names = [name.strip() for name in value.split(",") if name.strip()]
    for name in names:
        get_channel(name)
    return list(dict.fromkeys(names))
