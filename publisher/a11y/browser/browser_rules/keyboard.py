"""Browser rules on the keyboard: a real Tab walk, focus that shows, is not hidden, and never gets stuck."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from publisher.a11y.browser.rendered import CONDITIONS, RenderedPage, Sighting, browser_rule
from publisher.a11y.dom.messages import N_

__all__ = [
    "focus_indicator_contrast",
    "focus_leaves_page",
    "focus_not_obscured",
    "focus_order",
    "focus_visible",
    "keyboard_reachable",
    "keyboard_trap",
    "scrollable_reachable",
]


def _walk(page: RenderedPage) -> tuple[list[str], list[dict[str, Any]]]:
    walk = page.get("desktop", "walk") or {}
    return list(walk.get("expected") or []), list(walk.get("visited") or [])


def _first_round(visited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The walk up to where Tab wraps round to the first element again."""
    if not visited:
        return []
    first = visited[0]["selector"]
    for index, item in enumerate(visited[1:], start=1):
        if item["selector"] == first:
            return visited[:index]
    return visited


def trapped_at(page: RenderedPage) -> str | None:
    """The element Tab cannot leave, if the walk got stuck there (see ``stage`` for the confirmation)."""
    stuck = page.get("desktop", "stuck")
    return str(stuck) if stuck else None


@browser_rule(
    "keyboard-trap",
    description="Tab moves on from every element: no keyboard trap.",
    wcag=["2.1.2"],
)
def keyboard_trap(page: RenderedPage) -> Iterator[Sighting]:
    """Pressing Tab always moves focus on; no script keeps it on one element or in one group.

    Okay: <p><a href="#a">Eins</a> <a href="#b">Zwei</a> <a href="#c">Drei</a></p>
    Okay: <div style="display:flex;justify-content:space-between"><a href="#en" style="order:2">English</a><a href="#a" style="order:1">Startseite</a></div>
    Error: <p><a href="#a">Eins</a> <input aria-label="Feld" onkeydown="if(event.key==='Tab'){event.preventDefault()}"> <a href="#c">Drei</a></p>
    """
    stuck = trapped_at(page)
    if stuck:
        yield Sighting(
            page.say(
                "Keyboard trap: pressing Tab keeps the focus on this element, so keyboard users cannot go "
                "on: do not catch the Tab key or move focus back here from blur or keydown handlers."
            ),
            stuck,
            "desktop",
            focused=True,
        )


@browser_rule(
    "focus-leaves-page",
    description="Moving the keyboard focus onto an element does not take the reader to another page.",
    wcag=["3.2.1"],
)
def focus_leaves_page(page: RenderedPage) -> Iterator[Sighting]:
    """No script opens another page when an element merely gets the focus (the Tab walk cancels it).

    Okay: <a href="/a/">Eins</a> <a href="/b/" onfocus="this.title = 'Zwei'">Zwei</a>
    Error: <a href="/a/">Eins</a> <a href="/b/" onfocus="location.assign(this.href)">Zwei</a>
    """
    reported: set[str] = set()
    for item in (page.get("desktop", "walk") or {}).get("left") or []:
        if item["selector"] in reported:
            continue
        reported.add(item["selector"])
        yield Sighting(
            page.say(
                "When this element gets the keyboard focus, a script opens another page (%(url)s) before the "
                "reader chose anything: change the page on click or Enter only, not on focus.",
                url=item["url"],
            ),
            item["selector"],
            "desktop",
            focused=True,
        )


@browser_rule(
    "keyboard-reachable",
    description="Every control can be reached with Tab; nothing is clickable only with a mouse.",
    wcag=["2.1.1"],
)
def keyboard_reachable(page: RenderedPage) -> Iterator[Sighting]:
    """Controls that a mouse can use are in the Tab order, and Tab reaches each of them.

    Okay: <button type="button">Karte öffnen</button>
    Error: <div role="button" onclick="void 0">Karte öffnen</div>
    Error: <span onclick="void 0" style="cursor:pointer">Karte öffnen</span>
    """
    expected, visited = _walk(page)
    # Only a walk that came round to its first element again has seen every stop.
    wrapped = len(visited) > 1 and any(item["selector"] == visited[0]["selector"] for item in visited[1:])
    if trapped_at(page) is None and wrapped:
        seen = {item["selector"] for item in visited}
        for selector in [selector for selector in expected if selector not in seen][:10]:
            yield Sighting(
                page.say(
                    "Tab never reaches this control: a script moves the focus away or it cannot take focus; "
                    "let it keep the focus when it gets it."
                ),
                selector,
                "desktop",
            )
    for item in page.items("desktop", "clickables"):
        yield Sighting(
            page.say(
                "“%(text)s” reacts to the mouse but cannot be reached with the keyboard: use a button or "
                'link element, or add tabindex="0" and handle Enter and Space.',
                text=item["text"] or item["selector"],
            ),
            item["selector"],
            "desktop",
            item["rect"],
        )


@browser_rule(
    "focus-order",
    description="Tab moves through the page in reading order, without jumping back up a column or along a line.",
    wcag=["2.4.3"],
)
def focus_order(page: RenderedPage) -> Iterator[Sighting]:
    """Tab goes down the page: within one column it never jumps back above the element before, and
    within one line it does not run against the direction of the text.

    Okay: <p><a href="#a">Eins</a></p><p><a href="#b">Zwei</a></p><p><a href="#c">Drei</a></p>
    Okay: <p><a href="#a">Eins</a> <a href="#b">Zwei</a> <a href="#c">Drei</a></p>
    Okay: <div style="display:flex;justify-content:space-between"><a href="#en" style="order:2">English</a><a href="#a" style="order:1">Startseite</a></div>
    Error: <div style="display:flex;flex-direction:column-reverse"><a href="#a">Eins</a><a href="#b">Zwei</a><a href="#c">Drei</a></div>
    Error: <div style="display:flex;flex-direction:row-reverse;justify-content:flex-end;gap:2em"><a href="#a">Eins</a><a href="#b">Zwei</a><a href="#c">Drei</a></div>
    """
    _, visited = _walk(page)
    jumps = 0
    rounds = [item for item in _first_round(visited) if not item["fixed"]]
    for before, after in itertools.pairwise(rounds):
        if _above_page(after["rect"]):
            continue  # a skip link kept above the page until it has the focus: not a place in the reading order
        if _back_up(before["rect"], after["rect"]):
            text = N_(
                "Tab jumps from %(before)s back up to this element, against the reading order: put the "
                "elements in the source in the order they are read, instead of reordering them with CSS "
                "or tabindex."
            )
        elif _backwards_on_line(before, after):
            text = N_(
                "Tab goes from %(before)s back along the line to this element, against the reading order: put "
                "the elements in the source in the order they are read, instead of reordering them with CSS "
                "or tabindex."
            )
        else:
            continue
        jumps += 1
        yield Sighting(
            page.say(text, before=before["selector"]),
            after["selector"],
            "desktop",
            after["rect"],
            focused=True,
        )
        if jumps >= 3:
            return


def _above_page(rect: dict[str, float]) -> bool:
    return rect["y"] + rect["height"] <= 0


def _back_up(lower: dict[str, float], upper: dict[str, float]) -> bool:
    """``upper`` lies wholly above ``lower``, in the same column."""
    overlap = min(upper["x"] + upper["width"], lower["x"] + lower["width"]) - max(upper["x"], lower["x"])
    return upper["y"] + upper["height"] <= lower["y"] + 1 and overlap > 0


def _backwards_on_line(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """``after`` is the neighbour of ``before`` on the same line, on the side the text comes from.

    Only a neighbour (no wider apart than the wider of the two): a language switch in one corner
    of a header and the logo in the other are separate blocks, not a line read in order.
    """
    first, second = before["rect"], after["rect"]
    shared = min(first["y"] + first["height"], second["y"] + second["height"]) - max(first["y"], second["y"])
    if shared < 0.5 * min(first["height"], second["height"]) or min(first["height"], second["height"]) <= 0:
        return False
    if before.get("rtl") or after.get("rtl"):
        gap = second["x"] - (first["x"] + first["width"])
    else:
        gap = first["x"] - (second["x"] + second["width"])
    return bool(-1 <= gap <= max(first["width"], second["width"]))


@browser_rule(
    "focus-visible",
    description="Every element that takes keyboard focus shows that it has it.",
    wcag=["2.4.7"],
)
def focus_visible(page: RenderedPage) -> Iterator[Sighting]:
    """A focused element looks different (outline, ring, underline or colour); focus is not taken away.

    Okay: <a href="#a">Eins</a>
    Okay: <style>a:focus-visible{outline:3px solid #036;outline-offset:2px}</style><a href="#a">Eins</a>
    Error: <style>a:focus{outline:none}</style><a href="#a">Eins</a>
    """
    for item in page.items("desktop", "focus"):
        if not item["focused"]:
            text = page.say(
                "This element loses the focus as soon as it gets it, so keyboard users cannot see or use it: "
                "remove the script that moves the focus away."
            )
        elif not item["changed"]:
            text = page.say(
                "Nothing shows when this element has keyboard focus: do not remove the outline "
                "(outline: none) without a visible replacement such as a 2 px outline in :focus-visible."
            )
        else:
            continue
        yield Sighting(text, item["selector"], "desktop", item["rect"], focused=True)


@browser_rule(
    "focus-indicator-contrast",
    description="The focus outline stands out from its surroundings (3:1) in light and dark mode.",
    wcag=["1.4.11", "2.4.7"],
)
def focus_indicator_contrast(page: RenderedPage) -> Iterator[Sighting]:
    """The outline or ring that shows focus has a contrast of at least 3:1 with what is around it.

    Okay: <style>a:focus-visible{outline:3px solid #b3009e}</style><a href="#a">Eins</a>
    Error: <style>a:focus-visible{outline:2px solid #eeeeee}</style><a href="#a">Eins</a>
    """
    for condition in ("desktop", "dark"):
        for item in page.items(condition, "focus"):
            indicator = item.get("indicator")
            if not item["focused"] or not indicator or indicator["ratio"] >= 3:
                continue
            yield Sighting(
                page.say(
                    "The focus outline of this element has a contrast of %(ratio).2f:1 with its surroundings "
                    "%(where)s, below 3:1: choose an outline colour that stands out in this colour scheme.",
                    ratio=indicator["ratio"],
                    where=page.gettext(CONDITIONS[condition]),
                ),  # fmt: skip
                item["selector"],
                "dark" if condition == "dark" else "desktop",
                item["rect"],
                focused=True,
            )


@browser_rule(
    "focus-not-obscured",
    description="An element with keyboard focus is not hidden behind sticky or fixed content.",
    wcag=["2.4.11"],
)
def focus_not_obscured(page: RenderedPage) -> Iterator[Sighting]:
    """When Tab brings an element into view, no sticky header, footer or banner covers it entirely.

    Okay: <header style="position:sticky;top:0;background:#fff">Kopf</header><p><a href="#a">Eins</a></p>
    Error: <div style="position:fixed;bottom:0;left:0;right:0;height:200px;background:#eee">Cookie-Hinweis</div><div style="height:690px"></div><p><a href="#a">Verdeckt</a></p>
    """
    reported: set[str] = set()
    for item in [*page.items("desktop", "focus"), *page.items("desktop", "back")]:
        if not item.get("coveredBy") or item["selector"] in reported:
            continue
        reported.add(item["selector"])
        yield Sighting(
            page.say(
                "When this element has keyboard focus, %(cover)s covers it completely: leave room for sticky "
                "content (scroll-padding) or do not fix it to the screen.",
                cover=item["coveredBy"],
            ),
            item["selector"],
            "desktop",
            item["rect"],
            focused=True,
        )


@browser_rule(
    "scrollable-reachable",
    description="A box whose content scrolls can be reached and scrolled with the keyboard.",
    wcag=["2.1.1"],
    act=["0ssw9k"],
)
def scrollable_reachable(page: RenderedPage) -> Iterator[Sighting]:
    """A scrolling box takes focus itself (tabindex="0" and a name) or holds something focusable.

    Okay: <div style="height:3em;overflow:auto" tabindex="0" role="region" aria-label="Protokoll"><p>Eins</p><p>Zwei</p><p>Drei</p><p>Vier</p></div>
    Error: <div style="height:3em;overflow:auto"><p>Eins</p><p>Zwei</p><p>Drei</p><p>Vier</p></div>
    """
    for item in page.items("desktop", "scrollables"):
        yield Sighting(
            page.say(
                'This box scrolls, but keyboard users cannot reach it to scroll: add tabindex="0", '
                'role="region" and an aria-label, or let the box grow with its content.'
            ),
            item["selector"],
            "desktop",
            item["rect"],
        )
