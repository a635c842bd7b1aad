"""Compile the newsletter for one article: Jinja2 renders the MJML, mjml-python compiles it once.

The compiled ``Edition`` still holds placeholder links; ``Edition.personalise`` fills them in
per subscriber by plain substitution, so MJML never runs per recipient.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import partial

import mjml

from publisher.channels.newsletter.content import AudioLink, EmailContent, build_content, image_url, segments
from publisher.channels.newsletter.html_blocks import block_html, inline_html
from publisher.channels.newsletter.plaintext import plain_text_part
from publisher.i18n import translations, ui_locale
from publisher.lexicon import expansions, load_lexicon
from publisher.model import Article, Image
from publisher.rendering import Abbreviations, template_environment
from publisher.settings import Settings
from publisher.urls import article_url

__all__ = ["Edition", "compile_edition", "edition_subject", "safe_subject"]

_HIDDEN = re.compile(r"\s+")
# Characters XML (and so MJML) cannot carry; no reader sees them anyway.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Edition:
    """The newsletter for one article and UI language, compiled once and personalised many times."""

    slug: str
    lang: str
    locale: str
    subject: str
    html: str
    text: str
    unsubscribe_token: str
    preferences_token: str

    def personalise(self, *, unsubscribe_url: str, preferences_url: str) -> tuple[str, str]:
        """The HTML and text parts for one subscriber (their own unsubscribe and preferences links)."""
        # Token URLs are URL-safe (itsdangerous), so they need no escaping in HTML or text.
        html = self.html.replace(self.unsubscribe_token, unsubscribe_url).replace(
            self.preferences_token, preferences_url
        )
        text = self.text.replace(self.unsubscribe_token, unsubscribe_url).replace(
            self.preferences_token, preferences_url
        )
        return html, text


def safe_subject(title: str) -> str:
    """A one-line subject: control, format and line/paragraph separator characters become spaces."""
    cleaned = "".join(
        " " if unicodedata.category(char)[0] in "CZ" and char != " " else char for char in title
    )
    return _HIDDEN.sub(" ", cleaned).strip()


def edition_subject(article: Article, locale: str) -> str:
    """The subject of the article's newsletter in ``locale``; a correction says so before anything else."""
    gettext = translations(ui_locale(locale), "newsletter").gettext
    if article.correction:
        return safe_subject(gettext("Correction: %(title)s") % {"title": article.title})
    return safe_subject(article.title)


def render_mjml(content: EmailContent) -> str:
    """The MJML source of the email (before compilation)."""

    def absolute(image: Image) -> str:
        return image_url(image, content.image_base)

    # One set of first uses for the whole email, so each abbreviation is expanded once.
    abbreviations = Abbreviations(dict(content.abbreviations))

    source = (
        template_environment("newsletter", content.locale)
        .get_template("email.mjml.j2")
        .render(
            content=content,
            segments=segments(list(content.article.body)),
            block_html=partial(block_html, abbreviations=abbreviations),
            inline_html=partial(inline_html, abbreviations=abbreviations),
            image_url=absolute,
        )
    )
    return _XML_INVALID.sub("", source)


def compile_edition(
    article: Article,
    settings: Settings,
    *,
    locale: str | None = None,
    audio: AudioLink | None = None,
    audio_first: bool = False,
) -> Edition:
    """Compile the newsletter for ``article`` (UI strings in ``locale``, default the article's language)."""
    locale = ui_locale(locale or article.lang)
    site = settings.site
    content = build_content(
        article,
        locale=locale,
        web_url=article_url(site.base_url, article.slug),
        site_title=site.title,
        imprint=settings.newsletter.imprint or f"{site.owner} · {site.contact_email}",
        imprint_url=site.imprint_url,
        privacy_url=site.privacy_url,
        audio=audio,
        audio_first=audio_first,
        abbreviations=expansions(article, load_lexicon(settings.lexicon)),
        timezone=site.timezone,
    )
    # No web fonts: a font request is a tracking request, and the system fonts read well.
    html = mjml.mjml2html(render_mjml(content), disable_comments=True, fonts={})
    gettext = translations(locale, "newsletter").gettext
    text = plain_text_part(content, gettext)
    return Edition(
        slug=article.slug,
        lang=article.lang,
        locale=locale,
        subject=edition_subject(article, locale),
        html=html,
        text=text,
        unsubscribe_token=content.placeholders.unsubscribe_url,
        preferences_token=content.placeholders.preferences_url,
    )
