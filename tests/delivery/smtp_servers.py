"""Misbehaving SMTP servers for tests: real aiosmtpd servers whose answers a test scripts."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller

from tests.newsletter_support import free_port

__all__ = ["DROP", "ScriptedServer", "running", "silent_server"]

# An answer that is no answer: the server drops the connection.
DROP = "drop"

# Called with the address (for MAIL and RCPT: the envelope address) and how many such commands came
# before on this server; returns the reply line, DROP, or None for the normal "250 OK".
Script = Callable[[str, int], str | None]


class ScriptedServer:
    """An SMTP server answering MAIL, RCPT and the end of DATA as its scripts say; keeps what it accepted."""

    def __init__(
        self, *, mail: Script | None = None, rcpt: Script | None = None, data: Script | None = None
    ) -> None:
        self.scripts = {"mail": mail, "rcpt": rcpt, "data": data}
        self.counts = {"mail": 0, "rcpt": 0, "data": 0}
        self.messages: list[tuple[str, list[str], bytes]] = []

    def _answer(self, server: Any, command: str, address: str) -> str | None:
        script = self.scripts[command]
        number = self.counts[command]
        self.counts[command] += 1
        reply = script(address, number) if script else None
        if reply == DROP:
            server.transport.abort()
            return "421 4.4.2 dropped"  # never reaches the client: the connection is gone
        return reply

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        reply = self._answer(server, "mail", address)
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        reply = self._answer(server, "rcpt", address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self._answer(server, "data", envelope.rcpt_tos[0] if envelope.rcpt_tos else "")
        if reply:
            return reply
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"

    @property
    def recipients(self) -> list[str]:
        return sorted(address for _, tos, _ in self.messages for address in tos)


@contextmanager
def running(handler: object, port: int | None = None, **options: Any) -> Iterator[int]:
    """Run ``handler`` as an aiosmtpd server on a free local port (or ``port``); yields the port."""
    port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that takes connections and never says a word (a hung server); yields the port."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]
