"""The SMTP connection: STARTTLS and login when configured, and how server answers are sorted."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from publisher.delivery.replies import Verdict
from publisher.delivery.smtp import (
    PermanentFailure,
    SmtpConnection,
    SmtpPayload,
    SmtpTarget,
    TemporaryFailure,
)
from publisher.errors import ConfigurationError
from tests.newsletter_support import SinkHandler, free_port

LOOPBACK = ipaddress.ip_address("127.0.0.1")
MESSAGE = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Test\r\n\r\nHallo\r\n"


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(LOOPBACK)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"presse", b"geheim")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_sink(tmp_path: Path) -> Iterator[tuple[SinkHandler, int, ssl.SSLContext]]:
    """An SMTP server that demands STARTTLS and a login; yields its handler, port and a client TLS context."""
    cert, key = _certificate(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    handler = SinkHandler()
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, tls_context=server_context, require_starttls=True,
        auth_required=True, authenticator=_authenticator,
    )  # fmt: skip
    controller.start()
    try:
        yield handler, port, ssl.create_default_context(cafile=str(cert))
    finally:
        controller.stop()


def test_starttls_and_login_carry_the_message(tls_sink: tuple[SinkHandler, int, ssl.SSLContext]) -> None:
    """With starttls=true and credentials in the URL, the message goes over TLS after a login."""
    sink, port, client_tls = tls_sink
    target = SmtpTarget.parse(f"smtp://presse:geheim@127.0.0.1:{port}?starttls=true")
    assert (target.security, target.username) == ("starttls", "presse")
    with SmtpConnection(target, tls=client_tls) as smtp:
        smtp.send("a@example.org", "b@example.org", MESSAGE)
        smtp.send("a@example.org", "c@example.org", MESSAGE)
    assert [tos for _, tos, _ in sink.messages] == [["b@example.org"], ["c@example.org"]]


def test_wrong_password_stops_with_a_message_about_the_settings(
    tls_sink: tuple[SinkHandler, int, ssl.SSLContext],
) -> None:
    """A refused login is a failure of the send that no retry can help, naming the setting to check."""
    _, port, client_tls = tls_sink
    target = SmtpTarget.parse(f"smtp://presse:falsch@127.0.0.1:{port}?starttls=true")
    with SmtpConnection(target, tls=client_tls) as smtp, pytest.raises(PermanentFailure) as refused:
        smtp.send("a@example.org", "b@example.org", MESSAGE)
    failure = refused.value
    assert (failure.code, failure.stage, failure.verdict, failure.final) == (535, "login", Verdict.SEND, True)
    assert "newsletter.smtp_url" in str(failure) and "falsch" not in str(failure)


def test_server_answers_are_sorted_into_temporary_and_permanent(smtp_sink: tuple[SinkHandler, int]) -> None:
    """550 is permanent, 451 temporary; after either the same connection sends the next message."""
    sink, port = smtp_sink
    sink.defer_left = 1
    with SmtpConnection(SmtpTarget.parse(f"smtp://127.0.0.1:{port}")) as smtp:
        with pytest.raises(PermanentFailure) as permanent:
            smtp.send("a@example.org", "bounce@example.org", MESSAGE)
        with pytest.raises(TemporaryFailure) as temporary:
            smtp.send("a@example.org", "later@example.org", MESSAGE)
        smtp.send("a@example.org", "later@example.org", MESSAGE)
    assert (permanent.value.code, temporary.value.code) == (550, 451)
    assert [tos for _, tos, _ in sink.messages] == [["later@example.org"]]


class PipeliningSink(SinkHandler):
    """A sink that offers PIPELINING and notes whether RCPT TO had arrived with MAIL FROM."""

    def __init__(self) -> None:
        super().__init__()
        self.together: list[bool] = []

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.together.append(b"RCPT TO" in bytes(server._reader._buffer))
        envelope.mail_from = address
        return "250 OK"


def test_a_server_offering_pipelining_gets_the_envelope_in_one_write() -> None:
    """MAIL FROM, RCPT TO and DATA travel together; refusals are read and the connection goes on."""
    sink = PipeliningSink()
    sink.defer_left = 1
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with SmtpConnection(SmtpTarget.parse(f"smtp://127.0.0.1:{port}")) as smtp:
            smtp.send("a@example.org", "eins@example.org", MESSAGE)
            with pytest.raises(PermanentFailure) as permanent:
                smtp.send("a@example.org", "bounce@example.org", MESSAGE)
            with pytest.raises(TemporaryFailure) as temporary:
                smtp.send("a@example.org", "later@example.org", MESSAGE)
            smtp.send("a@example.org", "later@example.org", MESSAGE)
    finally:
        controller.stop()
    assert (permanent.value.code, permanent.value.stage) == (550, "rcpt")
    assert (temporary.value.code, temporary.value.stage) == (451, "rcpt")
    assert [tos for _, tos, _ in sink.messages] == [["eins@example.org"], ["later@example.org"]]
    assert [content for _, _, content in sink.messages] == [MESSAGE] * 2
    assert sink.together == [True] * 4


def test_lines_starting_with_a_dot_arrive_unchanged(smtp_sink: tuple[SinkHandler, int]) -> None:
    """A lone dot or a leading dot in the body never ends the message early; the reader gets it as written."""
    sink, port = smtp_sink
    message = MESSAGE + b".\r\n..zwei Punkte\r\n.ein Punkt\r\nEnde ohne Zeilenende"
    with SmtpConnection(SmtpTarget.parse(f"smtp://127.0.0.1:{port}")) as smtp:
        smtp.send("a@example.org", "b@example.org", message)
        smtp.send("a@example.org", "c@example.org", SmtpPayload.of(message))
    assert [content for _, _, content in sink.messages] == [message + b"\r\n"] * 2


def test_envelope_addresses_go_out_as_given(smtp_sink: tuple[SinkHandler, int]) -> None:
    """Plus and apostrophe addresses keep their form; a display name or a smuggled command line is dropped."""
    sink, port = smtp_sink
    with SmtpConnection(SmtpTarget.parse(f"smtp://127.0.0.1:{port}")) as smtp:
        smtp.send("Presse <presse@example.org>", "o'neil+news@example.org", MESSAGE)
        smtp.send("presse@example.org", "b@example.org\r\nRCPT TO:<c@example.org>", MESSAGE)
    assert [(sender, tos) for sender, tos, _ in sink.messages] == [
        ("presse@example.org", ["o'neil+news@example.org"]),
        ("presse@example.org", ["b@example.org"]),
    ]


def test_unreachable_server_is_temporary() -> None:
    """No server listening is a temporary failure (the batch is retried later)."""
    target = SmtpTarget.parse(f"smtp://127.0.0.1:{free_port()}?timeout=2")
    with SmtpConnection(target) as smtp, pytest.raises(TemporaryFailure):
        smtp.send("a@example.org", "b@example.org", MESSAGE)


def test_smtp_urls() -> None:
    """Port 587 means STARTTLS, smtps means TLS from the start, other schemes are refused."""
    assert SmtpTarget.parse("smtp://mail.example.org:587").security == "starttls"
    assert SmtpTarget.parse("smtp://mail.example.org").port == 25
    secure = SmtpTarget.parse("smtps://u%40x:p%2Fw@mail.example.org")
    assert (secure.security, secure.port, secure.username, secure.password) == ("ssl", 465, "u@x", "p/w")
    with pytest.raises(ConfigurationError):
        SmtpTarget.parse("http://mail.example.org")
