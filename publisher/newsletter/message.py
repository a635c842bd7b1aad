"""The newsletter as an RFC 5322 message for one subscriber, assembled fast from a compiled edition.

Per recipient only the To, Date, Message-ID and List-Unsubscribe headers and the two
personalised parts change; everything else is encoded once per edition. The bytes use
CRLF line ends and quoted-printable bodies, ready for ``smtplib.SMTP.sendmail``.
"""

from __future__ import annotations

import binascii
import secrets
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from urllib.parse import quote

import dkim

from publisher.errors import ConfigurationError
from publisher.newsletter.compose import Edition, safe_subject
from publisher.settings import Settings

__all__ = ["DkimSigner", "MessageFactory", "Recipient", "dkim_signer"]

_SIGNED_HEADERS = [
    b"from", b"reply-to", b"to", b"subject", b"date", b"message-id", b"list-id",
    b"list-unsubscribe", b"list-unsubscribe-post", b"mime-version", b"content-type",
]  # fmt: skip


@dataclass(frozen=True)
class Recipient:
    """One subscriber as the message needs them: address, own links, and the wanted format."""

    address: str
    unsubscribe_url: str
    preferences_url: str
    # Stable per (release, subscriber), so a resent message carries the same Message-ID.
    message_key: str
    text_only: bool = False


@dataclass(frozen=True)
class DkimSigner:
    """Signs whole messages with one DKIM key (rsa-sha256, relaxed/relaxed)."""

    selector: str
    domain: str
    private_key: bytes = field(repr=False)

    def sign(self, message: bytes) -> bytes:
        signature: bytes = dkim.sign(
            message,
            self.selector.encode(),
            self.domain.encode(),
            self.private_key,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=_SIGNED_HEADERS,
        )
        return signature + message


def dkim_signer(settings: Settings) -> DkimSigner | None:
    """The configured DKIM signer, or None when no key is configured."""
    config = settings.newsletter
    fields = (config.dkim_selector, config.dkim_domain, config.dkim_private_key)
    if not any(fields):
        return None
    if not all(fields) or config.dkim_private_key is None:
        raise ConfigurationError("DKIM signing needs dkim_selector, dkim_domain and dkim_private_key together")
    try:
        key = Path(config.dkim_private_key).read_bytes()
    except OSError as error:
        raise ConfigurationError(f"cannot read the DKIM key {config.dkim_private_key}: {error}") from error
    return DkimSigner(str(config.dkim_selector), str(config.dkim_domain), key)


def _address_header(name: str, value: str) -> tuple[str, str]:
    display, address = parseaddr(value)
    if "@" not in address or any(char in value for char in "\r\n"):
        raise ConfigurationError(f"{name} {value!r} is not a valid email address")
    return formataddr((safe_subject(display), address), charset="utf-8"), address


def _encode_header(name: str, value: str) -> str:
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: " + Header(value, charset, header_name=name).encode(linesep="\r\n")


def _qp(text: str) -> bytes:
    body = binascii.b2a_qp(text.replace("\r\n", "\n").encode("utf-8"), istext=True)
    return body.replace(b"\n", b"\r\n")


class MessageFactory:
    """Builds the message bytes of one edition for each recipient."""

    def __init__(self, edition: Edition, settings: Settings, signer: DkimSigner | None = None) -> None:
        config = settings.newsletter
        sender, sender_address = _address_header("from_address", config.from_address)
        reply_to, _ = _address_header("reply_to", config.reply_to or settings.site.contact_email)
        self.edition = edition
        self.signer = signer
        self.domain = sender_address.rsplit("@", 1)[1]
        self.unsubscribe_mailbox = config.unsubscribe_mailbox or sender_address
        list_name = safe_subject(f"{settings.site.title} Newsletter")
        self.boundary = "=_publisher_" + secrets.token_hex(12)
        # '=' never appears unencoded in quoted-printable, so this boundary cannot occur in a part.
        self._static = (
            f"From: {sender}\r\n"
            f"Reply-To: {reply_to}\r\n"
            f"{_encode_header('Subject', edition.subject)}\r\n"
            f"{_encode_header('List-Id', f'{list_name} <{config.list_id}>')}\r\n"
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            f"Content-Language: {edition.lang}\r\n"
            "MIME-Version: 1.0\r\n"
        )

    def build(self, recipient: Recipient, date: str | None = None) -> bytes:
        """The complete message for ``recipient`` (DKIM-signed when a signer is set)."""
        if any(char in recipient.address for char in "\r\n<>,") or "@" not in recipient.address:
            raise ValueError(f"not a single email address: {recipient.address!r}")
        html, text = self.edition.personalise(
            unsubscribe_url=recipient.unsubscribe_url, preferences_url=recipient.preferences_url
        )
        mailto = f"mailto:{self.unsubscribe_mailbox}?subject=" + quote(f"unsubscribe {recipient.unsubscribe_url}")
        head = (
            self._static
            + f"To: {recipient.address}\r\n"
            + f"Date: {date or formatdate(usegmt=True)}\r\n"
            + f"Message-ID: <{recipient.message_key}@{self.domain}>\r\n"
            + f"List-Unsubscribe: <{recipient.unsubscribe_url}>,\r\n <{mailto}>\r\n"
        )
        if recipient.text_only:
            message = (
                head.encode("ascii")
                + b'Content-Type: text/plain; charset="utf-8"\r\n'
                + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + _qp(text)
            )
        else:
            boundary = self.boundary.encode("ascii")
            message = (
                head.encode("ascii")
                + b'Content-Type: multipart/alternative; boundary="' + boundary + b'"\r\n\r\n'
                + b"--" + boundary + b"\r\n"
                + b'Content-Type: text/plain; charset="utf-8"\r\n'
                + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + _qp(text) + b"\r\n"
                + b"--" + boundary + b"\r\n"
                + b'Content-Type: text/html; charset="utf-8"\r\n'
                + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + _qp(html) + b"\r\n"
                + b"--" + boundary + b"--\r\n"
            )  # fmt: skip
        return self.signer.sign(message) if self.signer else message
