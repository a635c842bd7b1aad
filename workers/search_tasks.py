"""The thin Celery task that rebuilds a site's search index after its releases (``release.search_follow``).

Acknowledged after the work: a worker killed during a build hands the task to another one, which
builds again (the previous index stays in place meanwhile).
"""

from __future__ import annotations

from pathlib import Path

from publisher.release.search_follow import SEARCH_TASK, rebuild_coalesced
from publisher.settings import get_settings
from workers.celery_app import app

__all__ = ["rebuild_search_index"]

# A step's limit (below the broker's visibility timeout): ten thousand article pages took 97 s.
_LIMIT = get_settings().step_time_limit


@app.task(
    name=SEARCH_TASK, ignore_result=True, acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=_LIMIT, time_limit=_LIMIT + 30,
)  # fmt: skip
def rebuild_search_index(out_dir: str) -> None:
    rebuild_coalesced(get_settings(), Path(out_dir))
