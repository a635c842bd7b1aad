"""The shipped nginx configuration, run locally: charset=utf-8 on text, 410 with the notice, no dotfiles."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, missing_part
from tests.newsletter_support import free_port
from tests.workers_support import wait_for

SITE_CONF = REPO / "deploy" / "nginx" / "site.conf"


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        missing_part("nginx is not installed (scripts/install-system-packages.sh)")
    return found


def _site(root: Path) -> None:
    """A released site: a live article, a withdrawn one (notice page and marker), a stray dotfile."""
    files = {
        "index.html": "<!doctype html><title>Übersicht</title>",
        "feed.xml": '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
        "sitemap.xml": '<?xml version="1.0" encoding="UTF-8"?><urlset/>',
        "site.css": "body { font-family: sans-serif; }",
        ".publisher-tmp": "half-written",
        "laden/index.html": "<!doctype html><title>Neue Ladesäulen</title>",
        "laden/audio.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\nGrüße\n",
        "laden/audio.txt": "Grüße aus dem Rathaus",
        "laden/chapters.json": '{"chapters": []}',
        "zurueck/index.html": "<!doctype html><title>Zurück</title><p>Diese Meldung wurde zurückgezogen.",
        "zurueck/audio.mp3": "ID3",
        "zurueck/.withdrawn": "",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[str]:
    """nginx with the shipped site.conf on a free port, serving a site in the test's folder."""
    nginx = _nginx()
    root = tmp_path / "public"
    _site(root)
    port = free_port()
    site = SITE_CONF.read_text(encoding="utf-8")
    assert site.count("/srv/public") == 2 and site.count("listen 8080;") == 1
    site = site.replace("/srv/public", str(root)).replace("listen 8080;", f"listen 127.0.0.1:{port};")
    site = site.replace("listen [::]:8080;", "")
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp = tmp_path / "nginx-temp"
    temp.mkdir()
    main = f"""
        daemon off;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        {"user root;" if os.geteuid() == 0 else ""}
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path {temp}/body;
            proxy_temp_path {temp}/proxy;
            fastcgi_temp_path {temp}/fastcgi;
            uwsgi_temp_path {temp}/uwsgi;
            scgi_temp_path {temp}/scgi;
            include {tmp_path}/site.conf;
        }}
    """
    (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
    checked = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen([nginx, "-c", str(tmp_path / "nginx.conf")], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        assert server.poll() is None, (tmp_path / "error.log").read_text()
        try:
            return httpx.get(base + "/", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_for(answers, "nginx to answer")
        yield base
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(timeout=60)


def test_text_is_served_as_utf8_with_its_type(web_server: str) -> None:
    """Pages, feed, sitemap, style sheet, transcript, captions and chapters all declare charset=utf-8."""
    expected = {
        "/": "text/html; charset=utf-8",
        "/laden/": "text/html; charset=utf-8",
        "/feed.xml": "application/atom+xml; charset=utf-8",
        "/sitemap.xml": "text/xml; charset=utf-8",
        "/site.css": "text/css; charset=utf-8",
        "/laden/audio.vtt": "text/vtt; charset=utf-8",
        "/laden/audio.txt": "text/plain; charset=utf-8",
        "/laden/chapters.json": "application/json; charset=utf-8",
    }
    for path, content_type in expected.items():
        answer = httpx.get(web_server + path, timeout=10)
        assert (answer.status_code, answer.headers["content-type"]) == (200, content_type), path
    assert "Grüße" in httpx.get(web_server + "/laden/audio.vtt", timeout=10).text


def test_a_withdrawn_folder_answers_410_gone_with_its_notice(web_server: str) -> None:
    """Every address in a folder with the .withdrawn marker is 410 with the notice page as body."""
    for path in ("/zurueck/", "/zurueck/index.html", "/zurueck/audio.mp3", "/zurueck/gibt-es-nicht"):
        answer = httpx.get(web_server + path, timeout=10)
        assert answer.status_code == 410, path
        assert answer.headers["content-type"] == "text/html; charset=utf-8", path
        assert "Diese Meldung wurde zurückgezogen." in answer.text, path
    assert httpx.get(web_server + "/laden/", timeout=10).status_code == 200


def test_dotfiles_and_the_internal_notice_path_are_never_served(web_server: str) -> None:
    """The marker, temporary files and the internal notice location answer 404."""
    for path in ("/zurueck/.withdrawn", "/.publisher-tmp", "/.withdrawn-notice/laden/index.html"):
        assert httpx.get(web_server + path, timeout=10).status_code == 404, path
