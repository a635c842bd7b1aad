"""The release endpoints in-process (no broker): queue, list, show, retry, move, cancel, withdraw."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from publisher.settings import Settings
from tests.api.articles import figure, markdown, model, png
from tests.workers_support import PrivateRedis

SLUG = "neue-ladesaeulen-fuer-musterstadt"
FIGURE = "\n![Ladesäule am Bahnhof mit zwei Steckplätzen](bilder/saeule.png)\n"


def _post(api: TestClient, article: bytes, **fields: str) -> dict[str, object]:
    answer = api.post("/api/releases", files={"article": ("ladesaeulen.md", article)}, data=fields)
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    assert answer.headers["location"] == f"/api/releases/{body['id']}"
    return body


def test_a_posted_article_with_its_image_is_released_and_listed(
    api: TestClient, api_settings: Settings
) -> None:
    """201 with the id; the page and image are public; the list (by state) and the release show it."""
    article = markdown(body=FIGURE + "\nDie Stadtwerke bauen neue Ladesäulen.\n")
    answer = api.post(
        "/api/releases",
        files=[("article", ("ladesaeulen.md", article)), ("images", ("bilder/saeule.png", png()))],
        data={"channels": "web"},
    )
    assert answer.status_code == 201, answer.text
    release = answer.json()
    assert (release["state"], release["queued_by"], release["channels"]["web"]["state"]) == (
        "released",
        "cms",
        "released",
    )
    page = api_settings.api.out_dir / SLUG / "index.html"
    assert "Ladesäule am Bahnhof" in page.read_text(encoding="utf-8")
    assert any(path.suffix == ".png" for path in (api_settings.api.out_dir / SLUG).rglob("*"))
    assert [item["id"] for item in api.get("/api/releases").json()] == [release["id"]]
    assert [item["id"] for item in api.get("/api/releases", params={"state": "released"}).json()] == [
        release["id"]
    ]
    assert api.get("/api/releases", params={"state": "held"}).json() == []
    shown = api.get(f"/api/releases/{release['id']}").json()
    assert shown["links"]["page"] == f"https://presse.example.de/{SLUG}/"


def test_an_article_posted_as_the_model_in_json_is_released_like_markdown(
    api: TestClient, api_settings: Settings
) -> None:
    """The JSON body: the model and its image in base64; the page shows the figure, the image is public."""
    body = [figure("bilder/saeule.png"), *model()["body"]]
    answer = api.post(
        "/api/releases",
        json={
            "article": model(body=body),
            "files": [{"name": "bilder/saeule.png", "data": base64.b64encode(png()).decode()}],
            "channels": "web",
        },
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["state"] == "released"
    page = (api_settings.api.out_dir / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'alt="Ladesäule am Bahnhof mit zwei Steckplätzen"' in page
    assert "Die Stadtwerke bauen Ladesäulen." in page
    assert any(path.suffix == ".png" for path in (api_settings.api.out_dir / SLUG).rglob("*"))
    document = api.get("/api/openapi.json").json()
    content = document["paths"]["/releases"]["post"]["requestBody"]["content"]
    assert set(content) == {"multipart/form-data", "application/json"}
    assert "article" in document["components"]["schemas"]["ModelRelease"]["properties"]


def test_a_held_release_shows_why_can_be_retried_and_cancelled_once(api: TestClient) -> None:
    """A vague link text holds the page: findings per channel; retry checks again; cancel works, then 409."""
    held = _post(api, markdown(body="## Mehr\n\nAlles dazu [hier](https://example.org/).\n"), channels="web")
    assert held["state"] == "held"
    findings = held["channels"]["web"]["findings"]  # type: ignore[index]
    assert "link-text-vague" in {finding["rule"] for finding in findings}
    again = api.post(f"/api/releases/{held['id']}/retry")
    assert again.status_code == 200 and again.json()["state"] == "held"
    cancelled = api.delete(f"/api/releases/{held['id']}")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    twice = api.delete(f"/api/releases/{held['id']}")
    assert twice.status_code == 409 and "can no longer be cancelled" in twice.json()["detail"]


def test_a_release_that_is_out_cannot_be_moved_but_can_be_withdrawn(
    api: TestClient, api_settings: Settings
) -> None:
    """PATCH on a released article is 409; withdraw replaces the page with the notice and its marker."""
    release = _post(api, markdown(), channels="web")
    moved = api.patch(f"/api/releases/{release['id']}", json={"embargo": "2030-01-01T09:00:00+01:00"})
    assert moved.status_code == 409
    withdrawn = api.post(f"/api/releases/{release['id']}/withdraw", json={"reason": "Termin verschoben"})
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    folder = api_settings.api.out_dir / SLUG
    assert (folder / ".withdrawn").is_file()
    assert "Termin verschoben" in (folder / "index.html").read_text(encoding="utf-8")
    assert SLUG not in (api_settings.api.out_dir / "index.html").read_text(encoding="utf-8")


def test_an_unknown_release_is_404_and_the_openapi_document_lists_every_endpoint(api: TestClient) -> None:
    """Each id endpoint answers 404 for an id nobody issued; the schema names the bearer scheme."""
    assert api.get("/api/releases/gibt-es-nicht-20260101T000000-abcdef").status_code == 404
    assert api.post("/api/releases/gibt-es-nicht/retry").status_code == 404
    assert api.delete("/api/releases/gibt-es-nicht").status_code == 404
    assert api.post("/api/releases/gibt-es-nicht/withdraw", json={"reason": "x"}).status_code == 404
    schema = api.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/health",
        "/releases",
        "/releases/{release_id}",
        "/releases/{release_id}/retry",
        "/releases/{release_id}/withdraw",
    }
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


@pytest.mark.redis
def test_an_embargoed_release_waits_can_be_moved_and_cancelled(
    api_settings: Settings, tmp_path: Path
) -> None:
    """With a broker and no worker yet: 201 queued with the embargo; PATCH moves it; DELETE cancels it."""
    from publisher.api import create_app
    from publisher.store import open_store
    from publisher.store.api_tokens import issue_token

    broker = PrivateRedis(tmp_path)
    try:
        settings = api_settings.model_copy(update={"broker_url": broker.url, "queue": "f-api-embargo"})
        token = issue_token(open_store(settings.database_url), "planung", datetime.now(UTC)).value
        with TestClient(create_app(settings), headers={"Authorization": f"Bearer {token}"}) as api:
            release = _post(api, markdown(), channels="web", embargo="2030-03-02T09:00:00+01:00")
            assert release["state"] == "queued" and release["embargo"] == "2030-03-02T08:00:00Z"
            moved = api.patch(f"/api/releases/{release['id']}", json={"embargo": "2030-03-03T10:30:00+01:00"})
            assert moved.status_code == 200 and moved.json()["embargo"] == "2030-03-03T09:30:00Z"
            cancelled = api.delete(f"/api/releases/{release['id']}")
            assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
            assert (
                api.patch(
                    f"/api/releases/{release['id']}", json={"embargo": "2030-03-04T10:30:00Z"}
                ).status_code
                == 409
            )
        assert not (settings.api.out_dir / SLUG).exists()
    finally:
        broker.stop()
