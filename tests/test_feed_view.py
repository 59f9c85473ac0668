"""A feed opened in a browser, without XSLT: the feed's own address is styled by CSS, and each feed has a page.

Chromium removes XSLT and warns on every page that uses it. Every feed address of a built site opens in headless
Chromium with no such notice, shows the feed's title and its first item's title, and axe-core finds nothing there;
the pages and the style sheet speak the site's language, and a company's words reach them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import etree, html

from hub.config import load_config
from hub.content.load import load_content
from hub.feeds.view import css_string, feed_style
from hub.feeds.xml import feed_files
from hub.plan import SitePlan, make_plan
from hub.render.templates import words
from hub.render.typography import typeset
from hub.timeparse import parse_instant
from tests.browser import JS, require_browser, run_driver
from tests.browser import served as served  # the built site under a sub-path
from tests.conftest import NOW, ROOT, Built, copy_project
from tests.test_a11y import AXE_TAGS


@pytest.fixture
def engine() -> str:
    """One engine: both publish byte-identical feeds, pages and style sheet (tests/test_engines_compare.py)."""
    return "mkdocs"


def _plan(project: Path = ROOT) -> SitePlan:
    config = load_config(project)
    return make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))


def _french_plan(tmp_path: Path) -> SitePlan:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^(\s+language:) en$", r"\1 fr", config.read_text(encoding="utf-8")), encoding="utf-8")
    plan = _plan(project)
    assert plan.config.lang == "fr"
    return plan


# The page of each feed.


@pytest.mark.parametrize("key", ["ideas", "charter", "topics/engineering", "languages/fr"])
def test_each_feed_has_a_page_with_its_title_addresses_and_items(key: str) -> None:
    plan = _plan()
    files = feed_files(plan)
    ref = next(r for r in plan.feed_refs if r.key == key)
    page = html.fromstring(files[ref.view_path])
    feed = feedparser.parse(files[ref.atom_path])
    assert page.get("lang") == "en" and page.findtext(".//h1") == ref.title
    assert page.findtext("head/title") == f"{ref.title} (feed)"
    assert "This is a feed" in page.text_content()
    addresses = [i.get("value") for i in page.iterfind(".//input")]
    assert addresses == [plan.absolute(p) for p in (ref.rss_path, ref.atom_path, ref.json_path)]
    alternates = {(link.get("type"), link.get("href")) for link in page.iterfind("head/link[@rel='alternate']")}
    assert {t for t, _ in alternates} == {"application/rss+xml", "application/atom+xml", "application/feed+json"}
    items = [(a.text, a.get("href")) for a in page.iterfind(".//ol[@id='items']/li/article/h3/a")]
    assert items == [(e.title, e.link) for e in feed.entries], "the same items as the feed, in its order"
    assert items or page.get_element_by_id("items").text
    links = {a.get("href") for a in page.iterfind(".//a")}
    depth = "../" * key.count("/")
    assert f"../{depth}subscribe/" in links and f"../{depth}{ref.page_url}" in links
    assert page.find(".//script") is None and not page.xpath("//@style")
    if key == "languages/fr":
        assert {a.get("lang") for a in page.iterfind(".//article")} == {"fr"}
    if key == "ideas":
        assert {a.get("lang") for a in page.iterfind(".//article")} == {None, "fr"}


def test_the_site_links_each_feed_s_page() -> None:
    plan = _plan()
    from hub.render.pages import page_html

    topic = plan.page("topics/engineering/")
    assert 'href="../../feeds/topics/engineering.html"' in page_html(plan, topic)
    assert 'href="../../feeds/topics/engineering.json" type="application/feed+json"' in page_html(plan, topic)


def test_a_french_site_s_feed_pages_and_style_sheet_speak_french(tmp_path: Path) -> None:
    plan = _french_plan(tmp_path)
    files = feed_files(plan)
    page = html.fromstring(files["feeds/ideas.html"])
    french, english = words(plan.config, "fr"), words(plan.config, "en")
    text = page.text_content()
    assert page.get("lang") == "fr" and page.findtext("head/title").endswith(" (flux)")
    for key in ("feed.view.skip", "feed.view.what.title", "feed.view.subscribe", "feed.view.page", "feed.view.items"):
        assert typeset(french(key), "fr") in text and english(key) not in text, key
    assert "\u00a0: vous" in text, "French typography in the page's French words"
    days = [(t.get("datetime")[:10], t.text) for t in page.iterfind(".//p[@class='date']/time")]
    assert ("2026-11-19", "19 novembre 2026") in days, days
    css = feed_style(plan.config).decode("utf-8")
    assert css_string(typeset(french("feed.view.what.title"), "fr")) in css and "This is a feed" not in css
    assert "\u00a0: vous" in css, "French spacing in the style sheet's words"


def test_a_company_s_word_reaches_the_style_sheet_and_cannot_break_out_of_its_string(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    overrides = project / "theme" / "overrides" / "locales" / "en" / "LC_MESSAGES"
    overrides.mkdir(parents=True)
    (overrides / "messages.po").write_text(
        'msgid "feed.view.what.title"\nmsgstr "A news feed\\"; } rss { display: none } x { content: \\"</style>"\n',
        encoding="utf-8")
    css = feed_style(load_config(project)).decode("utf-8")
    assert "A news feed" in css and "This is a feed" not in css
    assert "display: none }" not in css.split("A news feed", 1)[1].split(";", 1)[0]
    assert css.count('"') % 2 == 0 and "</style>" not in css
    assert "Newest items" in css, "the other words still come from the theme's catalog"


def test_css_string_escapes_everything_that_could_end_it() -> None:
    assert css_string('a"b\\c\n}</x>') == '"a\\000022b\\00005cc\\00000a\\00007d\\00003c\\00002fx\\00003e"'


# In the browser.


def _feed_paths(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*")
                  if p.suffix in (".xml", ".json", ".html"))


@pytest.mark.browser
def test_every_feed_address_opens_in_chromium_without_xslt_showing_its_title_and_first_item(
        built: Built, served: str, tmp_path: Path) -> None:
    chromium = require_browser("axe-core")
    paths = _feed_paths(built.site)
    assert len(paths) == 22 * 4, "RSS, Atom, JSON Feed and the page of 22 feeds"
    report: dict[str, Any] = run_driver("feed_view.mjs", {
        "chromium": chromium, "base": served, "axe": str(JS / "node_modules" / "axe-core" / "axe.min.js"),
        "tags": AXE_TAGS, "paths": paths}, tmp_path, timeout=600)
    assert report["errors"] == [] and report["blocked"] == [] and report["failed"] == [], report
    plan = _plan(built.project)
    refs = {p: ref for ref in plan.feed_refs for p in (ref.rss_path, ref.atom_path, ref.json_path, ref.view_path)}
    files = feed_files(plan)
    for path, seen in report["pages"].items():
        assert seen["status"] == 200 and not seen["xsltBanner"], (path, seen)
        # A JSON Feed shows in Chromium's own text viewer, a document of the browser's making, not ours.
        assert seen["violations"] == [] or path.endswith(".json"), (path, seen["violations"])
        assert seen["styled"], f"{path}: the feeds' style sheet did not apply"
        ref = refs[path]
        assert seen["title"] == ref.title, (path, seen)
        entries = feedparser.parse(files[ref.atom_path]).entries
        assert seen["firstItem"] == (entries[0].title if entries else None), (path, seen)
    assert {s["kind"] for s in report["pages"].values()} == {"xml", "json", "html"}
    assert sum(1 for s in report["pages"].values() if s["firstItem"]) >= 40, "most feeds have items to show"


def test_the_raw_feed_hides_what_only_readers_need() -> None:
    """The style sheet shows the title, the note, the items' titles, dates, links and summaries, and hides the rest."""
    plan = _plan()
    css = feed_style(plan.config).decode("utf-8")
    assert "rss *, feed * { display: none; }" in css
    for shown in ("item > title", "entry > title", "item > pubDate", "entry > summary", "channel > title"):
        assert shown in css, shown
    assert etree.fromstring(feed_files(plan)["feeds/ideas.rss.xml"]).getprevious() is not None
