"""The rule registry: every accessibility rule registers itself here with its metadata.

A rule is a small function over a parsed document that yields ``Violation``s; the
``@rule`` decorator records its id, severity, WCAG criteria, ACT rule ids and channels.
Adding a rule touches one place: the function and its decorator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.findings import ChannelKind, Severity

__all__ = ["RULES", "Rule", "Violation", "rule"]


@dataclass(frozen=True)
class Violation:
    """What a rule function yields: the element at fault and a localised message saying how to fix it."""

    message: str
    element: object | None = None
    # Lets a rule downgrade one finding (e.g. a long alt text is only a warning).
    severity: Severity | None = None


RuleCheck = Callable[[CheckedDocument], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    severity: Severity
    check: RuleCheck
    wcag: tuple[str, ...] = ()
    act: tuple[str, ...] = ()
    channels: tuple[ChannelKind, ...] = ("web", "email")
    # "AAA": run only when the site asks for level AAA (``a11y.level``).
    level: str = "AA"


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    description: str,
    severity: Severity = "error",
    wcag: Iterable[str] = (),
    act: Iterable[str] = (),
    channels: Iterable[ChannelKind] = ("web", "email"),
    level: str = "AA",
) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as the rule ``rule_id``."""

    def register(check: RuleCheck) -> RuleCheck:
        if rule_id in RULES:
            raise ValueError(f"accessibility rule {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(
            id=rule_id,
            description=description,
            severity=severity,
            check=check,
            wcag=tuple(wcag),
            act=tuple(act),
            channels=tuple(channels),
            level=level,
        )
        return check

    return register
