"""The article page: ``DIR/<slug>/index.html`` with its images, share links, JSON-LD and the audio player."""

from __future__ import annotations

import math
import shutil
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from publisher.audio_summary import audio_summary
from publisher.channels.base import CheckTarget, RenderJob, Rendition
from publisher.channels.web.site import site_links
from publisher.i18n import format_when, translations, ui_locale
from publisher.lexicon import expansions, load_lexicon
from publisher.model import Article, Figure, Image, word_count
from publisher.rendering import Abbreviations, json_for_script, template_environment
from publisher.settings import SiteSettings
from publisher.urls import article_url

__all__ = ["READING_WORDS_PER_MINUTE", "reading_minutes", "render_page"]

# Typical silent reading speed for non-fiction; German and English differ little.
READING_WORDS_PER_MINUTE = 200


def reading_minutes(article: Article) -> int:
    """Minutes to read the article, rounded up, at least one."""
    return max(1, math.ceil(word_count(article) / READING_WORDS_PER_MINUTE))


def _images(article: Article) -> list[Image]:
    images = [article.image] if article.image else []
    images += [block.image for block in article.body if isinstance(block, Figure)]
    images += [entry.image for entry in article.related if entry.image]
    return images


def _share_links(article: Article, url: str, gettext: Any) -> list[dict[str, str]]:
    text = f"{article.title} {url}"
    return [
        {
            "label": gettext("Share by email"),
            "href": "mailto:?" + urlencode({"subject": article.title, "body": url}, quote_via=quote),
        },
        {
            "label": gettext("Share on Bluesky"),
            "href": "https://bsky.app/intent/compose?" + urlencode({"text": text}),
        },
        {
            "label": gettext("Share on LinkedIn"),
            "href": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        },
    ]


def _json_ld(article: Article, site: SiteSettings, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "inLanguage": article.lang,
        "datePublished": article.date.isoformat(),
        "mainEntityOfPage": url,
        "url": url,
        "author": {"@type": "Organization", "name": article.author},
        "publisher": {"@type": "Organization", "name": site.owner},
        "wordCount": word_count(article),
    }
    if article.kicker:
        data["articleSection"] = article.kicker
    if article.tags:
        data["keywords"] = ", ".join(article.tags)
    if article.image and not article.image.decorative:
        data["image"] = _absolute(url, article.image.src)
    return data


def _absolute(page_url: str, src: str) -> str:
    return src if src.startswith(("http://", "https://")) else page_url + src


def render_page(article: Article, job: RenderJob) -> Rendition:
    """Write ``index.html`` with its images into ``job.workdir``; the page is what the gate checks."""
    site = job.settings.site
    locale = ui_locale(article.lang)
    environment = template_environment("web", locale)
    gettext = translations(locale, "web").gettext
    url = article_url(site.base_url, article.slug)
    copied = []
    for image in _images(article):
        source = job.assets_dir / image.src
        if not image.src.startswith(("http://", "https://")) and source.is_file():
            shutil.copyfile(source, job.workdir / image.src)
            copied.append(image.src)
    abbreviations = Abbreviations(expansions(article, load_lexicon(job.settings.lexicon)))
    page = environment.get_template("article.html.j2").render(
        article=article,
        site=site,
        url=url,
        locale=locale,
        root="../",
        published=format_when(article.date, article.lang, site.timezone),
        # A correction is rendered when it is released again: its note carries that time.
        corrected=format_when(datetime.now(UTC), article.lang, site.timezone),
        minutes=reading_minutes(article),
        share_links=_share_links(article, url, gettext),
        json_ld=json_for_script(_json_ld(article, site, url)),
        og_image=_absolute(url, article.image.src)
        if article.image and not article.image.decorative
        else None,
        links=site_links(site, locale),
        abbr=abbreviations,
        # The audio of this release (rendered before this page), or the one already public.
        audio=audio_summary(job.folder_of("audio", article.slug)),
    )
    (job.workdir / "index.html").write_text(page, encoding="utf-8")
    return Rendition(
        files=("index.html", *dict.fromkeys(copied)),
        check=(CheckTarget("index.html", "web"),),
    )
