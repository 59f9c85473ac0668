"""JSON Feed 1.1 beside every RSS and Atom feed: the same items, ids and order, valid by the specification, announced
wherever Atom and RSS are, and listed on the subscribe page."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import etree, html

from hub.config import load_config
from hub.content.load import load_content
from hub.feeds.xml import feed_files
from hub.plan import SitePlan, make_plan
from hub.timeparse import parse_instant
from tests.conftest import NOW, ROOT, Built

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")


def json_feed_problems(feed: Any) -> list[str]:
    """What https://www.jsonfeed.org/version/1.1/ requires of a feed, checked field by field; [] when valid."""
    problems: list[str] = []
    if not isinstance(feed, dict):
        return ["the top level is not an object"]
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"version is {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("title is required, a string")
    for key in ("home_page_url", "feed_url"):
        if key in feed and not (isinstance(feed[key], str) and feed[key].startswith(("https://", "http://"))):
            problems.append(f"{key} must be a URL")
    for key in ("description", "language"):
        if key in feed and not isinstance(feed[key], str):
            problems.append(f"{key} must be a string")
    authors = feed.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, dict) and a.get("name") for a in authors):
        problems.append("authors must be objects with a name")
    items = feed.get("items")
    if not isinstance(items, list):
        return [*problems, "items is required, an array"]
    for n, item in enumerate(items):
        where = f"items[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where} is not an object")
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}.id is required, a string")
        if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
            problems.append(f"{where} needs content_html or content_text")
        for key in ("date_published", "date_modified"):
            if key in item and not (isinstance(item[key], str) and RFC3339.fullmatch(item[key])):
                problems.append(f"{where}.{key} is not RFC 3339: {item.get(key)!r}")
        for key in ("url", "external_url"):
            if key in item and not (isinstance(item[key], str) and item[key].startswith(("https://", "http://"))):
                problems.append(f"{where}.{key} must be a URL")
        if "tags" in item and not (isinstance(item["tags"], list) and all(isinstance(t, str) for t in item["tags"])):
            problems.append(f"{where}.tags must be strings")
    return problems


def _plan(project: Path = ROOT) -> SitePlan:
    config = load_config(project)
    return make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))


def test_the_validator_catches_what_the_specification_forbids() -> None:
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "t",
            "items": [{"id": "1", "content_html": "<p>x</p>", "date_published": "2026-11-03T09:00:00+01:00"}]}
    assert json_feed_problems(good) == []
    assert json_feed_problems({**good, "version": "https://jsonfeed.org/version/1"}) != []
    assert json_feed_problems({**good, "items": [{"id": "1"}]}) != []
    assert json_feed_problems({**good, "items": [{"id": 1, "content_text": "x"}]}) != []
    assert json_feed_problems({**good, "items": [{"id": "1", "content_text": "x", "date_published": "3 Nov 2026"}]})
    assert json_feed_problems({k: v for k, v in good.items() if k != "title"}) != []


def test_every_feed_has_a_valid_json_feed_with_the_items_ids_and_order_of_its_atom_feed() -> None:
    plan = _plan()
    files = feed_files(plan)
    assert len(plan.feed_refs) == 22
    for ref in plan.feed_refs:
        data = files[ref.json_path]
        feed = json.loads(data)
        assert json_feed_problems(feed) == [], (ref.json_path, json_feed_problems(feed))
        assert feed["feed_url"] == plan.absolute(ref.json_path) and feed["home_page_url"] == plan.absolute(ref.page_url)
        # feedparser 6.0.14, the newest release, reads RSS and Atom but not yet JSON Feed: the Atom feed, read by
        # feedparser, is what the JSON Feed is compared with, item by item.
        atom = feedparser.parse(files[ref.atom_path])
        items = feed["items"]
        assert feed["title"] == atom.feed.title
        assert [i["id"] for i in items] == [e.id for e in atom.entries], ref.json_path
        assert [i["url"] for i in items] == [e.link for e in atom.entries]
        assert [i["title"] for i in items] == [e.title for e in atom.entries]
        raw = etree.fromstring(files[ref.atom_path]).iterfind(f"{ATOM}entry")
        for item, entry, element in zip(items, atom.entries, raw, strict=True):
            assert datetime.fromisoformat(item["date_published"]) == datetime.fromisoformat(entry.published)
            assert datetime.fromisoformat(item["date_modified"]) == datetime.fromisoformat(entry.updated)
            assert item["content_html"] == element.findtext(f"{ATOM}content"), "the same HTML (feedparser rewrites it)"
            assert item["summary"] == entry.summary
            assert item["language"] == entry.content[0].language
            assert item.get("tags", []) == [t.label for t in entry.get("tags", []) if t.scheme.endswith("/topics/")]
    assert json.loads(files["feeds/ideas.json"])["items"], "the example has live ideas"


def test_json_feeds_are_utf_8_and_carry_no_markup_characters_raw() -> None:
    """`<`, `>` and `&` only as \\u escapes: a file sniffed as HTML by some tool still holds no tag."""
    files = feed_files(_plan())
    for path, data in files.items():
        if path.endswith(".json"):
            text = data.decode("utf-8")
            assert not re.search(r"[<>&]", text), path
            assert text.endswith("}\n") and "\\u00e9" not in text, "UTF-8 as it is, one form only"
    assert "\\u003cp\\u003e" in files["feeds/ideas.json"].decode("utf-8")


def test_json_feeds_are_byte_identical_from_plan_to_plan() -> None:
    one, two = feed_files(_plan()), feed_files(_plan())
    assert {p: d for p, d in one.items() if p.endswith(".json")} == {p: d for p, d in two.items() if p.endswith(".json")}


def test_pages_announce_the_json_feed_beside_atom_and_rss(built: Built) -> None:
    plan = _plan(built.project)
    checked = 0
    for page in plan.pages:
        if not page.feeds:
            continue
        doc = html.fromstring((built.site / page.output_path).read_bytes())
        kinds = [link.get("type") for link in doc.iterfind(".//head/link[@rel='alternate']")]
        for ref in page.feeds:
            assert kinds.count("application/feed+json") == kinds.count("application/atom+xml") == len(page.feeds)
            hrefs = {link.get("href") for link in doc.iterfind(".//head/link[@type='application/feed+json']")}
            assert any(h.endswith(ref.json_path) for h in hrefs), (page.url, hrefs)
        checked += 1
    assert checked == 23, "home, charter, ideas and 20 term pages"
    subscribe = (built.site / "subscribe" / "index.html").read_text(encoding="utf-8")
    for ref in plan.feed_refs:
        assert f'href="../{ref.json_path}" type="application/feed+json"' in subscribe, ref.key


@pytest.mark.parametrize("path", ["feeds/ideas.json", "feeds/topics/engineering.json"])
def test_json_feed_items_carry_the_sites_absolute_links(path: str) -> None:
    plan = _plan()
    feed = json.loads(feed_files(plan)[path])
    for item in feed["items"]:
        assert item["url"].startswith(plan.config.base_url)
        for url in re.findall(r'\b(?:href|src)="([^"]*)"', item["content_html"]):
            assert url.startswith(("https://", "http://", "mailto:", "tel:")), url
