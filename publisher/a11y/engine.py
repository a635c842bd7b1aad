"""Run the registered rules over a document and turn violations into findings."""

from __future__ import annotations

from pathlib import Path

from lxml.etree import _Element

from publisher.a11y.dom import caches
from publisher.a11y.dom.document import CheckedDocument, css_selector, parse_document
from publisher.a11y.findings import ChannelKind, Finding, Location
from publisher.a11y.registry import RULES, Rule
from publisher.settings import A11ySettings

__all__ = ["check_document", "check_html", "clear_caches", "rules_for"]


def rules_for(channel: ChannelKind) -> list[Rule]:
    """The registered rules that apply to ``channel``, in registration order."""
    _load_rules()
    return [candidate for candidate in RULES.values() if channel in candidate.channels]


def check_document(document: CheckedDocument) -> list[Finding]:
    """Every finding of every rule that applies to the document's channel."""
    findings: list[Finding] = []
    positions: dict[_Element, tuple[int, int]] = {}  # shared, so locating many siblings stays linear
    aaa = document.settings.level == "AAA"
    for candidate in rules_for(document.channel):
        if candidate.level == "AAA" and not aaa:
            continue
        for violation in candidate.check(document):
            findings.append(
                Finding(
                    rule=candidate.id,
                    severity=violation.severity or candidate.severity,
                    message=violation.message,
                    wcag=list(candidate.wcag),
                    act=list(candidate.act),
                    location=_location(violation.element, document.path, positions),
                )
            )
    return findings


def check_html(
    html: str | bytes,
    *,
    channel: ChannelKind = "web",
    locale: str = "en",
    text_part: str | None = None,
    path: str | None = None,
    settings: A11ySettings | None = None,
    base_dir: Path | None = None,
) -> list[Finding]:
    """Check one HTML page (``channel="web"``) or HTML email (``channel="email"``).

    ``base_dir`` is the folder the page lives in: its linked local style sheets are read from there.
    """
    document = parse_document(
        html,
        channel=channel,
        locale=locale,
        text_part=text_part,
        path=path,
        settings=settings,
        base_dir=base_dir,
    )
    return check_document(document)


def clear_caches(*, keep_style_sheets: bool = False) -> None:
    """Forget what checks remember across documents, as before the first check of a process.

    Remembered by text, never by page: parsed stylesheets and compiled selectors, ``style`` attribute
    declarations, colour values and contrast ratios, language subtags, syllable counts of words.
    Findings never depend on these caches; this is for measuring a check without them.
    ``keep_style_sheets`` keeps the parsed style sheets and compiled selectors, which every page of a
    site shares (a publish checks its pages against them): one page as the next page of a publish.
    """
    caches.clear_caches(keep_style_sheets=keep_style_sheets)


def _location(
    element: object | None, path: str | None, positions: dict[_Element, tuple[int, int]]
) -> Location | None:
    if not isinstance(element, _Element):
        return Location(path=path) if path else None
    return Location(selector=css_selector(element, positions), line=element.sourceline, path=path)


def _load_rules() -> None:
    # Importing the rule modules registers them; on first use, so importing the package stays quick.
    import publisher.a11y.rules  # noqa: F401
