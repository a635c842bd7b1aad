"""One persistent SMTP connection from ``PUBLISHER_SMTP_URL``; failures sorted into temporary and permanent.

URL forms: ``smtp://host:25`` (plain), ``smtp://user:pass@host:587?starttls=true``
(STARTTLS, the default on port 587) and ``smtps://user:pass@host:465`` (TLS from the start).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from publisher.errors import ConfigurationError, PublisherError

__all__ = ["PermanentFailure", "SmtpConnection", "SmtpPayload", "SmtpTarget", "TemporaryFailure"]

# A dot-atom local part and a domain name, ASCII: smtplib.quoteaddr would return it unchanged in <>.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9.-]+")


class TemporaryFailure(PublisherError):
    """The server said "try later" (4xx) or the connection dropped: the message may be sent again."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code


class PermanentFailure(PublisherError):
    """The server refused the recipient for good (5xx): the address is marked bounced."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to connect; ``provider`` names the rate limit bucket."""

    host: str
    port: int
    security: Literal["plain", "starttls", "ssl"]
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @property
    def provider(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ConfigurationError(
                f"SMTP URL {parts.scheme}://{parts.hostname or ''}... must be smtp:// or smtps://"
            )
        query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
        port = parts.port or (
            465 if parts.scheme == "smtps" else 587 if query.get("starttls") == "true" else 25
        )
        security: Literal["plain", "starttls", "ssl"] = "ssl" if parts.scheme == "smtps" else "plain"
        if parts.scheme == "smtp" and (
            query.get("starttls") == "true" or (port == 587 and "starttls" not in query)
        ):
            security = "starttls"
        return cls(
            host=parts.hostname,
            port=port,
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=float(query.get("timeout", 30)),
        )


@dataclass(frozen=True)
class SmtpPayload:
    """A message as DATA carries it: dot-stuffed and ended by CRLF.CRLF, made ahead of the exchange."""

    data: bytes

    @classmethod
    def of(cls, message: bytes) -> SmtpPayload:
        return cls(_dot_stuffed(message))


class SmtpConnection:
    """Sends many messages over one connection, reconnecting once if the server hung up between them."""

    def __init__(self, target: SmtpTarget, tls: ssl.SSLContext | None = None) -> None:
        self.target = target
        self._tls = tls
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @property
    def tls(self) -> ssl.SSLContext:
        # Built only when TLS is used: loading the CA store takes longer than sending a message.
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls

    def _connect(self) -> smtplib.SMTP:
        target = self.target
        try:
            client: smtplib.SMTP
            if target.security == "ssl":
                client = smtplib.SMTP_SSL(target.host, target.port, timeout=target.timeout, context=self.tls)
            else:
                client = smtplib.SMTP(target.host, target.port, timeout=target.timeout)
            client.ehlo()
            if target.security == "starttls":
                client.starttls(context=self.tls)
                client.ehlo()
            if target.username:
                client.login(target.username, target.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise ConfigurationError(f"SMTP login to {target.provider} failed: {error.smtp_code}") from error
        except smtplib.SMTPResponseException as error:
            raise _failure(error.smtp_code, error.smtp_error) from error
        except (OSError, smtplib.SMTPException) as error:
            raise TemporaryFailure(421, f"cannot reach {target.provider}: {error}") from error
        return client

    def send(
        self,
        sender: str,
        recipient: str,
        message: bytes | SmtpPayload,
        while_waiting: Callable[[], None] | None = None,
        while_accepting: Callable[[], None] | None = None,
    ) -> None:
        """Send one message; raises TemporaryFailure or PermanentFailure.

        ``while_waiting`` runs once while the server answers MAIL FROM (the caller records
        the previous message there), ``while_accepting`` once while it takes in the message
        (the caller builds the next one there): neither waits for the other side.
        ``while_accepting`` must not raise, or the message's fate would be unknown.
        """
        payload = message.data if isinstance(message, SmtpPayload) else _dot_stuffed(message)
        mail_from = _command("MAIL FROM", sender)
        rcpt_to = _command("RCPT TO", recipient)
        for attempt in (1, 2):
            if self._client is None:
                self._client = self._connect()
            client = self._client
            data_sent = False
            try:
                client.send(mail_from)
                if while_waiting is not None:
                    while_waiting()
                code, reply = client.getreply()
                if code == 250:
                    client.send(rcpt_to)
                    code, reply = client.getreply()
                if code in (250, 251):
                    data_sent = True
                    client.send(b"DATA\r\n")
                    code, reply = client.getreply()
                    if code != 354:
                        self._reset()
                        raise _failure(code, reply)
                    client.send(payload)
                    if while_accepting is not None:
                        while_accepting()
                    code, reply = client.getreply()
                if code != 250:
                    self._reset()
                    raise _failure(code, reply)
            except smtplib.SMTPServerDisconnected as error:
                self._client = None
                # An idle connection closed by the server is reopened once; after DATA it is not,
                # since the server may have taken the message.
                if attempt == 2 or data_sent:
                    raise TemporaryFailure(421, f"connection lost: {error}") from error
                continue
            except smtplib.SMTPResponseException as error:
                self._reset()
                raise _failure(error.smtp_code, error.smtp_error) from error
            except OSError as error:
                self._client = None
                raise TemporaryFailure(421, f"connection failed: {error}") from error
            return

    def _reset(self) -> None:
        # RSET ends the refused transaction so the connection can carry the next message.
        if self._client is None:
            return
        try:
            self._client.rset()
        except (OSError, smtplib.SMTPException):
            self._client.close()
            self._client = None

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.quit()
            except (OSError, smtplib.SMTPException):
                self._client.close()
            self._client = None


def _command(verb: str, address: str) -> bytes:
    # A plain local@domain address (every stored subscriber) is its own path; anything else goes
    # through smtplib's address parser, which is slow enough to show in a 10,000-message send.
    path = f"<{address}>" if _PLAIN_ADDRESS.fullmatch(address) else smtplib.quoteaddr(address)
    # smtplib's putcmd refuses line breaks too: an address must never smuggle in a command.
    line = f"{verb}:{path}"
    if "\r" in line or "\n" in line:
        raise ValueError(f"not a single email address: {address!r}")
    return line.encode("ascii") + b"\r\n"


def _dot_stuffed(message: bytes) -> bytes:
    """The DATA payload: a line starting with a dot gets a second one (RFC 5321 4.5.2), then CRLF.CRLF.

    What smtplib does with a regular expression; a plain replace is several times faster on a newsletter.
    """
    stuffed = message.replace(b"\n.", b"\n..")
    if stuffed.startswith(b"."):
        stuffed = b"." + stuffed
    return stuffed + (b".\r\n" if stuffed.endswith(b"\r\n") else b"\r\n.\r\n")


def _failure(code: int, reply: bytes | str) -> TemporaryFailure | PermanentFailure:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return PermanentFailure(code, text) if 500 <= code < 600 else TemporaryFailure(code, text)
