"""Every page the subscription app answers with, in German and English, passes both accessibility engines.

Including the error pages this hardening added (link errors, 404, 405, 413, 429, 500) and the
"already confirmed" and "no newsletters" answers of replayed links.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import text

from publisher.a11y import check_html, has_errors
from publisher.a11y.browser.axe import AxeRunner
from publisher.settings import Settings
from publisher.store import Preferences, add_subscriber, open_store, unsubscribe
from publisher.subscribers.service import confirm_link, subscriber_links
from tests.subscribers.helpers import running_app
from tests.subscribers.test_subscribe_requests import RefuseAfter


def _pages(settings: Settings, locale: str) -> dict[str, str]:
    """Each kind of page the app shows, as the visitor's browser asks for ``locale``."""
    store = open_store(settings.database_url)
    now = datetime.now(UTC)
    chosen = Preferences(language="en" if locale == "en" else "de", topics=("klima",))

    def path(url: str) -> str:
        return url.split("abo.example.de", 1)[1]

    with store.session() as session:
        pending = path(
            confirm_link(
                settings, add_subscriber(session, f"p{locale}@example.org", source="t", preferences=chosen)
            )
        )
        done = path(
            confirm_link(
                settings, add_subscriber(session, f"d{locale}@example.org", source="t", preferences=chosen)
            )
        )
        reader = add_subscriber(
            session, f"r{locale}@example.org", source="t", preferences=chosen, confirmed_at=now
        )
        links = {kind: path(url) for kind, url in subscriber_links(settings, reader).items()}
        gone = add_subscriber(
            session, f"g{locale}@example.org", source="t", preferences=chosen, confirmed_at=now
        )
        gone_links = {kind: path(url) for kind, url in subscriber_links(settings, gone).items()}
        unsubscribe(session, gone)
    headers = {"accept-language": locale}
    form = {"consent": "1", "email": f"neu-{locale}@example.org"}
    pages: dict[str, str] = {}
    with running_app(settings, client_limit=RefuseAfter(1000), drain=lambda: None) as client:
        get = partial(client.get, headers=headers)
        post = partial(client.post, headers=headers)
        post(done)
        pages.update({
            "subscribe form": get("/subscribe").text,
            "form errors": post("/subscribe", data={"email": "kaputt"}).text,
            "check inbox": post("/subscribe", data=form).text,
            "confirm": get(pending).text,
            "already confirmed": post(done).text,
            "unsubscribe": get(links["unsubscribe"]).text,
            "preferences": get(links["preferences"]).text,
            "preferences saved": post(links["preferences"], data={"language": locale}).text,
            "not receiving": get(gone_links["unsubscribe"]).text,
            "unsubscribed": post(links["unsubscribe"]).text,
            "malformed link": get("/confirm/javascript:alert(1)").text,
            "forged link": get("/unsubscribe/WzEsImFiYyJd.A8jTPJ1AblZiJYDmw4fGCtj56ZU").text,
            "not found": get("/nichts").text,
            "wrong method": client.put("/subscribe", headers=headers).text,
            "too large": post("/subscribe", content=b"x" * 20_000).text,
        })  # fmt: skip
    with running_app(settings, client_limit=RefuseAfter(0), drain=lambda: None) as client:
        pages["too many"] = client.post("/subscribe", data=form, headers=headers).text
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE subscription_mails"))
    with running_app(settings, drain=lambda: None) as client:
        pages["failure"] = client.post("/subscribe", data=form, headers=headers).text
    return pages


@pytest.mark.browser
def test_every_subscription_page_passes_both_engines(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    """No page, German or English, has an error finding from the built-in rules or from axe-core."""
    pages = {
        (locale, name): html
        for locale in ("de", "en")
        # With topics offered, so that their choice on the preferences page is checked too.
        for name, html in _pages(
            make_settings(f"sqlite:///{tmp_path / locale}.db", topics=["Klima", "Verkehr"]), locale
        ).items()
    }
    assert len(pages) == 34
    with AxeRunner(tmp_path) as axe:
        for (locale, name), html in pages.items():
            assert f'lang="{locale}"' in html, name
            builtin = check_html(html, channel="web", locale=locale)
            assert not has_errors(builtin), (
                name,
                [(f.rule, f.message) for f in builtin if f.severity == "error"],
            )
            found = [f for f in axe.check_text(html) if f.severity == "error"]
            assert not found, (name, [(f.rule, f.message) for f in found])
