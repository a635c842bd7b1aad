"""Withdrawing a public article: its address shows a notice, and it leaves every index, feed and sitemap.

One change of the public tree under the site lock, switched in atomically like a release: the
article's folder is replaced by the notice page, an empty ``.withdrawn`` marker (the shipped web
server configuration answers 410 Gone with the notice for any folder that has one), and its
internal folder by its record alone, which keeps the generation (a later release of the article
replaces the notice) and says why.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from pathlib import Path

from publisher.channels import get_channel
from publisher.channels.web.notice import withdrawal_notice
from publisher.model import Article
from publisher.published import (
    RECORD_NAME,
    LazyArticles,
    SiteContext,
    published_index,
    read_record,
    site_index_changes,
    tree_unchanged,
)
from publisher.release.public_tree import public_change, recover
from publisher.release.search_follow import after_switch
from publisher.release.staging import site_lock
from publisher.settings import Settings

__all__ = ["WITHDRAWN_MARKER", "withdraw_article"]

WITHDRAWN_MARKER = ".withdrawn"


def withdraw_article(settings: Settings, out_dir: Path, slug: str, reason: str, now: datetime) -> bool:
    """Replace the public article ``slug`` with its withdrawal notice; False when it is not public."""
    with site_lock(settings.staging_for(out_dir)):
        recover(out_dir)
        record = read_record(out_dir, slug)
        if record is None:
            return False
        article = Article.model_validate(record.article)
        change_id = f"{slug}-withdrawn-{secrets.token_hex(3)}"
        changes = {slug: None}
        if tree_unchanged(out_dir):  # the site files kept up to date need only the change
            site = SiteContext(settings, out_dir, LazyArticles(out_dir, changes), changes)
        else:
            others = tuple(entry for entry in published_index(out_dir).articles if entry.name != slug)
            site = SiteContext(settings=settings, out_dir=out_dir, articles=others)
        with public_change(out_dir, change_id) as change:
            folder = change.folder(slug)
            notice = withdrawal_notice(settings.site, article, reason, now)
            change.write(folder / "index.html", notice.encode())
            change.write(folder / WITHDRAWN_MARKER, b"")
            withdrawn = {
                "article": record.article, "released": {}, "files": {}, "generation": record.generation,
                "release": change_id, "source": record.source,
                "withdrawn": {"at": now.isoformat(), "reason": reason, "release": record.release},
            }  # fmt: skip
            record_data = json.dumps(withdrawn, ensure_ascii=False, indent=2).encode()
            change.write(change.folder(slug, "internal") / RECORD_NAME, record_data)
            for name in sorted(record.released):
                for relative, data in get_channel(name).rebuild_site(site).items():
                    change.site_file(relative, data)
            # Out of the site index too: its folder (the notice) is no published article.
            for relative, data in site_index_changes(out_dir, changes).items():
                change.site_file(relative, data, "internal")
            change.switch()
    after_switch(settings, out_dir)
    return True
