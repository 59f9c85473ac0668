"""The preview's HTTP side: the last good build, the reload script on every page, and only its own address."""

from __future__ import annotations

import ipaddress
import json
import threading
from dataclasses import dataclass, field
from html import escape
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

API = "/__hub__/"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::", "")
RELOAD_JS = Path(__file__).with_name("reload.js").read_text(encoding="utf-8")
"""Reloads a page when a new build is ready; shows why when a build fails."""


def answers_host(header: str | None, host: str, port: int) -> bool:
    """Whether a request's `Host` names the address the preview listens on, with its port.

    A web page cannot then read the preview (drafts included) by pointing its own domain name at 127.0.0.1
    (DNS rebinding): the browser sends that name, and it is refused. On every address (`--host 0.0.0.0`),
    the loopback names and any IP address are accepted, since an address written as digits cannot be rebound.
    """
    value = (header or "").strip().lower()
    name, sep, given_port = value.rpartition(":")
    if not sep or (name.startswith("[") != name.endswith("]")):
        name, given_port = value, "80"  # no port: the default one
    if given_port != str(port):
        return False
    name = name.removeprefix("[").removesuffix("]")
    if host in EVERY_ADDRESS:
        if name == "localhost":
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    allowed = {host.lower(), *LOOPBACK} if host in LOOPBACK else {host.lower()}
    return name in allowed


@dataclass
class Preview:
    """The state the server shares with the build loop: which build is served, and the last failure."""

    out: Path
    version: int = 0
    error: str | None = None
    listen: tuple[str, int] = ("127.0.0.1", 0)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "error": self.error}

    def succeeded(self) -> None:
        with self.lock:
            self.version += 1
            self.error = None

    def failed(self, message: str) -> None:
        with self.lock:
            self.error = message


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the last good build, adds the reload script to every page, and answers the reload poll."""

    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.out), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        # A browser reads every response as the type it is sent with, never as the type it guesses from the bytes:
        # a file beside the content cannot become a page or a script (README, "Security model").
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def parse_request(self) -> bool:
        """Refuse, for every method, a request whose `Host` is not the preview's own address."""
        if not super().parse_request():
            return False
        if not answers_host(self.headers.get("Host"), *self.preview.listen):
            status = HTTPStatus.BAD_REQUEST if not self.headers.get("Host") else HTTPStatus.MISDIRECTED_REQUEST
            self.send_error(status, "hub serve answers only requests for its own address, such as "
                                    f"http://localhost:{self.preview.listen[1]}/")
            return False
        return True

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == API + "status":
            self._send(HTTPStatus.OK, json.dumps(self.preview.status()).encode(), "application/json")
        elif path == API + "reload.js":
            self._send(HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8")
        elif not self.preview.out.is_dir():
            error = self.preview.status()["error"] or "The first build is not ready yet."
            page_html = ("<!doctype html><html lang=\"en\"><title>hub serve: no build yet</title><body><h1>No build yet</h1>"
                         f"<pre>{escape(error)}</pre></body></html>")
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, self._with_reload(page_html.encode()), "text/html; charset=utf-8")
        else:
            page = self._page(path)
            if page is None:
                super().do_GET()
            else:
                status, file = page
                self._send(status, self._with_reload(file.read_bytes()), "text/html; charset=utf-8")

    def _page(self, path: str) -> tuple[HTTPStatus, Path] | None:
        """The HTML file for a URL path (the site's 404 page when none), or None for other files."""
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return None  # let the base class redirect to the slash form
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return HTTPStatus.OK, local
        if local.exists():
            return None
        missing = self.preview.out / "404.html"
        return (HTTPStatus.NOT_FOUND, missing) if missing.is_file() else None

    def _with_reload(self, html: bytes) -> bytes:
        tag = f'<script src="{API}reload.js" data-version="{self.preview.status()["version"]}"></script>'.encode()
        head, sep, tail = html.rpartition(b"</body>")
        return head + tag + sep + tail if sep else html + tag

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
