"""Hostile content: scripts, handlers, `javascript:` URLs, control characters, a huge body, emoji and RTL text."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from hub.config import Stance, load_config
from hub.content.load import load_content
from hub.feeds.html import absolute_url, feed_html, xml_text
from hub.feeds.items import idea_guid
from hub.feeds.xml import feed_files
from hub.models import Content
from hub.plan import make_plan
from hub.timeparse import parse_instant
from tests.conftest import NOW

HOSTILE_ID = "5e0c4a8e-6f7d-4d5b-9a8f-1c2d3e4f5a6b"
EMOJI = "🎉 👩🏽‍💻 🇫🇷"
HEBREW = "שלום עולם, זה רעיון"
ARABIC = "أخيرًا أصبح فريقي يقرأ الجدول"
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F))
PARAGRAPH = "Plain paragraph number {n}, with *emphasis* and a [relative link](../other-idea/).\n\n"
END_MARKER = "The very last sentence of a very long body."

HOSTILE_BODY = f"""## Before

Text with controls:{CONTROLS}end, and non-characters \ufffe\uffff here.

<script>alert("script")</script>
<img src="pic.png" onerror="alert('onerror')" alt="A picture">
<a href="javascript:alert('js')">javascript link</a>
<a href="JaVaScRiPt:alert('js2')">mixed-case javascript</a>
<a href=" javascript:alert('js3')">spaced javascript</a>
[markdown javascript](javascript:alert('md'))
<a href="data:text/html,<script>alert(1)</script>">data link</a>
<iframe src="https://evil.example/"></iframe>
<svg onload="alert('svg')"><circle r="1"/></svg>
<form action="https://evil.example/"><input name="q"></form>
<style>body {{ display: none }}</style>
<p onclick="alert('click')" style="position:fixed">Clickable paragraph</p>
<object data="https://evil.example/x.swf"></object>

Emoji {EMOJI} and right to left: <span dir="rtl" lang="he">{HEBREW}</span>

<blockquote lang="ar" dir="rtl">{ARABIC}</blockquote>

[A sibling idea](../other-idea/) and ![an image](pic.png) and [a section](#before).

{"".join(PARAGRAPH.format(n=n) for n in range(300))}{END_MARKER}
"""

HOSTILE_IDEA = f"""---
id: {HOSTILE_ID}
title: "Hostile \\x01 title \\x1f with \\uFFFE <b>tags</b> & {EMOJI}"
summary: "A summary with {HEBREW} and a control \\x08 character."
date: 2026-11-24 09:00
topics: [engineering]
audiences: [engineers]
channels: [blog, mastodon]
lang: en
sensitivity: ask
contact: "Eve \\x07 Mallory, Security (eve@example.com)"
guidelines: [confidential]
angles:
  - "What would [this link](javascript:alert('angle')) do?"
  - "Which <script>alert(1)</script> part surprised you?"
facts:
  - "A fact with a control \\x0b character and {ARABIC}."
links:
  - title: "A source <script>x</script>"
    url: https://www.example.com/source
---

{HOSTILE_BODY}"""

DANGEROUS = [r"<script", r"alert\(", r"javascript:", r"onerror", r"onload", r"onclick", r"<iframe", r"<svg",
             r"<form", r"<input", r"<style", r"<object", r"data:text", r"style="]


@pytest.fixture
def hostile(project: Path) -> dict[str, bytes]:
    """The example project with one hostile idea, live at NOW: its feed files."""
    folder = project / "content" / "ideas" / "hostile"
    folder.mkdir()
    (folder / "hostile.md").write_text(HOSTILE_IDEA, encoding="utf-8")
    (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # Emoji in the title on purpose: this idea tries the feeds, not the stance (tests/test_stance.py).
    config = replace(load_config(project), stance=Stance(fail=frozenset()))
    loaded = load_content(config)
    assert not loaded.errors, loaded.errors
    plan = make_plan(loaded.content, config, parse_instant(NOW, config.timezone))
    assert any(i.id == HOSTILE_ID for i in plan.live_ideas)
    return feed_files(plan)


def _raw_content(data: bytes, guid: str) -> str:
    """An item's HTML exactly as written in the feed (feedparser would sanitize it once more)."""
    root = etree.fromstring(data)
    if root.tag == "rss":
        item = next(i for i in root.iterfind("channel/item") if i.findtext("guid") == guid)
        return item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in root.iterfind(f"{atom}entry") if e.findtext(f"{atom}id") == guid)
    return entry.findtext(f"{atom}content") or ""


def shown(detail: feedparser.FeedParserDict) -> str:
    """A feed text as a reader shows it: HTML rendered (and holding no element), or the text itself."""
    if detail.type != "text/html":
        return str(detail.value)
    fragment = lxml.html.fragment_fromstring(detail.value, create_parent="div")
    assert len(fragment) == 0, f"markup in a text field: {detail.value!r}"
    return str(fragment.text_content())


def _hostile_entry(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return next(e for e in feed.entries if e.id == f"urn:uuid:{HOSTILE_ID}")


def test_every_feed_with_the_hostile_idea_is_valid_xml(hostile: dict[str, bytes]) -> None:
    having = [p for p, data in hostile.items() if HOSTILE_ID.encode() in data]
    assert {"feeds/ideas.rss.xml", "feeds/ideas.atom.xml", "feeds/topics/engineering.atom.xml",
            "feeds/channels/blog.rss.xml"} <= set(having)
    for path, data in hostile.items():
        if path.endswith(".json"):
            assert json.loads(data)["items"] is not None and b"<" not in data, path  # markup only as \u003c
            continue
        if path.endswith((".html", ".ics")):
            continue  # the feeds' pages and calendars: tests/test_feed_view.py, tests/test_events.py
        etree.fromstring(data, etree.XMLParser(recover=False))  # strict: raises on any illegal character
        if path.endswith(".xml"):
            assert not feedparser.parse(data).bozo, path


@pytest.mark.parametrize("path", ["feeds/ideas.rss.xml", "feeds/ideas.atom.xml"])
def test_dangerous_parts_are_removed_and_the_rest_is_intact(hostile: dict[str, bytes], path: str) -> None:
    entry = _hostile_entry(hostile[path])
    html = _raw_content(hostile[path], f"urn:uuid:{HOSTILE_ID}")
    raw = hostile[path].decode("utf-8")
    for pattern in DANGEROUS:
        assert not re.search(pattern, html, re.I), f"{pattern} survived in the content"
    assert not re.search(r"javascript:|alert\(", raw, re.I), "nothing dangerous anywhere in the feed"
    for char in CONTROLS + "\ufffe\uffff":
        assert char not in raw, f"U+{ord(char):04X} survived"
    # What was meant to be there is there.
    # A reader shows the title as text (Atom says so) or renders it as HTML (RSS readers guess): the same words.
    assert entry.title_detail.type == ("text/html" if path.endswith(".rss.xml") else "text/plain")
    assert shown(entry.title_detail) == f"Hostile  title  with  <b>tags</b> & {EMOJI}"
    assert HEBREW in entry.summary and "control character" in entry.summary
    assert EMOJI in html and HEBREW in html and ARABIC in html
    assert '<span dir="rtl" lang="he">' in html and '<blockquote lang="ar" dir="rtl">' in html
    assert "Text with controls:end" in html
    assert "Clickable paragraph" in html and "javascript link" in html and "A picture" in html
    assert "Paragraph number" not in html and "Plain paragraph number 299" in html and END_MARKER in html
    assert len(html) > 25_000  # the longest body hub accepts is 32,000 characters (hub.content.bounds)
    base = "https://intranet.example/comms/hub/"
    assert f'src="{base}ideas/hostile/pic.png"' in html
    assert f'href="{base}ideas/other-idea/"' in html
    assert f'href="{base}ideas/hostile/#user-content-before"' in html
    assert html.startswith("<div><p><strong>Sensitivity: ask first.</strong>")
    assert "Talk to Eve  Mallory" in html.split("</p>")[0]
    assert "https://www.example.com/source" in html and "A source" in html


def test_contact_and_fields_lose_only_their_control_characters(hostile: dict[str, bytes]) -> None:
    atom = _hostile_entry(hostile["feeds/ideas.atom.xml"])
    assert "author" not in atom, "the contact is whom to ask, not an author"
    html = _raw_content(hostile["feeds/ideas.atom.xml"], f"urn:uuid:{HOSTILE_ID}")
    assert "Eve  Mallory" in html and "eve@example.com" in html
    assert f"A fact with a control  character and {ARABIC}." in html
    assert '<li>What would <a title="angle">this link</a>) do?</li>' in html  # Markdown reads `(…'angle')` as a title
    assert "<li>Which  part surprised you?</li>" in html


def test_lone_surrogates_and_non_characters_never_reach_the_xml(project: Path) -> None:
    config = load_config(project)
    content = load_content(config).content
    idea = content.ideas[-1]
    broken = replace(idea, title="Lone \ud800 surrogate \uffff and \x00 nul", summary="Sum\udfffmary",
                     body="Body \ud83d with a lone high surrogate.", draft=False, expires=None)
    plan = make_plan(Content(content.guidelines, (broken,)), config, parse_instant(NOW, config.timezone))
    files = feed_files(plan)
    entry = _hostile_entry_by(files["feeds/ideas.atom.xml"], idea_guid(broken))
    assert entry.title == "Lone  surrogate  and  nul"
    assert entry.summary == "Summary"
    assert "Body  with a lone high surrogate." in entry.content[0].value


def _hostile_entry_by(data: bytes, guid: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return next(e for e in feed.entries if e.id == guid)


@pytest.mark.parametrize("url, expected", [
    ("pic.png", "https://h.example/hub/ideas/a/pic.png"),
    ("../b/", "https://h.example/hub/ideas/b/"),
    ("#x", "https://h.example/hub/ideas/a/#x"),
    ("//other.example/x", "https://other.example/x"),
    ("mailto:a@example.com", "mailto:a@example.com"),
    ("javascript:alert(1)", None),
    ("data:text/html,x", None),
    ("vbscript:x", None),
])
def test_absolute_url(url: str, expected: str | None) -> None:
    assert absolute_url(url, "https://h.example/hub/ideas/a/") == expected


def test_feed_html_keeps_a_safe_subset() -> None:
    html = feed_html('<h1 id="t" class="c">T</h1><p style="color:red" onmouseover="x()">P <a href="javascript:x">j</a>'
                     '<a href="rel/">r</a></p><script>bad()</script>', "https://h.example/a/")
    assert html == '<h1>T</h1><p>P <a>j</a><a href="https://h.example/a/rel/">r</a></p>'


def test_xml_text_keeps_tabs_newlines_and_everything_printable() -> None:
    keep = "a\tb\nc\rd é ✓ 🎉 \u200f\u202e שלום \ue000 \U0010fffd"
    assert xml_text(keep) == keep
    assert xml_text("\x00\x1f\x7f\x85\ud800\udfff\ufffe\uffff") == ""
