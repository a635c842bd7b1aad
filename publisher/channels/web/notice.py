"""The notice that replaces a withdrawn press release at its address, in the article's language."""

from __future__ import annotations

from datetime import datetime

from publisher.channels.web.site import site_links
from publisher.i18n import format_when, ui_locale
from publisher.model import Article
from publisher.rendering import template_environment
from publisher.settings import SiteSettings

__all__ = ["withdrawal_notice"]


def withdrawal_notice(site: SiteSettings, article: Article, reason: str, withdrawn: datetime) -> str:
    """``DIR/<slug>/index.html`` of a withdrawn article: what was withdrawn, when and why."""
    locale = ui_locale(article.lang)
    when = format_when(withdrawn, article.lang, site.timezone)
    template = template_environment("web", locale).get_template("withdrawn.html.j2")
    links = site_links(site, locale)
    return template.render(
        site=site, article=article, reason=reason, locale=locale, root="../", links=links, withdrawn=when
    )
