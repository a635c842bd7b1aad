"""The PDF channel: a printable, tagged PDF of each release (WeasyPrint), checked before it goes out.

The PDF is made from the article's print template with PDF/UA-1 tagging: the language, the title
shown in the window and the images' alt texts are in the file, and ``verify`` reads them back.
"""

from __future__ import annotations

from publisher.a11y.findings import Finding
from publisher.a11y.pdf import check_pdf
from publisher.channels.base import RenderJob, Rendition
from publisher.i18n import format_when, ui_locale
from publisher.model import Article
from publisher.press_text import pdf_name, press_block
from publisher.published import SiteContext
from publisher.rendering import template_environment

__all__ = ["PdfChannel"]


class PdfChannel:
    """Renders ``DIR/<slug>/<slug>.pdf``; the web page links it when both are released together."""

    name = "pdf"
    after: tuple[str, ...] = ()

    def render(self, article: Article, job: RenderJob) -> Rendition:
        from weasyprint import HTML, URLFetcher  # loads Pango; only a release with a PDF pays for it

        site = job.settings.site
        locale = ui_locale(article.lang)
        html = (
            template_environment("web", locale)
            .get_template("print.html.j2")
            .render(
                article=article,
                site=site,
                locale=locale,
                published=format_when(article.date, article.lang, site.timezone),
                press=press_block(article, site.timezone, files_base=f"{site.base_url}{article.slug}/"),
                abbr=None,
                responsive={},
                image_sizes="",
            )
        )
        name = pdf_name(article.slug)
        assets = job.assets_dir.resolve().as_uri() + "/"
        # Made offline from the release's own files: an https image is left out, never requested.
        fetcher = URLFetcher(allowed_protocols={"file"})
        document = HTML(string=html, base_url=assets, url_fetcher=fetcher)
        document.write_pdf(job.workdir / name, pdf_variant="pdf/ua-1")
        return Rendition(files=(name,))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        """The PDF is tagged, declares the article's language, shows its title and describes its figures."""
        return check_pdf(job.workdir / pdf_name(article.slug), article.lang, ui_locale(article.lang))

    def fill(self, article: Article, job: RenderJob, rendition: Rendition) -> dict[str, bytes]:
        """The PDF shows nothing of another channel's output."""
        return {}

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        """The PDF adds no site-wide file."""
        return {}
