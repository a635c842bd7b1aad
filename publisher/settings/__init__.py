"""Configuration: the only package that reads the environment.

Values come from ``PUBLISHER_*`` environment variables (nested with ``__``, e.g.
``PUBLISHER_SITE__TITLE``), then from a TOML file (``publisher.toml`` in the working
folder, or the path in ``PUBLISHER_CONFIG``), then the defaults (here and in ``sections``);
``sources`` reads the first two.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from publisher.errors import ConfigurationError
from publisher.settings.sections import (
    A11ySettings,
    ApiSettings,
    AudioSettings,
    NewsletterSettings,
    SiteSettings,
    SourceSettings,
)
from publisher.settings.sources import config_file, settings_values

__all__ = [
    "A11ySettings",
    "ApiSettings",
    "AudioSettings",
    "NewsletterSettings",
    "Settings",
    "SiteSettings",
    "SourceSettings",
    "config_file",
    "get_settings",
]


class Settings(BaseModel):
    """Everything configurable, validated once at start: the values given over the environment and file."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**settings_values(type(self), values))

    broker_url: str | None = Field(
        None, description="Celery broker, e.g. redis://127.0.0.1:6379/0; unset: run in-process (eager)."
    )
    result_backend: str | None = Field(None, description="Celery result backend; default: the broker.")
    queue: str = Field(
        "publisher", description="Celery queue of release tasks; sites sharing a broker use their own."
    )
    staging_dir: Path | None = Field(
        None, description="Where renditions wait for their check; default: '<out>.staging' beside the output."
    )
    release_timeout: float = Field(
        600.0,
        gt=0,
        description="Seconds the CLI waits for a release on workers; then it says what is pending (exit 4).",
    )
    step_time_limit: float = Field(
        1800.0,
        gt=0,
        description="Seconds one render, check or release step may run on a worker; a longer step fails.",
    )
    visibility_timeout: float | None = Field(
        None,
        gt=0,
        description="Seconds Redis waits before handing the task of a vanished (killed) worker to another "
        "one; default: the step time limit plus five minutes. Must exceed the step time limit.",
    )
    sweep_interval: float = Field(
        1.0,
        gt=0,
        description="Seconds between sweeps (beat): releasing ended embargoes, sending stuck releases.",
    )
    stuck_after: float | None = Field(
        None,
        gt=0,
        description="Seconds a release may not move before the sweeper sends it again; "
        "default: the step time limit plus five minutes (a step still running is not sent twice).",
    )
    site: SiteSettings = SiteSettings()
    source: SourceSettings = SourceSettings()
    a11y: A11ySettings = A11ySettings()
    audio: AudioSettings = AudioSettings()
    lexicon: Path | None = Field(
        None,
        description="YAML pronunciation lexicon of the organisation: spoken forms for audio, "
        "expansions for <abbr> on first use in web page and email.",
    )
    database_url: str = Field(
        "sqlite:///publisher.db",
        description="Subscribers and deliveries (SQLAlchemy URL, e.g. postgresql+psycopg://).",
    )
    newsletter: NewsletterSettings = NewsletterSettings()
    api: ApiSettings = ApiSettings()
    smtp_url: str | None = Field(
        None, description="Short form of newsletter.smtp_url (PUBLISHER_SMTP_URL); wins when both are set."
    )

    def press_contact(self) -> str:
        """The address journalists reach the press office at (not the accessibility feedback address)."""
        from email.utils import parseaddr

        return self.site.press_contact or parseaddr(self.newsletter.from_address)[1]

    @model_validator(mode="after")
    def _signup_link(self) -> Settings:
        if self.site.newsletter_signup_url is None:
            signup = self.newsletter.subscriptions_url
            self.site = self.site.model_copy(update={"newsletter_signup_url": signup})
        return self

    @model_validator(mode="after")
    def _smtp_shorthand(self) -> Settings:
        if self.smtp_url:
            self.newsletter = self.newsletter.model_copy(update={"smtp_url": self.smtp_url})
        return self

    @model_validator(mode="after")
    def _redelivery_after_the_step_limit(self) -> Settings:
        # A task handed out again while its first worker still runs it would run twice at once.
        if self.visibility_timeout is not None and self.visibility_timeout <= self.step_time_limit:
            raise ValueError(
                f"visibility_timeout ({self.visibility_timeout:g} s) must exceed "
                f"step_time_limit ({self.step_time_limit:g} s)"
            )
        return self

    @property
    def stuck_timeout(self) -> float:
        """Seconds without a move after which the sweeper sends a release's work again."""
        return self.stuck_after or self.step_time_limit + 300

    @property
    def broker_visibility_timeout(self) -> float:
        """Seconds before Redis redelivers an unacknowledged task."""
        return self.visibility_timeout or self.step_time_limit + 300

    def staging_for(self, out_dir: Path) -> Path:
        """The staging folder that belongs to the output folder ``out_dir``."""
        if self.staging_dir is not None:
            return self.staging_dir
        out_dir = out_dir.resolve()
        return out_dir.with_name(out_dir.name + ".staging")


@cache
def get_settings() -> Settings:
    """The settings for this process (cached; tests build ``Settings`` directly).

    Unusable values raise ``ConfigurationError`` naming each setting and why.
    """
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigurationError(_settings_problems(error)) from None


def _settings_problems(error: ValidationError) -> str:
    lines = []
    for detail in error.errors():
        name = ".".join(str(part) for part in detail["loc"])
        variable = "PUBLISHER_" + "__".join(str(part).upper() for part in detail["loc"])
        message = str(detail["msg"]).removeprefix("Value error, ")
        lines.append(f"setting '{name}' ({variable}): {message}")
    return "invalid settings:\n  " + "\n  ".join(lines)
