"""Where limits per client address plug into the subscription app.

The per-address limit on confirmation emails lives in the database (``subscribe_window``). A
limit per client (e.g. shared through Redis by all app processes) implements ``ClientLimit``
and is passed to ``create_app``; a refused request gets the localised 429 page before any
handler runs. The default admits every request.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["AdmitAll", "ClientLimit"]


class ClientLimit(Protocol):
    """Decides whether a client may make one more request of a kind (``"subscribe"``, ``"link"``)."""

    def admit(self, client: str, kind: str) -> bool:
        """True to serve the request; ``client`` is the peer address the server reports."""
        ...


class AdmitAll:
    """No limit per client: only the per-address limit in the database applies."""

    def admit(self, client: str, kind: str) -> bool:
        return True
