"""The sections of the settings: one model per part of the publisher, with its defaults and checks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, Field, SecretStr, field_validator, model_validator

from publisher.branding import BrandSettings
from publisher.fields import public_address
from publisher.urls import WEB_SCHEMES, check_url

__all__ = [
    "A11ySettings",
    "ApiSettings",
    "AudioSettings",
    "NewsletterSettings",
    "SiteSettings",
    "SourceSettings",
]


def _absolute_web_url(value: str) -> str:
    return check_url(value, schemes=WEB_SCHEMES, relative=False)


def _site_page_url(value: str) -> str:
    return check_url(value, schemes=WEB_SCHEMES, relative=True)


# Every setting that ends up in an href passes the one URL check the article's links pass (publisher.urls).
AbsoluteWebUrl = Annotated[str, AfterValidator(_absolute_web_url)]
SitePageUrl = Annotated[str, AfterValidator(_site_page_url)]
ContactAddress = Annotated[str, AfterValidator(public_address)]


class SiteSettings(BaseModel):
    """The public site the articles are part of, and the links BITV 2.0 requires on every page."""

    title: str = Field("Pressestelle", description="Site name, shown in the header and feeds.")
    base_url: AbsoluteWebUrl = Field(
        "http://localhost:8000/", description="Absolute URL the output folder is served at."
    )
    lang: str = Field("de", description="Language of the site's own pages (index, statement).")
    owner: str = Field("Pressestelle", description="Body or company responsible for the site.")
    timezone: str = Field("Europe/Berlin", description="Zone for dates written without one.")
    contact_email: ContactAddress = Field(
        "presse@example.org", description="Feedback contact required by BITV 2.0 (§ 7)."
    )
    press_contact: ContactAddress | None = Field(
        None,
        description="The press office's address journalists write to: the newsletter's Reply-To and the "
        "feed's author; default: the newsletter's From address.",
    )
    accessibility_statement_url: SitePageUrl | None = Field(
        None, description="Own accessibility statement; unset: the shipped template page is published."
    )
    easy_language_url: SitePageUrl | None = Field(None, description="Page in Leichte Sprache (BITV 2.0 § 4).")
    sign_language_url: SitePageUrl | None = Field(
        None, description="Page in German Sign Language (BITV 2.0 § 4)."
    )
    imprint_url: AbsoluteWebUrl | None = Field(None, description="Impressum (absolute: emails link it).")
    privacy_url: AbsoluteWebUrl | None = Field(None, description="Privacy notice (absolute: emails link it).")
    enforcement_url: AbsoluteWebUrl = Field(
        "https://www.bfit-bund.de/DE/Schlichtungsstelle/schlichtungsstelle_node.html",
        description="Arbitration / enforcement body named in the accessibility statement.",
    )
    newsletter_signup_url: AbsoluteWebUrl | None = Field(
        None, description="Newsletter sign-up linked from every page; unset: newsletter.subscriptions_url."
    )
    podcast_feed: bool = Field(True, description="Link the podcast feed (podcast.xml) from every page.")
    search_index_after_release: bool = Field(
        True,
        description="Rebuild the search index after each release, correction and withdrawal (on the "
        "workers, coalesced; without workers once at the end of the command). Off: run "
        "`publisher search-index` yourself (e.g. from cron) for very large sites.",
    )
    brand: BrandSettings = BrandSettings()

    @field_validator("base_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (e.g. 'Europe/Berlin')") from error
        return value


class SourceSettings(BaseModel):
    """Limits on an article source, checked before it is parsed: far beyond any press release."""

    max_article_bytes: int = Field(
        1_000_000, gt=0, description="Largest article file (front matter and Markdown body) read, in bytes."
    )
    max_front_matter_bytes: int = Field(65_536, gt=0, description="Largest front matter read, in bytes.")
    max_image_bytes: int = Field(50_000_000, gt=0, description="Largest image file accepted, in bytes.")
    max_image_pixels: int = Field(
        89_478_485,
        gt=0,
        le=178_956_970,
        description="Largest image accepted, in pixels (width × height); Pillow refuses above the maximum.",
    )


class A11ySettings(BaseModel):
    """Thresholds of the accessibility gate."""

    readability_max_difficulty: float = Field(
        12.0,
        description="Warn when a text's school grade (Wiener Sachtextformel / Flesch-Kincaid) exceeds this.",
    )
    alt_text_max_length: int = Field(150, description="Warn above this many characters of alt text.")
    level: Literal["AA", "AAA"] = Field(
        "AA",
        description="WCAG level the gate checks: AA (BITV 2.0), or AAA to add the level-AAA rules and "
        "stricter heuristics as warnings.",
    )
    browser_stage: bool = Field(
        True,
        description="Also render every page and email in Chromium (light and dark mode, 320 CSS px, zoom, "
        "text spacing, keyboard) with axe-core before release; needs Debian's chromium.",
    )


class NewsletterSettings(BaseModel):
    """The newsletter: sender, list identity, subscription pages, SMTP and the sending governor."""

    from_address: str = Field(
        "Pressestelle <newsletter@example.org>", description="From header of every newsletter."
    )
    reply_to: str | None = Field(
        None,
        description="Reply-To header; default: site.press_contact, else the From address.",
    )
    list_id: str = Field("newsletter.example.org", description="List-Id (RFC 2919), a domain-like name.")
    subscriptions_url: AbsoluteWebUrl = Field(
        "http://localhost:8001/", description="Public URL of the subscription pages (publisher.api)."
    )
    unsubscribe_mailbox: str | None = Field(
        None, description="Address for mailto unsubscribe requests; default: the From address."
    )
    imprint: str = Field("", description="Sender's postal address and register data, shown in every email.")
    smtp_url: str | None = Field(
        None, description="smtp://user:pass@host:587?starttls=true or smtps://...; unset: nothing is sent."
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Signs confirmation and unsubscribe tokens; required to manage subscribers. "
        'Generate one per install: python -c "import secrets; print(secrets.token_urlsafe(32))".',
    )
    confirm_max_age: int = Field(7 * 24 * 3600, description="Seconds a confirmation link stays valid.")
    batch_size: int = Field(500, gt=0, description="Recipients per delivery task.")
    rate_per_second: float = Field(20.0, gt=0, description="Messages per second per SMTP provider.")
    burst: int = Field(20, gt=0, description="Messages the rate limiter lets through at once.")
    governor_url: str | None = Field(
        None,
        description="Redis holding the sending rate shared by all workers; default: the broker when it "
        "is Redis; neither: each worker process keeps its own rate.",
    )
    record_every: int = Field(
        100,
        gt=0,
        description="Accepted messages a batch records in the database with one commit; until then each "
        "is in the send journal (see journal_dir).",
    )
    journal_dir: Path | None = Field(
        None,
        description="Folder of the send journals (each accepted message, written before the next is "
        "sent); default: beside a SQLite database, else ~/.local/state/publisher. Workers on several "
        "machines need one they share.",
    )
    journal_fsync: bool = Field(
        False,
        description="Flush each journal line to the disk (survives a power loss of the worker's machine, "
        "one fsync per message); without it a line survives a killed worker.",
    )
    warmup_daily_start: int | None = Field(
        None, description="Daily cap on the first sending day of a new domain; unset: no warm-up."
    )
    warmup_growth: float = Field(1.5, gt=1, description="Factor the warm-up cap grows by each day.")
    max_retries: int = Field(
        5,
        ge=0,
        description="Attempts after a temporary SMTP failure (4xx, no connection); then what is left is "
        "marked failed.",
    )
    retry_backoff: float = Field(60.0, gt=0, description="First retry delay in seconds, doubled each time.")
    breaker_threshold: int = Field(
        5,
        ge=1,
        description="Identical SMTP failures in a row that stop a send (the circuit breaker); the rest "
        "waits for 'publisher subscribers resume'.",
    )
    soft_bounce_limit: int = Field(
        3,
        ge=1,
        description="Newsletters in a row a subscriber's full mailbox could not take before the address "
        "counts as bounced.",
    )
    dkim_selector: str | None = Field(None, description="DKIM selector; signing needs all three DKIM fields.")
    dkim_domain: str | None = Field(None, description="DKIM signing domain (d=).")
    dkim_private_key: Path | None = Field(None, description="PEM file with the DKIM private key.")
    dkim_public_key: str | None = Field(
        None,
        description="The selector's published DNS record (v=DKIM1; k=rsa; p=...) or its p= value; when "
        "set, a send whose private key does not match it is refused.",
    )
    bounce_address: str | None = Field(
        None,
        description="Mailbox for bounces: each message's return path becomes local+SUBSCRIBER-MAC@domain "
        "(VERP) of it; unset: the From address.",
    )
    bounce_mailbox_url: str | None = Field(
        None,
        description="imaps://user:pass@host/INBOX or pop3s://user:pass@host polled by 'publisher subscribers "
        "bounce-poll' for bounces and complaints (imap:// and pop3:// for a local server).",
    )
    subscribe_window: int = Field(
        900, gt=0, description="Seconds in which an address gets at most one confirmation email."
    )
    form_max_bytes: int = Field(
        8192, ge=1024, description="Largest request body the subscription pages accept (bytes)."
    )
    topics: list[str] = Field(
        [],
        description="Topics readers may choose on the preferences page (the site's kickers and tags); a "
        "newsletter goes to the readers of its kicker's and tags' topics and to those who chose none (all).",
    )
    subscribe_per_client: int = Field(
        10,
        ge=1,
        description="Subscription requests one client address (IPv6: /64) may make per client_window.",
    )
    links_per_client: int = Field(
        120,
        ge=1,
        description="Link pages (confirm, unsubscribe, preferences) one client may open per window.",
    )
    client_window: int = Field(600, ge=1, description="Seconds over which the limits per client count.")
    limits_url: str | None = Field(
        None,
        description="Redis shared by all app processes for the limits per client; default: governor_url, "
        "else the broker when it is Redis; neither: each process counts alone.",
    )
    mail_poll_seconds: float = Field(
        30.0, gt=0, description="How often the subscription app looks for subscription emails to (re)send."
    )

    @field_validator("subscriptions_url")
    @classmethod
    def _subscriptions_slash(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an absolute http(s) URL, e.g. https://abo.example.de/")
        return value if value.endswith("/") else value + "/"


class AudioSettings(BaseModel):
    """The audio channel: speech engine and voice, pronunciation lexicon, loudness and chunking."""

    engine: str = Field(
        "espeak-ng", description="Speech engine: espeak-ng (offline), gtts (online) or piper."
    )
    voice: str | None = Field(
        None, description="Engine voice; unset: the best installed voice for the article's language."
    )
    speed_wpm: int = Field(165, ge=80, le=450, description="Speaking rate of espeak-ng in words per minute.")
    piper_model: Path | None = Field(
        None, description="Piper .onnx voice model file for the article's language (the piper engine only)."
    )
    voices: dict[str, str] = Field(
        default_factory=dict,
        description='Voice per language for parts in another language, e.g. {"en": "en-us"}; '
        "for piper the path of that language's .onnx model.",
    )
    podcast_artwork: Path | None = Field(
        None,
        description="Podcast cover: a square JPEG or PNG, 1400-3000 px, RGB; unset: one is made from the "
        "site title.",
    )
    target_lufs: float = Field(-16.0, ge=-40.0, le=-5.0, description="Integrated loudness of the MP3 (LUFS).")
    max_true_peak: float = Field(-1.0, le=0.0, description="True peak the MP3 stays below (dBTP).")
    bitrate_kbps: int = Field(
        96,
        ge=32,
        le=320,
        description="MP3 bit rate (mono; at a sample rate of 22.05 or 24 kHz MPEG allows up to 160).",
    )
    mp3_sample_rate: Literal[22050, 24000, 32000, 44100, 48000] = Field(
        44100,
        description="Sample rate of the MP3 in Hz. Apple Podcasts asks for 44.1 or 48 kHz; 22050 "
        "(espeak-ng's own) encodes in about half the time for audio that no podcast directory lists.",
    )
    mp3_quality: int = Field(
        7,
        ge=0,
        le=9,
        description="LAME's encoding effort, 0 (slowest) to 9; 7 keeps synthetic speech at 96 kbit/s as "
        "close to the spoken samples as LAME's default 3 and encodes in half the time.",
    )
    chunk_chars: int = Field(
        240, ge=40, description="Longest chunk synthesised at once; chunks end at sentence boundaries."
    )
    workers: int = Field(
        0, ge=0, description="Chunks synthesised and MP3 parts encoded in parallel; 0: one per CPU core."
    )
    cache_dir: Path | None = Field(
        None, description="Synthesised chunks by hash of engine, voice and text; unset: '<out>.cache/tts'."
    )
    gtts_retries: int = Field(5, ge=0, description="Retries of a gTTS request answered with HTTP 429.")
    gtts_backoff_s: float = Field(
        2.0, ge=0.0, description="First back-off after HTTP 429, doubled each retry."
    )

    @model_validator(mode="after")
    def _bitrate_fits_the_rate(self) -> AudioSettings:
        # MPEG-2 Layer III (22.05 and 24 kHz) has no bit rate above 160 kbit/s.
        if self.mp3_sample_rate < 32000 and self.bitrate_kbps > 160:
            raise ValueError(
                f"bitrate_kbps {self.bitrate_kbps} is more than an MP3 at {self.mp3_sample_rate} Hz "
                "can carry (at most 160): lower it or set mp3_sample_rate to 44100"
            )
        return self

    def cache_for(self, out_dir: Path) -> Path:
        """The chunk cache that belongs to the output folder ``out_dir``."""
        if self.cache_dir is not None:
            return self.cache_dir
        out_dir = out_dir.resolve()
        return out_dir.with_name(out_dir.name + ".cache") / "tts"


class ApiSettings(BaseModel):
    """``publisher serve``: the app with the HTTP API and the subscription pages under uvicorn."""

    host: str = Field("127.0.0.1", description="Address publisher serve listens on (0.0.0.0: every one).")
    port: int = Field(8001, ge=1, le=65535, description="Port publisher serve listens on.")
    workers: int = Field(1, ge=1, le=64, description="Server processes publisher serve starts.")
    max_request_bytes: int = Field(
        60_000_000,
        ge=65_536,
        description="Largest request body the API takes (an article with its images).",
    )
    out_dir: Path = Field(Path("public"), description="Output folder of the static site the API releases to.")
