"""Sending the newsletter of a released article (``--send``, or a recorded release's send option).

Without a broker the send runs here, retries included; with one, the send is queued for the
workers. Its outcome joins the release's report, which is written again beside the article.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.errors import PublisherError
from publisher.release.report import DeliveryFailure, DeliveryReport, ReleaseReport
from publisher.release.report_files import write_reports
from publisher.settings import Settings
from publisher.sources import SourceArticle

if TYPE_CHECKING:  # the delivery parts load only for --send
    from publisher.delivery import DeliverySummary

__all__ = ["send_newsletter"]


def _show_progress(summary: DeliverySummary) -> None:
    """One line on stderr after each batch of a send in this process."""
    done = summary.sent + summary.bounced + summary.skipped + summary.failed
    total = done + summary.pending + summary.deferred
    print(f"newsletter: {done} of {total} settled (sent {summary.sent})", file=sys.stderr, flush=True)


def send_newsletter(
    settings: Settings,
    out_dir: Path,
    source: SourceArticle,
    report: ReleaseReport,
    translations: Sequence[SourceArticle] = (),
) -> ReleaseReport:
    """Send (or queue, with a broker) a released newsletter; its outcome joins the report.

    ``translations``: the article's released translations; a subscriber whose language is one of
    theirs gets that one instead. Without a broker the send runs here, retries included, and the
    report has its final counts; with one, the report says how many recipients were queued.
    """
    newsletter = report.channels.get("newsletter")
    if newsletter is None or newsletter.status != "released":
        return report
    # Loaded here: a publish without --send never pays for the database, SMTP and MJML parts.
    from sqlalchemy.exc import SQLAlchemyError

    from publisher.channels.newsletter import released_audio
    from publisher.delivery import delivery_summary, plan_batches, queue_release, send_queued
    from publisher.delivery.service import send_on_workers
    from publisher.store import open_store

    article = source.article
    audio = released_audio(settings, out_dir, article)
    delivery: DeliveryReport | DeliveryFailure
    try:
        store = open_store(settings.database_url)
        for translation in translations:  # queued beside the original, sent by its send
            queue_release(store, translation.article, released_audio(settings, out_dir, translation.article))
        release_id = queue_release(store, article, audio)
        if settings.broker_url:
            batches = plan_batches(store, release_id, settings.newsletter.batch_size)
            delivery = DeliveryReport.model_validate(delivery_summary(store, release_id).as_dict())
            if batches and delivery.outcome != "stopped":
                send_on_workers(release_id)
                delivery = delivery.model_copy(
                    update={"outcome": "queued", "recipients": sum(map(len, batches))}
                )
        else:
            summary = send_queued(settings, release_id, store=store, progress=_show_progress)
            delivery = DeliveryReport.model_validate(summary.as_dict())
    except (PublisherError, SQLAlchemyError, ValueError) as error:  # ValueError: a damaged address row
        delivery = DeliveryFailure(error=str(error).splitlines()[0])
    channels = {**report.channels, "newsletter": newsletter.model_copy(update={"delivery": delivery})}
    sent = report.model_copy(update={"channels": channels})
    write_reports(out_dir, sent)
    return sent
