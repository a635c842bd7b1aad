"""Accessibility checks: a registry of small rules run over every output before release."""

from publisher.a11y.engine import check_document, check_html, rules_for
from publisher.a11y.findings import Finding, Location, Severity, has_errors
from publisher.a11y.registry import RULES, Rule, Violation, rule

__all__ = [
    "RULES",
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
