"""A loopback HTTP server for the pages a browser checks: files under a root folder, and pages given as text.

The root can change between checks, so one server (and one browser) serves the pages of many
releases in turn; each request is served from the root of its time (not of its connection, which the
browser may have opened ahead, while another page was checked); nothing is cached and nothing is logged.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

__all__ = ["PageServer"]

# A page's own refresh (``<meta http-equiv="refresh" content="5; url=…">``) would take the browser away
# in the middle of its check, sooner on a busy machine: it is renamed in what the browser is served. The
# static rules read the file itself and still report the refresh.
_REFRESH = re.compile(rb"""(<meta\b[^>]*?\bhttp-equiv\s*=\s*["']?)refresh\b""", re.IGNORECASE)


def held_still(page: bytes) -> bytes:
    """The page with its meta refresh made inert, everything else as it is."""
    return _REFRESH.sub(rb"\1x-refresh-held", page)


class _PageHandler(SimpleHTTPRequestHandler):
    """Files under the server's current root, plus pages given as text; never cached, never logged."""

    server: _Server

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        server = args[2]
        super().__init__(*args, directory=str(server.root), **kwargs)

    def translate_path(self, path: str) -> str:
        # The root when the request comes, not when its connection was opened: Chromium opens a spare
        # connection ahead of the next page, which may by then be served from another folder.
        self.directory = str(self.server.root)
        return super().translate_path(path)

    def do_GET(self) -> None:
        body = self.server.pages.get(urlsplit(self.path).path)
        if body is None:
            body = self._html_file()
        if body is None:
            super().do_GET()
            return
        body = held_still(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _html_file(self) -> bytes | None:
        """The bytes of the HTML file the request names (a folder's ``index.html``), if it is one."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return None  # the parent class redirects to the folder's address first
            path = path / "index.html"
        if path.suffix.lower() not in (".html", ".htm") or not path.is_file():
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def end_headers(self) -> None:
        # A page checked twice in one run (e.g. rewritten in between) must not come from the browser's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    root: Path
    pages: dict[str, bytes]


class PageServer:
    """A loopback HTTP server on a free port, running in a daemon thread; ``root`` is served as ``/``."""

    def __init__(self, root: Path) -> None:
        self._httpd = _Server(("127.0.0.1", 0), _PageHandler)
        self._httpd.root = root.resolve()
        self._httpd.pages = {}
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="page-server", daemon=True)
        self._thread.start()

    @property
    def root(self) -> Path:
        """The folder served as ``/``."""
        return self._httpd.root

    @root.setter
    def root(self, folder: Path) -> None:
        self._httpd.root = folder.resolve()

    def url(self, relative: str) -> str:
        """The address of ``relative`` (a path under the root, with ``/``)."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/{quote(relative)}"

    @contextmanager
    def serving(self, relative: str, body: bytes) -> Iterator[None]:
        """Serve ``body`` at ``relative`` (instead of any file there) while the block runs."""
        key = "/" + quote(relative)
        self._httpd.pages[key] = body
        try:
            yield
        finally:
            del self._httpd.pages[key]

    def close(self) -> None:
        """Stop serving and release the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
