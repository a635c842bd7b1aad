"""Message ids and VERP return paths that name their subscriber, signed so that no one else can forge them.

A message id is ``<SALT.SUBSCRIBER.MAC@domain>``: the release's random salt makes ids unique across
databases (a reset or a copied database never repeats one), the same (release, subscriber) always
gets the same id (a retried message keeps it), and the MAC, keyed with the install's secret, lets a
bounce or complaint that quotes the id name its subscriber with certainty. A VERP return path
(``bounces+SUBSCRIBER-MAC@domain``) does the same for bounces that quote nothing.

>>> key = message_key("k" * 32, "0a1b2c3d4e5f6071", 42)
>>> read_message_key("k" * 32, f"<{key}@presse.example.de>")
MessageOrigin(salt='0a1b2c3d4e5f6071', subscriber_id=42)
>>> read_message_key("x" * 32, f"<{key}@presse.example.de>") is None
True
>>> verp = verp_address("k" * 32, "bounces@presse.example.de", 42)
>>> read_verp("k" * 32, verp)
42
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

__all__ = ["MessageOrigin", "message_key", "read_message_key", "read_verp", "verp_address"]

_MAC_LENGTH = 16
_KEY = re.compile(r"<?([0-9a-f]{8,32})\.([0-9a-z]{1,13})\.([0-9a-f]{16})@[^>\s]+>?", re.IGNORECASE)
_VERP = re.compile(r"<?[^+@<>\s]+\+([0-9a-z]{1,13})-([0-9a-f]{16})@[^>\s]+>?", re.IGNORECASE)


@dataclass(frozen=True)
class MessageOrigin:
    """Whose message an id names: the release's salt and the subscriber."""

    salt: str
    subscriber_id: int


def _mac(secret: str, purpose: str, value: str) -> str:
    digest = hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:_MAC_LENGTH]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def message_key(secret: str, salt: str, subscriber_id: int) -> str:
    """The part before ``@`` of the Message-ID of ``subscriber_id``'s copy of the release with ``salt``."""
    body = f"{salt}.{_base36(subscriber_id)}"
    return f"{body}.{_mac(secret, 'message', body)}"


def read_message_key(secret: str, message_id: str) -> MessageOrigin | None:
    """The release salt and subscriber a Message-ID of ours names; None for anyone else's or a forgery."""
    found = _KEY.search(message_id.strip())
    if found is None:
        return None
    salt, subscriber, mac = (part.lower() for part in found.groups())
    if not hmac.compare_digest(mac, _mac(secret, "message", f"{salt}.{subscriber}")):
        return None
    return MessageOrigin(salt, int(subscriber, 36))


def verp_address(secret: str, bounce_address: str, subscriber_id: int) -> str:
    """The return path for one subscriber: ``local+SUBSCRIBER-MAC@domain`` of ``bounce_address``."""
    local, domain = bounce_address.rsplit("@", 1)
    tag = _base36(subscriber_id)
    return f"{local}+{tag}-{_mac(secret, 'verp', tag)}@{domain}"


def read_verp(secret: str, address: str) -> int | None:
    """The subscriber a VERP return path of ours names; None for other addresses and forgeries."""
    found = _VERP.fullmatch(address.strip())
    if found is None:
        return None
    tag, mac = (part.lower() for part in found.groups())
    if not hmac.compare_digest(mac, _mac(secret, "verp", tag)):
        return None
    return int(tag, 36)
