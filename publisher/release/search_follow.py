"""The site's search index follows its releases: rebuilt after each change of the public tree, coalesced.

Pagefind builds an index from nothing (``channels.web.search``), which takes seconds for a thousand
article pages and minutes for ten thousand, so it never runs inside a release. A release, correction
or withdrawal that switched the public tree asks for a rebuild of its site (``after_switch``):

* With workers, the first request sends the search task (on the site's ``web`` queue); requests while
  it is queued or running only raise a counter in the broker's Redis. The task notes the counter
  before it builds and clears it afterwards only if no request came meanwhile; otherwise it builds
  once more. Any number of quick releases thus cost the build running now and at most one after it.
  A worker killed during a build leaves the counter: the task is handed to another worker (it is
  acknowledged after the work), which builds again. Brokers other than Redis send a task per request.
* Without workers the site is noted, and the command rebuilds each noted site once at its end
  (``rebuild_pending``), after all its releases; a recorded release run in the process of the HTTP
  API or the sweeper, and a withdrawal, rebuild once they are done (``rebuild_noted``).

``site.search_index_after_release = false`` turns both off (``publisher search-index`` then).
"""

from __future__ import annotations

import logging
import threading
from contextlib import suppress
from pathlib import Path

from publisher.broker import configured_app, in_process, queue_for
from publisher.channels.web.search import SearchIndex, SearchIndexError, build_search_index
from publisher.release.tracking import broker_client
from publisher.settings import Settings, SiteSettings

__all__ = [
    "SEARCH_TASK", "after_switch", "rebuild_coalesced", "rebuild_noted", "rebuild_pending", "request_rebuild",
]  # fmt: skip

log = logging.getLogger(__name__)

SEARCH_TASK = "publisher.search.rebuild"
# A counter left behind (its task lost with the broker's data) stops holding requests back after this.
_KEEP_SECONDS = 6 * 3600
# Clears the counter only if no request came since the task read it; 1: build again.
_FINISH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 0
end
return 1
"""

_pending: dict[Path, SiteSettings] = {}
_pending_lock = threading.Lock()


def after_switch(settings: Settings, out_dir: Path) -> None:
    """The public tree of ``out_dir`` changed: have its search index rebuilt (never raises)."""
    if not settings.site.search_index_after_release:
        return
    if in_process():
        with _pending_lock:
            _pending[out_dir.resolve()] = settings.site
        return
    try:
        request_rebuild(settings, out_dir)
    except Exception:  # the release is out whatever happens to its search index
        log.exception("%s: the search index rebuild could not be requested", out_dir)


def request_rebuild(settings: Settings, out_dir: Path) -> bool:
    """Ask the workers for a rebuild; True when this request sent the task (none queued or running)."""
    folder = str(out_dir.resolve())
    client = broker_client()
    if client is not None:
        key = _key(folder)
        count = int(client.incr(key))
        client.expire(key, _KEEP_SECONDS)
        if count > 1:
            return False
    configured_app().signature(SEARCH_TASK, (folder,)).apply_async(queue=queue_for(settings, "web"))
    return True


def rebuild_coalesced(settings: Settings, out_dir: Path) -> int:
    """The search task's work: build until no request came during the last build; the number of builds."""
    client = broker_client()
    key = _key(str(out_dir.resolve()))
    builds = 0
    seen: list[bytes | str | None] = []

    def note_requests() -> None:  # once the build holds the site's lock: requests until now are covered
        seen[:] = [client.get(key) if client is not None else None]

    try:
        while True:
            index = build_search_index(out_dir, settings.site, started=note_requests)
            log.info("search index built: %d article pages in %s", index.pages, index.folder)
            builds += 1
            if client is None or seen[0] is None or not client.eval(_FINISH, 1, key, seen[0]):
                return builds
    except Exception:
        # The previous index stays; the next request sends a task again.
        if client is not None:
            with suppress(Exception):
                client.delete(key)
        raise


def rebuild_pending() -> list[SearchIndex | SearchIndexError]:
    """Rebuild the index of each site noted in this process since the last call (the end of a command)."""
    with _pending_lock:
        sites = list(_pending.items())
        _pending.clear()
    outcomes: list[SearchIndex | SearchIndexError] = []
    for out_dir, site in sites:
        try:
            outcomes.append(build_search_index(out_dir, site))
        except SearchIndexError as error:
            outcomes.append(error)
    return outcomes


def rebuild_noted() -> None:
    """``rebuild_pending`` where nobody reads the output (HTTP API, sweeper): the outcome is logged."""
    for outcome in rebuild_pending():
        if isinstance(outcome, SearchIndexError):
            log.warning("the search index was not updated (the previous one stays): %s", outcome)
        else:
            log.info("search index updated: %d article pages in %s", outcome.pages, outcome.folder)


def _key(folder: str) -> str:
    return f"publisher:search-index:{folder}"
