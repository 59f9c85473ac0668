"""The subscribe page's "all feeds" OPML in the real newsboat: imported, reloaded from a loopback server, "All ideas"
shows every one of its items.

newsboat keeps one copy of an item id across all its feeds. With every per-term feed in the file (as hub once did),
an idea landed in whichever feed newsboat read first and "All ideas" looked empty; the contrast test keeps that
behaviour in view, so the subscribe page's words about it stay true.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from hub.config import load_config
from hub.content.load import load_content
from hub.feeds.opml import opml_bytes
from hub.feeds.xml import feed_files
from hub.plan import OPML_PATH, SitePlan, feed_outlines, make_plan
from hub.timeparse import parse_instant
from tests.browser import SUB_PATH, SubPathHandler
from tests.conftest import NOW, copy_project

NEWSBOAT = shutil.which("newsboat")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An empty folder served on a free loopback port under SUB_PATH, and its base URL."""
    folder = tmp_path / "site"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def _published(tmp_path: Path, folder: Path, base: str) -> SitePlan:
    """The example's feeds, as a build publishes them, for a site at `base` (the loopback server)."""
    project = copy_project(tmp_path / "project")
    config_file = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {base}", config_file.read_text(encoding="utf-8"))
    config_file.write_text(text, encoding="utf-8")
    config = load_config(project)
    assert config.base_url == base
    plan = make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))
    for path, data in feed_files(plan).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return plan


def _newsboat(home: Path, opml: Path) -> dict[str, list[str]]:
    """Import `opml` into a fresh newsboat, reload every feed, and read the titles it keeps per feed from its cache."""
    if NEWSBOAT is None:
        message = "newsboat: sudo apt-get install newsboat"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    home.mkdir()
    urls, cache, config = home / "urls", home / "cache.db", home / "config"
    urls.touch()
    config.write_text("reload-threads 1\n", encoding="utf-8")
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "no_proxy": "*"}
    common = [NEWSBOAT, "-u", str(urls), "-c", str(cache), "-C", str(config)]
    for args in (["-i", str(opml)], ["-x", "reload"]):
        run = subprocess.run([*common, *args], env=env, capture_output=True, text=True, timeout=120,
                             stdin=subprocess.DEVNULL)
        assert run.returncode == 0, (args, run.stdout, run.stderr)
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT feedurl, title FROM rss_item ORDER BY feedurl, pubDate DESC").fetchall()
    kept: dict[str, list[str]] = {}
    for feed, title in rows:
        kept.setdefault(feed, []).append(title)
    return kept


def test_newsboat_shows_every_item_of_all_ideas_from_the_all_feeds_opml(tmp_path: Path,
                                                                          site: tuple[Path, str]) -> None:
    folder, base = site
    plan = _published(tmp_path, folder, base)
    expected = [e.title for e in feedparser.parse((folder / "feeds/ideas.rss.xml").read_bytes()).entries]
    assert len(expected) >= 10, "the example's live ideas"
    kept = _newsboat(tmp_path / "newsboat", folder / OPML_PATH)
    assert set(kept) <= {plan.absolute("feeds/ideas.rss.xml"), plan.absolute("feeds/charter.rss.xml")}, kept
    assert sorted(kept[plan.absolute("feeds/ideas.rss.xml")]) == sorted(expected), "All ideas lost an item"
    charter = feedparser.parse((folder / "feeds/charter.rss.xml").read_bytes()).entries
    assert len(kept.get(plan.absolute("feeds/charter.rss.xml"), [])) == len(charter)


def test_with_every_term_feed_in_one_file_newsboat_keeps_each_idea_in_one_feed_only(
        tmp_path: Path, site: tuple[Path, str]) -> None:
    """Why the file holds two feeds: the same ideas under the same ids in 22 feeds are kept once, not per feed."""
    folder, base = site
    plan = _published(tmp_path, folder, base)
    every = tmp_path / "every.opml"
    every.write_bytes(opml_bytes("every feed", feed_outlines(plan)))
    assert len(etree.fromstring(every.read_bytes()).findall("body/outline")) == 22
    kept = _newsboat(tmp_path / "newsboat", every)
    all_ideas = feedparser.parse((folder / "feeds/ideas.rss.xml").read_bytes()).entries
    shown = sum(len(titles) for feed, titles in kept.items() if not feed.endswith("charter.rss.xml"))
    assert shown == len(all_ideas), "each idea once, across every feed"
    assert len(kept.get(plan.absolute("feeds/ideas.rss.xml"), [])) < len(all_ideas)
