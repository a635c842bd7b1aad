"""One persistent SMTP connection from ``PUBLISHER_SMTP_URL``; each failure says whom it is about.

URL forms: ``smtp://host:25`` (plain), ``smtp://user:pass@host:587?starttls=true``
(STARTTLS, the default on port 587) and ``smtps://user:pass@host:465`` (TLS from the start);
``?timeout=SECONDS`` bounds every wait for the server (default 30).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from publisher.delivery.replies import Stage, Verdict, read_reply
from publisher.delivery.smtp_exchange import Exchange, Refused, command_line, dot_stuffed
from publisher.errors import ConfigurationError, PublisherError

__all__ = [
    "PermanentFailure",
    "SmtpConnection",
    "SmtpFailure",
    "SmtpPayload",
    "SmtpTarget",
    "TemporaryFailure",
]


class SmtpFailure(PublisherError):
    """One message not sent: the server's answer (or what broke the connection) and whom it is about.

    SmtpFailure
    ├── TemporaryFailure   4xx, or no answer at all: the message may be sent again later
    └── PermanentFailure   5xx: this message will not be taken as it is

    ``verdict`` says whom it concerns (see ``publisher.delivery.replies``); ``connection`` that
    the connection is gone (nothing more can be sent over it now); ``final`` that no retry can
    help until a person acts (login refused, certificate not trusted, the server refuses us).
    """

    def __init__(
        self,
        code: int,
        text: str,
        *,
        stage: Stage = "rcpt",
        connection: bool = False,
        final: bool = False,
        kind: str | None = None,
    ) -> None:
        super().__init__(f"{code} {text}" if kind is None else text)
        reading = read_reply(code, text, stage)
        self.code = code
        self.text = text
        self.stage: Stage = stage
        self.enhanced = reading.enhanced
        self.verdict: Verdict = Verdict.SEND if kind is not None else reading.verdict
        self.connection = connection or code == 421 or kind is not None
        self.final = final
        self.kind = kind

    @property
    def key(self) -> str:
        """What identical failures share: the codes, or the kind of connection failure.

        Addresses and numbers are left out of a reply without an enhanced code, so "550 <a@x> rejected"
        and "550 <b@y> rejected" count as the same failure.
        """
        if self.kind is not None:
            return f"connection {self.kind}"
        if self.enhanced:
            return f"{self.code} {self.enhanced}"
        words = re.sub(r"<[^>]*>|\S+@\S+|[^a-z ]+", " ", self.text.lower())
        return f"{self.code} {' '.join(words.split())[:60]}".strip()


class TemporaryFailure(SmtpFailure):
    """The server said "try later" (4xx) or the connection failed: the message may be sent again."""


class PermanentFailure(SmtpFailure):
    """The server refused the message for good (5xx); ``verdict`` says whether that is the address's fault."""


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
        return cls(dot_stuffed(message))


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
        stage: Stage = "connect"
        client: smtplib.SMTP | None = None
        try:
            if target.security == "ssl":
                client = smtplib.SMTP_SSL(target.host, target.port, timeout=target.timeout, context=self.tls)
            else:
                client = smtplib.SMTP(target.host, target.port, timeout=target.timeout)
            client.ehlo()
            if target.security == "starttls":
                client.starttls(context=self.tls)
                client.ehlo()
            if target.username:
                stage = "login"
                client.login(target.username, target.password or "")
        except smtplib.SMTPResponseException as error:
            _close(client)
            text = _text(error.smtp_error)
            if stage == "login":
                text = f"{text} (login as {target.username!r} refused: check newsletter.smtp_url)"
            # A permanent refusal of the session (our address blocked, login refused) needs a person.
            failure = _failure(error.smtp_code, text, stage, final=error.smtp_code >= 500)
            failure.connection = True
            raise failure from error
        except smtplib.SMTPNotSupportedError as error:
            _close(client)
            raise PermanentFailure(
                0, f"{target.provider}: {error} (check newsletter.smtp_url)", stage=stage, final=True,
                kind="unsupported",
            ) from error  # fmt: skip
        except ssl.SSLCertVerificationError as error:
            _close(client)
            raise PermanentFailure(
                0, f"the TLS certificate of {target.provider} is not trusted: {error.verify_message}",
                stage=stage, final=True, kind="certificate",
            ) from error  # fmt: skip
        except (OSError, smtplib.SMTPException) as error:
            _close(client)
            raise _connection_failure(f"cannot reach {target.provider}", error, stage) from error
        return client

    def send(
        self,
        sender: str,
        recipient: str,
        message: bytes | SmtpPayload,
        while_waiting: Callable[[], None] | None = None,
        while_accepting: Callable[[], None] | None = None,
    ) -> None:
        """Send one message; raises a TemporaryFailure or PermanentFailure saying whom it is about.

        ``while_waiting`` runs once while the server answers MAIL FROM (the caller records
        the previous message there), ``while_accepting`` once while it takes in the message
        (the caller builds the next one there): neither waits for the other side.
        ``while_accepting`` must not raise, or the message's fate would be unknown.
        """
        payload = message.data if isinstance(message, SmtpPayload) else dot_stuffed(message)
        mail_from = command_line("MAIL FROM", sender)
        rcpt_to = command_line("RCPT TO", recipient)
        for attempt in (1, 2):
            if self._client is None:
                self._client = self._connect()
            exchange = Exchange(self._client, while_waiting, while_accepting)
            try:
                if self._client.does_esmtp and self._client.has_extn("pipelining"):
                    exchange.pipelined(mail_from, rcpt_to, payload)
                else:
                    exchange.in_turn(mail_from, rcpt_to, payload)
            except Refused as refusal:
                raise self._refused(refusal.code, refusal.reply, refusal.stage) from None
            except smtplib.SMTPServerDisconnected as error:
                self._client = None
                # An idle connection closed by the server is reopened once; after DATA it is not,
                # since the server may have taken the message.
                if attempt == 2 or exchange.stage in ("data", "message"):
                    raise _connection_failure("connection lost", error, exchange.stage) from error
                continue
            except smtplib.SMTPResponseException as error:
                raise self._refused(error.smtp_code, error.smtp_error, exchange.stage) from error
            except OSError as error:
                _close(self._client)
                self._client = None
                raise _connection_failure("connection failed", error, exchange.stage) from error
            return

    def _refused(self, code: int, reply: bytes | str, stage: Stage) -> SmtpFailure:
        failure = _failure(code, _text(reply), stage)
        if failure.connection:  # 421: the server is closing the connection
            _close(self._client)
            self._client = None
        else:
            self._reset()
        return failure

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


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _failure(code: int, text: str, stage: Stage, *, final: bool = False) -> SmtpFailure:
    kind = PermanentFailure if 500 <= code < 600 else TemporaryFailure
    return kind(code, text, stage=stage, final=final)


def _connection_failure(what: str, error: BaseException, stage: Stage) -> TemporaryFailure:
    """No answer to read: refused, reset, timed out, a TLS handshake that failed, a name not found."""
    cause = error.__cause__ or error.__context__  # smtplib reports a timed-out read as a disconnect
    if isinstance(error, TimeoutError) or isinstance(cause, TimeoutError):
        kind = "timeout"
    elif isinstance(error, ssl.SSLError):
        kind = "tls"
    elif isinstance(error, ConnectionRefusedError):
        kind = "refused"
    elif isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError):
        kind = "lost"
    else:
        kind = "unreachable"
    return TemporaryFailure(421, f"{what}: {error or type(error).__name__}", stage=stage, kind=kind)


def _close(client: smtplib.SMTP | None) -> None:
    if client is not None:
        with suppress(OSError):
            client.close()
