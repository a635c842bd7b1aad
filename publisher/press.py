"""What makes an article a press release: dateline, number, press contacts and downloads.

Pure data and validation, like ``publisher.model``: the source reads the files a download names
(its size, type and pixels) and the channels show them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from publisher.fields import FrozenModel, ImageSource, LanguageTag, NonEmpty, PlainText, public_address
from publisher.phone import find_phone_numbers, tel_uri

__all__ = ["DOWNLOAD_KINDS", "ArticleVersion", "Download", "PressContact"]


class PressContact(FrozenModel):
    """A person journalists call or write to about the release."""

    name: NonEmpty = Field(max_length=120)
    role: PlainText | None = Field(default=None, max_length=120)
    phone: PlainText | None = None
    email: PlainText | None = None

    @field_validator("phone")
    @classmethod
    def _one_phone_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        found = find_phone_numbers(value)
        if len(found) != 1 or found[0].written.strip() != value:
            raise ValueError(
                f"{value!r} is not one phone number; write it as dialled, e.g. '0711 126-2000' "
                "or '+49 711 126-2000'"
            )
        return value

    @field_validator("email")
    @classmethod
    def _email_address(cls, value: str | None) -> str | None:
        return None if value is None else public_address(value)

    @property
    def tel(self) -> str | None:
        """The ``tel:`` URI of the phone number, if one is given."""
        if self.phone is None:
            return None
        return tel_uri(find_phone_numbers(self.phone)[0].e164)


DOWNLOAD_KINDS = ("document", "photo")


class Download(FrozenModel):
    """A file offered for download with the release: a PDF document or a press photo in full size."""

    src: ImageSource
    title: NonEmpty = Field(max_length=200)
    kind: Literal["document", "photo"]
    media_type: NonEmpty
    size: int = Field(gt=0)
    width: int | None = Field(default=None, gt=0)
    height: int | None = Field(default=None, gt=0)
    # Who took the photo, and what the press may do with it: both required for a press photo.
    credit: PlainText | None = None
    rights: PlainText | None = None

    @model_validator(mode="after")
    def _photo_has_credit_and_rights(self) -> Download:
        if self.kind == "photo":
            missing = [name for name in ("credit", "rights") if not getattr(self, name)]
            if missing:
                raise ValueError(
                    "a press photo needs "
                    + " and ".join(f"'{name}'" for name in missing)
                    + " (who took it, and how the press may use it)"
                )
        return self

    @property
    def format_name(self) -> str:
        """The file format as readers know it: 'PDF', 'JPEG', 'PNG'."""
        return self.media_type.split("/")[-1].upper()


class ArticleVersion(FrozenModel):
    """Another version of the same release: the original, its Leichte Sprache version or a translation."""

    kind: Literal["original", "easy_language", "translation"]
    lang: LanguageTag
    slug: NonEmpty
    title: NonEmpty
