"""The idea page, the cards, the feed boxes and the subscribe page as a reader meets them, on both engines (issue 14)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.render.pages import Helpers
from tests.conftest import NOW, Built, copy_project
from tests.test_site import example_plan

IDEA = "content/ideas/2026/ci-energy.md"
CORRECTION = "The September figure is 1,290 kWh, not 1,920 kWh."


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """The example with one idea corrected after publication, built once per engine."""
    cache: dict[str, Built] = {}

    def get(engine: str) -> Built:
        if engine not in cache:
            base = tmp_path_factory.mktemp(f"corrected-{engine}")
            project = copy_project(base / "project")
            idea = project / IDEA
            text = idea.read_text(encoding="utf-8")
            idea.write_text(text.replace("lang: en\n", f"lang: en\nupdated: 2026-11-10 14:30\ncorrection: {CORRECTION}\n", 1),
                            encoding="utf-8")
            site = base / "site"

            old = Path.cwd()
            os.chdir(project)
            try:
                result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(site), "--now", NOW])
            finally:
                os.chdir(old)
            assert result.exit_code == 0, result.output
            cache[engine] = Built(engine, project, site)
        return cache[engine]

    return get


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_correction_shows_on_the_page_and_heads_the_feed_item(engine: str, corrected: Callable[[str], Built],
                                                                 built: Built) -> None:
    site = corrected(engine).site
    page = (site / "ideas/ci-energy/index.html").read_text(encoding="utf-8")
    assert f"Updated on 2026-11-10: {CORRECTION}" in _text(page)
    assert '<time datetime="2026-11-10T14:30:00+01:00">' in page
    for name in ("ideas.atom.xml", "ideas.rss.xml"):
        entry = next(e for e in feedparser.parse((site / "feeds" / name).read_bytes()).entries if "ci-energy" in e.link)
        content = entry.content[0].value if "content" in entry else entry.description
        assert _text(content).startswith(f"Updated on 2026-11-10: {CORRECTION}"), content[:300]
        before = next(e for e in feedparser.parse((built.site / "feeds" / name).read_bytes()).entries
                      if "ci-energy" in e.link)
        assert entry.id == before.id, "a correction keeps the item's GUID"
        assert "Updated on" not in (before.content[0].value if "content" in before else before.description)
    atom = feedparser.parse((site / "feeds/ideas.atom.xml").read_bytes())
    item = next(e for e in atom.entries if "ci-energy" in e.link)
    assert item.updated.startswith("2026-11-10T14:30:00")


def test_an_idea_page_links_its_contact_and_asks_its_angles_as_numbered_questions(built: Built) -> None:
    page = (built.site / "ideas/halyard-integration-one-year/index.html").read_text(encoding="utf-8")
    assert ('<dd>Julien Ferrand, Legal (<a href="mailto:julien.ferrand@example.com">julien.ferrand@example.com</a>)</dd>'
            in page)
    assert 'Talk to Julien Ferrand, Legal (<a href="mailto:julien.ferrand@example.com">' in page, "the ask banner too"
    lists = re.findall(r'<ol class="hub-angles">(.*?)</ol>', page, re.S)
    assert len(lists) == 1 and lists[0].count("<li>") >= 2 and all("?" in li for li in lists[0].split("<li>")[1:])
    assert 'class="hub-angles-lead"><strong>Questions to start from.</strong>' in page
    assert "<ul class=\"hub-angles\">" not in page and "<blockquote" not in page


@pytest.mark.parametrize(("contact", "expected"), [
    ("Ana (ana.lima@example.com)", 'Ana (<a href="mailto:ana.lima@example.com">ana.lima@example.com</a>)'),
    ('x@y.com" onmouseover="alert(1)', '<a href="mailto:x@y.com">x@y.com</a>" onmouseover="alert(1)'),
    ("<script>alert(1)</script> bo@ex.org", ' <a href="mailto:bo@ex.org">bo@ex.org</a>'),
    ("Legal, no address", "Legal, no address"),
    ("ana@localhost or a..b@x.com", "ana@localhost or a..b@x.com"),
    ("javascript:alert(1)//@x.com", "javascript:alert(1)//@x.com"),
])
def test_only_a_valid_address_becomes_a_mailto_link(contact: str, expected: str) -> None:
    plan = example_plan()
    html = str(Helpers(plan, "ideas/x/", "en").contact(contact))
    assert html == expected
    assert "<script" not in html and "<a href=\"mailto:x@y.com\" " not in html


def test_every_card_says_its_level_in_words(built: Built) -> None:
    page = (built.site / "ideas/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="hub-card".*?</article>', page, re.S)
    assert len(cards) >= 10
    flags = [re.findall(r'hub-flag--(open|care|ask)">([^<]+)<', card) for card in cards]
    assert all(len(f) == 1 for f in flags), flags
    assert {f[0] for f in flags} == {("open", "Open"), ("care", "Take care"), ("ask", "Ask first")}


def test_a_term_page_feed_box_is_short(built: Built) -> None:
    page = (built.site / "topics/engineering/index.html").read_text(encoding="utf-8")
    box = re.search(r'<aside class="hub-feeds".*?</aside>', page, re.S)
    assert box is not None
    assert _text(box.group(0)) == "Follow this page in your feed reader: Atom feed · RSS feed · JSON Feed (preview, how)"
    assert 'href="../../feeds/topics/engineering.html"' in box.group(0), "the feed's page"
    assert 'href="../../feeds/topics/engineering.atom.xml"' in box.group(0)


def test_the_subscribe_page_offers_a_copy_button_per_address_and_says_which_format(built: Built) -> None:
    page = (built.site / "subscribe/index.html").read_text(encoding="utf-8")
    addresses = re.findall(r"<code>(https://intranet\.example/comms/hub/feeds/[^<]+\.(?:xml|json))</code>", page)
    copies = re.findall(r'data-hub-copy="([^"]+)"', page)
    assert len(addresses) == 66 and copies == addresses, "RSS, Atom and JSON Feed of 22 feeds"
    assert 'aria-label="Copy the RSS address of “Engineering”"' in page
    assert "if you are unsure, take the RSS address" in page
    assert page.index("data-hub-bar") > page.rindex("hub-feed-group"), "the bar follows the feeds (and sticks)"
