"""What the browser stage measured on one page, and what a browser rule reports about it.

The stage (``stage``) loads a page once and measures it under each ``Condition``; the rules
(``browser_rules``) read these measurements and yield ``Sighting``s; the stage then takes a
screenshot crop of each sighting under the condition it was seen in, and returns a ``BrowserCheck``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from publisher.a11y.findings import ChannelKind, Finding, Severity
from publisher.a11y.registry import RegisteredRule, register_rule
from publisher.i18n import translations

__all__ = [
    "BROWSER_RULES",
    "CONDITIONS",
    "SHORT_HEIGHT",
    "BrowserCheck",
    "BrowserRule",
    "Condition",
    "RenderedPage",
    "Sighting",
    "browser_rule",
    "emulation",
]

# desktop: 1280x800 light; dark: the same with prefers-color-scheme: dark; narrow: 320 CSS px wide
# (400 % zoom); zoom: 200 % (640 CSS px at device scale 2); spacing: desktop with the 1.4.12 values;
# short: 320 x 256 CSS px, the whole view of a 1280 x 1024 screen zoomed to 400 % (only measured when
# bars fixed to the screen might fill it).
Condition = Literal["desktop", "dark", "narrow", "zoom", "spacing", "short"]
CONDITIONS: dict[str, str] = {
    "desktop": "in light mode",
    "dark": "in dark mode",
    "narrow": "at 320 CSS px width",
    "zoom": "zoomed to 200 %",
    "spacing": "with wider text spacing",
    "short": "at 320 × 256 CSS px (400 % zoom)",
}
SHORT_HEIGHT = 256

JSON = dict[str, Any]

# Each condition's viewport: CSS px wide and high, device pixels per CSS px.
_VIEWPORTS: dict[str, tuple[int, int, float]] = {
    "desktop": (1280, 800, 1.0),
    "dark": (1280, 800, 1.0),
    "spacing": (1280, 800, 1.0),
    "narrow": (320, 640, 1.0),
    "zoom": (640, 400, 2.0),
    "short": (320, SHORT_HEIGHT, 1.0),
}


def emulation(before: str | None, condition: str) -> list[tuple[str, JSON]]:
    """The DevTools commands that take a page from condition ``before`` (None: unknown) to ``condition``.

    Only what changes is sent (spacing is applied by the probes, not emulated).
    """
    if condition == before:
        return []
    width, height, scale = _VIEWPORTS[condition]
    commands: list[tuple[str, JSON]] = []
    if before is None or _VIEWPORTS[before] != _VIEWPORTS[condition]:
        metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False}
        commands.append(("Emulation.setDeviceMetricsOverride", metrics))
    if before is None or (before == "dark") != (condition == "dark"):
        scheme = {"name": "prefers-color-scheme", "value": "dark" if condition == "dark" else "light"}
        commands.append(("Emulation.setEmulatedMedia", {"features": [scheme]}))
    return commands


@dataclass
class RenderedPage:
    """The probes' measurements of one page under each condition (see ``probes.js``)."""

    locale: str = "en"
    channel: ChannelKind = "web"
    measured: dict[str, JSON] = field(default_factory=dict)

    def get(self, condition: str, probe: str) -> Any:
        """One probe's result under ``condition`` (None when it was not measured)."""
        return self.measured.get(condition, {}).get(probe)

    def items(self, condition: str, probe: str) -> list[JSON]:
        """A probe's result that is a list of measured elements ([] when not measured)."""
        found = self.get(condition, probe)
        return list(found) if isinstance(found, list) else []

    def items_under(self, conditions: Iterable[Condition], probe: str) -> Iterator[tuple[Condition, JSON]]:
        """(condition, measured element) of a list probe under each of ``conditions``, in that order."""
        for condition in conditions:
            for item in self.items(condition, probe):
                yield condition, item

    def gettext(self, text: str) -> str:
        return translations(self.locale, "a11y").gettext(text)

    def say(self, text: str, /, **values: object) -> str:
        """``text`` in the report's language with its placeholders filled in."""
        return self.gettext(text) % values


@dataclass(frozen=True)
class Sighting:
    """One problem a browser rule saw: the message, the element and where it is on the page."""

    message: str
    selector: str | None
    condition: Condition
    rect: JSON | None = None
    # Take the screenshot with the element focused (focus indicators).
    focused: bool = False
    severity: Severity | None = None


BrowserRuleCheck = Callable[[RenderedPage], Iterable[Sighting]]


BrowserRule = RegisteredRule[BrowserRuleCheck]

BROWSER_RULES: dict[str, BrowserRule] = {}


def browser_rule(
    rule_id: str,
    *,
    description: str,
    severity: Severity = "error",
    wcag: Iterable[str] = (),
    act: Iterable[str] = (),
    channels: Iterable[ChannelKind] = ("web", "email"),
    level: str = "AA",
) -> Callable[[BrowserRuleCheck], BrowserRuleCheck]:
    """Register the decorated function as the browser rule ``rule_id`` (``level`` "AAA": only on request)."""
    return register_rule(
        BROWSER_RULES,
        "browser rule",
        rule_id,
        description=description,
        severity=severity,
        wcag=wcag,
        act=act,
        channels=channels,
        level=level,
    )


@dataclass
class BrowserCheck:
    """The browser stage's result for one page: findings, and the PNG crops they name."""

    findings: list[Finding] = field(default_factory=list)
    crops: dict[str, bytes] = field(default_factory=dict)

    def save_crops(self, folder: Path, href_prefix: str = "") -> list[Finding]:
        """Write the crops into ``folder``; the findings with ``screenshot`` = prefix + file name."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.crops.items():
            (folder / name).write_bytes(data)
        return [
            finding.model_copy(update={"screenshot": href_prefix + finding.screenshot})
            if finding.screenshot
            else finding
            for finding in self.findings
        ]
