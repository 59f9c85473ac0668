"""Headless Chromium through the built site under a sub-path, with every request beyond localhost blocked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser import require_browser, run_driver
from tests.browser import served as served  # the built site under a sub-path
from tests.conftest import ARTIFACTS
from tests.test_serve import IDEA_FILE, TITLE, Server
from tests.test_serve import server as server  # the `hub serve` fixture

pytestmark = pytest.mark.browser

IDEA = "ideas/ci-energy/"
IDEA_TEXT = "The pipeline's median run went from 14 to 9 minutes."
TOPIC = "topics/sustainability/"
SEARCH_WORD = "parallelism"
"""A word found only in the body of the idea above (its "What did not work" section)."""


SEARCH_UI = {
    "pelican": {"button": None, "input": "input.pagefind-ui__search-input", "result": ".pagefind-ui__result"},
    # Zensical's search opens a dialog in an open shadow root (Playwright's CSS selectors reach into it).
    "zensical": {"button": ".md-search__button", "input": "dialog input[role=combobox]", "result": "[role=option]"},
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
    }
    report = run_driver("site_browser.mjs", plan, tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"browser-{engine}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    _RESULTS[engine] = report
    return report


def test_pages_load_offline_under_a_sub_path(engine: str, served: str, tmp_path: Path) -> None:
    report = _browse(engine, served, require_browser(), tmp_path)
    assert report["blocked"] == [], "requests beyond localhost"
    assert report["failed"] == [], "failed requests"
    assert report["errors"] == [], "script errors"
    assert [p["name"] for p in report["pages"] if not p["found"]] == [], report["pages"]
    assert report["reflow"] <= 320, "the idea page scrolls sideways at 320 CSS pixels"


def test_search_finds_an_idea_by_a_word_of_its_body(engine: str, served: str, tmp_path: Path) -> None:
    report = _browse(engine, served, require_browser(), tmp_path)
    assert report["search"]["found"], report["search"]


def test_hub_serve_reloads_the_open_page_after_an_edit(server: Server, tmp_path: Path) -> None:
    chromium = require_browser()
    plan = {
        "chromium": chromium, "base": server.url, "screenshots": str(ARTIFACTS / "browser-serve"),
        "reload": {"path": IDEA, "file": str(server.project / IDEA_FILE), "from": f"title: {TITLE}",
                   "to": "title: Our CI now sips power", "expect": "Our CI now sips power"},
    }
    report = run_driver("site_browser.mjs", plan, tmp_path, timeout=120)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "browser-serve.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert report["reload"]["seen"], server.output()
    assert report["reload"]["seconds"] < 5, report["reload"]  # about 1 s on an idle machine
    assert report["blocked"] == [] and report["errors"] == []
