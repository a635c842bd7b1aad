"""Sending a released newsletter: batches over one SMTP connection, each (release, subscriber) sent once.

Every delivery is a row. A batch sends only rows still ``pending`` or ``deferred``. The moment
the server accepts a message, a line in the batch's send journal (``publisher.delivery.journal``)
says so, before the next message's DATA; every ``newsletter.record_every`` messages the accepted
ones are recorded as ``sent`` in the database with one statement and one commit, while the
server answers the next MAIL FROM. A batch first takes over the journals that ended batches of
the release left, so a retried or re-delivered batch (a killed worker, a Celery redelivery)
sends exactly the rest: at most the one message in flight when a worker died goes out twice.
The next message is built while the server takes in the current one.

A refusal is settled by whom it is about (``publisher.delivery.replies``): a gone address
bounces at once; anything else defers the row and leaves the subscriber as they are. A
temporary failure of the send or a lost connection pauses the batch for a retry; identical
failures in a row stop the whole send (``publisher.delivery.state.Breaker``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as clock_time

from sqlalchemy import Connection

from publisher.channels.newsletter.compose import Edition, compile_edition
from publisher.channels.newsletter.content import AudioLink
from publisher.channels.newsletter.message import MessageFactory, Recipient, dkim_signer, envelope_sender
from publisher.delivery.governor import RedisTokenBucket, TokenBucket, bucket_for, warmup_cap
from publisher.delivery.journal import Accepted, SendJournal, open_journal, record_sent, take_over_journals
from publisher.delivery.preflight import require_safe_sending
from publisher.delivery.replies import Verdict
from publisher.delivery.return_paths import message_key, verp_address
from publisher.delivery.smtp import SmtpConnection, SmtpFailure, SmtpPayload, SmtpTarget
from publisher.delivery.state import Breaker, mark_waiting
from publisher.errors import ConfigurationError
from publisher.model import Article
from publisher.settings import Settings
from publisher.signing_key import require_signing_key
from publisher.store import Store, deliveries, open_store
from publisher.store.deliveries import OpenDelivery
from publisher.tokens import token_signer

__all__ = ["BatchResult", "deliver_batch", "plan_batches", "queue_release"]


@dataclass
class BatchResult:
    """What one batch did; ``retry`` says whether rows are left for a later attempt.

    ``paused``: a temporary failure of the send or a lost connection ended the batch early;
    ``stopped``: the send is stopped (circuit breaker, or a failure no retry can help);
    ``capped``: the warm-up cap of the day is reached.
    """

    sent: int = 0
    deferred: int = 0
    bounced: int = 0
    skipped: int = 0
    capped: bool = False
    paused: bool = False
    stopped: bool = False
    failure: SmtpFailure | None = None

    @property
    def retry(self) -> bool:
        return not self.stopped and (self.deferred > 0 or self.paused)


def queue_release(store: Store, article: Article, audio: AudioLink | None = None) -> int:
    """The release id for sending ``article``; the same article text is always the same release.

    ``audio`` is the released spoken version for the listen link (kept from the first call).
    """
    article_json = article.model_dump_json()
    return deliveries.queue_newsletter(
        store,
        slug=article.slug,
        digest=hashlib.sha256(article_json.encode()).hexdigest(),
        article_json=article_json,
        audio_url=audio.url if audio else None,
        audio_seconds=audio.duration_seconds if audio else None,
        now=datetime.now(UTC),
    )


def plan_batches(store: Store, release_id: int, batch_size: int) -> list[list[int]]:
    """Plan a delivery for each confirmed subscriber who wants the release (its topics, or all) and is
    not yet planned; return the open ones in batches."""
    article_json = deliveries.release_article(store, release_id)
    topics = article_topics(Article.model_validate_json(article_json)) if article_json else []
    open_ids = deliveries.plan_deliveries(store, release_id, topics)
    return [open_ids[start : start + batch_size] for start in range(0, len(open_ids), batch_size)]


def article_topics(article: Article) -> list[str]:
    """The topics a newsletter belongs to: its kicker and its tags."""
    return [topic for topic in (article.kicker, *article.tags) if topic]


_EDITIONS: dict[tuple[str, str, str, str, bool], Edition] = {}


def _edition(
    article_json: str, settings: Settings, audio: AudioLink | None, locale: str, audio_first: bool
) -> Edition:
    # Compiled once per release and UI language in each worker process, never per subscriber.
    key = (article_json, settings.model_dump_json(), repr(audio), locale, audio_first)
    edition = _EDITIONS.get(key)
    if edition is None:
        if len(_EDITIONS) >= 32:
            _EDITIONS.clear()
        article = Article.model_validate_json(article_json)
        edition = _EDITIONS[key] = compile_edition(
            article, settings, locale=locale, audio=audio, audio_first=audio_first
        )
    return edition


def _sent_today(connection: Connection) -> tuple[int, datetime | None]:
    midnight = datetime.combine(datetime.now(UTC).date(), clock_time(), tzinfo=UTC)
    return deliveries.sent_since(connection, midnight)


@dataclass(frozen=True)
class _Outgoing:
    """One open delivery with its message built for DATA (None: the address is no longer subscribed)."""

    delivery_id: int
    subscriber_id: int
    address: str
    message: SmtpPayload | None
    soft_bounces: int = 0
    # The VERP return path naming the subscriber (None: the batch's envelope sender).
    return_path: str | None = None


def _audio_of(release: deliveries.NewsletterToSend) -> AudioLink | None:
    url, seconds = release.audio_url, release.audio_seconds
    return AudioLink(url, seconds) if url and seconds is not None else None


def _translations(
    connection: Connection, release: deliveries.NewsletterToSend
) -> dict[str, deliveries.NewsletterToSend]:
    """The translations of the release's article queued beside it, by language (as subscribers choose).

    A translation is queued only when its own release, newsletter variants checked, was released.
    """
    article = Article.model_validate_json(release.article_json)
    named = {
        version.slug: version.lang.split("-")[0].lower()
        for version in article.versions
        if version.kind == "translation"
    }
    found = deliveries.newest_of_slugs(connection, list(named))
    return {named[slug]: translation for slug, translation in found.items()}


def _outgoing(
    settings: Settings,
    release: deliveries.NewsletterToSend,
    translations: dict[str, deliveries.NewsletterToSend],
    rows: Sequence[OpenDelivery],
) -> Generator[_Outgoing, None, None]:
    """The messages of ``rows``: a subscriber whose language has a translation gets that one."""
    signer = token_signer(settings)
    secret = require_signing_key(settings)
    bounce_address = settings.newsletter.bounce_address
    dkim = dkim_signer(settings)
    factories: dict[tuple[str, bool], MessageFactory] = {}
    for delivery_id, subscriber_id, email, status, nonce, language, form, audio_first, soft in rows:
        if status != "confirmed":
            yield _Outgoing(delivery_id, subscriber_id, email, None)
            continue
        key = (language, bool(audio_first))
        factory = factories.get(key)
        if factory is None:
            version = translations.get(language, release)
            edition = _edition(version.article_json, settings, _audio_of(version), *key)
            factory = factories[key] = MessageFactory(edition, settings, dkim)
        recipient = Recipient(
            address=email,
            token=signer.subscriber_token(subscriber_id, nonce),
            message_key=message_key(secret, release.message_salt, subscriber_id),
            text_only=form == "text",
        )
        return_path = verp_address(secret, bounce_address, subscriber_id) if bounce_address else None
        payload = SmtpPayload.of(factory.build(recipient))
        yield _Outgoing(delivery_id, subscriber_id, email, payload, soft, return_path)


class _Ahead:
    """The open deliveries, one built ahead: the next message is made while the server takes in this one."""

    def __init__(self, items: Iterator[_Outgoing]) -> None:
        self._items = items
        self._next: _Outgoing | None = None
        self._error: Exception | None = None
        self._done = False

    def prepare(self) -> None:
        # Runs inside the SMTP exchange, so an error waits for __next__: by then the message the
        # server was taking in is answered and recorded.
        if self._next is None and self._error is None and not self._done:
            try:
                self._next = next(self._items)
            except StopIteration:
                self._done = True
            except Exception as error:  # raised again by __next__
                self._error = error

    def __iter__(self) -> _Ahead:
        return self

    def __next__(self) -> _Outgoing:
        self.prepare()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        if self._next is None:
            raise StopIteration
        item, self._next = self._next, None
        return item


def _governor_url(settings: Settings) -> str | None:
    broker = settings.broker_url or ""
    shared = broker if broker.startswith(("redis://", "rediss://")) else None
    return settings.newsletter.governor_url or shared


def deliver_batch(
    settings: Settings, release_id: int, subscriber_ids: Sequence[int], *, store: Store | None = None
) -> BatchResult:
    """Send the release to those of ``subscriber_ids`` whose delivery is still open, over one connection."""
    config = settings.newsletter
    if not config.smtp_url:
        raise ConfigurationError("set PUBLISHER_NEWSLETTER__SMTP_URL to send newsletters")
    store = store or open_store(settings.database_url)
    # Before connecting: an HTTPS unsubscribe, a strong secret, a matching DKIM key.
    require_safe_sending(settings)
    target = SmtpTarget.parse(config.smtp_url)
    bucket = bucket_for(target.provider, config.rate_per_second, config.burst, _governor_url(settings))
    result = BatchResult()
    with store.engine.connect() as connection:
        release = deliveries.newsletter_to_send(connection, release_id)
        if release is None:
            raise ConfigurationError(f"there is no newsletter release {release_id}")
        if release.state == "stopped":
            result.stopped = True
            return result
        # What killed batches accepted but had not yet recorded is recorded first: never sent again.
        take_over_journals(settings, connection, release_id)
        rows = deliveries.open_deliveries(connection, release_id, subscriber_ids)
        translations = _translations(connection, release)
        sent_today, first_sent = _sent_today(connection)
        breaker = Breaker(connection, release_id, release.slug, settings)
        connection.commit()
        cap = warmup_cap(first_sent.date() if first_sent else None, datetime.now(UTC).date(),
                         config.warmup_daily_start, config.warmup_growth)  # fmt: skip
        outgoing = _outgoing(settings, release, translations, rows)
        with (
            open_journal(settings, release_id) as journal,
            SmtpConnection(target) as smtp,
            closing(outgoing),
        ):
            sending = _Sending(connection, breaker, journal, config.record_every, result, release_id,
                               sent_today, cap)  # fmt: skip
            sending.send_all(smtp, envelope_sender(settings), bucket, outgoing)
    return result


@dataclass
class _Sending:
    """One batch's messages going over one SMTP connection, each journaled as the server accepts it."""

    connection: Connection
    breaker: Breaker
    journal: SendJournal
    record_every: int
    result: BatchResult
    release_id: int
    sent_today: int
    cap: int | None
    # Accepted and journaled, not yet recorded in the database.
    unrecorded: list[Accepted] = field(default_factory=list)

    def send_all(
        self,
        smtp: SmtpConnection,
        sender: str,
        bucket: TokenBucket | RedisTokenBucket,
        outgoing: Iterator[_Outgoing],
    ) -> None:
        """Send until the rows run out, the day's cap is reached, or the batch pauses or stops."""
        ahead = _Ahead(outgoing)
        try:
            for item in ahead:
                if item.message is None:
                    deliveries.mark_skipped(self.connection, item.delivery_id)
                    self.connection.commit()
                    self.result.skipped += 1
                    continue
                if self.cap is not None and self.sent_today >= self.cap:
                    self.result.capped = True
                    mark_waiting(self.connection, self.release_id)
                    break
                bucket.acquire()
                try:
                    smtp.send(item.return_path or sender, item.address, item.message,
                              while_waiting=self.record_due, while_accepting=ahead.prepare)  # fmt: skip
                except SmtpFailure as failure:
                    self.record_accepted()
                    _settle(self.connection, self.breaker, item, failure, self.result)
                    if self.result.stopped or self.result.paused:
                        break
                else:
                    self.accepted(item)
        finally:
            self.record_accepted()
            self.connection.commit()
            # Only once all it holds is committed: a journal left behind is taken over next time.
            self.journal.discard()

    def accepted(self, item: _Outgoing) -> None:
        """The server took the message: into the journal before anything else is sent."""
        record = Accepted(item.delivery_id, item.subscriber_id, datetime.now(UTC), item.soft_bounces > 0)
        self.journal.append(record)
        self.unrecorded.append(record)
        self.result.sent += 1
        self.sent_today += 1

    def record_due(self) -> None:
        """Record the accepted messages once ``record_every`` of them wait (while the server answers)."""
        if len(self.unrecorded) >= self.record_every:
            self.record_accepted()

    def record_accepted(self) -> None:
        """Record the messages the server accepted so far in the database, with one commit."""
        if self.unrecorded:
            record_sent(self.connection, self.unrecorded)
            self.unrecorded.clear()
            self.breaker.accepted()
            self.connection.commit()


def _settle(
    connection: Connection, breaker: Breaker, item: _Outgoing, failure: SmtpFailure, result: BatchResult
) -> None:
    """Record a refused message by whom the refusal is about, count it, and say whether the batch goes on."""
    when = datetime.now(UTC)
    result.failure = failure
    bounce = failure.verdict is Verdict.HARD and failure.code >= 500
    deliveries.mark_delivery(
        connection, item.delivery_id, "bounced" if bounce else "deferred",
        error=str(failure)[:500], verdict=str(failure.verdict),
    )  # fmt: skip
    if bounce:
        deliveries.bounce_subscriber(
            connection, item.subscriber_id, when, str(failure)[:500], breaker.release_id
        )
        result.bounced += 1
    else:
        result.deferred += 1
    streak = breaker.failed(failure, when)
    if failure.final or streak >= breaker.threshold:
        breaker.trip(failure)
        result.stopped = True
    elif failure.connection or (failure.code < 500 and failure.verdict in (Verdict.SEND, Verdict.UNSURE)):
        # The connection is gone, or the server asks the sender to slow down: the rest waits.
        breaker.pause()
        result.paused = True
    connection.commit()
