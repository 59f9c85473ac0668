"""The subscribe page in headless Chromium: tick two feeds with the keyboard, download an OPML of just those."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTIFACTS, ROOT, Built

pytestmark = pytest.mark.browser

JS = ROOT / "tests" / "js"
SUB_PATH = "/comms/hub/"
CHOSEN = ("hub-feed-topics-open-source", "hub-feed-languages-fr")
BASE_URL = "https://intranet.example/comms/hub/"


def _require_browser() -> str:
    """The Chromium binary; a loud skip (a failure when CI is set) when it or the Node driver is missing."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    missing = []
    if not chromium:
        missing.append("Chromium: sudo apt-get install chromium")
    if not shutil.which("node"):
        missing.append("Node.js: sudo apt-get install nodejs npm")
    if not (JS / "node_modules" / "playwright-core").is_dir():
        missing.append("playwright-core: npm ci --prefix tests/js")
    if missing:
        message = "browser test needs " + "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert chromium
    return chromium


class _SubPath(SimpleHTTPRequestHandler):
    """Serves the site folder at SUB_PATH only, quietly."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(built: Built) -> Iterator[str]:
    """The example site built with each engine, on a free localhost port under SUB_PATH."""
    site = built.site
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SubPath, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def test_two_ticked_feeds_download_as_an_opml_of_exactly_those(served: str, built: Built, tmp_path: Path) -> None:
    chromium = _require_browser()
    out = tmp_path / "chosen.opml"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    plan = {"chromium": chromium, "url": served + "subscribe/", "ids": list(CHOSEN), "out": str(out),
            "screenshot": str(ARTIFACTS / f"subscribe-picker-{built.engine}.png")}
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    run = subprocess.run(["node", str(JS / "subscribe_opml.mjs"), str(plan_file)], capture_output=True, text=True,
                         timeout=180, cwd=JS)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["errors"] == [] and result["blocked"] == [], result
    status = result["status"]
    assert status["buttonVisible"] and status["initial"] == ""
    assert status["empty"] == "No feed chosen yet: tick at least one feed above, then download."
    assert status["ticked"] == "2 feeds chosen."
    assert sorted(result["checked"]) == sorted(CHOSEN)
    assert result["suggested"] == "hub-feeds.opml"
    assert status["downloaded"] == "Downloaded hub-feeds.opml with 2 feeds. Import it into your reader."
    assert status["movedOn"], "focus must leave the button with Tab"

    root = ET.fromstring(out.read_bytes())
    outlines = root.findall("body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [f"{BASE_URL}feeds/topics/open-source.rss.xml",
                                                   f"{BASE_URL}feeds/languages/fr.rss.xml"]
    assert [o.get("htmlUrl") for o in outlines] == [f"{BASE_URL}topics/open-source/", f"{BASE_URL}languages/fr/"]
    assert all(o.get("type") == "rss" and o.get("text") for o in outlines)
    assert [o.get("language") for o in outlines] == ["en", "fr"]
