"""The newsletter as an RFC 5322 message for one subscriber, assembled fast from a compiled edition.

Per recipient only the To, Date, Message-ID and List-Unsubscribe headers and the two
personalised parts change; everything else is encoded once per edition. The bytes use
CRLF line ends and quoted-printable bodies, ready for ``smtplib.SMTP.sendmail``.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

import dkim  # type: ignore[import-untyped]

from publisher.channels.newsletter.compose import Edition, safe_subject
from publisher.errors import ConfigurationError
from publisher.settings import Settings

if TYPE_CHECKING:
    from publisher.channels.newsletter.dkim_signing import RsaSha256Signer

__all__ = [
    "DkimSigner",
    "MessageFactory",
    "Recipient",
    "dkim_signer",
    "envelope_sender",
    "published_key_mismatch",
]

_TOKEN = re.compile(r"[A-Za-z0-9._-]+")
_SIGNED_HEADERS = [
    b"from", b"reply-to", b"to", b"subject", b"date", b"message-id", b"list-id",
    b"list-unsubscribe", b"list-unsubscribe-post", b"mime-version", b"content-type",
]  # fmt: skip


@dataclass(frozen=True)
class Recipient:
    """One subscriber as the message needs them: address, own links, and the wanted format."""

    address: str
    # The subscriber's signed token: their unsubscribe and preferences links end in it.
    token: str
    # Stable per (release, subscriber), so a resent message carries the same Message-ID.
    message_key: str
    text_only: bool = False


@dataclass(frozen=True)
class DkimSigner:
    """Signs whole messages with one DKIM key (rsa-sha256, relaxed/relaxed), the key read once."""

    selector: str
    domain: str
    private_key: bytes = field(repr=False)
    _signer: RsaSha256Signer = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # OpenSSL's bindings are loaded only when a DKIM key is configured.
        from publisher.channels.newsletter.dkim_signing import RsaSha256Signer

        object.__setattr__(self, "_signer", RsaSha256Signer(self.selector, self.domain, self.private_key))

    def sign(self, message: bytes) -> bytes:
        return self._signer.signature(message, _SIGNED_HEADERS) + message


def dkim_signer(settings: Settings) -> DkimSigner | None:
    """The configured DKIM signer, or None when no key is configured."""
    config = settings.newsletter
    fields = (config.dkim_selector, config.dkim_domain, config.dkim_private_key)
    if not any(fields):
        return None
    if not all(fields) or config.dkim_private_key is None:
        raise ConfigurationError(
            "DKIM signing needs dkim_selector, dkim_domain and dkim_private_key together"
        )
    try:
        key = Path(config.dkim_private_key).read_bytes()
    except OSError as error:
        raise ConfigurationError(f"cannot read the DKIM key {config.dkim_private_key}: {error}") from error
    return DkimSigner(str(config.dkim_selector), str(config.dkim_domain), key)


def _rsa_numbers(parsed: dict[str, int]) -> tuple[int, int]:
    return parsed["modulus"], parsed["publicExponent"]


def published_key_mismatch(signer: DkimSigner, published: str) -> str | None:
    """Why the DNS record ``published`` (``v=DKIM1; k=rsa; p=...``, or only the ``p=`` value) does not
    verify what ``signer`` signs, or None when it matches."""
    tags = dict(
        (part.split("=", 1)[0].strip().lower(), part.split("=", 1)[1].strip())
        for part in published.split(";")
        if "=" in part
    )
    encoded = "".join((tags.get("p", "") if tags else published).split())
    if tags.get("k", "rsa").lower() != "rsa":
        return f"only rsa keys can be compared, the record says k={tags['k']}"
    if not encoded:
        return "the published record has no key (an empty p= revokes the selector)"
    try:
        public = dkim.crypto.parse_public_key(base64.b64decode(encoded, validate=True))
        private = dkim.crypto.parse_pem_private_key(signer.private_key)
    except (ValueError, binascii.Error, dkim.crypto.UnparsableKeyError) as error:
        return f"a key cannot be read: {error}"
    if _rsa_numbers(public) != _rsa_numbers(private):
        return "the private key is not the one whose public key is published"
    return None


def _address_header(name: str, value: str) -> tuple[str, str]:
    display, address = parseaddr(value)
    if "@" not in address or any(char in value for char in "\r\n"):
        raise ConfigurationError(f"{name} {value!r} is not a valid email address")
    return formataddr((safe_subject(display), address), charset="utf-8"), address


def envelope_sender(settings: Settings) -> str:
    """The address bounces go to (SMTP MAIL FROM): the From address."""
    return _address_header("from_address", settings.newsletter.from_address)[1]


def _encode_header(name: str, value: str) -> str:
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: " + Header(value, charset, header_name=name).encode(linesep="\r\n")


def _qp(text: str) -> bytes:
    body = binascii.b2a_qp(text.replace("\r\n", "\n").encode("utf-8"), istext=True)
    return body.replace(b"\n", b"\r\n")


class _EncodedPart:
    """A body part quoted-printable encoded once, with holes where the placeholders were.

    Each hole is filled per recipient between soft line breaks (``=CRLF``), which decode to
    nothing: the decoded part is exactly the personalised text, at the cost of encoding a URL.
    """

    def __init__(self, text: str, placeholders: list[str]) -> None:
        pieces = re.split("(" + "|".join(re.escape(token) for token in placeholders) + ")", text)
        self.pieces: list[bytes | str] = [
            piece if number % 2 else _qp(piece) for number, piece in enumerate(pieces)
        ]

    def fill(self, values: dict[str, bytes]) -> bytes:
        return b"".join(piece if isinstance(piece, bytes) else values[piece] for piece in self.pieces)


def _qp_hole(url: str) -> bytes:
    return b"=\r\n" + _qp(url) + b"=\r\n"


class MessageFactory:
    """Builds the message bytes of one edition for each recipient."""

    def __init__(self, edition: Edition, settings: Settings, signer: DkimSigner | None = None) -> None:
        config = settings.newsletter
        sender, sender_address = _address_header("from_address", config.from_address)
        reply_to, _ = _address_header("reply_to", config.reply_to or settings.press_contact())
        self.edition = edition
        self.signer = signer
        self.domain = sender_address.rsplit("@", 1)[1]
        self.unsubscribe_mailbox = config.unsubscribe_mailbox or sender_address
        self._mailto = f"mailto:{self.unsubscribe_mailbox}?subject="
        self.pages = config.subscriptions_url
        list_name = safe_subject(f"{settings.site.title} Newsletter")
        placeholders = [edition.unsubscribe_token, edition.preferences_token]
        self._html = _EncodedPart(edition.html, placeholders)
        self._text = _EncodedPart(edition.text, placeholders)
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
        if not _TOKEN.fullmatch(recipient.token):
            raise ValueError("a subscriber token is URL-safe text")
        unsubscribe_url = f"{self.pages}unsubscribe/{recipient.token}"
        holes = {
            self.edition.unsubscribe_token: _qp_hole(unsubscribe_url),
            self.edition.preferences_token: _qp_hole(f"{self.pages}preferences/{recipient.token}"),
        }
        # The token is URL-safe already (checked above): only the space needs escaping.
        mailto = f"{self._mailto}unsubscribe%20{recipient.token}"
        head = (
            self._static
            + f"To: {recipient.address}\r\n"
            + f"Date: {date or formatdate(usegmt=True)}\r\n"
            + f"Message-ID: <{recipient.message_key}@{self.domain}>\r\n"
            + f"List-Unsubscribe: <{unsubscribe_url}>,\r\n <{mailto}>\r\n"
        )
        if recipient.text_only:
            message = (
                head.encode("ascii")
                + b'Content-Type: text/plain; charset="utf-8"\r\n'
                + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + self._text.fill(holes)
            )
        else:
            boundary = self.boundary.encode("ascii")
            message = (
                head.encode("ascii")
                + b'Content-Type: multipart/alternative; boundary="' + boundary + b'"\r\n\r\n'
                + b"--" + boundary + b"\r\n"
                + b'Content-Type: text/plain; charset="utf-8"\r\n'
                + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + self._text.fill(holes) + b"\r\n"
                + b"--" + boundary + b"\r\n"
                + b'Content-Type: text/html; charset="utf-8"\r\n'
                + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + self._html.fill(holes) + b"\r\n"
                + b"--" + boundary + b"--\r\n"
            )  # fmt: skip
        return self.signer.sign(message) if self.signer else message
