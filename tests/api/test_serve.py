"""``publisher serve``: one process (or several) answering the API and the subscription pages over HTTP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.api.serving import serve_env, served


def test_serve_answers_the_api_and_the_pages_with_their_own_body_limits(tmp_path: Path) -> None:
    """Two server processes: the API's OpenAPI and JSON, the pages' HTML, each refusing big bodies its way."""
    env = serve_env(
        f"sqlite:///{tmp_path / 'publisher.db'}",
        PUBLISHER_API__MAX_REQUEST_BYTES="65536",
        PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL="https://abo.example.de/",
    )
    with served(env, tmp_path, "--workers", "2") as base, httpx.Client(base_url=base, timeout=30) as http:
        health = http.get("/api/health")
        assert health.json() == {"status": "ok"}
        assert health.headers["x-content-type-options"] == "nosniff"
        schema = http.get("/api/openapi.json").json()
        assert schema["info"]["title"] == "publisher API" and "/health" in schema["paths"]
        form = http.get("/subscribe")
        assert form.status_code == 200 and form.headers["content-type"].startswith("text/html")
        # 20 kB is refused by the subscription form (8 kB) with a page, and reaches the API's router.
        page_refusal = http.post("/subscribe", content=b"x" * 20_000)
        assert page_refusal.status_code == 413 and "<html" in page_refusal.text
        assert http.post("/api/health", content=b"x" * 20_000).status_code == 405
        api_refusal = http.post("/api/health", content=b"x" * 70_000)
        assert api_refusal.status_code == 413
        assert api_refusal.json() == {"detail": "the request body is too large"}
        assert http.get("/api/nothing-here").json() == {"detail": "Not Found"}


def test_serve_refuses_to_start_without_a_strong_secret(tmp_path: Path) -> None:
    """Unusable settings stop the command with exit 2 and the setting's name, before any server starts."""
    env = serve_env(f"sqlite:///{tmp_path / 'publisher.db'}", PUBLISHER_NEWSLETTER__SECRET_KEY="short")
    command = [sys.executable, "-m", "publisher.cli", "serve", "--port", "1"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "PUBLISHER_NEWSLETTER__SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
