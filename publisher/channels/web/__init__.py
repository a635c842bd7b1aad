"""The web channel: an accessible page per article (``page``) and the static site around it (``site``)."""

from __future__ import annotations

from publisher.a11y.findings import Finding
from publisher.channels.base import RenderJob, Rendition
from publisher.channels.web.page import render_page
from publisher.channels.web.site import build_site_files
from publisher.model import Article
from publisher.published import SiteContext

__all__ = ["WebChannel"]


class WebChannel:
    """Renders ``DIR/<slug>/index.html`` with its images, and the site's index, feed and sitemap."""

    name = "web"
    after = ("audio",)

    def render(self, article: Article, job: RenderJob) -> Rendition:
        return render_page(article, job)

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        """The HTML rules cover the page; the web channel has no checks of its own."""
        return []

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return build_site_files(site)
