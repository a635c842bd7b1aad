"""Accessibility checks: a registry of small rules run over every output before release.

From the bottom up: ``findings`` (what a check reports), ``dom/`` (the document model every rule
reads), ``registry`` (the ``@rule`` decorator), ``rules/`` (only registered rules), ``engine`` (runs
them); ``browser/`` runs axe-core in Chromium; ``cli`` and ``conformance`` sit on top.
"""

from publisher.a11y.engine import check_document, check_html, rules_for
from publisher.a11y.findings import ChannelKind, Finding, Location, Severity, has_errors
from publisher.a11y.registry import RULES, Rule, Violation, rule

__all__ = [
    "RULES",
    "ChannelKind",
    "Finding",
    "Location",
    "Rule",
    "Severity",
    "Violation",
    "check_document",
    "check_html",
    "has_errors",
    "rule",
    "rules_for",
]
