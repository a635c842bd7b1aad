"""Bad and hostile requests to the API: each gets a clear 4xx, and nothing is stored or released."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from publisher.release.service import list_releases
from publisher.settings import Settings
from publisher.store import open_store
from publisher.store.api_tokens import issue_token, revoke_token
from tests.api.articles import figure, markdown, model, png
from tests.api.conftest import MAX_REQUEST_BYTES

ARTICLE = ("ladesaeulen.md", markdown())


def _post(
    article: tuple[str, bytes] = ARTICLE, images: tuple[tuple[str, bytes], ...] = (), **data: str
) -> dict[str, Any]:
    files = [("article", article), *(("images", image) for image in images)]
    return {"method": "POST", "url": "/api/releases", "files": files, "data": data}


def _json(
    article: dict[str, Any], files: list[tuple[str, bytes]] = (), raw_data: str | None = None, **options: Any
) -> dict[str, Any]:
    embedded = [
        {"name": name, "data": raw_data or base64.b64encode(content).decode()} for name, content in files
    ]
    return {
        "method": "POST",
        "url": "/api/releases",
        "json": {"article": article, "files": embedded, **options},
    }


def _chunks(size: int) -> Iterator[bytes]:
    """A body sent in chunks without a Content-Length, so only counting can find its size."""
    for _ in range(size // 16_384 + 1):
        yield b"x" * 16_384


# name -> (request, expected status, a word the answer's detail contains)
CORPUS: dict[str, tuple[dict[str, Any], int, str]] = {
    "malformed front matter": (
        _post(("kaputt.md", b"---\ntitle: [nicht geschlossen\ndate: 2026-03-02\n---\nText\n")),
        422,
        "kaputt.md:",
    ),
    "missing front matter field": (_post(("ohne.md", markdown(summary=None))), 422, "field 'summary'"),
    "image without alt text": (
        _post(("bild.md", markdown(body="![](bilder/foto.png)\n")), (("bilder/foto.png", png()),)),
        422,
        "bild.md:",
    ),
    "image that is not one": (
        _post(
            ("bild.md", markdown(body="![Ein Foto vom Markt](bilder/foto.png)\n")),
            (("bilder/foto.png", b"<script>alert(1)</script>"),),
        ),
        422,
        "foto.png",
    ),
    "image the article names but the request lacks": (
        _post(("bild.md", markdown(body="![Ein Foto vom Markt](bilder/fehlt.png)\n"))),
        422,
        "fehlt.png",
    ),
    "script in the body": (
        _post(("skript.md", markdown(body="Text.\n\n<script>alert(document.cookie)</script>\n"))),
        422,
        "<script>",
    ),
    "javascript link": (
        _post(("link.md", markdown(body="Ein [Link](javascript:alert(1)).\n"))),
        422,
        "javascript",
    ),
    "script as file name": (_post(("<script>.md", markdown())), 422, "letters, digits"),
    "path out of the folder": (_post(("../../etc/cron.md", markdown())), 422, "article"),
    "hidden file name": (_post((".profile.md", markdown())), 422, "not start with '.'"),
    "image out of the folder": (_post(images=(("../../outside.png", png()),)), 422, "images"),
    "image with a backslash": (_post(images=(("bilder\\x.png", png()),)), 422, "relative path"),
    "not an article file": (_post(("artikel.html", b"<html></html>")), 422, ".md"),
    "too many images": (_post(images=tuple((f"b{n}.png", png()) for n in range(51))), 422, "at most 50"),
    "unknown channel": (_post(channels="fax"), 422, "fax"),
    "shell in channels": (_post(channels="web;rm -rf /"), 422, "channels"),
    "script in channels": (_post(channels="<script>alert(1)</script>"), 422, "channels"),
    "embargo without a zone": (_post(embargo="2030-03-02T09:00:00"), 422, "embargo"),
    "script as embargo": (_post(embargo="<script>alert(1)</script>"), 422, "embargo"),
    "no article": (
        {"method": "POST", "url": "/api/releases", "files": [("images", ("a.png", png()))]},
        422,
        "article",
    ),
    "JSON with the article's fields at the top": (
        {"method": "POST", "url": "/api/releases", "json": {"title": "x"}},
        422,
        "article",
    ),
    "JSON that does not parse": (
        {
            "method": "POST",
            "url": "/api/releases",
            "content": b'{"article": {"title": ',
            "headers": {"content-type": "application/json"},
        },
        422,
        "not valid JSON",
    ),
    "JSON that is a list": (
        {"method": "POST", "url": "/api/releases", "json": [model()]},
        422,
        "JSON object",
    ),
    "JSON article without alt text": (
        _json(model(body=[figure("bilder/foto.png", alt="")]), files=[("bilder/foto.png", png())]),
        422,
        "body.0.image",
    ),
    "JSON article with a script block": (
        _json(model(body=[{"type": "script", "text": "alert(1)"}])),
        422,
        "unknown 'type' script",
    ),
    "JSON article with raw HTML as a block field": (
        _json(
            model(body=[{"type": "paragraph", "children": [{"type": "text", "text": "x"}], "html": "<b>"}])
        ),
        422,
        "body.0.html",
    ),
    "JSON article with a javascript link": (
        _json(
            model(
                body=[
                    {
                        "type": "paragraph",
                        "children": [
                            {
                                "type": "link",
                                "href": "javascript:alert(1)",
                                "children": [{"type": "text", "text": "x"}],
                            }
                        ],
                    }
                ]
            )
        ),
        422,
        "body.0.children.0",
    ),
    "JSON article naming a file the body lacks": (
        _json(model(body=[figure("bilder/fehlt.png")])),
        422,
        "fehlt.png",
    ),
    "JSON file that is not base64": (
        _json(model(), files=[("bilder/foto.png", b"")], raw_data="<script>"),
        422,
        "base64",
    ),
    "JSON file out of the folder": (_json(model(), files=[("../../outside.png", png())]), 422, "images"),
    "JSON article with a zone-less date": (_json(model(date="2026-03-02T09:00:00")), 422, "date"),
    "JSON with an unknown option": (_json(model(), publish_now=True), 422, "publish_now"),
    "plain text": (
        {
            "method": "POST",
            "url": "/api/releases",
            "content": b"---\n",
            "headers": {"content-type": "text/plain"},
        },
        415,
        "multipart",
    ),
    "form fields only": (
        {"method": "POST", "url": "/api/releases", "data": {"article": "---"}},
        415,
        "multipart",
    ),
    "oversized body": (_post(("gross.md", b"x" * (MAX_REQUEST_BYTES + 1))), 413, "too large"),
    "oversized body without a length": (
        {
            "method": "POST",
            "url": "/api/releases",
            "content": _chunks(MAX_REQUEST_BYTES),
            "headers": {"content-type": "multipart/form-data; boundary=x"},
        },
        413,
        "too large",
    ),
    "script as release id": (
        {"method": "GET", "url": "/api/releases/<script>alert(1)"},
        422,
        "release_id",
    ),
    "script as state": (
        {"method": "GET", "url": "/api/releases", "params": {"state": "<script>"}},
        422,
        "state",
    ),
    "embargo move without a zone": (
        {"method": "PATCH", "url": "/api/releases/x-1", "json": {"embargo": "2030-01-01T09:00:00"}},
        422,
        "embargo",
    ),
    "embargo move with extra fields": (
        {
            "method": "PATCH",
            "url": "/api/releases/x-1",
            "json": {"embargo": "2030-01-01T09:00:00Z", "state": "released"},
        },
        422,
        "state",
    ),
    "withdrawal without a reason": (
        {"method": "POST", "url": "/api/releases/x-1/withdraw", "json": {"reason": ""}},
        422,
        "reason",
    ),
}


def _nothing_stored(settings: Settings) -> None:
    assert list_releases(settings) == []
    site = settings.api.out_dir
    assert not site.exists() or not any(path.is_dir() for path in site.iterdir())
    staging = settings.staging_for(site)
    assert not staging.exists() or not any(staging.iterdir())


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_bad_request_gets_a_clear_4xx_and_nothing_is_stored(
    api: TestClient, api_settings: Settings, name: str
) -> None:
    """The status says what kind of refusal; the detail says what was wrong; no record, page or staging."""
    request, status, word = CORPUS[name]
    answer = api.request(**request)
    assert answer.status_code == status, answer.text
    assert word in answer.json()["detail"] or word in str(answer.json().get("problems")), answer.text
    assert "/tmp/" not in answer.text  # the request's files are named as the request named them
    _nothing_stored(api_settings)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer falsch", "Basic Y21zOmdlaGVpbQ==", "Bearer pub_" + "A" * 43, "bearer  pub_x"],
)
def test_a_missing_or_bad_token_is_refused_before_anything_is_read(
    api_settings: Settings, authorization: str | None
) -> None:
    """401 with a Bearer challenge on every endpoint, even for a request that would be invalid anyway."""
    from publisher.api import create_app

    headers = {} if authorization is None else {"Authorization": authorization}
    with TestClient(create_app(api_settings), headers=headers) as client:
        for method, url in (("POST", "/api/releases"), ("GET", "/api/releases"), ("GET", "/api/releases/x"),
                            ("DELETE", "/api/releases/x"), ("POST", "/api/releases/x/retry")):  # fmt: skip
            answer = client.request(method, url, files={"article": ARTICLE} if method == "POST" else None)
            assert answer.status_code == 401, (method, url)
            assert answer.headers["www-authenticate"].startswith("Bearer")
    _nothing_stored(api_settings)


def test_a_revoked_token_is_refused_at_once(api_settings: Settings) -> None:
    """A token revoked after its first use is refused on the next request."""
    from publisher.api import create_app

    store = open_store(api_settings.database_url)
    token = issue_token(store, "ausgeschieden", datetime.now(UTC)).value
    with TestClient(create_app(api_settings), headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.get("/api/releases").status_code == 200
        revoke_token(store, "ausgeschieden", datetime.now(UTC))
        answer = client.post("/api/releases", files={"article": ARTICLE}, data={"channels": "web"})
        assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Bearer")
    _nothing_stored(api_settings)
