"""The newsletter channel: the article as an accessible HTML email with its plain-text part.

``render`` writes ``newsletter.html`` and ``newsletter.txt`` (as a sample subscriber sees
them) and ``newsletter.eml`` (the whole message for the press office, kept in the site's internal
tree, and never DKIM-signed all the same); the gate
checks the HTML with the text part before anything is sent. Sending is ``publisher.delivery``'s
job, after the release.
"""

from __future__ import annotations

from pathlib import Path

from publisher.a11y.findings import Finding
from publisher.audio_summary import AUDIO_FILE, audio_summary
from publisher.channels.base import CheckTarget, RenderJob, Rendition
from publisher.channels.newsletter.compose import Edition, compile_edition, edition_subject
from publisher.channels.newsletter.content import AudioLink
from publisher.channels.newsletter.message import MessageFactory, Recipient
from publisher.i18n import ui_locale
from publisher.late_values import AUDIO_MINUTES, fill_markers
from publisher.model import Article
from publisher.published import SAMPLE_MESSAGE_NAME, SiteContext
from publisher.settings import Settings
from publisher.urls import article_url

__all__ = ["AUDIO_FILE", "SAMPLE_RECIPIENT", "NewsletterChannel", "audio_link", "released_audio"]


SAMPLE_RECIPIENT = Recipient(address="subscriber@example.org", token="sample", message_key="sample")


def released_audio(settings: Settings, out_dir: Path, article: Article) -> AudioLink | None:
    """The article's spoken version if the audio channel has released it into ``out_dir``."""
    return audio_link(settings, article, out_dir / article.slug)


def audio_link(settings: Settings, article: Article, folder: Path) -> AudioLink | None:
    """The link to the article's spoken version whose MP3 is in ``folder`` (staged or public)."""
    summary = audio_summary(folder)
    if summary is None:
        return None
    return AudioLink(
        url=article_url(settings.site.base_url, article.slug, AUDIO_FILE),
        duration_seconds=round(summary.duration),
    )


def _sample_links(settings: Settings) -> tuple[str, str]:
    """The unsubscribe and preferences links of the sample subscriber."""
    pages = settings.newsletter.subscriptions_url
    return f"{pages}unsubscribe/{SAMPLE_RECIPIENT.token}", f"{pages}preferences/{SAMPLE_RECIPIENT.token}"


def _sample_message(edition: Edition, settings: Settings) -> bytes:
    # The sample is never signed: anyone who gets a copy could replay a message bearing the real key.
    return MessageFactory(edition, settings, signer=None).build(SAMPLE_RECIPIENT)


def _variants(
    article: Article, job: RenderJob, audio: AudioLink | None, unsubscribe: str, preferences: str
) -> list[CheckTarget]:
    """Every other email a subscriber can get (UI language × audio link first), written to be checked.

    They go through the gate with the sample before anything is released or sent, so one failing
    variant holds the send; they are not published (``variants/`` is not among the rendition's files).
    """
    folder = job.workdir / "variants"
    folder.mkdir(exist_ok=True)
    targets = []
    for locale in ("de", "en"):
        for audio_first in (False, True) if audio else (False,):
            if locale == ui_locale(article.lang) and not audio_first:
                continue  # the sample newsletter.html is this one
            edition = compile_edition(
                article, job.settings, locale=locale, audio=audio, audio_first=audio_first
            )
            html, text = edition.personalise(unsubscribe_url=unsubscribe, preferences_url=preferences)
            name = f"variants/{locale}-{'audio-first' if audio_first else 'audio-last'}"
            (job.workdir / f"{name}.html").write_text(html, encoding="utf-8")
            (job.workdir / f"{name}.txt").write_text(text, encoding="utf-8")
            targets.append(CheckTarget(f"{name}.html", "email", text_part=f"{name}.txt"))
    return targets


class NewsletterChannel:
    """Renders the newsletter email of an article."""

    name = "newsletter"
    after = ("audio",)

    def render(self, article: Article, job: RenderJob) -> Rendition:
        if "audio" in job.late:  # its MP3 is being rendered: the duration is filled in at release
            url = article_url(job.settings.site.base_url, article.slug, AUDIO_FILE)
            audio: AudioLink | None = AudioLink(url=url, duration_seconds=0, late=True)
        else:
            audio = audio_link(job.settings, article, job.folder_of("audio", article.slug))
        edition = compile_edition(article, job.settings, audio=audio)
        unsubscribe, preferences = _sample_links(job.settings)
        html, text = edition.personalise(unsubscribe_url=unsubscribe, preferences_url=preferences)
        (job.workdir / "newsletter.html").write_text(html, encoding="utf-8")
        (job.workdir / "newsletter.txt").write_text(text, encoding="utf-8")
        (job.workdir / SAMPLE_MESSAGE_NAME).write_bytes(_sample_message(edition, job.settings))
        return Rendition(
            files=("newsletter.html", "newsletter.txt", SAMPLE_MESSAGE_NAME),
            check=(
                CheckTarget("newsletter.html", "email", text_part="newsletter.txt"),
                *_variants(article, job, audio, unsubscribe, preferences),
            ),
        )

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        """The HTML rules cover the email; the newsletter has no checks of its own."""
        return []

    def fill(self, article: Article, job: RenderJob, rendition: Rendition) -> dict[str, bytes]:
        """Every checked email (sample and variants) with the MP3's duration, and the sample message."""
        if "audio" not in job.late:
            return {}
        summary = audio_summary(job.folder_of("audio", article.slug))
        if summary is None:
            raise ValueError("the audio of this release has no readable MP3 to describe")
        values = {AUDIO_MINUTES: summary.minutes()}
        names = [name for target in rendition.check for name in (target.path, target.text_part) if name]
        filled = {
            name: fill_markers((job.workdir / name).read_text(encoding="utf-8"), values) for name in names
        }
        # The sample message is the sample email: its parts are the filled sample with the sample's links.
        unsubscribe, preferences = _sample_links(job.settings)
        sample = Edition(
            slug=article.slug, lang=article.lang, locale=ui_locale(article.lang),
            subject=edition_subject(article, article.lang), html=filled["newsletter.html"],
            text=filled["newsletter.txt"], unsubscribe_token=unsubscribe, preferences_token=preferences,
        )  # fmt: skip
        files = {name: text.encode() for name, text in filled.items()}
        return files | {SAMPLE_MESSAGE_NAME: _sample_message(sample, job.settings)}

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        """The newsletter adds no site-wide files."""
        return {}
