"""Headless Chromium through the built site under a sub-path, with every request beyond localhost blocked."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTIFACTS, ROOT, Built
from tests.test_serve import IDEA_FILE, TITLE, Server
from tests.test_serve import server as server  # the `hub serve` fixture

pytestmark = pytest.mark.browser

JS = ROOT / "tests" / "js"
SUB_PATH = "/comms/hub/"
IDEA = "ideas/ci-energy/"
IDEA_TEXT = "The pipeline's median run went from 14 to 9 minutes."
TOPIC = "topics/sustainability/"
SEARCH_WORD = "parallelism"
"""A word found only in the body of the idea above (its "What did not work" section)."""


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _require_browser() -> str:
    """The Chromium binary; a loud skip (a failure in CI) when it or the Node driver is missing."""
    chromium = _chromium()
    node = shutil.which("node")
    missing = []
    if not chromium:
        missing.append("Chromium: sudo apt-get install chromium")
    if not node:
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


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves a folder at SUB_PATH only, quietly; anything else is a 404."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(built: Built) -> Iterator[str]:
    """The built site on a free localhost port under SUB_PATH; yields its base URL."""
    handler = functools.partial(_SubPathHandler, directory=str(built.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


SEARCH_UI = {
    "pelican": {"button": None, "input": "input.pagefind-ui__search-input", "result": ".pagefind-ui__result"},
}
"""Each theme's search box and result selectors, when not Material's (the driver's default)."""

_RESULTS: dict[str, dict[str, Any]] = {}


def _browse(engine: str, base: str, chromium: str, tmp_path: Path) -> dict[str, Any]:
    """Run the Node driver once per engine and keep its report."""
    if engine in _RESULTS:
        return _RESULTS[engine]
    plan = {
        "chromium": chromium,
        "base": base,
        "screenshots": str(ARTIFACTS / f"browser-{engine}"),
        "pages": [
            {"name": "home", "path": "./", "expect": "Newest ideas"},
            {"name": "idea", "path": IDEA, "expect": IDEA_TEXT},
            {"name": "topic", "path": TOPIC, "expect": "Our CI now runs on 40% less energy"},
        ],
        "search": {"path": "./", "query": SEARCH_WORD, "expect": "Our CI now runs on 40% less energy",
                   "selectors": SEARCH_UI.get(engine, {})},
        "axe": str(JS / "node_modules" / "axe-core" / "axe.min.js"),
    }
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    run = subprocess.run(["node", str(JS / "site_browser.mjs"), str(plan_file)], capture_output=True, text=True,
                         timeout=180, cwd=JS)
    assert run.returncode == 0, run.stderr
    report: dict[str, Any] = json.loads(run.stdout)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"browser-{engine}.json").write_text(run.stdout, encoding="utf-8")
    _RESULTS[engine] = report
    return report


def test_pages_load_offline_under_a_sub_path(engine: str, served: str, tmp_path: Path) -> None:
    report = _browse(engine, served, _require_browser(), tmp_path)
    assert report["blocked"] == [], "requests beyond localhost"
    assert report["failed"] == [], "failed requests"
    assert report["errors"] == [], "script errors"
    assert [p["name"] for p in report["pages"] if not p["found"]] == [], report["pages"]
    assert report["reflow"] <= 320, "the idea page scrolls sideways at 320 CSS pixels"


def test_search_finds_an_idea_by_a_word_of_its_body(engine: str, served: str, tmp_path: Path) -> None:
    report = _browse(engine, served, _require_browser(), tmp_path)
    assert report["search"]["found"], report["search"]


def test_pages_pass_axe(engine: str, served: str, tmp_path: Path) -> None:
    report = _browse(engine, served, _require_browser(), tmp_path)
    problems = [(page["page"], v["id"], v["nodes"]) for page in report["axe"] for v in page["violations"]]
    assert problems == []



def test_hub_serve_reloads_the_open_page_after_an_edit(server: Server, tmp_path: Path) -> None:
    chromium = _require_browser()
    plan = {
        "chromium": chromium, "base": server.url, "screenshots": str(ARTIFACTS / "browser-serve"),
        "reload": {"path": IDEA, "file": str(server.project / IDEA_FILE), "from": f"title: {TITLE}",
                   "to": "title: Our CI now sips power", "expect": "Our CI now sips power"},
    }
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    run = subprocess.run(["node", str(JS / "site_browser.mjs"), str(plan_file)], capture_output=True, text=True,
                         timeout=120, cwd=JS)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "browser-serve.json").write_text(run.stdout, encoding="utf-8")
    assert report["reload"]["seen"], server.output()
    assert report["reload"]["seconds"] < 5, report["reload"]  # about 1 s on an idle machine
    assert report["blocked"] == [] and report["errors"] == []
