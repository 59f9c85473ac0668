"""Feed addresses are for ever: every term keeps its page and feeds when nothing is live; feeds point at their pages."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from typer.testing import CliRunner

from hub.cli import app
from hub.config import load_config
from hub.content.load import load_content
from hub.facets import FACETS
from hub.feeds.xml import feed_files
from hub.models import Sensitivity, Status
from hub.plan import FEED_EPOCH, OPML_PATH, make_plan
from hub.render.pages import page_html
from hub.timeparse import parse_instant
from tests.conftest import ENGINES, EXAMPLE, NOW, copy_project

A_YEAR_LATER = "2027-12-01T12:00:00+01:00"
ATOM = "{http://www.w3.org/2005/Atom}"
EMPTY_FR = "Pas d’idée en ce moment pour"
EMPTY_EN = "No ideas right now for"


def every_term() -> dict[str, str]:
    """Each vocabulary term's feed key and page URL, from the example's configuration."""
    config = load_config(EXAMPLE)
    return {f"{facet.key}/{key}": facet.url(key) for facet in FACETS for key in config.vocabulary(facet).terms}


def expire_everything(project: Path) -> None:
    """Give every idea an `expires` before A_YEAR_LATER, so nothing is live then."""
    for path in sorted((project / "content/ideas").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^expires: .*\n", "", text, flags=re.M)
        text, count = re.subn(r"^(date: .*\n)", r"\1expires: 2027-06-01\n", text, count=1, flags=re.M)
        assert count == 1, path
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def expired_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example with every idea expired, built a year later with each engine."""
    sites = {}
    for engine in ENGINES:
        base = tmp_path_factory.mktemp(f"forever-{engine}")
        project = copy_project(base / "project")
        expire_everything(project)
        old = Path.cwd()
        os.chdir(project)
        try:
            result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(base / "site"),
                                              "--now", A_YEAR_LATER], catch_exceptions=False)
        finally:
            os.chdir(old)
        assert result.exit_code == 0, result.output
        sites[engine] = base / "site"
    return sites


def feeds_on_disk(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "feeds").rglob("*")) if p.is_file()}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_year_later_every_term_keeps_its_page_and_valid_empty_feeds(expired_sites: dict[str, Path],
                                                                      engine: str) -> None:
    site = expired_sites[engine]
    files = feeds_on_disk(site)
    keys = ["ideas", "charter", *every_term()]
    assert len(keys) == 22
    for key in keys:
        for fmt, version in (("rss", "rss20"), ("atom", "atom10")):
            path = f"feeds/{key}.{fmt}.xml"
            assert path in files, f"{path} vanished"
            feed = feedparser.parse(files[path])
            assert not feed.bozo, (path, feed.get("bozo_exception"))
            assert feed.version == version, path
            if key != "charter":
                assert feed.entries == [], f"{path}: nothing is live"
                assert tuple(feed.feed.updated_parsed[:3]) < (2027, 6, 1), f"{path}: a former item's date, not the clock"
    for key, url in every_term().items():
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert EMPTY_EN in html and EMPTY_FR not in html, url  # a term page is chrome: in the site's language
        assert f"feeds/{key}.atom.xml" in html and f"feeds/{key}.rss.xml" in html, f"{url}: its feed links"
    outlines = etree.fromstring(files[OPML_PATH]).findall("body/outline")
    base = load_config(EXAMPLE).base_url
    assert [o.get("xmlUrl") for o in outlines] == [f"{base}feeds/{k}.rss.xml" for k in ("ideas", "charter")]


def test_a_year_later_the_feeds_are_byte_identical_across_engines(expired_sites: dict[str, Path]) -> None:
    first, *others = (feeds_on_disk(expired_sites[e]) for e in ENGINES)
    assert len(first) == 89 + 9, "and the calendars of events and of 8 topics"
    assert all(other == first for other in others)


def test_the_example_a_year_later_keeps_the_feeds_the_issue_saw_vanish() -> None:
    config = load_config(EXAMPLE)
    content = load_content(config).content
    files = feed_files(make_plan(content, config, parse_instant(A_YEAR_LATER, config.timezone)))
    for path in ("feeds/topics/careers.rss.xml", "feeds/audiences/new-joiners.atom.xml"):
        feed = feedparser.parse(files[path])
        assert not feed.bozo and feed.entries == [], path
    assert len(etree.fromstring(files[OPML_PATH]).findall("body/outline")) == 2, "all ideas and the charter"


def test_empty_feed_updated_is_stable_never_the_clock() -> None:
    config = load_config(EXAMPLE)
    content = load_content(config).content
    ideas = tuple(replace(i, expires=i.date + timedelta(minutes=1)) for i in content.ideas)
    content = replace(content, ideas=ideas, guidelines=tuple(replace(g, updated=None) for g in content.guidelines))
    later = parse_instant(A_YEAR_LATER, config.timezone)
    plan = make_plan(content, config, later)
    assert not plan.live_ideas
    files = feed_files(plan)
    assert files == feed_files(make_plan(content, config, later + timedelta(days=400))), "a later build, same bytes"
    ever = [i for i in ideas if i.status(later) is Status.EXPIRED]
    newest = max(i.updated or i.date for i in ever)
    atom = etree.fromstring(files["feeds/ideas.atom.xml"])
    assert atom.findtext(f"{ATOM}updated") == newest.isoformat(), "the newest item it ever had"
    charter = etree.fromstring(files["feeds/charter.atom.xml"])
    assert charter.findtext(f"{ATOM}updated") == FEED_EPOCH.isoformat() == "1970-01-01T00:00:00+00:00"
    assert charter.find(f"{ATOM}entry") is None
    assert not feedparser.parse(files["feeds/charter.rss.xml"]).bozo


# A feed opened in a browser without XSLT: the feed itself says where its page is.


def test_every_feed_links_its_page_and_says_so_in_words() -> None:
    config = load_config(EXAMPLE)
    plan = make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))
    files = feed_files(plan)
    for ref in plan.feed_refs:
        page = plan.absolute(ref.page_url)
        atom = etree.fromstring(files[ref.atom_path])
        alternates = atom.findall(f"{ATOM}link[@rel='alternate']")
        assert [(a.get("type"), a.get("href")) for a in alternates] == [("text/html", page)], ref.key
        assert atom.findtext(f"{ATOM}subtitle", "").endswith(f"Read it on {page}"), ref.key
        rss = etree.fromstring(files[ref.rss_path])
        assert rss.findtext("channel/link") == page, ref.key
        assert rss.findtext("channel/description", "").endswith(f"Read it on {page}"), ref.key
        for data in (files[ref.atom_path], files[ref.rss_path]):
            feed = feedparser.parse(data)
            assert feed.feed.link == page and page in feed.feed.subtitle


def test_pages_with_feeds_point_to_the_subscribe_page() -> None:
    config = load_config(EXAMPLE)
    plan = make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))
    with_feeds = [p for p in plan.pages if p.feeds]
    assert len(with_feeds) == 2 + 20 + 1, "home, ideas, every term page, the charter"
    for page in with_feeds:
        html = page_html(plan, page)
        assert re.search(r'href="(\.\./)*subscribe/"', html), page.url


# Feeds say who is who: no contact as an author.


def test_items_carry_no_author_and_the_contact_stays_in_the_content() -> None:
    config = load_config(EXAMPLE)
    plan = make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))
    files = feed_files(plan)
    asks = [i for i in plan.live_ideas if i.sensitivity is Sensitivity.ASK]
    assert asks, "the example lost its ask ideas"
    for path, data in files.items():
        if not path.endswith(".xml"):
            continue
        feed = feedparser.parse(data)
        assert not feed.bozo, path
        for entry in feed.entries:
            assert "author" not in entry and "author_detail" not in entry, (path, entry.title)
        root = etree.fromstring(data)
        assert not root.findall("channel/item/author") and not root.findall(f"{ATOM}entry/{ATOM}author"), path
        # Whatever author value is left (the channel's) is one a strict address parser accepts.
        left = [e.text or "" for tag in ("author", "managingEditor", "webMaster") for e in root.iter(tag)]
        left += [e.text or "" for e in root.iter(f"{ATOM}email")]
        for value in left:
            assert getaddresses([value], strict=True) != [("", "")], (path, value)
    entries = {e.id: e for e in feedparser.parse(files["feeds/ideas.atom.xml"]).entries}
    for idea in asks:
        html = entries[f"urn:uuid:{idea.id}"].content[0].value
        assert idea.contact.split(",")[0] in html, idea.slug
