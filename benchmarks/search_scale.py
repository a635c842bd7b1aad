"""Benchmark: building the site's search index (Pagefind) for sites of 10, 1,000 and 10,000 article pages.

What each rebuild of a search index that follows the releases costs: it is built whole each time
(Pagefind's Python API builds an index from nothing; it cannot add pages to an index on disk). One article is
published for real (staging, rendering, the gate, the switch); its page is copied into N article
folders, each with its own title and a sentence of its own, so the index holds N distinct pages.
Each round builds the index of every site in turn (A B C ...), as ``publisher search-index`` does:
the index written beside the old one and exchanged with it in one rename. Wall time, and CPU time of this
process and of the Pagefind binary it runs, are printed as medians; the ratio of each site to the
smallest is taken pair by pair.

Usage: python benchmarks/search_scale.py [--sizes 10 1000 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from record import Figure, children_cpu_seconds, interleaved, load_average, pairwise_ratios, record, summary
from release_switch import ARTICLE, checked

from publisher.channels.web.search import build_search_index
from publisher.release import finish
from publisher.settings import Settings

_WORDS = ["Radweg", "Schule", "Bibliothek", "Hafen", "Friedhof", "Sportplatz", "Kita", "Marktplatz"]


def article_page(root: Path, settings: Settings) -> str:
    """The web page of one article released for real (its title "Meldung 1")."""
    source = root / "meldung.md"
    source.write_text(ARTICLE.format(number=1, day=2), "utf-8")
    site = root / "one"
    staged = checked(source, site, settings)
    assert finish.finish_release(staged.folder).status == "released"
    return (site / "meldung-1" / "index.html").read_text(encoding="utf-8")


def generate_site(out: Path, page: str, size: int) -> None:
    """``size`` article folders, each with the page under its own title and a sentence of its own."""
    for number in range(size):
        word = _WORDS[number % len(_WORDS)]
        text = page.replace("Meldung 1", f"Archivmeldung {number} zum Thema {word}").replace(
            "Die Stadt stellt heute ihre Pläne vor.",
            f"Die Stadt stellt heute ihre Pläne für {word} Nummer {number} vor.",
        )
        folder = out / f"archivmeldung-{number}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        settings = Settings(staging_dir=root / "staging")
        page = article_page(root, settings)
        for size in options.sizes:
            generate_site(root / f"site-{size}", page, size)
        cpu: dict[str, list[float]] = {}

        def index_of(size: int) -> Callable[[int], None]:
            def run(_round: int) -> None:
                started = time.process_time() + children_cpu_seconds()
                index = build_search_index(root / f"site-{size}", settings.site)
                assert index.pages == size, index
                cpu.setdefault(str(size), []).append(time.process_time() + children_cpu_seconds() - started)

            return run

        seconds = interleaved({str(size): index_of(size) for size in options.sizes}, options.rounds)
    floor_size = str(options.sizes[0])
    print(f"search index built whole, {options.rounds} rounds interleaved, medians (min, max) in seconds")
    figures = []
    for size in options.sizes:
        name = str(size)
        print(f"  {size:>6} article pages: wall {summary(seconds[name])}, cpu {summary(cpu[name])}")
        wall = round(statistics.median(seconds[name]), 2)
        figures.append(Figure(f"search index of {size} article pages (wall)", wall, "s"))
        figures.append(
            Figure(f"search index of {size} article pages (cpu)", round(statistics.median(cpu[name]), 2), "s")
        )
        if name != floor_size:
            ratio = statistics.median(pairwise_ratios(seconds[name], seconds[floor_size]))
            print(f"      ratio to {floor_size} pages, pair by pair: wall {ratio:.1f}x")
    record("search_scale", f"the search index of {floor_size} article pages", figures, load_before)


if __name__ == "__main__":
    main()
