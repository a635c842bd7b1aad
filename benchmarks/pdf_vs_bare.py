"""Benchmark: the PDF channel against bare WeasyPrint making a PDF of the same printable page.

Side A is what a release runs for the PDF: the channel renders the print template, writes a tagged
PDF/UA-1 file (language, displayed title, alt texts) and reads it back with pikepdf for the checks.
Side B, the floor, is the cheapest way to get a PDF of the same article: WeasyPrint writes the very
same HTML (rendered once, outside the timing) as an untagged PDF, with no check. Each round starts in
a fresh work folder; runs alternate A and B, and the ratio is taken pair by pair.

Usage: python benchmarks/pdf_vs_bare.py [--rounds 5] [--article examples/breitband-foerderung.md]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from record import Figure, interleaved, load_average, pairwise_ratios, record, summary
from weasyprint import HTML, URLFetcher

from publisher.channels.base import RenderJob
from publisher.channels.pdf import PdfChannel
from publisher.i18n import format_when, ui_locale
from publisher.press_text import press_block
from publisher.rendering import template_environment
from publisher.settings import Settings
from publisher.sources import parse_article

FLOOR = "WeasyPrint 70 writing the same print HTML as an untagged PDF, no check"


def _print_html(job: RenderJob, source_path: Path) -> str:
    article = parse_article(source_path).article
    site = job.settings.site
    return (
        template_environment("web", ui_locale(article.lang))
        .get_template("print.html.j2")
        .render(
            article=article,
            site=site,
            locale=ui_locale(article.lang),
            published=format_when(article.date, article.lang, site.timezone),
            press=press_block(article, site.timezone, files_base=f"{site.base_url}{article.slug}/"),
            abbr=None,
            responsive={},
            image_sizes="",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--article", type=Path, default=Path("examples/breitband-foerderung.md"))
    options = parser.parse_args()
    load_before = load_average()
    source = parse_article(options.article)
    channel = PdfChannel()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        assets = root / "assets"
        assets.mkdir()
        for local in source.images:
            shutil.copyfile(local.path, assets / local.output_name)
        settings = Settings(site={"base_url": "https://presse.example.de/"})

        def job(round_number: int, side: str) -> RenderJob:
            workdir = root / f"{side}-{round_number}"
            workdir.mkdir()
            return RenderJob(settings=settings, assets_dir=assets, workdir=workdir, out_dir=root / "public")

        html = _print_html(job(0, "setup"), options.article)

        def channel_pdf(round_number: int) -> None:
            work = job(round_number, "channel")
            rendition = channel.render(source.article, work)
            assert channel.verify(source.article, work, rendition) == []

        def bare_pdf(round_number: int) -> None:
            work = job(round_number, "bare")
            fetcher = URLFetcher(allowed_protocols={"file"})
            document = HTML(string=html, base_url=assets.as_uri() + "/", url_fetcher=fetcher)
            document.write_pdf(work.workdir / "bare.pdf")

        seconds = interleaved({"channel": channel_pdf, "bare": bare_pdf}, options.rounds)
    ratios = pairwise_ratios(seconds["channel"], seconds["bare"])
    print(f"article: {options.article} ({options.rounds} rounds, A B A B ...)")
    print(f"PDF channel (render, tag, check) s: {summary(seconds['channel'])}")
    print(f"floor: bare WeasyPrint s:           {summary(seconds['bare'])}")
    print(f"ratio channel / floor, pair by pair: {', '.join(f'{ratio:.2f}' for ratio in ratios)}")
    median_ratio = statistics.median(ratios)
    print(f"median ratio: {median_ratio:.2f}x")
    figures = [
        Figure("PDF channel per release (render, tag, check)", statistics.median(seconds["channel"]), "s"),
        Figure("bare WeasyPrint PDF of the same page", statistics.median(seconds["bare"]), "s"),
        Figure("PDF channel / bare WeasyPrint (median of pairs)", round(median_ratio, 2), "x"),
    ]
    print(f"results: {record('pdf_vs_bare', FLOOR, figures, load_before)}")


if __name__ == "__main__":
    main()
