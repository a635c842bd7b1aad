"""The article page: ``DIR/<slug>/index.html`` with its images, share links, JSON-LD and the audio player."""

from __future__ import annotations

import math
import shutil
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from publisher.audio_summary import AudioSummary, audio_summary
from publisher.channels.base import CheckTarget, RenderJob, Rendition
from publisher.channels.web.images import SIZES, ResponsiveImage, responsive_image
from publisher.channels.web.site import site_links
from publisher.i18n import format_when, translations, ui_locale
from publisher.late_values import AUDIO_MEGABYTES, AUDIO_MINUTES, PDF_SIZE, fill_markers, marker
from publisher.lexicon import expansions, load_lexicon
from publisher.model import Article, Figure, Image, word_count
from publisher.press_text import embargo_notice, pdf_name, press_block, version_links
from publisher.rendering import Abbreviations, json_for_script, template_environment
from publisher.settings import SiteSettings
from publisher.typography import format_file_size
from publisher.urls import article_url

__all__ = ["READING_WORDS_PER_MINUTE", "PendingAudio", "fill_page", "reading_minutes", "render_page"]

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


def _copy_files(article: Article, job: RenderJob) -> tuple[list[str], dict[str, ResponsiveImage]]:
    """Copy the article's local images and downloads into the work folder, with each image's scaled copies."""
    images = {image.src for image in _images(article)}
    copied: list[str] = []
    responsive: dict[str, ResponsiveImage] = {}
    for name in dict.fromkeys([*images, *(download.src for download in article.downloads)]):
        source = job.assets_dir / name
        if name.startswith(("http://", "https://")) or not source.is_file():
            continue
        shutil.copyfile(source, job.workdir / name)
        copied.append(name)
        public = job.out_dir / article.slug  # the copies of an image released before are taken over
        variants = responsive_image(source, name, job.workdir, public) if name in images else None
        if variants is not None:
            responsive[name] = variants
            copied.extend(variants.files)
    return copied, responsive


class PendingAudio:
    """The MP3 of this release while it is being rendered: the player shows markers for its facts."""

    def minutes(self) -> str:
        return marker(AUDIO_MINUTES)

    def megabytes(self, language: str = "en") -> str:
        return marker(AUDIO_MEGABYTES)


def _audio(article: Article, job: RenderJob) -> AudioSummary | PendingAudio | None:
    """The audio of this release (finished, or markers while it renders), or the one already public."""
    if "audio" in job.late:
        return PendingAudio()
    return audio_summary(job.folder_of("audio", article.slug))


def _print_version(article: Article, job: RenderJob) -> dict[str, str] | None:
    """The release's PDF (rendered by the pdf channel, or already public), if any."""
    name = pdf_name(article.slug)
    if "pdf" in job.late:
        return {"href": name, "details": f"PDF, {marker(PDF_SIZE)}"}
    path = job.folder_of("pdf", article.slug) / name
    if not path.is_file():
        return None
    return {"href": name, "details": f"PDF, {format_file_size(path.stat().st_size, article.lang)}"}


def fill_page(article: Article, job: RenderJob) -> dict[str, bytes]:
    """``index.html`` with the facts of the audio and PDF of this release, now finished, filled in."""
    values: dict[str, str] = {}
    if "audio" in job.late:
        summary = audio_summary(job.folder_of("audio", article.slug))
        if summary is None:
            raise ValueError("the audio of this release has no readable MP3 to describe")
        values |= {AUDIO_MINUTES: summary.minutes(), AUDIO_MEGABYTES: summary.megabytes(article.lang)}
    if "pdf" in job.late:
        path = job.folder_of("pdf", article.slug) / pdf_name(article.slug)
        values[PDF_SIZE] = format_file_size(path.stat().st_size, article.lang)
    if not values:
        return {}
    page = job.workdir / "index.html"
    return {"index.html": fill_markers(page.read_text(encoding="utf-8"), values).encode()}


def render_page(article: Article, job: RenderJob) -> Rendition:
    """Write ``index.html`` with its images into ``job.workdir``; the page is what the gate checks."""
    site = job.settings.site
    locale = ui_locale(article.lang)
    environment = template_environment("web", locale, site.brand.templates)
    gettext = translations(locale, "web").gettext
    url = article_url(site.base_url, article.slug)
    copied, responsive = _copy_files(article, job)
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
        press=press_block(article, site.timezone),
        versions=version_links(article, site.base_url),
        print_version=_print_version(article, job),
        embargo=embargo_notice(article, site.timezone, datetime.now(UTC)),
        abbr=abbreviations,
        responsive=responsive,
        image_sizes=SIZES,
        audio=_audio(article, job),
    )
    (job.workdir / "index.html").write_text(page, encoding="utf-8")
    return Rendition(
        files=("index.html", *dict.fromkeys(copied)),
        check=(CheckTarget("index.html", "web"),),
    )
