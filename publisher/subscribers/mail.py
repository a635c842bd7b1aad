"""Sending the queued subscription emails: a confirmation link, or a note that the address is subscribed.

Requests only queue these emails (``publisher.store.subscription_mails``); this sends them,
after the request has been answered: from the subscription app's background sender, a Celery
worker, or the subscriber commands. What is sent is decided now, from the subscriber's current
state, and the confirmation link is signed now for that state. A temporary failure is logged and
retried with backoff; a permanent one is logged and recorded; nothing is dropped silently.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from publisher.channels.newsletter.message import dkim_signer, envelope_sender
from publisher.delivery.smtp import PermanentFailure, SmtpConnection, SmtpTarget, TemporaryFailure
from publisher.errors import ConfigurationError
from publisher.i18n import translations
from publisher.settings import Settings
from publisher.store import Store, Subscriber, open_store
from publisher.store.subscription_mails import (
    QueuedMail,
    claim_mail,
    due_mails,
    finish_mail,
    next_due,
    release_mail,
    retry_mail,
)
from publisher.tokens import token_signer

__all__ = ["MailRun", "already_subscribed_message", "confirmation_message", "send_subscription_mails"]

log = logging.getLogger("publisher.subscriptions")

# Longer than any SMTP exchange may take; a sender that died is replaced after it.
_LEASE = timedelta(minutes=5)


@dataclass
class MailRun:
    """What one run of the sender did, and when the next queued email is due (None: none is)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0
    next_due: datetime | None = None


def _message(settings: Settings, address: str, language: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.newsletter.from_address
    message["To"] = address
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=envelope_sender(settings).rsplit("@", 1)[1])
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8")
    message["Content-Language"] = language
    return message


def confirmation_message(settings: Settings, address: str, confirm_url: str, language: str) -> EmailMessage:
    """The double opt-in email: one link, valid for a limited time, in the subscriber's language."""
    gettext = translations(language, "newsletter").gettext
    site = settings.site.title
    days = max(1, settings.newsletter.confirm_max_age // 86400)
    body = gettext(
        "Someone, hopefully you, asked to receive the newsletter of %(site)s at this address.\n\n"
        "To confirm, open this link within %(days)s days:\n\n%(url)s\n\n"
        "If you did not ask for it, ignore this email: you will not receive anything."
    ) % {"site": site, "days": days, "url": confirm_url}
    subject = gettext("Please confirm your subscription: %(site)s") % {"site": site}
    return _message(settings, address, language, subject, body)


def already_subscribed_message(
    settings: Settings, address: str, links: dict[str, str], language: str
) -> EmailMessage:
    """The answer to a subscription request for an address that is subscribed already."""
    gettext = translations(language, "newsletter").gettext
    site = settings.site.title
    body = gettext(
        "Someone, hopefully you, asked to receive the newsletter of %(site)s at this address.\n\n"
        "This address already receives it, so nothing has changed.\n\n"
        "To change your preferences, open this link:\n\n%(preferences)s\n\n"
        "To unsubscribe, open this link:\n\n%(unsubscribe)s"
    ) % {"site": site, "preferences": links["preferences"], "unsubscribe": links["unsubscribe"]}
    subject = gettext("You already receive the newsletter: %(site)s") % {"site": site}
    return _message(settings, address, language, subject, body)


def _wanted(settings: Settings, subscriber: Subscriber) -> EmailMessage | None:
    """The email a request of ``subscriber`` asks for in its current state (None: none any more)."""
    signer = token_signer(settings)
    pages = settings.newsletter.subscriptions_url
    if subscriber.status == "pending":
        token = signer.confirm_token(subscriber.id, subscriber.nonce, subscriber.version)
        url = f"{pages}confirm/{token}"
        return confirmation_message(settings, subscriber.email, url, subscriber.language)
    if subscriber.status == "confirmed":
        token = signer.subscriber_token(subscriber.id, subscriber.nonce)
        links = {"preferences": f"{pages}preferences/{token}", "unsubscribe": f"{pages}unsubscribe/{token}"}
        return already_subscribed_message(settings, subscriber.email, links, subscriber.language)
    return None


def send_subscription_mails(
    settings: Settings, store: Store | None = None, *, now: datetime | None = None, limit: int = 200
) -> MailRun:
    """Send the subscription emails that are due at ``now`` over one SMTP connection.

    Raises ConfigurationError when the SMTP settings cannot work; the emails stay queued.
    """
    config = settings.newsletter
    if not config.smtp_url:
        raise ConfigurationError("set PUBLISHER_NEWSLETTER__SMTP_URL to send subscription emails")
    store = store or open_store(settings.database_url)
    now = now or datetime.now(UTC)
    with store.session() as session:
        candidates = due_mails(session, now, limit)
    with SmtpConnection(SmtpTarget.parse(config.smtp_url)) as smtp:
        sender = _Sender(settings, store, smtp, now)
        for subscriber_id in candidates:
            with store.session() as session:
                mail = claim_mail(session, subscriber_id, now, _LEASE)
            if mail is not None and not sender.send(mail):
                break
    with store.session() as session:
        sender.run.next_due = next_due(session)
    return sender.run


class _Sender:
    """Sends claimed emails over one connection and records each outcome."""

    def __init__(self, settings: Settings, store: Store, smtp: SmtpConnection, now: datetime) -> None:
        self.settings = settings
        self.store = store
        self.smtp = smtp
        self.now = now
        self.envelope = envelope_sender(settings)
        self.dkim = dkim_signer(settings)
        self.run = MailRun()

    def send(self, mail: QueuedMail) -> bool:
        """Send one claimed email; False when the server is gone (or unusable) for the rest of this run."""
        with self.store.session() as session:
            subscriber = session.get(Subscriber, mail.subscriber_id)
            message = _wanted(self.settings, subscriber) if subscriber is not None else None
            address = subscriber.email if subscriber is not None else ""
        if message is None:
            self._finish(mail, "dropped")
            return True
        data = message.as_bytes()
        try:
            self.smtp.send(self.envelope, address, self.dkim.sign(data) if self.dkim else data)
        except TemporaryFailure as failure:
            self._retry_or_fail(mail, failure)
            return failure.code != 421
        except PermanentFailure as failure:
            log.warning(
                "subscription email to subscriber %s refused for good: %s", mail.subscriber_id, failure
            )
            self._finish(mail, "failed", failure)
            return True
        except ConfigurationError:
            # Unusable settings (e.g. a refused SMTP login) fail no email: it waits for the next run.
            with self.store.session() as session:
                release_mail(session, mail)
            raise
        self._finish(mail, "sent")
        return True

    def _finish(self, mail: QueuedMail, state: str, failure: Exception | None = None) -> None:
        with self.store.session() as session:
            finish_mail(session, mail, state, self.now, str(failure) if failure else None)
        if state == "sent":
            self.run.sent += 1
        elif state == "failed":
            self.run.failed += 1
        else:
            self.run.dropped += 1

    def _retry_or_fail(self, mail: QueuedMail, failure: TemporaryFailure) -> None:
        config = self.settings.newsletter
        attempt = mail.attempts + 1
        if attempt > config.max_retries:
            log.error(
                "subscription email to subscriber %s given up after %s attempts: %s",
                mail.subscriber_id, attempt, failure,
            )  # fmt: skip
            self._finish(mail, "failed", failure)
            return
        due = self.now + timedelta(seconds=config.retry_backoff * 2 ** (attempt - 1))
        log.warning(
            "subscription email to subscriber %s deferred (attempt %s of %s, next at %s): %s",
            mail.subscriber_id, attempt, config.max_retries + 1, due.isoformat(timespec="seconds"), failure,
        )  # fmt: skip
        with self.store.session() as session:
            retry_mail(session, mail, due, str(failure))
        self.run.retried += 1
