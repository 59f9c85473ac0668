"""The page itself, as a demanding reader finds it, on both engines: a visible permalink on every heading the
templates write, the dark palette when the system asks for it (axe finds nothing there either), each source's
address on paper, and search previews that read as text."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser import JS, require_browser, run_driver
from tests.browser import served as served  # the built site under a sub-path
from tests.conftest import ARTIFACTS, Built
from tests.test_a11y import AXE_TAGS

IDEA = "ideas/scheduling-benchmark-paper/"
PAGES = ["", IDEA, "ideas/right-to-left-planner/", "subscribe/", "ideas/", "topics/engineering/"]
_LOOKS: dict[str, dict[str, Any]] = {}


@pytest.fixture
def look(engine: str, served: str, tmp_path: Path) -> dict[str, Any]:
    if engine not in _LOOKS:
        chromium = require_browser("axe-core")
        artifacts = ARTIFACTS / f"look-{engine}"
        artifacts.mkdir(parents=True, exist_ok=True)
        _LOOKS[engine] = run_driver("page_look.mjs", {
            "chromium": chromium, "base": served, "axe": str(JS / "node_modules" / "axe-core" / "axe.min.js"),
            "tags": AXE_TAGS, "pages": PAGES, "print": IDEA, "artifacts": str(artifacts)}, tmp_path, timeout=400)
    return _LOOKS[engine]


def _luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _background(colors: dict[str, str]) -> str:
    """The page's background: the body's, else the root's (a transparent body shows the root)."""
    return colors["body"] if not colors["body"].endswith(", 0)") else colors["html"]


@pytest.mark.browser
def test_the_dark_palette_follows_the_system_and_axe_finds_nothing_there(look: dict[str, Any]) -> None:
    assert look["errors"] == [] and look["blocked"] == [] and look["failed"] == [], look
    for path in PAGES:
        dark, light = look["dark"][path], look["light"][path]
        assert _luminance(_background(dark)) < 0.05 < 0.9 < _luminance(_background(light)), (path, dark, light)
        assert _luminance(dark["text"]) > 0.6, (path, dark)
        assert dark["violations"] == [] and light["violations"] == [], (path, dark["violations"], light["violations"])


@pytest.mark.browser
def test_every_heading_the_templates_write_has_an_anchor_and_a_visible_permalink(look: dict[str, Any]) -> None:
    idea = {h["id"]: h for h in look["headings"][IDEA]}
    assert {"angles", "facts", "context", "sources", "compose"} <= set(idea), idea
    subscribe = {h["id"] for h in look["headings"]["subscribe/"]}
    assert {"all-feeds", "choose", "how", "how-outlook", "how-thunderbird", "events"} <= subscribe
    for path, headings in look["headings"].items():
        assert len({h["id"] for h in headings}) == len(headings), f"{path}: an anchor twice"
        for h in headings:
            assert h["href"] == f"#{h['id']}" and h["visible"], (path, h)
            assert h["name"] and h["text"] in h["name"], (path, h)


@pytest.mark.browser
def test_a_printed_idea_shows_each_source_s_address(look: dict[str, Any]) -> None:
    printed = {p["href"]: p["after"] for p in look["print"]}
    for url in ("https://papers.example.org/was2026/fair-by-construction", "https://code.example.org/kestrel/fair-rosters-benchmark"):
        assert printed[url] == f'" (" "{url}" ")"' or url in printed[url], printed
    assert look["printHidden"], "the # permalinks are not printed"


def _search_text(built: Built, url: str) -> str:
    if built.engine in ("mkdocs", "zensical"):
        index = built.site / ("search/search_index.json" if built.engine == "mkdocs" else "search.json")
        data = json.loads(index.read_text(encoding="utf-8"))
        docs = data["docs"] if built.engine == "mkdocs" else data["items"]
        return " ".join(re.sub(r"<[^>]+>", " ", d["text"]) for d in docs if d["location"].startswith(url))
    for fragment in (built.site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if data["url"].strip("/").endswith(url.strip("/")):
            return str(data["content"])
    raise AssertionError(f"{url} is not in the search index")


def test_search_previews_keep_a_space_between_labels_and_values(built: Built) -> None:
    text = _search_text(built, IDEA)
    assert "Published 2026-11-12 When 2026-12-08 14:00 – 15:30 Where Workshop on Applied Scheduling" in text, text
    assert "Topics Research, Open source Audiences Engineers" in text, text
