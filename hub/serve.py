"""`hub serve`: a live preview for editors, rebuilt on every change and reloaded in the browser."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from html import escape
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from hub.build import build_site
from hub.config import SiteConfig, load_config
from hub.errors import ContentError, HubError, UsageError
from hub.problems import excerpt, format_text, summary

POLL_SECONDS = 0.2
"""How often the watched files are looked at."""
SETTLE_SECONDS = 0.05
"""After a change, wait this long for the editor to finish writing before building."""
API = "/__hub__/"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::", "")

RELOAD_JS = """\
// hub serve: reload when a new build is ready; show why when a build fails.
(function () {
  "use strict";
  var script = document.currentScript, version = script.getAttribute("data-version");
  function show(error) {
    var box = document.getElementById("hub-serve-error");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "hub-serve-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:9999;margin:0;max-height:50vh;overflow:auto;" +
        "padding:1em;background:#fff3f3;color:#600;border-top:4px solid #b3261e;font:14px/1.4 monospace;" +
        "white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The last build failed; this is the previous one.\\n\\n" + error;
  }
  function poll() {
    fetch("/__hub__/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (String(s.version) !== version) { location.reload(); return; }
        show(s.error);
        setTimeout(poll, 250);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


def watched_files(config: SiteConfig) -> dict[str, tuple[int, int]]:
    """Every file whose change calls for a rebuild (content, theme, config), with its mtime and size."""
    found: dict[str, tuple[int, int]] = {}
    for folder in (config.content_dir, config.theme_dir):
        for parent, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith(".") or name.endswith("~"):
                    continue  # editors' swap and backup files
                path = os.path.join(parent, name)
                try:
                    st = os.lstat(path) if os.path.islink(path) else os.stat(path)
                except OSError:  # gone between the listing and now
                    continue
                found[path] = (st.st_mtime_ns, st.st_size)
    try:
        st = os.stat(config.config_path)
        found[str(config.config_path)] = (st.st_mtime_ns, st.st_size)
    except OSError:
        pass
    return found


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


def _preview_config(config: SiteConfig, host: str, port: int) -> SiteConfig:
    """The configuration as published on localhost: absolute links (404 page, feeds) point to the preview."""
    shown = "localhost" if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return config.with_base_url(f"http://{shown}:{port}/")


def _describe(exc: Exception) -> str:
    if isinstance(exc, ContentError):
        return "\n".join([*(format_text(p) for p in exc.problems), summary(list(exc.problems))])
    if isinstance(exc, HubError):
        return f"hub: {exc}"
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"hub: the build failed: {exc.strerror or exc}{where}"
    if isinstance(exc, RecursionError):
        return "hub: the build failed: some content nests too deeply (run hub check, then hub build, to find it)"
    return f"hub: the build failed: {type(exc).__name__}: {excerpt(str(exc), 200)}"


def serve_forever(
    config: SiteConfig,
    *,
    engine: str = "mkdocs",
    host: str = "127.0.0.1",
    port: int = 8000,
    now: Callable[[], datetime],
    echo: Callable[[str], None] | None = None,
) -> None:
    """Build a preview (drafts and scheduled ideas included), serve it, and rebuild on every change until Ctrl-C."""
    echo = echo or partial(print, flush=True)
    folder = Path(tempfile.mkdtemp(prefix="hub-serve-"))
    preview = Preview(folder / "site")
    try:
        server = ThreadingHTTPServer((host, port), partial(PreviewHandler, preview=preview))
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None
    server.daemon_threads = True
    actual_port = server.server_address[1]
    preview.listen = (host, actual_port)
    site_config = _preview_config(config, host, actual_port)

    def rebuild() -> None:
        nonlocal site_config
        start = time.monotonic()
        try:
            site_config = _preview_config(load_config(config.root, config.config_path), host, actual_port)
            result = build_site(site_config, now(), preview.out, engine=engine, preview=True)
        except Exception as exc:  # whatever breaks a build, the preview keeps serving the last good one
            message = _describe(exc)
            preview.failed(message)
            echo(f"{message}\nBuild failed; still serving the last good build.")
            return
        preview.succeeded()
        echo(f"Built {len(result.plan.pages)} pages in {time.monotonic() - start:.2f} s.")

    thread = threading.Thread(target=server.serve_forever, name="hub-serve", daemon=True)
    _stop_on_sigterm()
    try:
        seen = watched_files(config)  # before building: a change made during the build gets its own rebuild
        rebuild()
        thread.start()
        echo(f"Previewing at {site_config.base_url} with {engine}, drafts and scheduled ideas included. "
             "Ctrl-C to stop.")
        while True:
            time.sleep(POLL_SECONDS)
            if watched_files(config) == seen:
                continue
            time.sleep(SETTLE_SECONDS)
            before, seen = seen, watched_files(config)
            echo(f"Changed: {_changed(before, seen)}")
            rebuild()
    except KeyboardInterrupt:
        echo("Stopped.")
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


def _stop_on_sigterm() -> None:
    """Let a process manager's SIGTERM stop the preview as cleanly as Ctrl-C does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def _changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> str:
    """A short list of what changed, for the terminal."""
    names = sorted(set(before) ^ set(after) | {p for p in before.keys() & after.keys() if before[p] != after[p]})
    shown = ", ".join(re.sub(r"^.*/(content|theme)/", r"\1/", n) for n in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")

