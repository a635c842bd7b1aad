"""What a check reports: one ``Finding`` per problem (the report.json contract) and what was checked."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["ChannelKind", "Finding", "Location", "Severity", "has_errors"]

Severity = Literal["error", "warning"]
# What a checked document is: a web page or an HTML email (rules say which of the two they apply to).
ChannelKind = Literal["web", "email"]


class Location(BaseModel):
    """Where a finding is: a CSS selector into the checked document and its source line."""

    model_config = ConfigDict(frozen=True)

    selector: str | None = None
    line: int | None = None
    path: str | None = None


class Finding(BaseModel):
    """One problem found in a channel's output, with how to fix it."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    message: str
    wcag: list[str] = []
    act: list[str] = []
    location: Location | None = None
    # Browser stage: the condition the problem shows under (dark, narrow, zoom, spacing, desktop)
    # and a screenshot crop of it (a PNG file name, relative to the report).
    condition: str | None = None
    screenshot: str | None = None


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding holds the release (severity ``error``)."""
    return any(finding.severity == "error" for finding in findings)
