"""Browser rules on layout: reflow at 320 CSS px, text spacing, 200 % zoom and the size of pointer targets."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.a11y.browser.rendered import RenderedPage, Sighting, browser_rule

__all__ = ["reflow", "target_size", "text_spacing", "zoom_text"]


@browser_rule(
    "reflow",
    description="At 320 CSS px (400 % zoom) nothing but tables, code and maps makes the page scroll sideways.",
    wcag=["1.4.10"],
)
def reflow(page: RenderedPage) -> Iterator[Sighting]:
    """Content fits a 320 CSS px wide viewport; long words and addresses wrap; boxes shrink.

    Okay: <p style="overflow-wrap:anywhere">Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsbetrieb</p>
    Okay: <pre>wide   preformatted   code   may   scroll   sideways   without   failing   reflow   at   all</pre>
    Error: <div style="width:640px">Ein Kasten mit fester Breite</div>
    Error: <p>https://www.example.org/ein/sehr/langer/pfad/ohne/umbruchmoeglichkeit/bis/zum/ende/dieser/adresse</p>
    """
    overflow = page.get("narrow", "overflow") or {}
    for item in overflow.get("found") or []:
        if item["kind"] == "text":
            text = page.say(
                "At 320 CSS px, the word “%(text)s” runs out of the screen, so readers who zoom in must scroll "
                "sideways: let long words and addresses wrap (overflow-wrap: anywhere; hyphens: auto).",
                text=item["text"],
            )
        else:
            text = page.say(
                "At 320 CSS px, this element is %(width)d px wide and sticks out of the screen, so readers who "
                "zoom in must scroll sideways: use max-width: 100%% and relative widths instead of fixed ones.",
                width=round(item["width"]),
            )
        yield Sighting(text, item["selector"], "narrow", item["rect"])


@browser_rule(
    "text-spacing",
    description="Text stays readable with the text spacing of WCAG 1.4.12: nothing is cut off or overlaps.",
    wcag=["1.4.12"],
)
def text_spacing(page: RenderedPage) -> Iterator[Sighting]:
    """With line height 1.5, letter spacing 0.12em, word spacing 0.16em, no box cuts off or overlaps text.

    Okay: <p style="max-width:20em">Die Verwaltung informiert über die neuen Öffnungszeiten.</p>
    Error: <p style="height:1.3em;overflow:hidden;width:12em">Die Verwaltung informiert über die neuen Öffnungszeiten des Bürgerbüros.</p>
    """
    for item in page.items("spacing", "clips"):
        yield Sighting(
            page.say(
                "With wider text spacing (WCAG 1.4.12), the text of this box is cut off: remove the fixed "
                "height or width, or overflow: hidden, so that the box grows with its text.",
            ),
            item["selector"],
            "spacing",
            item["rect"],
        )
    for item in page.items("spacing", "overlaps"):
        yield Sighting(
            page.say(
                "With wider text spacing (WCAG 1.4.12), the text of this box runs over the next element: "
                "remove its fixed height so that it grows with its text.",
            ),
            item["selector"],
            "spacing",
            item["rect"],
        )


@browser_rule(
    "zoom-text",
    description="Zoomed to 200 %, text grows and no box cuts it off.",
    wcag=["1.4.4"],
    act=["59br37"],
)
def zoom_text(page: RenderedPage) -> Iterator[Sighting]:
    """At 200 % zoom, text is not cut off by a box with overflow hidden, and its size is not tied to the viewport.

    Text cut off with a link right after it (to the full text) is not reported.

    Okay: <p>Die Verwaltung informiert über die neuen Öffnungszeiten.</p>
    Okay: <div style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis">Die Verwaltung informiert über die neuen Öffnungszeiten des Bürgerbüros am Markt und in allen Außenstellen des Landkreises.</div><a href="volltext.html">Ganze Meldung lesen</a>
    Error: <div style="width:40vw;height:1.2em;overflow:hidden;white-space:nowrap">Die Verwaltung informiert über die neuen Öffnungszeiten des Bürgerbüros am Markt.</div>
    Error: <p style="font-size:1.2vw">Die Verwaltung informiert.</p>
    """
    for item in page.items("zoom", "clips"):
        yield Sighting(
            page.say(
                "Zoomed to 200 %%, the text of this box is cut off: give the box a size that grows with its "
                "text (no fixed height or width in px or vw with overflow: hidden)."
            ),
            item["selector"],
            "zoom",
            item["rect"],
        )
    before = page.get("desktop", "fonts") or {}
    after = page.get("zoom", "fonts") or {}
    shrunk = [
        selector for selector, size in after.items() if selector in before and size < before[selector] * 0.75
    ]
    for selector in shrunk[:5]:
        yield Sighting(
            page.say(
                "Zoomed to 200 %%, this text does not grow (%(before).0f px becomes %(after).0f px): its font "
                "size follows the window width; use rem, or clamp() with a rem part.",
                before=before[selector],
                after=after[selector],
            ),  # fmt: skip
            selector,
            "zoom",
        )


@browser_rule(
    "target-size",
    description="Pointer targets are at least 24 by 24 CSS px, or far enough from other targets.",
    wcag=["2.5.8"],
)
def target_size(page: RenderedPage) -> Iterator[Sighting]:
    """A small target needs a 24 px circle around its centre free of other targets (links in text excepted).

    Okay: <p>Mehr dazu im <a href="#bericht">Bericht</a> der Kommission.</p>
    Okay: <p><a href="#a" style="display:inline-block;padding:12px">Eins</a> <a href="#b" style="display:inline-block;padding:12px">Zwei</a></p>
    Error: <div><a href="#a" style="display:inline-block;width:12px;height:12px;background:#036"></a><a href="#b" style="display:inline-block;width:12px;height:12px;background:#036;color:#fff"></a></div>
    Error: <style>@media (max-width: 400px) { .seiten a { display: inline-block; width: 14px; height: 14px; overflow: hidden } }</style><p class="seiten"><a href="#s1">Seite 1</a><a href="#s2">Seite 2</a></p>
    """
    seen: set[str] = set()
    for condition, item in page.items_under(("desktop", "narrow"), "targets"):
        if item["selector"] in seen:
            continue  # a target too small in both layouts is reported once, as the desktop shows it
        seen.add(item["selector"])
        if condition == "narrow":
            text = page.say(
                "At 320 CSS px width, this target is %(width).0f × %(height).0f CSS px and lies too close to "
                "another one: keep it at least 24 × 24 px in the narrow layout too, or leave room around it.",
                width=item["width"],
                height=item["height"],
            )  # fmt: skip
        else:
            text = page.say(
                "This target is %(width).0f × %(height).0f CSS px and lies too close to another one: make it "
                "at least 24 × 24 px, or leave room so that a 24 px circle around it touches no other target.",
                width=item["width"],
                height=item["height"],
            )  # fmt: skip
        yield Sighting(
            text,
            item["selector"],
            condition,
            item["rect"],
        )
