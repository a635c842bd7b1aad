"""The rule registry: every accessibility rule registers itself here with its metadata.

A rule is a small function over a parsed document that yields ``Violation``s; the
``@rule`` decorator records its id, severity, WCAG criteria, ACT rule ids and channels.
Adding a rule touches one place: the function and its decorator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.findings import ChannelKind, Severity

__all__ = ["RULES", "RegisteredRule", "Rule", "Violation", "register_rule", "rule"]


@dataclass(frozen=True)
class Violation:
    """What a rule function yields: the element at fault and a localised message saying how to fix it."""

    message: str
    element: object | None = None
    # Lets a rule downgrade one finding (e.g. a long alt text is only a warning).
    severity: Severity | None = None


RuleCheck = Callable[[CheckedDocument], Iterable[Violation]]
# What a rule's check takes: a parsed document (static stage) or a rendered page (browser stage).
CheckT = TypeVar("CheckT")


@dataclass(frozen=True)
class RegisteredRule(Generic[CheckT]):
    """A rule and its metadata, whichever stage runs its check."""

    id: str
    description: str
    severity: Severity
    check: CheckT
    wcag: tuple[str, ...] = ()
    act: tuple[str, ...] = ()
    channels: tuple[ChannelKind, ...] = ("web", "email")
    # "AAA": run only when the site asks for level AAA (``a11y.level``).
    level: str = "AA"


Rule = RegisteredRule[RuleCheck]

RULES: dict[str, Rule] = {}


def register_rule(
    table: dict[str, RegisteredRule[CheckT]],
    kind: str,
    rule_id: str,
    *,
    description: str,
    severity: Severity,
    wcag: Iterable[str],
    act: Iterable[str],
    channels: Iterable[ChannelKind],
    level: str,
) -> Callable[[CheckT], CheckT]:
    """A decorator that records its function in ``table`` as the ``kind`` ``rule_id``, once."""

    def register(check: CheckT) -> CheckT:
        if rule_id in table:
            raise ValueError(f"{kind} {rule_id!r} is registered twice")
        table[rule_id] = RegisteredRule(
            rule_id, description, severity, check, tuple(wcag), tuple(act), tuple(channels), level
        )
        return check

    return register


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
    return register_rule(
        RULES,
        "accessibility rule",
        rule_id,
        description=description,
        severity=severity,
        wcag=wcag,
        act=act,
        channels=channels,
        level=level,
    )
