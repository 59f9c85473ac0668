"""Markup from content and configuration stays text, on both engines: ids that cannot clobber the theme's, feed
texts escaped exactly once, configuration values escaped everywhere, no tooltip HTML, no `src` to another host."""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from lxml import etree

import hub.build
from hub.build import build_site
from hub.config import load_config
from hub.content.load import load_content
from hub.render.markup import sanitize
from hub.timeparse import parse_instant
from tests.browser import SUB_PATH, SubPathHandler, require_browser, run_driver
from tests.conftest import ENGINES, NOW, copy_project
from tests.test_feeds_hostile import shown

SITE_NAME = """Hub <img src=x onerror=alert('name')> & "Co\""""
SITE_DESCRIPTION = "<script>alert('description')</script> R&D, in our <b>own</b> words"
SITE_URL = "https://intranet.example/hub/\"><svg/onload=alert('url')>/"
LABEL = "Eng <b onmouseover=alert('label')>ineering</b>"
TERM_DESCRIPTION = "<img src=x onerror=alert('term')> How we build things."

IDEA_ID = "0b7e3c52-5d6f-4c1a-9e2b-3f4a5b6c7d8e"
IDEA_TITLE = "Safe </title><script>alert('title')</script> & sound"
SUMMARY_CODE = "<img src=x onerror=alert('summary')>"
TOOLTIP = "<img src=x onerror=alert('tooltip')>"
LINK_TITLE = "<b>bold</b> & <i>tip</i>"
EXTERNAL_IMAGES = {
    "https://evil.example/front.png", "https://evil.example/md.png", "https://evil.example/raw.png",
    "https://evil.example/proto.png", "https://evil.example/entity.png", "https://evil.example/back.png",
    "https://evil.example/back2.png",
}
"""Every image from another host in the idea below, as the link that replaces it points at it."""

IDEA = f"""---
id: {IDEA_ID}
title: "{IDEA_TITLE}"
summary: "Shows `{SUMMARY_CODE}` in code, & more."
date: 2026-11-20 09:00
topics: [engineering]
audiences: [engineers]
channels: [blog]
lang: en
sensitivity: open
image: https://evil.example/front.png
angles:
  - What would you try first?
  - What surprised you?
---

## Part one

See [the second part](#part-two), a note[^n], and [a rule's section](../../guidelines/safety-rules.md#some-heading).

<div id="__config">{{"base": "https://evil.example/"}}</div>
<p id="__drawer" name="__search">A paragraph that wants the theme's ids.</p>
<a href="#part-two" name="__config">named anchor</a>

<span title="{TOOLTIP}">hover me</span> and [a titled link](https://www.example.com/ "{LINK_TITLE}").

![md](https://evil.example/md.png)
<img src="https://evil.example/raw.png" alt="raw">
<img src="//evil.example/proto.png" alt="proto">
<img src="&#104;ttps://evil.example/entity.png" alt="entity">
<img src="\\\\evil.example\\back.png" alt="back">
<img src="https:\\\\evil.example\\back2.png" alt="back2">
![local](pic.png)

## Part two

The end.

[^n]: The note.
"""

CHANGES_CODE = "<img src=x onerror=alert('changes')>"
GUIDELINE = f"""---
title: Safety rules
summary: What we keep safe.
order: 99
updated: 2026-11-21
changes: "Now shows `{CHANGES_CODE}` in code."
---

Intro.

## Some heading

The section a link lands on.
"""

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2a1d5a60000000049454e44ae426082")


@dataclass(frozen=True)
class Site:
    """A hostile build: the engine, the site folder and the published base URL."""

    engine: str
    site: Path
    base_url: str

    def page(self, url: str) -> lxml.html.HtmlElement:
        return lxml.html.fromstring((self.site / url / "index.html").read_bytes())

    def html_files(self) -> list[Path]:
        return sorted(p for p in self.site.rglob("*.html") if "pagefind" not in p.parts)


def hostile_project(root: Path) -> Path:
    """The example project with hostile configuration values, one hostile idea and one hostile guideline."""
    project = copy_project(root)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(site_name=SITE_NAME, site_description=SITE_DESCRIPTION, site_url=SITE_URL)
    config["theme"]["features"] = ["content.tooltips", "content.code.copy"]
    config["extra"]["hub"]["topics"]["engineering"] = {"label": LABEL, "description": TERM_DESCRIPTION}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    folder = project / "content" / "ideas" / "safety"
    folder.mkdir()
    (folder / "safety.md").write_text(IDEA, encoding="utf-8")
    (folder / "pic.png").write_bytes(PNG)
    (project / "content" / "guidelines" / "safety-rules.md").write_text(GUIDELINE, encoding="utf-8")
    return project


@pytest.fixture(scope="module", params=ENGINES)
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The hostile project built for real by each engine.

    `hub check` stops images from another host before a build (another rule); this build skips that check,
    to show that rendering itself never emits them.
    """
    engine = str(request.param)
    base = tmp_path_factory.mktemp(f"hostile-{engine}")
    project = hostile_project(base / "project")
    config = load_config(project)
    old = Path.cwd()
    os.chdir(project)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(hub.build, "checked_content", lambda config, **_: load_content(config))
            build_site(config, parse_instant(NOW, config.timezone), base / "site", engine=engine)
    finally:
        os.chdir(old)
    yield Site(engine, base / "site", config.base_url)


def _body(site: Site) -> lxml.html.HtmlElement:
    bodies = site.page("ideas/safety").find_class("hub-body")
    assert len(bodies) == 1
    return bodies[0]


def _feed(site: Site, path: str) -> tuple[bytes, feedparser.FeedParserDict]:
    data = (site.site / path).read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return data, parsed


def _markup_from_outside(tree: lxml.html.HtmlElement) -> list[str]:
    """Elements and attributes that only a hostile value could have made: handlers, scripts that alert, `src=x`."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        found += [f"<{element.tag} {name}>" for name in element.attrib if name.lower().startswith("on")]
        if element.tag == "script" and "alert('" in (element.text or ""):  # a value that broke out of its string
            found.append("<script>alert(…)")
        if element.tag == "img" and element.get("src") == "x":
            found.append("<img src=x>")
    return found


# 4. Markup from the content.

def test_content_ids_and_names_cannot_take_the_themes(hostile: Site) -> None:
    page = hostile.page("ideas/safety")
    body = _body(hostile)
    ids = [e.get("id") for e in body.iter() if isinstance(e.tag, str) and e.get("id")]
    assert ids and all(i.startswith("user-content-") for i in ids), ids
    assert {"user-content-__config", "user-content-__drawer", "user-content-part-two"} <= set(ids)
    assert not [e for e in body.iter() if isinstance(e.tag, str) and e.get("name")]
    themes = page.xpath('//*[@id="__config"]')
    if hostile.engine in ("mkdocs", "zensical"):
        assert [e.tag for e in themes] == ["script"], "only Material's own configuration has id __config"
        assert json.loads(themes[0].text)["base"] != "https://evil.example/"
    else:
        assert themes == []


def test_footnotes_heading_anchors_and_fragment_links_land_on_their_targets(hostile: Site) -> None:
    page = hostile.page("ideas/safety")
    ids = set(page.xpath("//@id"))
    links = [a.get("href") for a in _body(hostile).iter("a") if (a.get("href") or "").startswith("#")]
    assert "#user-content-part-two" in links and "#user-content-fn:n" in links, links
    for href in links:
        assert href[1:] in ids, f"{href} lands nowhere"
    backref = page.xpath('//a[@class="footnote-backref"]/@href')
    assert backref == ["#user-content-fnref:n"] and "user-content-fnref:n" in ids
    # A link to a section of another page lands on that page's prefixed heading id.
    cross = [a.get("href") for a in _body(hostile).iter("a") if "safety-rules" in (a.get("href") or "")]
    assert cross == ["../../charter/safety-rules/#user-content-some-heading"]
    assert "user-content-some-heading" in hostile.page("charter/safety-rules").xpath("//@id")


def test_every_feed_text_is_escaped_exactly_once(hostile: Site) -> None:
    summary = f"Shows {SUMMARY_CODE} in code, & more."
    for path in ("feeds/ideas.rss.xml", "feeds/ideas.atom.xml"):
        data, parsed = _feed(hostile, path)
        for entry in parsed.entries:  # feedparser, as a reader: no text field of any item holds markup
            shown(entry.title_detail)
            shown(entry.summary_detail)
        entry = next(e for e in parsed.entries if e.id == f"urn:uuid:{IDEA_ID}")
        assert shown(entry.title_detail) == IDEA_TITLE
        assert shown(entry.summary_detail) == summary
        content = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
        assert SUMMARY_CODE in content.xpath("string(.//code)") and not _markup_from_outside(content)
        # lxml, on the raw XML: RSS description is HTML holding the text; Atom's summary is text.
        root = etree.fromstring(data)
        if root.tag == "rss":
            item = next(i for i in root.iterfind("channel/item") if i.findtext("guid") == f"urn:uuid:{IDEA_ID}")
            described = lxml.html.fragment_fromstring(item.findtext("description"), create_parent="div")
            assert len(described) == 0 and described.text_content() == summary
        else:
            atom = "{http://www.w3.org/2005/Atom}"
            element = next(e for e in root.iterfind(f"{atom}entry") if e.findtext(f"{atom}id") == f"urn:uuid:{IDEA_ID}")
            assert element.find(f"{atom}summary").get("type") in (None, "text")
            assert element.findtext(f"{atom}summary") == summary
    for path in ("feeds/charter.atom.xml", "feeds/charter.rss.xml"):
        _, parsed = _feed(hostile, path)
        change = next(e for e in parsed.entries if "Safety rules" in e.title)
        assert shown(change.summary_detail) == f"Now shows {CHANGES_CODE} in code."


def test_configuration_values_are_escaped_on_every_page_and_feed(hostile: Site) -> None:
    pages = hostile.html_files()
    assert len(pages) > 30
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        tree = lxml.html.fromstring(raw)
        assert not _markup_from_outside(tree), (path, _markup_from_outside(tree))
        assert not re.search(r"&amp;(lt|gt|quot|amp|#x?[0-9a-f]+);", raw, re.I), f"{path}: escaped twice"
    home = lxml.html.fromstring((hostile.site / "index.html").read_bytes())
    assert SITE_NAME in home.findtext(".//title")
    assert SITE_NAME in home.xpath("string(//header)") and SITE_NAME in home.xpath("string(//footer)")
    if hostile.engine in ("mkdocs", "zensical"):  # Material falls back to site_description where hub gives a page none
        assert home.xpath('//meta[@name="description"]/@content') == [SITE_DESCRIPTION]
        assert all('"' not in href and "<" not in href for href in home.xpath("//link/@href"))
    assert SITE_DESCRIPTION in home.xpath("string(//*[@class='hub-lead'])")
    facet = hostile.page("topics/engineering")
    assert LABEL in facet.xpath("string(//h1)") and TERM_DESCRIPTION in facet.xpath("string(//*[@class='hub-lead'])")
    # The subscribe page's picker takes its OPML from data attributes: they hold the text, once.
    subscribe = hostile.page("subscribe")
    titles = subscribe.xpath("//input/@data-title")
    assert any(LABEL in t for t in titles) and subscribe.xpath("//div[@data-hub-picker]/@data-opml-title") == [
        f"{SITE_NAME}: chosen feeds"]
    opml = etree.fromstring((hostile.site / "feeds" / "all.opml").read_bytes())
    assert opml.findtext("head/title") == f"{SITE_NAME}: all feeds"
    assert [o.get("text") for o in opml.iterfind("body/outline")] == [
        f"All ideas · {SITE_NAME}", f"Charter changes · {SITE_NAME}"], "all ideas and the charter, their titles once"
    for feed in ("feeds/topics/engineering.rss.xml", "feeds/topics/engineering.atom.xml"):
        _, parsed = _feed(hostile, feed)
        assert shown(parsed.feed.title_detail) == f"Ideas — topic: {LABEL} · {SITE_NAME}"
        assert f"{LABEL}, newest first. {TERM_DESCRIPTION} Read it on " in shown(parsed.feed.subtitle_detail)


def test_a_title_from_content_cannot_become_markup_through_tooltips(hostile: Site) -> None:
    page = hostile.page("ideas/safety")
    titled = [e for e in _body(hostile).iter() if isinstance(e.tag, str) and e.get("title")]
    assert {TOOLTIP, LINK_TITLE} <= {e.get("title") for e in titled}, "the titles stay, as text"
    if hostile.engine in ("mkdocs", "zensical"):
        # Material's content.tooltips sets a tooltip's innerHTML from the title: hub never passes the project's
        # theme.features to Material (hub check warns about the key), and its hook turns this one off.
        features = json.loads(page.xpath('//script[@id="__config"]')[0].text)["features"]
        assert "content.tooltips" not in features


# 5. No request outside the site.

def _is_site_relative(src: str) -> bool:
    return not re.match(r"^([a-z][a-z0-9+.-]*:|[/\\]|\s)", src, re.I) and "\\" not in src


def test_images_from_another_host_become_links_in_pages_and_feeds(hostile: Site) -> None:
    for path in hostile.html_files():
        tree = lxml.html.fromstring(path.read_bytes())
        for src in tree.xpath("//@src"):
            assert _is_site_relative(src) or (path.name == "404.html" and src.startswith("/")), f"{path}: src={src}"
    links = {a.get("href") for a in hostile.page("ideas/safety").find_class("hub-external")}
    assert links == EXTERNAL_IMAGES
    assert hostile.page("ideas/safety").xpath("//img[@alt='local']/@src") == ["pic.png"]
    _, parsed = _feed(hostile, "feeds/ideas.atom.xml")
    entry = next(e for e in parsed.entries if e.id == f"urn:uuid:{IDEA_ID}")
    content = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    assert content.xpath("//img/@src") == [f"{hostile.base_url}ideas/safety/pic.png"]
    assert set(content.xpath("//a/@href")) >= EXTERNAL_IMAGES


@pytest.mark.parametrize("src", [
    "https://evil.example/a.png", "http://evil.example/a.png", "//evil.example/a.png", "\\\\evil.example\\a.png",
    "https:\\\\evil.example\\a.png", "&#104;ttps://evil.example/a.png", "&#x2f;&#x2f;evil.example/a.png",
    " //evil.example/a.png", "/\t/evil.example/a.png", "HTTPS://evil.example/a.png", "/rooted.png",
])
def test_no_spelling_of_another_host_keeps_its_src(src: str) -> None:
    html = sanitize(f'<p><img src="{src}" alt="x"></p>')
    assert "<img" not in html and 'class="hub-external"' in html, html


# In a real browser: nothing from the hostile values runs, nothing is fetched from another host.

@pytest.mark.browser
def test_no_hostile_value_runs_or_fetches_in_chromium(hostile: Site, tmp_path: Path) -> None:
    chromium = require_browser()
    handler = functools.partial(SubPathHandler, directory=str(hostile.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
        pages = ["./", "ideas/safety/", "topics/engineering/", "subscribe/", "charter/safety-rules/", "no-such-page/"]
        report = run_driver("safety_browser.mjs", {"chromium": chromium, "base": base, "pages": pages}, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert report["dialogs"] == [], "a hostile value ran as script"
    assert report["blocked"] == [], "a page fetched from another host"
    hovered = {p["path"]: p["titled"] for p in report["pages"]}
    assert hovered["ideas/safety/"] >= 2, "the titled elements were there to hover"
