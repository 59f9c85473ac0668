"""What the browser tests share: the Chromium check, and the built site served under a sub-path like a real host."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Built

JS = ROOT / "tests" / "js"
"""The Node drivers (`*.mjs`) and their packages (`npm ci --prefix tests/js`)."""
SUB_PATH = "/comms/hub/"
"""Where the site is served, as on the intranet (mkdocs.yml's site_url)."""


@functools.cache
def install_node_packages() -> str | None:
    """Install the Node test packages (`npm ci` in tests/js) once, when npm is here and they are not; the problem if any."""
    npm = shutil.which("npm")
    if npm is None:
        return "Node.js and npm: sudo apt-get install nodejs npm"
    wanted = json.loads((JS / "package.json").read_text(encoding="utf-8")).get("devDependencies", {})
    if all((JS / "node_modules" / name).is_dir() for name in wanted):  # a package added since the last install: again
        return None
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True,
                          timeout=600, stdin=subprocess.DEVNULL)
    return None if done.returncode == 0 else f"npm ci --prefix tests/js failed:\n{done.stdout}\n{done.stderr}"


def require_browser(*packages: str) -> str:
    """The Chromium binary; a loud skip (a failure when env CI is set) when it, Node or a package is missing."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    missing = [problem] if (problem := install_node_packages()) else []
    if not chromium:
        missing.append("Chromium: sudo apt-get install chromium")
    if not shutil.which("node"):
        missing.append("Node.js: sudo apt-get install nodejs npm")
    for package in ("playwright-core", *packages):
        if not (JS / "node_modules" / package).is_dir():
            missing.append(f"{package}: npm ci --prefix tests/js")
    if missing:
        message = "browser test needs " + "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert chromium
    return chromium


def run_driver(script: str, plan: dict[str, Any], folder: Path, timeout: int = 180) -> dict[str, Any]:
    """Run `node tests/js/SCRIPT PLAN.json` and return the JSON object it prints."""
    plan_file = folder / f"{Path(script).stem}-plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    run = subprocess.run(["node", str(JS / script), str(plan_file)], capture_output=True, text=True,
                         timeout=timeout, cwd=JS)
    assert run.returncode == 0, run.stderr
    report: dict[str, Any] = json.loads(run.stdout)
    return report


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves a site folder at SUB_PATH only, quietly, like a static host: its 404.html with status 404 when missing."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".xml": "application/xml", ".xsl": "application/xml"}
    """Feeds and their stylesheet as XML whatever the machine's mime.types says: Chromium applies the XSL to them."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(built: Built) -> Iterator[str]:
    """The built site on a free localhost port under SUB_PATH; yields its base URL."""
    handler = functools.partial(SubPathHandler, directory=str(built.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()
