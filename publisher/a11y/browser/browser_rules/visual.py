"""Browser rules on colour: text contrast from computed styles (pictures included), non-text contrast."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher.a11y.browser.rendered import CONDITIONS, Condition, RenderedPage, Sighting, browser_rule

__all__ = [
    "field_boundary_contrast",
    "rendered_aria_parent",
    "rendered_contrast",
    "rendered_contrast_enhanced",
]

_SCHEMES: tuple[Condition, ...] = ("desktop", "dark")
# Text contrast is also measured at 320 px on pages whose styles depend on the width.
_TEXT_CONDITIONS: tuple[Condition, ...] = ("desktop", "dark", "narrow")


def _failing_text(page: RenderedPage) -> Iterator[tuple[Condition, dict[str, Any]]]:
    """(condition, measured text below 7:1) in light and dark mode, and at 320 px unless no worse than on the desktop."""
    light: dict[str, float] = {}
    for condition in _TEXT_CONDITIONS:
        contrast = page.get(condition, "contrast") or {}
        for item in contrast.get("failing") or []:
            if condition == "desktop":
                light[item["selector"]] = item["ratio"]
            elif condition == "narrow" and light.get(item["selector"], 0.0) >= item["ratio"] - 0.005:
                continue
            yield condition, item


def _hex(color: list[float]) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in color[:3])


@browser_rule(
    "rendered-contrast",
    description="Rendered text has enough contrast in light and dark mode, over pictures too (4.5:1, large 3:1).",
    wcag=["1.4.3"],
    act=["afw4f7"],
)
def rendered_contrast(page: RenderedPage) -> Iterator[Sighting]:
    """Text as the browser paints it (computed colours, opacity, pictures behind it) stands out enough.

    Okay: <p style="color:#1a1a1a;background:#fff">Haushalt beschlossen</p>
    Okay: <style>@media (prefers-color-scheme: dark){body{background:#111;color:#eee}}</style><p>Haushalt beschlossen</p>
    Error: <p style="color:#999;background:#fff">Haushalt beschlossen</p>
    Error: <style>p{color:#222}@media (prefers-color-scheme: dark){body{background:#111}}</style><p>Haushalt beschlossen</p>
    Error: <div style="background:linear-gradient(#ddd,#eee);padding:1em"><p style="color:#fff">Haushalt beschlossen</p></div>
    Error: <style>@media (max-width: 400px) { p { color: #aaa } }</style><p>Haushalt beschlossen</p>
    """
    for condition, item in _failing_text(page):
        if item["ratio"] >= item["needed"]:
            continue
        where = page.gettext(CONDITIONS[condition])
        if item.get("image"):
            text = page.say(
                "Text “%(text)s” has a contrast of only %(ratio).1f:1 against the picture behind it %(where)s "
                "(%(needed).1f:1 needed): put it on a solid background, darken or lighten the picture "
                "behind it, or move it off the picture.",
                text=item["text"], ratio=item["ratio"], needed=item["needed"], where=where,
            )  # fmt: skip
        else:
            text = page.say(
                "Text “%(text)s” has a contrast of %(ratio).2f:1 (%(color)s on %(background)s) %(where)s, "
                "below %(needed).1f:1: change the text or background colour for this colour scheme.",
                text=item["text"], ratio=item["ratio"], needed=item["needed"], where=where,
                color=_hex(item["color"]), background=_hex(item["background"]),
            )  # fmt: skip
        yield Sighting(text, item["selector"], condition, item["rect"])


@browser_rule(
    "field-boundary-contrast",
    description="The boundary of a form field stands out from its surroundings (3:1), in light and dark mode.",
    wcag=["1.4.11"],
)
def field_boundary_contrast(page: RenderedPage) -> Iterator[Sighting]:
    """A text field, select or styled checkbox is visible as a field: its border or fill has 3:1.

    Okay: <label for="q">Suche</label> <input id="q" style="border:2px solid #555">
    Okay: <label for="q">Suche</label> <input id="q">
    Error: <label for="q">Suche</label> <input id="q" style="border:1px solid #ddd;background:#fff">
    """
    for condition in _SCHEMES:
        for item in page.items(condition, "fields"):
            yield Sighting(
                page.say(
                    "The boundary of this form field has a contrast of %(ratio).2f:1 with its surroundings "
                    "%(where)s, below 3:1: give it a darker (or in dark mode lighter) border or fill.",
                    ratio=item["ratio"],
                    where=page.gettext(CONDITIONS[condition]),
                ),  # fmt: skip
                item["selector"],
                condition,
                item["rect"],
            )


@browser_rule(
    "rendered-aria-parent",
    description="Items a script puts into shadow DOM sit inside the role they belong to (list, table, tab list).",
    wcag=["1.3.1"],
    act=["ff89c9"],
)
def rendered_aria_parent(page: RenderedPage) -> Iterator[Sighting]:
    """Content built by scripts in shadow roots keeps the ARIA parent its role requires.

    Okay: <div role="list"><div role="listitem">Innenstadt</div></div>
    Error: <div id="host"></div><script>document.getElementById("host").attachShadow({mode: "open"}).innerHTML = '<div role="listitem">Innenstadt</div>'</script>
    """
    for item in page.items("desktop", "shadowAria"):
        yield Sighting(
            page.say(
                'Element with role="%(role)s" (“%(text)s”), built by a script, is not inside the role it '
                "belongs to, so screen readers cannot tell what it is part of: put it in its list, table, "
                "tab list or menu within the same shadow root.",
                role=item["role"],
                text=item["text"],
            ),
            item["selector"],
            "desktop",
            item["rect"],
        )


@browser_rule(
    "rendered-contrast-enhanced",
    description="Rendered text has the enhanced contrast of level AAA (7:1, large 4.5:1); when a11y.level is AAA.",
    severity="warning",
    wcag=["1.4.6"],
    act=["09o5cg"],
    level="AAA",
)
def rendered_contrast_enhanced(page: RenderedPage) -> Iterator[Sighting]:
    """Text as the browser paints it reaches 7:1 (large text 4.5:1), over pictures and in dark mode too.

    Okay: <p style="color:#333;background:#fff">Haushalt beschlossen</p>
    Error: <p style="color:#666;background:#fff">Haushalt beschlossen</p>
    """
    for condition, item in _failing_text(page):
        if item["ratio"] >= item["enhanced"]:
            continue
        yield Sighting(
            page.say(
                "Text “%(text)s” has a contrast of %(ratio).2f:1 %(where)s, below the %(needed).1f:1 of level "
                "AAA: darken the text or lighten what lies behind it (or the other way round).",
                text=item["text"],
                ratio=item["ratio"],
                needed=item["enhanced"],
                where=page.gettext(CONDITIONS[condition]),
            ),
            item["selector"],
            condition,
            item["rect"],
        )
