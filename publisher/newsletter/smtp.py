"""One persistent SMTP connection from ``PUBLISHER_SMTP_URL``; failures sorted into temporary and permanent.

URL forms: ``smtp://host:25`` (plain), ``smtp://user:pass@host:587?starttls=true``
(STARTTLS, the default on port 587) and ``smtps://user:pass@host:465`` (TLS from the start).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from publisher.errors import ConfigurationError, PublisherError

__all__ = ["PermanentFailure", "SmtpConnection", "SmtpTarget", "TemporaryFailure"]


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
        self, sender: str, recipient: str, message: bytes, while_waiting: Callable[[], None] | None = None
    ) -> None:
        """Send one message; raises TemporaryFailure or PermanentFailure.

        ``while_waiting`` runs once while the server answers MAIL FROM (the caller records
        the previous message there, so no time is spent outside the server's round trips).
        """
        for attempt in (1, 2):
            if self._client is None:
                self._client = self._connect()
            client = self._client
            data_sent = False
            try:
                client.putcmd("mail", f"FROM:{smtplib.quoteaddr(sender)}")
                if while_waiting is not None:
                    while_waiting()
                code, reply = client.getreply()
                if code == 250:
                    code, reply = client.rcpt(recipient)
                if code in (250, 251):
                    data_sent = True
                    code, reply = client.data(message)
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


def _failure(code: int, reply: bytes | str) -> TemporaryFailure | PermanentFailure:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return PermanentFailure(code, text) if 500 <= code < 600 else TemporaryFailure(code, text)
