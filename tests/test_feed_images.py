"""An image from another host never reaches a feed item (hub.feeds.html.feed_html drops its `src`): a feed reader
that fetched it would tell that host who reads the feed, and when.

The pages' Markdown already turns such an image into a link (hub.render.markup) and `hub check` refuses it, so the
feed's filter is the last defence. This test forces images past both: an idea whose body has them (the plan made
despite the check's errors) and a project's own feed template that writes `<img>` tags itself, in every spelling
of another host. Then the real feed files are read back (feedparser for RSS and Atom, json for JSON Feed) and
every image of every item must be on the site's own host. A local image stays, so the filter is seen keeping one."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html

from hub.config import load_config
from hub.content.load import load_content
from hub.feeds.xml import feed_files
from hub.plan import make_plan
from hub.themes import shipped_theme
from hub.timeparse import parse_instant
from tests.test_catalog_order import NOW, small_site

OTHER_HOSTS = (
    "https://cdn.example.org/a.png",
    "http://cdn.example.org/b.png",
    "//cdn.example.org/c.png",
    "HTTPS://CDN.EXAMPLE.ORG/d.png",
    " https://cdn.example.org/e.png",
    "https:cdn.example.org/f.png",
    "/\\cdn.example.org/g.png",
    "https&#58;//cdn.example.org/h.png",
)
"""`src` values a browser or a feed reader would fetch from another host."""
LOCAL = "../../assets/hub/local.png"


def _images_of(html: str) -> list[str]:
    if not html.strip():
        return []
    return [img.get("src", "") for img in lxml.html.fragment_fromstring(html, create_parent="div").iter("img")]


def test_no_feed_item_carries_an_image_from_another_host(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    idea = site / "content" / "ideas" / "fete.md"
    idea.write_text(idea.read_text(encoding="utf-8") + "\n![](https://cdn.example.org/body.png)\n\n"
                    '<img src="https://cdn.example.org/raw.png" alt="">\n', encoding="utf-8")
    template = site / "theme" / "overrides" / "templates" / "feed" / "idea.html"
    template.parent.mkdir(parents=True)
    shipped = (shipped_theme() / "templates" / "feed" / "idea.html").read_text(encoding="utf-8")
    forced = "".join(f'<p><img src="{src}" alt="x"></p>' for src in OTHER_HOSTS)
    template.write_text(shipped + forced + f'<p><img src="{LOCAL}" alt="local"></p>', encoding="utf-8")

    config = load_config(site)
    loaded = load_content(config)
    assert loaded.errors and all("image on another host" in p.message for p in loaded.errors), loaded.errors
    plan = make_plan(loaded.content, config, parse_instant(NOW, config.timezone))
    files = feed_files(plan)
    host = urlsplit(plan.absolute("")).netloc

    contents: list[str] = []
    for path, data in sorted(files.items()):
        if path.endswith((".xml", ".rss", ".atom")) and b"<opml" not in data[:400]:
            parsed = feedparser.parse(data)
            assert not parsed.bozo, (path, parsed.bozo_exception)
            contents += [c.value for entry in parsed.entries for c in entry.get("content", [])]
            contents += [entry.get("summary", "") for entry in parsed.entries]
        elif path.endswith(".json"):
            contents += [item.get("content_html", "") for item in json.loads(data).get("items", [])]
    images = [src for html in contents for src in _images_of(html) if src]  # an <img> without src loads nothing
    assert images, "the feeds carry the local image: the check below is not empty"
    assert {urlsplit(src.strip()).netloc for src in images} == {host}, sorted(set(images))
    assert set(images) == {plan.absolute("assets/hub/local.png")}
