"""The subscribe page in headless Chromium: tick two feeds with the keyboard, download an OPML of just those."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.browser import require_browser, run_driver
from tests.browser import served as served  # the built site under a sub-path
from tests.conftest import ARTIFACTS, Built

pytestmark = pytest.mark.browser

CHOSEN = ("hub-feed-topics-open-source", "hub-feed-languages-fr")
BASE_URL = "https://intranet.example/comms/hub/"


def test_two_ticked_feeds_download_as_an_opml_of_exactly_those(served: str, built: Built, tmp_path: Path) -> None:
    chromium = require_browser()
    out = tmp_path / "chosen.opml"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    plan = {"chromium": chromium, "url": served + "subscribe/", "ids": list(CHOSEN), "out": str(out),
            "screenshot": str(ARTIFACTS / f"subscribe-picker-{built.engine}.png")}
    result = run_driver("subscribe_opml.mjs", plan, tmp_path)
    assert result["errors"] == [] and result["blocked"] == [], result
    status = result["status"]
    assert status["buttonVisible"] and status["initial"] == "No feed chosen yet."
    assert result["inView"] == [True, True], "the count and the button stay in view while the feeds scroll"
    assert result["copy"]["said"] == "Copied" and result["copy"]["got"] == result["copy"]["want"]
    assert result["copy"]["want"] == f"{BASE_URL}feeds/ideas.rss.xml"
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
