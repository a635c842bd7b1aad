"""The newsletter email: content from the canonical article, MJML compilation, plain text, messages."""

from publisher.newsletter.compose import Edition, compile_edition, safe_subject
from publisher.newsletter.content import AudioLink
from publisher.newsletter.message import DkimSigner, MessageFactory, Recipient, dkim_signer

__all__ = [
    "AudioLink",
    "DkimSigner",
    "Edition",
    "MessageFactory",
    "Recipient",
    "compile_edition",
    "dkim_signer",
    "safe_subject",
]
