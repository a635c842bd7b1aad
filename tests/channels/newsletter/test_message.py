"""The newsletter as a mail message: structure, headers, personalisation and DKIM."""

from __future__ import annotations

import base64
import email
import email.policy
import shutil
import subprocess
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import dkim
import lxml.html
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from publisher.a11y import check_html, has_errors, rules_for
from publisher.channels.base import RenderJob
from publisher.channels.newsletter import NewsletterChannel, released_audio
from publisher.channels.newsletter.compose import compile_edition, safe_subject
from publisher.channels.newsletter.content import AudioLink
from publisher.channels.newsletter.message import DkimSigner, MessageFactory, Recipient, dkim_signer
from publisher.model import Article
from publisher.settings import Settings
from tests.conftest import missing_part


def _parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _recipient(token: str = "tok-1", text_only: bool = False) -> Recipient:
    return Recipient(address="leser@example.org", token=token, message_key=f"r1.{token}", text_only=text_only)


def test_message_is_text_then_html_with_list_headers(german_article: Article, nl_settings: Settings) -> None:
    """A subscriber gets multipart/alternative (text first) with sender, list and one-click headers."""
    factory = MessageFactory(compile_edition(german_article, nl_settings), nl_settings)
    message = _parse(factory.build(_recipient()))
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == german_article.title
    assert message["From"] == "Presse Musterstadt <newsletter@presse.example.de>"
    assert message["Reply-To"] == "presse@example.de"
    assert message["To"] == "leser@example.org"
    assert message["Date"] and message["Message-ID"] == "<r1.tok-1@presse.example.de>"
    assert message["List-Id"] == "Presse Musterstadt Newsletter <newsletter.presse.example.de>"
    unsubscribe = [value.strip(" <>") for value in str(message["List-Unsubscribe"]).split(",")]
    assert unsubscribe[0] == "https://abo.example.de/unsubscribe/tok-1"
    assert unsubscribe[1].startswith("mailto:newsletter@presse.example.de?subject=unsubscribe%20tok-1")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_each_subscriber_gets_own_links_without_placeholders(
    german_article: Article, nl_settings: Settings
) -> None:
    """Personalisation puts each subscriber's own links in both parts and leaves no placeholder behind."""
    edition = compile_edition(german_article, nl_settings)
    factory = MessageFactory(edition, nl_settings)
    for token in ("alpha", "beta"):
        message = _parse(factory.build(_recipient(token)))
        text, html = (part.get_content() for part in message.iter_parts())
        for body in (text, html):
            assert f"https://abo.example.de/unsubscribe/{token}" in body
            assert f"https://abo.example.de/preferences/{token}" in body
            assert edition.unsubscribe_token not in body and ".invalid/" not in body
        assert lxml.html.document_fromstring(html).findtext(".//title") == german_article.title


def test_text_only_subscriber_gets_a_plain_text_message(
    german_article: Article, nl_settings: Settings
) -> None:
    """A subscriber who chose text only receives a single text/plain part with every link."""
    factory = MessageFactory(compile_edition(german_article, nl_settings), nl_settings)
    message = _parse(factory.build(_recipient(text_only=True)))
    assert message.get_content_type() == "text/plain"
    assert "https://abo.example.de/unsubscribe/tok-1" in message.get_content()


def test_title_with_line_breaks_never_creates_a_header(
    german_article: Article, nl_settings: Settings
) -> None:
    """A newline or control character in the title becomes a space: no injected Bcc, one Subject."""
    hostile = german_article.model_copy(update={"title": "Hallo\r\nBcc: opfer@example.org\u2028X\x07Y"})
    message = _parse(MessageFactory(compile_edition(hostile, nl_settings), nl_settings).build(_recipient()))
    assert message["Bcc"] is None
    assert message["Subject"] == "Hallo Bcc: opfer@example.org X Y"
    assert safe_subject("a\tb\u0085c\u200bd") == "a b c d"


def test_dkim_signature_verifies(
    german_article: Article, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    """With a key configured the message carries a DKIM signature that verifies against the public key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_path = tmp_path / "dkim.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    settings = make_settings(
        dkim_selector="mail", dkim_domain="presse.example.de", dkim_private_key=str(key_path)
    )
    factory = MessageFactory(compile_edition(german_article, settings), settings, dkim_signer(settings))
    signed = factory.build(_recipient())
    assert signed.startswith(b"DKIM-Signature:")

    def dns(name: bytes, timeout: int = 5) -> bytes:
        assert name == b"mail._domainkey.presse.example.de."
        return b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    assert dkim.verify(signed, dnsfunc=dns)
    assert not dkim.verify(
        signed.replace(b"Presse Musterstadt <news", b"Presse Musterstadr <news"), dnsfunc=dns
    )


def test_dkim_signature_of_awkward_whitespace_verifies(tmp_path: Path) -> None:
    """Folded headers, blank runs, tabs, blanks at line ends and empty last lines: dkimpy verifies it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    message = (
        b"From: Presse <news@presse.example.de>\r\nTo:  leser@example.org \r\n"
        b"Subject: Ein  langer\r\n\tBetreff  \r\nX-Other: not signed\r\n\r\n"
        b"Zeile mit   Leerzeichen \t\r\n\tEinger\xc3\xbcckt\r\n\r\n.\r\n\r\n\r\n"
    )
    signed = DkimSigner("mail", "presse.example.de", pem).sign(message)

    def dns(name: bytes, timeout: int = 5) -> bytes:
        return b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    assert signed.endswith(message)
    assert b"h=from:to:subject;" in signed
    assert dkim.verify(signed, dnsfunc=dns)
    assert not dkim.verify(signed.replace(b"Leerzeichen", b"Leerzeichen!"), dnsfunc=dns)
    assert not dkim.verify(signed.replace(b"langer", b"kurzer"), dnsfunc=dns)


def test_channel_writes_html_text_and_sample_message(
    german_article: Article, nl_settings: Settings, tmp_path: Path
) -> None:
    """Rendering writes newsletter.html/.txt/.eml and asks for the email check with the text part."""
    workdir = tmp_path / "out"
    workdir.mkdir()
    job = RenderJob(settings=nl_settings, assets_dir=tmp_path, workdir=workdir, out_dir=tmp_path / "public")
    rendition = NewsletterChannel().render(german_article, job)
    assert rendition.files == ("newsletter.html", "newsletter.txt", "newsletter.eml")
    target, *variants = rendition.check
    assert (target.path, target.kind, target.text_part) == ("newsletter.html", "email", "newsletter.txt")
    # The other UI language is checked too (not published): see tests/a11y/browser/test_release_gate.py.
    assert [variant.path for variant in variants] == ["variants/en-audio-last.html"]
    message = _parse((workdir / "newsletter.eml").read_bytes())
    text, html = (part.get_content().replace("\r\n", "\n") for part in message.iter_parts())
    assert html == (workdir / "newsletter.html").read_text(encoding="utf-8")
    assert text == (workdir / "newsletter.txt").read_text(encoding="utf-8")
    assert "https://abo.example.de/unsubscribe/sample" in html


@pytest.mark.parametrize("example", ["german_article", "english_article"])
def test_rendered_email_passes_the_email_accessibility_rules(
    example: str, request: pytest.FixtureRequest, nl_settings: Settings, tmp_path: Path
) -> None:
    """The gate's email rules find no error in the rendered newsletter and its text part."""
    article: Article = request.getfixturevalue(example)
    workdir = tmp_path / "out"
    workdir.mkdir()
    job = RenderJob(settings=nl_settings, assets_dir=tmp_path, workdir=workdir, out_dir=tmp_path / "public")
    NewsletterChannel().render(article, job)
    findings = check_html(
        (workdir / "newsletter.html").read_text(encoding="utf-8"),
        channel="email",
        locale=article.primary_language,
        text_part=(workdir / "newsletter.txt").read_text(encoding="utf-8"),
    )
    assert rules_for("email") and not has_errors(findings), [(f.rule, f.message) for f in findings]


def test_message_lines_stay_within_the_mail_limits(german_article: Article, nl_settings: Settings) -> None:
    """Every body line is at most 76 characters (quoted-printable) and every line ends in CRLF."""
    factory = MessageFactory(compile_edition(german_article, nl_settings), nl_settings)
    token = "WzEsImFiYyJd.awaUxg.A8jTPJ1AblZiJYDmw4fGCtj56ZU" * 2
    raw = factory.build(_recipient(token))
    head, body = raw.split(b"\r\n\r\n", 1)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in body.split(b"\r\n")) <= 76
    assert max(len(line) for line in head.split(b"\r\n")) <= 998


def test_released_audio_version_is_linked_with_its_duration(
    german_article: Article, nl_settings: Settings, tmp_path: Path
) -> None:
    """When the audio channel has released audio.mp3, the newsletter links to it with its playing time."""
    if shutil.which("ffmpeg") is None:
        missing_part("ffmpeg is not installed (needed to make an MP3)")
    folder = tmp_path / "public" / german_article.slug
    folder.mkdir(parents=True)
    assert released_audio(nl_settings, tmp_path / "public", german_article) is None
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ac", "1",
         str(folder / "audio.mp3")],
        check=True,
    )  # fmt: skip
    audio = released_audio(nl_settings, tmp_path / "public", german_article)
    assert audio == AudioLink(f"https://presse.example.de/{german_article.slug}/audio.mp3", 3)
    workdir = tmp_path / "out"
    workdir.mkdir()
    job = RenderJob(settings=nl_settings, assets_dir=tmp_path, workdir=workdir, out_dir=tmp_path / "public")
    NewsletterChannel().render(german_article, job)
    assert "Diesen Artikel anhören (0:03)" in (workdir / "newsletter.txt").read_text(encoding="utf-8")
