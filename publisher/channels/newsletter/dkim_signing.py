"""DKIM signatures (RFC 6376: rsa-sha256, relaxed/relaxed) made with OpenSSL, the key read once.

dkimpy signs with RSA in pure Python and reads the PEM key again for every message, which made
signing slower than the sending rate itself. Here the key is loaded once per signer and the
signature is one OpenSSL operation; canonicalisation follows RFC 6376 3.4.2 and 3.4.4, and tests
verify the result with dkimpy.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from publisher.errors import ConfigurationError

__all__ = ["RsaSha256Signer"]

_WSP_RUN = re.compile(rb"[ \t]+")
_WSP_AT_LINE_END = re.compile(rb"[ \t]+\r\n")
_FOLD = re.compile(rb"\r\n(?=[ \t])")


def relaxed_body(body: bytes) -> bytes:
    """The body as relaxed canonicalisation hashes it: blanks squeezed, none at line ends, no empty
    lines at the end, and CRLF after the last line."""
    body = _WSP_RUN.sub(b" ", _WSP_AT_LINE_END.sub(b"\r\n", body))
    body = body.rstrip(b"\r\n")
    return body + b"\r\n" if body else b""


def relaxed_header(name: bytes, value: bytes) -> bytes:
    """One header field as relaxed canonicalisation signs it: ``name:value`` with CRLF."""
    unfolded = _WSP_RUN.sub(b" ", _FOLD.sub(b"", value)).strip(b" \t\r\n")
    return name.strip().lower() + b":" + unfolded + b"\r\n"


def _fields(head: bytes) -> list[tuple[bytes, bytes]]:
    """The header fields of ``head`` (CRLF line ends), folded lines kept with their field."""
    fields: list[tuple[bytes, bytes]] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, value + b"\r\n" + line)
        elif b":" in line:
            name, value = line.split(b":", 1)
            fields.append((name, value))
    return fields


class RsaSha256Signer:
    """Signs messages for one selector and domain with one RSA key."""

    def __init__(self, selector: str, domain: str, private_key: bytes) -> None:
        try:
            key = serialization.load_pem_private_key(private_key, password=None)
        except (ValueError, TypeError) as error:
            raise ConfigurationError(f"the DKIM private key cannot be read: {error}") from error
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ConfigurationError("the DKIM private key must be an RSA key")
        self._key = key
        self._selector = selector.encode("ascii")
        self._domain = domain.encode("ascii")

    def signature(self, message: bytes, headers: list[bytes]) -> bytes:
        """The ``DKIM-Signature`` field (with CRLF) for ``message``, signing those of ``headers``
        (lower case) it has, each once."""
        head, _, body = message.partition(b"\r\n\r\n")
        body_hash = base64.b64encode(hashlib.sha256(relaxed_body(body)).digest())
        present: dict[bytes, bytes] = {}
        for name, value in reversed(_fields(head)):  # the last instance of a field is signed
            present.setdefault(name.strip().lower(), value)
        signed = [name for name in headers if name in present]
        tags = (
            b"v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + self._domain + b"; s=" + self._selector
            + b";\r\n t=" + str(int(time.time())).encode() + b"; h=" + b":".join(signed)
            + b";\r\n bh=" + body_hash + b"; b="
        )  # fmt: skip
        data = b"".join(relaxed_header(name, present[name]) for name in signed)
        data += relaxed_header(b"DKIM-Signature", b" " + tags).removesuffix(b"\r\n")
        raw = self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        encoded = base64.b64encode(raw)
        folded = b"\r\n ".join(encoded[start : start + 72] for start in range(0, len(encoded), 72))
        return b"DKIM-Signature: " + tags + b"\r\n " + folded + b"\r\n"
