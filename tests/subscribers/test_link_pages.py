"""Hostile link tokens and the app's security headers, over HTTP: nothing from the path reaches a page.

A token is good only in the shape itsdangerous writes; anything else gets the localised "link does
not work" page, no form, no echo of the input, and every response (errors and 404s included)
carries the Content-Security-Policy and the other security headers.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

import lxml.html
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import HealthCheck, given, settings, strategies
from sqlalchemy import text

from publisher.settings import Settings
from publisher.store import add_subscriber, open_store
from publisher.subscribers.service import confirm_link, subscriber_links
from tests.newsletter_support import newsletter_settings
from tests.subscribers.helpers import running_app

KINDS = ("confirm", "unsubscribe", "preferences")
# What a page may point to: this app, the site's own pages from the settings, the skip link and the
# barrier feedback address of the BITV footer.
ALLOWED = (
    "https://abo.example.de/", "https://presse.example.de/", "https://www.example.de/", "#main",
    "mailto:barrierefrei@example.de",
)  # fmt: skip

# Each was, or resembles, a way to smuggle a URL, script or markup through a token.
HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    "javascript:document.title='x'%2F%2F",
    "javascript:location='%2F%2Fevil.example%2F'%2F%2F",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "%6A%61vascript:alert(1)",
    "&#x6a;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "ｊａｖａｓｃｒｉｐｔ：alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example",
    "//evil.example/x.y.z",
    "\\\\evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "..",
    "../../subscribe",
    ".",
    '"><script>alert(1)</script>',
    "' autofocus onfocus='alert(1)",
    "<img src=x onerror=alert(1)>",
    "</form><form action=https://evil.example>",
    "x\r\nSet-Cookie: evil=1",
    "\x00javascript:alert(1)",
    "\u2028alert(1)",
    "?lang=de#evil",
    "#javascript:alert(1)",
    "WzEsImFiYyJd.awaUxg.A8jTPJ1AblZiJYDmw4fGCtj56ZU'onclick='alert(1)",
    "WzEsImFiYyJd:awaUxg:A8jTPJ1AblZiJYDmw4fGCtj56ZU",
    "A" * 5000 + ".awaUxg.A8jTPJ1AblZiJYDmw4fGCtj56ZU",
    "WzEsImFiYyJd.awaUxg." + "A" * 4000,
    "x" * 20_000,
]


@pytest.fixture(scope="module")
def shared_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One app for the many hostile requests of this module: they change nothing it stores."""
    return newsletter_settings(tmp_path_factory.mktemp("link-pages"))


@pytest.fixture(scope="module")
def shared_client(shared_settings: Settings) -> Iterator[TestClient]:
    with running_app(shared_settings) as client:
        yield client


@pytest.fixture
def client(nl_settings: Settings) -> Iterator[TestClient]:
    with running_app(nl_settings) as client:
        yield client


def _urls(page: lxml.html.HtmlElement) -> list[str]:
    return [
        *page.xpath("//@href"),
        *page.xpath("//@action"),
        *page.xpath("//@src"),
        *page.xpath("//@formaction"),
    ]


def _assert_headers(response: Response) -> None:
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "script-src 'none'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "base-uri 'none'" in policy
    assert "form-action 'self' https://abo.example.de" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["cache-control"] == "no-store"
    assert headers["strict-transport-security"].startswith("max-age=")


def _assert_refused(response: Response, token: str) -> None:
    """The link page for a hostile token: refused, localised, no form, nothing of the token echoed."""
    assert response.status_code in (400, 404), response.status_code
    _assert_headers(response)
    page = lxml.html.document_fromstring(response.text)
    # The client resolves "/confirm/.." to "/" as browsers do: that path is no link path any more.
    expected = "Diese Seite gibt es nicht" if token == ".." else "Dieser Link funktioniert nicht"
    assert page.xpath("//h1")[0].text_content() == expected
    assert page.xpath("//form") == [] and page.xpath("//script") == []
    assert all(url.startswith(ALLOWED) for url in _urls(page)), _urls(page)
    for marker in (
        "alert",
        "evil",
        "onerror",
        "onfocus",
        "msgbox",
        "AAAAAAAAAAAAAAAAAAAA",
        "xxxxxxxxxxxxxxxxxxxx",
    ):
        if marker in token:
            assert marker not in response.text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("token", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_tokens_get_the_link_error_page_and_never_a_form(
    shared_client: TestClient, kind: str, token: str
) -> None:
    """Every shape of hostile token, encoded as a browser sends it, is refused before anything renders."""
    path = f"/{kind}/{quote(token, safe='')}"
    for method in ("GET", "POST"):
        _assert_refused(shared_client.request(method, path), token)


@pytest.mark.parametrize(
    "raw",
    ["javascript:alert(1)", "javascript:document.title=1%252F%252F", "%2F%2Fevil.example", "%2e%2e", "a%00b"],
)
def test_tokens_sent_unencoded_or_double_encoded_are_refused_too(shared_client: TestClient, raw: str) -> None:
    """Encoded slashes, dots and NUL bytes in the raw path end on the link error page as well."""
    for kind in KINDS:
        _assert_refused(shared_client.get(f"/{kind}/{raw}"), raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=strategies.text(min_size=1, max_size=400))
def test_any_text_as_token_is_refused_without_echo(shared_client: TestClient, token: str) -> None:
    """Whatever text stands in the path, the answer is the link error page with no form and safe URLs."""
    response = shared_client.get(f"/confirm/{quote(token, safe='')}")
    assert response.status_code in (400, 404)
    page = lxml.html.document_fromstring(response.text)
    assert page.xpath("//form") == []
    assert all(url.startswith(ALLOWED) for url in _urls(page))


def test_valid_links_post_to_the_configured_address(client: TestClient, nl_settings: Settings) -> None:
    """The forms of real links post to the configured public URL plus the checked token, nothing else."""
    store = open_store(nl_settings.database_url)
    with store.session() as session:
        pending = add_subscriber(session, "offen@example.org", source="test")
        confirmed = add_subscriber(
            session, "dabei@example.org", source="test", confirmed_at=datetime.now(UTC)
        )
        confirm = confirm_link(nl_settings, pending)
        links = subscriber_links(nl_settings, confirmed)
    token = confirm.rsplit("/", 1)[1]
    page = lxml.html.document_fromstring(client.get(f"/confirm/{token}?lang=en").text)
    assert page.xpath("//form/@action") == [f"https://abo.example.de/confirm/{token}?lang=en"]
    for kind in ("unsubscribe", "preferences"):
        lasting = links[kind].rsplit("/", 1)[1]
        page = lxml.html.document_fromstring(client.get(f"/{kind}/{lasting}").text)
        assert page.xpath("//form/@action") == [f"https://abo.example.de/{kind}/{lasting}"]
        assert all(url.startswith(ALLOWED) for url in _urls(page))


def test_pages_carry_no_inline_script_or_style_but_the_hashed_stylesheet(client: TestClient) -> None:
    """The only inline CSS is the stylesheet whose hash the policy names; no style attribute, no script."""
    for response in (client.get("/subscribe?lang=en"), client.post("/subscribe", data={"email": "x"})):
        page = lxml.html.document_fromstring(response.text)
        (style,) = page.xpath("//style")
        digest = base64.b64encode(hashlib.sha256(style.text.encode()).digest()).decode()
        assert f"style-src 'sha256-{digest}'" in response.headers["content-security-policy"]
        assert page.xpath("//*[@style]") == [] and page.xpath("//script") == []
        assert page.xpath("//form/@action") == [f"https://abo.example.de/subscribe?lang={page.get('lang')}"]


def test_every_response_carries_the_security_headers(client: TestClient, nl_settings: Settings) -> None:
    """Pages, form errors, 404s, wrong methods, oversized and malformed requests and crashes alike."""
    responses = {
        "page": client.get("/subscribe"),
        "form error": client.post("/subscribe", data={"email": "kaputt", "consent": "1"}),
        "unknown path": client.get("/admin"),
        "nested link path": client.get("/confirm/a/b"),
        "wrong method": client.put("/subscribe"),
        "too large": client.post("/subscribe", content=b"email=" + b"a" * 20_000),
        "malformed form": client.post("/subscribe", data={"email": "a" * 500, "consent": "1"}),
    }
    expected = {"page": 200, "form error": 422, "unknown path": 404, "nested link path": 404,
                "wrong method": 405, "too large": 413, "malformed form": 400}  # fmt: skip
    with open_store(nl_settings.database_url).engine.begin() as connection:
        connection.execute(text("DROP TABLE subscription_mails"))  # the database fails under the app
    responses["crash"] = client.post("/subscribe", data={"email": "neu@example.org", "consent": "1"})
    expected["crash"] = 500
    for name, response in responses.items():
        assert response.status_code == expected[name], name
        _assert_headers(response)
        page = lxml.html.document_fromstring(response.text)
        assert page.get("lang") == "de" and page.xpath("//h1"), name
    assert "Traceback" not in responses["crash"].text and "subscription_mails" not in responses["crash"].text
    assert responses["wrong method"].headers["allow"] == "GET, POST"
