"""What a site's search index holds, read from Pagefind's own output files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

__all__ = ["indexed_pages"]

# Pagefind writes each page as a gzip-compressed fragment: this signature, then the page as JSON.
_SIGNATURE = b"pagefind_dcd"


def indexed_pages(out_dir: Path) -> dict[str, str]:
    """Each page in the search index of ``out_dir``: its address and the text a search finds in it."""
    pages = {}
    for fragment in sorted((out_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(_SIGNATURE), fragment
        page = json.loads(data[len(_SIGNATURE) :])
        pages[page["url"]] = f"{page['meta'].get('title', '')} {page['content']}"
    return pages
