"""The whole gate on one page: the static rules, then the browser stage, as one list of findings.

The browser stage's axe-core findings that repeat a static finding on the same element are kept:
the two engines are counted apart in reports, and a press office sees both opinions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from publisher.a11y.engine import check_html
from publisher.a11y.findings import ChannelKind, Finding
from publisher.settings import A11ySettings

if TYPE_CHECKING:  # the browser stage (Chromium, axe-core, a page server) loads only where one runs
    from publisher.a11y.browser.stage import BrowserCheck, BrowserStage

__all__ = ["check_page"]


def check_page(
    path: Path,
    *,
    channel: ChannelKind = "web",
    locale: str = "en",
    text_part: str | None = None,
    settings: A11ySettings | None = None,
    stage: BrowserStage | None = None,
    root: Path | None = None,
    shown_as: str | None = None,
) -> tuple[list[Finding], BrowserCheck | None]:
    """Static findings of the file at ``path``, plus the browser stage's when a ``stage`` is given.

    ``root`` is the folder served as the site root to the browser (default: the file's folder).
    Returns the findings and the browser stage's result (with its screenshot crops), if it ran.
    """
    settings = settings or A11ySettings()
    html = path.read_text(encoding="utf-8")
    findings = check_html(
        html,
        channel=channel,
        locale=locale,
        text_part=text_part,
        path=shown_as or str(path),
        settings=settings,
        base_dir=path.parent,
    )
    if stage is None:
        return findings, None
    rendered = stage.check_file(
        path, channel=channel, locale=locale, root=root, shown_as=shown_as or str(path), level=settings.level
    )
    return findings + rendered.findings, rendered
