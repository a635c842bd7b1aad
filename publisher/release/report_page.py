"""The human release report: ``report.json`` as an accessible page with findings by channel and warnings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_datetime

from publisher.a11y.findings import Finding, Location
from publisher.i18n import babel_locale, ui_locale
from publisher.release.report import ChannelReport, DeliveryFailure, DeliveryReport, ReleaseReport
from publisher.rendering import template_environment
from publisher.urls import is_safe_url

__all__ = ["ACT_RULE_URL", "UNDERSTANDING_URL", "render_report_page", "wcag_link"]

UNDERSTANDING_URL = "https://www.w3.org/WAI/WCAG22/Understanding/"
ACT_RULE_URL = "https://www.w3.org/WAI/standards-guidelines/act/rules/{id}/"

# WCAG 2.2 success criteria and the page names of their Understanding documents.
_UNDERSTANDING = {
    "1.1.1": "non-text-content",
    "1.2.1": "audio-only-and-video-only-prerecorded",
    "1.2.2": "captions-prerecorded",
    "1.2.3": "audio-description-or-media-alternative-prerecorded",
    "1.2.4": "captions-live",
    "1.2.5": "audio-description-prerecorded",
    "1.2.6": "sign-language-prerecorded",
    "1.2.7": "extended-audio-description-prerecorded",
    "1.2.8": "media-alternative-prerecorded",
    "1.2.9": "audio-only-live",
    "1.3.1": "info-and-relationships",
    "1.3.2": "meaningful-sequence",
    "1.3.3": "sensory-characteristics",
    "1.3.4": "orientation",
    "1.3.5": "identify-input-purpose",
    "1.3.6": "identify-purpose",
    "1.4.1": "use-of-color",
    "1.4.2": "audio-control",
    "1.4.3": "contrast-minimum",
    "1.4.4": "resize-text",
    "1.4.5": "images-of-text",
    "1.4.6": "contrast-enhanced",
    "1.4.7": "low-or-no-background-audio",
    "1.4.8": "visual-presentation",
    "1.4.9": "images-of-text-no-exception",
    "1.4.10": "reflow",
    "1.4.11": "non-text-contrast",
    "1.4.12": "text-spacing",
    "1.4.13": "content-on-hover-or-focus",
    "2.1.1": "keyboard",
    "2.1.2": "no-keyboard-trap",
    "2.1.3": "keyboard-no-exception",
    "2.1.4": "character-key-shortcuts",
    "2.2.1": "timing-adjustable",
    "2.2.2": "pause-stop-hide",
    "2.2.3": "no-timing",
    "2.2.4": "interruptions",
    "2.2.5": "re-authenticating",
    "2.2.6": "timeouts",
    "2.3.1": "three-flashes-or-below-threshold",
    "2.3.2": "three-flashes",
    "2.3.3": "animation-from-interactions",
    "2.4.1": "bypass-blocks",
    "2.4.2": "page-titled",
    "2.4.3": "focus-order",
    "2.4.4": "link-purpose-in-context",
    "2.4.5": "multiple-ways",
    "2.4.6": "headings-and-labels",
    "2.4.7": "focus-visible",
    "2.4.8": "location",
    "2.4.9": "link-purpose-link-only",
    "2.4.10": "section-headings",
    "2.4.11": "focus-not-obscured-minimum",
    "2.4.12": "focus-not-obscured-enhanced",
    "2.4.13": "focus-appearance",
    "2.5.1": "pointer-gestures",
    "2.5.2": "pointer-cancellation",
    "2.5.3": "label-in-name",
    "2.5.4": "motion-actuation",
    "2.5.5": "target-size-enhanced",
    "2.5.6": "concurrent-input-mechanisms",
    "2.5.7": "dragging-movements",
    "2.5.8": "target-size-minimum",
    "3.1.1": "language-of-page",
    "3.1.2": "language-of-parts",
    "3.1.3": "unusual-words",
    "3.1.4": "abbreviations",
    "3.1.5": "reading-level",
    "3.1.6": "pronunciation",
    "3.2.1": "on-focus",
    "3.2.2": "on-input",
    "3.2.3": "consistent-navigation",
    "3.2.4": "consistent-identification",
    "3.2.5": "change-on-request",
    "3.2.6": "consistent-help",
    "3.3.1": "error-identification",
    "3.3.2": "labels-or-instructions",
    "3.3.3": "error-suggestion",
    "3.3.4": "error-prevention-legal-financial-data",
    "3.3.5": "help",
    "3.3.6": "error-prevention-all",
    "3.3.7": "redundant-entry",
    "3.3.8": "accessible-authentication-minimum",
    "3.3.9": "accessible-authentication-enhanced",
    "4.1.1": "parsing",
    "4.1.2": "name-role-value",
    "4.1.3": "status-messages",
}


def wcag_link(criterion: str) -> dict[str, str]:
    """The W3C Understanding document of a success criterion: ``{"number", "name", "url"}``."""
    page = _UNDERSTANDING.get(criterion.strip())
    if page is None:
        return {"number": criterion, "name": "", "url": UNDERSTANDING_URL}
    return {
        "number": criterion,
        "name": page.replace("-", " ").capitalize(),
        "url": f"{UNDERSTANDING_URL}{page}.html",
    }


def _finding_view(finding: Finding) -> dict[str, Any]:
    location = finding.location or Location()
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "wcag": [wcag_link(criterion) for criterion in finding.wcag],
        "act": [{"id": act_id, "url": ACT_RULE_URL.format(id=act_id)} for act_id in finding.act],
        "selector": location.selector,
        "line": location.line,
        "path": location.path,
        "condition": finding.condition,
        "screenshot": _relative_file(finding.screenshot),
    }


def _relative_file(value: object) -> str | None:
    """A screenshot's file name relative to the report, or None (never a URL or an absolute path)."""
    text = str(value or "")
    if not text or text.startswith(("/", "\\")) or ":" in text or ".." in text.split("/"):
        return None
    return text


def _channel_view(name: str, outcome: ChannelReport) -> dict[str, Any]:
    findings = [_finding_view(finding) for finding in outcome.findings]
    # Errors first: they are what holds the release.
    findings.sort(key=lambda finding: finding["severity"] != "error")
    return {
        "name": name,
        "status": outcome.status,
        "error": outcome.error,
        "findings": findings,
        "errors": sum(1 for finding in findings if finding["severity"] == "error"),
        "warnings": sum(1 for finding in findings if finding["severity"] == "warning"),
        "delivery": _delivery_view(outcome.delivery),
    }


def _delivery_view(delivery: DeliveryReport | DeliveryFailure | None) -> dict[str, Any] | None:
    """What became of a sent newsletter (``publish --send``), with the command to follow or resume it."""
    if delivery is None:
        return None
    if isinstance(delivery, DeliveryFailure):
        return {"outcome": delivery.outcome, "error": delivery.error, "alert": None}
    counts = {name: int(getattr(delivery, name)) for name in _DELIVERY_COUNTS}
    verb = "resume" if delivery.outcome == "stopped" else "deliveries"
    total = sum(counts.values()) - counts["skipped"]
    return {
        **counts, "outcome": delivery.outcome, "alert": delivery.alert, "error": None, "total": total,
        "recipients": delivery.recipients, "command": f"publisher subscribers {verb} {delivery.release_id}",
    }  # fmt: skip


_DELIVERY_COUNTS = ("sent", "bounced", "failed", "skipped", "pending", "deferred")


def render_report_page(report: ReleaseReport, *, locale: str) -> str:
    """The release report as a page in ``locale``: why it did not go out, findings by channel, warnings."""
    language = ui_locale(locale)
    template = template_environment("report", language).get_template("report.html.j2")
    channels = [_channel_view(name, outcome) for name, outcome in report.channels.items()]
    url = report.url
    return template.render(
        lang=language,
        slug=report.title or report.slug,
        channels=channels,
        status=report.status,
        reason=report.reason,
        source_warnings=report.source.warnings if report.source else [],
        site_warnings=report.site.warnings if report.site else [],
        checked=_when(report.finished, language),
        finished=_machine_time(report.finished),
        url=url if url and is_safe_url(url, relative=False) else None,
    )


def _machine_time(value: object) -> str | None:
    """The time for a ``datetime`` attribute: whole seconds (HTML allows at most three decimals)."""
    try:
        return datetime.fromisoformat(str(value)).replace(microsecond=0).isoformat()
    except ValueError:
        return None


def _when(value: object, language: str) -> str | None:
    """The time a report was made, as readers of ``language`` write it (UTC, as recorded)."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return format_datetime(moment, format="long", locale=babel_locale(language))
