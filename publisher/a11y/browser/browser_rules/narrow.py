"""Browser rules on what a narrow or zoomed view loses: content, names, states, room and reading order.

At 320 CSS px the probes compare the page with its desktop layout (``P.narrowed``, only when the styles
depend on the width), and in one walk over the page (``P.narrowLayout``) measure the bars fixed to the
screen (again at 320 x 256 CSS px, the view of a 1280 x 1024 screen zoomed to 400 %, when they might
fill it) and the sections that flex or grid placement shows out of source order (in one column there).
"""

from __future__ import annotations

from collections.abc import Iterator

from publisher.a11y.browser.rendered import SHORT_HEIGHT, RenderedPage, Sighting, browser_rule

__all__ = [
    "bars_fill_zoomed_view",
    "narrow_content_lost",
    "narrow_disclosure_state",
    "narrow_name_lost",
    "sections_out_of_order",
]

# The share of the zoomed view that fixed and sticky bars may cover together.
_MOST_BARS_MAY_COVER = 0.5


@browser_rule(
    "narrow-content-lost",
    description="Nothing the desktop layout shows is hidden at 320 CSS px without being shown there another way.",
    wcag=["1.4.10"],
)
def narrow_content_lost(page: RenderedPage) -> Iterator[Sighting]:
    """Text the desktop shows is still rendered at 320 CSS px, or its words are shown there elsewhere.

    Hidden means no longer rendered (display: none, visibility: hidden, opacity 0). Not reported: text
    moved into a visually hidden box (screen readers still read it), text whose words and numbers the
    narrow layout shows elsewhere (a mobile variant, in any format), a part that a shown control points at, a closed details element
    holds or a toggle shown at 320 px only comes right before (an accordion), navigation folded away
    while a toggle shows that the desktop did not, and parts that scripts show in turn (``hidden``
    slides, tab panels, live regions, dialogs: what a script hid meanwhile is not the width's doing).
    A warning only where the part is the site's navigation, header or footer without a table or form
    (breadcrumbs, a slogan): whether it matters on a small screen needs a look.

    Okay: <style>.schmal{display:none} @media (max-width:30em){.breit{display:none} .schmal{display:block}}</style><table class="breit"><tr><th>Gebühr</th><td>12 Euro</td></tr></table><p class="schmal">Gebühr: 12 Euro</p>
    Okay: <style>.m{display:none} @media (max-width:30em){.d{display:none} .m{display:block}}</style><table class="d"><tr><th>Personalausweis</th><td>37 Euro</td></tr></table><dl class="m"><dt>Personalausweis</dt><dd>37,00 Euro</dd></dl>
    Okay: <style>#menue-knopf{display:none} @media (max-width:30em){#menue-knopf{display:inline-block} #menue{display:none}}</style><button id="menue-knopf" aria-expanded="false" aria-controls="menue">Menü</button><nav id="menue"><a href="/antraege/">Anträge</a> <a href="/termine/">Termine</a></nav>
    Okay: <style>.auf{display:none} @media (max-width:30em){.auf{display:block} .gebuehren{display:none}}</style><h2>Gebühren</h2><div><button class="auf" type="button">Gebühren zeigen</button></div><table class="gebuehren"><tr><th>Meldebescheinigung</th><td>10 Euro</td></tr></table>
    Error: <style>@media (max-width:30em){.gebuehren{display:none}}</style><table class="gebuehren"><tr><th>Meldebescheinigung</th><td>10 Euro</td></tr></table>
    """
    narrowed = page.get("narrow", "narrowed") or {}
    for item in narrowed.get("lost") or []:
        yield Sighting(
            page.say(
                "At 320 CSS px, this content (“%(text)s”) is hidden and shown nowhere else, so readers who zoom "
                "in lose it: let it reflow into one column instead of hiding it, or show the same information "
                "in the narrow layout.",
                text=item["text"],
            ),
            item["selector"],
            "desktop",  # where it can still be seen
            item["rect"],
            severity="warning" if item.get("chrome") else None,
        )


@browser_rule(
    "narrow-name-lost",
    description="Links and buttons keep the name their text gives them when a narrow layout hides that text.",
    wcag=["4.1.2", "2.4.4", "1.1.1"],
)
def narrow_name_lost(page: RenderedPage) -> Iterator[Sighting]:
    """A link or button named by its text on the desktop still has a name at 320 CSS px.

    Okay: <style>@media (max-width:30em){.beschriftung{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}</style><a href="/postfach/"><svg aria-hidden="true" width="24" height="24"><circle cx="12" cy="12" r="10"/></svg><span class="beschriftung">Postfach</span></a>
    Error: <style>@media (max-width:30em){.beschriftung{display:none}}</style><a href="/postfach/"><svg aria-hidden="true" width="24" height="24"><circle cx="12" cy="12" r="10"/></svg><span class="beschriftung">Postfach</span></a>
    """
    narrowed = page.get("narrow", "narrowed") or {}
    for item in narrowed.get("unnamed") or []:
        yield Sighting(
            page.say(
                "At 320 CSS px, this link or button loses its name “%(name)s” because its text is hidden there, "
                "so screen readers announce it without one and only an icon is left: hide the text visually "
                "only (a visually hidden class instead of display: none) or give the element an aria-label.",
                name=item["name"],
            ),
            item["selector"],
            "narrow",
            item["rect"],
        )


@browser_rule(
    "narrow-disclosure-state",
    description="A button shown only in the narrow layout that opens part of the page says whether it is open.",
    wcag=["4.1.2"],
)
def narrow_disclosure_state(page: RenderedPage) -> Iterator[Sighting]:
    """A menu button that appears at 320 CSS px only and controls a hidden part carries ``aria-expanded``.

    The static rules read the styles as a desktop applies them, where such a button is not shown.

    Okay: <style>.menue-knopf{display:none} @media (max-width:30em){.menue-knopf{display:inline-block} #menue{display:none}}</style><button class="menue-knopf" aria-controls="menue" aria-expanded="false">Menü</button><nav id="menue"><a href="/antraege/">Anträge</a></nav>
    Error: <style>.menue-knopf{display:none} @media (max-width:30em){.menue-knopf{display:inline-block} #menue{display:none}}</style><button class="menue-knopf" aria-controls="menue">Menü</button><nav id="menue"><a href="/antraege/">Anträge</a></nav>
    """
    narrowed = page.get("narrow", "narrowed") or {}
    for item in narrowed.get("stateless") or []:
        yield Sighting(
            page.say(
                "Button “%(text)s”, shown at 320 CSS px only, shows or hides part of the page but does not say "
                'whether it is open: add aria-expanded="false" (and set it to "true" when the part is shown).',
                text=item["text"],
            ),
            item["selector"],
            "narrow",
            item["rect"],
        )


@browser_rule(
    "bars-fill-zoomed-view",
    description="Zoomed to 400 %, bars fixed to the screen leave at least half of the view to the content.",
    wcag=["1.4.10", "2.4.11"],
)
def bars_fill_zoomed_view(page: RenderedPage) -> Iterator[Sighting]:
    """At 320 x 256 CSS px, fixed and sticky bars together cover at most half of the view's height.

    Bars narrower than half the view, dialogs and notices with a button of their own to close them
    (what the reader can dismiss) do not count; a sticky bar counts where a long parent keeps it stuck.

    Okay: <header style="position:sticky;top:0;background:#fff">Online-Dienste</header><p style="height:2000px">Antrag auf Anwohnerparken</p>
    Okay: <header style="position:sticky;top:0;background:#fff">Stadt</header><div style="position:fixed;left:0;right:0;bottom:0;height:10rem;background:#eee"><p>Wir setzen nur nötige Cookies.</p><button type="button">Verstanden</button></div><p style="height:2000px">Antrag</p>
    Error: <div style="position:fixed;left:0;right:0;bottom:0;height:10rem;background:#eef2f5">Gebühr: 30 Euro pro Jahr</div><p>Antrag auf Anwohnerparken</p>
    """
    bars = page.get("short", "bars") or {}
    covered = float(bars.get("covered") or 0)
    if covered <= _MOST_BARS_MAY_COVER * SHORT_HEIGHT or not bars.get("bars"):
        return
    largest = max(bars["bars"], key=lambda bar: bar["height"])
    yield Sighting(
        page.say(
            "Zoomed to 400 %% (320 × 256 CSS px), bars fixed to the screen cover %(share)d %% of the view and "
            "leave %(left)d px for the content: let them scroll away with the page on small screens "
            "(position: static in a max-width or max-height media query) or make them much lower.",
            share=round(100 * covered / SHORT_HEIGHT),
            left=round(SHORT_HEIGHT - covered),
        ),
        largest["selector"],
        "short",
        largest["rect"],
    )


@browser_rule(
    "sections-out-of-order",
    description="Flex and grid layouts show sections in the order of the source, not a later one above an earlier one.",
    severity="warning",
    wcag=["1.3.2"],
)
def sections_out_of_order(page: RenderedPage) -> Iterator[Sighting]:
    """At 320 CSS px no section with a heading is placed above a section (heading, form) before it in the source.

    A section: a block holding a heading, a form or form fields; a picture, a date or a heading moved
    above the rest of a card is not reported. A warning: whether the order changes the meaning needs a look.

    Okay: <div style="display:grid"><form><label for="zweck">Zweck</label><select id="zweck"><option>Arbeit</option></select></form><section><h2>Vorher lesen</h2><p>Der Arbeitgeber stellt den Antrag aus.</p></section></div>
    Okay: <article style="display:flex;flex-direction:column"><h2>Brücke gesperrt</h2><p style="order:-1">27. November 2026</p><p>Die Brücke bleibt bis Freitag zu.</p></article>
    Error: <div style="display:grid"><form><label for="zweck">Zweck</label><select id="zweck"><option>Arbeit</option></select></form><section style="grid-row:1"><h2>Vorher lesen</h2><p>Der Arbeitgeber stellt den Antrag aus.</p></section></div>
    """
    for item in page.items("narrow", "reordered"):
        yield Sighting(
            page.say(
                "The section “%(text)s” comes after “%(other)s” in the source but is shown above it (flex or "
                "grid placement), so screen readers and the keyboard meet them in another order than the eye: "
                "move the section in the source to where it is shown, or show it where it stands.",
                text=item["text"],
                other=item["other"],
            ),
            item["selector"],
            "narrow",
            item["rect"],
        )
