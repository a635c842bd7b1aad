"""The web channel: an accessible page per article (``page``) and the static site around it (``site``)."""

from __future__ import annotations

from publisher.a11y.findings import Finding
from publisher.channels.base import RenderJob, Rendition
from publisher.channels.web.page import fill_page, render_page
from publisher.channels.web.site import build_site_files
from publisher.i18n import translations, ui_locale
from publisher.model import Article
from publisher.published import SiteContext

__all__ = ["WebChannel"]


class WebChannel:
    """Renders ``DIR/<slug>/index.html`` with its images, and the site's index, feed and sitemap."""

    name = "web"
    after = ("audio", "pdf")

    def render(self, article: Article, job: RenderJob) -> Rendition:
        return render_page(article, job)

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        """The HTML rules cover the page; a warning when the site links no page in Leichte Sprache."""
        if job.settings.site.easy_language_url:
            return []
        gettext = translations(ui_locale(article.lang), "press").gettext
        message = gettext(
            "The site links no page in Leichte Sprache (BITV 2.0 § 4): set site.easy_language_url to the "
            "site's Easy Language index, and the footer of every page links it."
        )
        return [Finding(rule="easy-language-page", severity="warning", message=message)]

    def fill(self, article: Article, job: RenderJob, rendition: Rendition) -> dict[str, bytes]:
        """The page with the duration and size of this release's MP3 and the size of its PDF."""
        return fill_page(article, job)

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return build_site_files(site)
