"""The feeds: RSS 2.0 and Atom parsed back with feedparser, field by field; the OPML; GUIDs; scheduling."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import etree
from typer.testing import Result

from hub.config import SiteConfig, load_config
from hub.content.load import load_content
from hub.feeds.items import idea_guid
from hub.feeds.view import feed_style
from hub.feeds.xml import STYLESHEET_URL, feed_files
from hub.models import Content, Idea, Sensitivity
from hub.plan import OPML_PATH, SitePlan, idea_url, make_plan
from hub.render.templates import words
from hub.render.typography import typeset
from hub.timeparse import parse_instant
from tests.conftest import EXAMPLE, NOW, Built

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def example() -> tuple[SiteConfig, Content]:
    """The example project's configuration and content, loaded once."""
    config = load_config(EXAMPLE)
    return config, load_content(config).content


def plan_at(example: tuple[SiteConfig, Content], when: str = NOW, **changes: object) -> SitePlan:
    config, content = example
    config = replace(config, **changes) if changes else config  # type: ignore[arg-type]
    return make_plan(content, config, parse_instant(when, config.timezone))


def parsed(data: bytes) -> feedparser.FeedParserDict:
    result = feedparser.parse(data)
    assert not result.bozo, result.get("bozo_exception")
    return result


def feeds_of(files: dict[str, bytes]) -> dict[str, feedparser.FeedParserDict]:
    return {path: parsed(data) for path, data in sorted(files.items()) if path.endswith(".xml")}


def guids(feed: feedparser.FeedParserDict) -> list[str]:
    return [e.id for e in feed.entries]


def html_urls(html: str) -> list[str]:
    return re.findall(r'\b(?:href|src|cite)="([^"]*)"', html)


def is_absolute(url: str) -> bool:
    return url.startswith(("https://", "http://", "mailto:", "tel:"))


# Every feed of the example, field by field.


def test_every_feed_parses_with_its_self_link_and_page(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    files = feed_files(plan)
    expected = {p for ref in plan.feed_refs for p in (ref.rss_path, ref.atom_path, ref.json_path, ref.view_path)}
    calendars = {f.path for f in plan.event_feeds} | {f"{idea_url(i)}event.ics" for i in plan.live_ideas if i.event}
    assert set(files) == expected | {OPML_PATH} | calendars
    assert len(plan.feed_refs) == 22, "all ideas, charter, 8 topics, 5 audiences, 2 languages, 5 channels"
    refs = {p: ref for ref in plan.feed_refs for p in (ref.rss_path, ref.atom_path)}
    for path, feed in feeds_of(files).items():
        ref = refs[path]
        kind = "atom" if path.endswith(".atom.xml") else "rss"
        assert feed.version == ("atom10" if kind == "atom" else "rss20"), path
        links = {(link.rel, link.href) for link in feed.feed.links}
        assert ("self", plan.absolute(path)) in links, path
        assert feed.feed.link == plan.absolute(ref.page_url), path
        assert feed.feed.title == ref.title
        assert feed.feed.subtitle == f"{ref.description} Read it on {plan.absolute(ref.page_url)}"
        assert feed.feed.generator == "hub"
        assert feed.entries, f"{path} is empty"
        newest = max(e.published_parsed for e in feed.entries)
        assert feed.feed.updated_parsed == newest, f"{path}: updated must be the newest item's date"
        dates = [e.published_parsed for e in feed.entries]
        assert dates == sorted(dates, reverse=True), f"{path}: newest first"
        assert len(set(dates)) == len(dates), f"{path}: two items share a date"
        for entry in feed.entries:
            assert entry.link.startswith(plan.config.base_url), entry.link
            for url in html_urls(entry.content[0].value):
                assert is_absolute(url), f"{path}: relative URL {url!r} in {entry.title}"


def test_feeds_list_the_expected_ideas_newest_first(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    feeds = feeds_of(feed_files(plan))
    live = plan.live_ideas
    assert len(live) == 12
    for fmt in ("rss", "atom"):
        assert guids(feeds[f"feeds/ideas.{fmt}.xml"]) == [f"urn:uuid:{i.id}" for i in live]
        sustainability = [f"urn:uuid:{i.id}" for i in live if "sustainability" in i.topics]
        assert guids(feeds[f"feeds/topics/sustainability.{fmt}.xml"]) == sustainability
        french = [f"urn:uuid:{i.id}" for i in live if i.lang == "fr"]
        assert guids(feeds[f"feeds/languages/fr.{fmt}.xml"]) == french and french
        linkedin = [f"urn:uuid:{i.id}" for i in live if "linkedin" in i.channels]
        assert guids(feeds[f"feeds/channels/linkedin.{fmt}.xml"]) == linkedin
        managers = [f"urn:uuid:{i.id}" for i in live if "managers" in i.audiences]
        assert guids(feeds[f"feeds/audiences/managers.{fmt}.xml"]) == managers
    first = feeds["feeds/ideas.atom.xml"].entries[0]
    assert first.title == live[0].title
    assert first.link == plan.absolute(idea_url(live[0]))
    assert [t.term for t in first.tags] == list(live[0].topics)
    assert [t.label for t in first.tags] == [plan.config.topics.terms[k].label_in(live[0].lang) for k in live[0].topics]


def test_rss_guid_is_the_id_and_not_a_permalink(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    rss = etree.fromstring(feed_files(plan)["feeds/ideas.rss.xml"])
    items = rss.findall("channel/item")
    assert [i.findtext("guid") for i in items] == [idea_guid(i) for i in plan.live_ideas]
    assert {i.find("guid").get("isPermaLink") for i in items} == {"false"}


def test_language_of_feeds_and_entries(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    files = feed_files(plan)
    assert parsed(files["feeds/ideas.rss.xml"]).feed.language == "en"
    assert parsed(files["feeds/languages/fr.rss.xml"]).feed.language == "fr"
    atom = etree.fromstring(files["feeds/ideas.atom.xml"])
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert atom.get(lang) == "en"
    by_id = {i.id: i for i in plan.live_ideas}
    for entry in atom.findall(f"{ATOM}entry"):
        idea = by_id[(entry.findtext(f"{ATOM}id") or "").removeprefix("urn:uuid:")]
        assert entry.get(lang) == idea.lang
        link = entry.find(f"{ATOM}link")
        assert link is not None and (link.get("rel"), link.get("type"), link.get("hreflang")) == (
            "alternate", "text/html", idea.lang)


def test_item_content_is_complete_with_absolute_urls(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    feed = parsed(feed_files(plan)["feeds/ideas.atom.xml"])
    entry = next(e for e in feed.entries if e.link.endswith("/ideas/ci-energy/"))
    idea = next(i for i in plan.live_ideas if i.slug == "ci-energy")
    html = entry.content[0].value
    assert entry.summary == idea.summary
    for text in (*idea.angles[:1], *idea.facts[:1], idea.links[0].title):
        assert text.split("`")[0][:40] in html
    assert f'src="{plan.config.base_url}ideas/ci-energy/ci-energy.svg"' in html, "images beside the idea"
    assert "class=" not in html and " id=" not in html and "style=" not in html
    assert f'href="{plan.config.base_url}ideas/ci-energy/"' in html


def test_sensitivity_is_the_first_line_of_care_and_ask_items(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    entries = {e.id: e for e in parsed(feed_files(plan)["feeds/ideas.atom.xml"]).entries}
    seen = set()
    for idea in plan.live_ideas:
        html = entries[idea_guid(idea)].content[0].value
        text = words(plan.config, idea.lang)  # an idea's item speaks its language, with its typography
        if idea.sensitivity is not Sensitivity.OPEN:
            banner = typeset(text(f"banner.{idea.sensitivity.value}.title"), idea.lang)
            assert html.replace("&nbsp;", "\u00a0").startswith(f"<div><p><strong>{banner}</strong>"), html[:120]
        if idea.sensitivity is Sensitivity.CARE:
            assert idea.lang != "en" or html.startswith(
                "<div><p><strong>Sensitivity: take care.</strong> Before you post, re-read <a href=")
            for slug in idea.guidelines:
                assert f'href="{plan.config.base_url}charter/{slug}/"' in html.split("</p>")[0]
        elif idea.sensitivity is Sensitivity.ASK:
            assert idea.lang != "en" or html.startswith(
                "<div><p><strong>Sensitivity: ask first.</strong> This touches a regulated")
            assert idea.contact.split(",")[0] in html.split("</p>")[0]
        else:
            assert "Sensitivity: take care" not in html and "Sensitivity: ask first" not in html
        seen.add(idea.sensitivity)
    assert seen == set(Sensitivity), "the example lost a sensitivity"


def test_no_item_names_the_contact_as_its_author(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    files = feed_files(plan)
    q3 = next(i for i in plan.live_ideas if i.slug == "q3-results-2026")
    atom = next(e for e in parsed(files["feeds/ideas.atom.xml"]).entries if e.id == idea_guid(q3))
    assert "author" not in atom and "Inès Moreau" in atom.content[0].value, "whom to ask is in the content"
    rss = etree.fromstring(files["feeds/ideas.rss.xml"])
    item = next(i for i in rss.findall("channel/item") if i.findtext("guid") == idea_guid(q3))
    assert item.find("author") is None and "ines.moreau@example.com" in (item.findtext("description") or "") + (
        item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or "")


def test_charter_feed_lists_changes_newest_first(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example)
    files = feed_files(plan)
    changes = plan.charter_changes
    assert [g.slug for g in changes] == ["confidential", "be-yourself", "disclose", "sensitive-topics"]
    for fmt in ("rss", "atom"):
        feed = parsed(files[f"feeds/charter.{fmt}.xml"])
        assert [e.title for e in feed.entries] == [f"{g.title} updated" for g in changes]
        assert [e.link for e in feed.entries] == [plan.absolute(f"charter/{g.slug}/") for g in changes]
        assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
        assert changes[0].changes in feed.entries[0].content[0].value
    # Before the newest change, the feed has one item fewer and the others keep their GUIDs.
    earlier = feed_files(plan_at(example, "2026-11-19T12:00:00+01:00"))
    before = guids(parsed(earlier["feeds/charter.atom.xml"]))
    assert before == guids(parsed(files["feeds/charter.atom.xml"]))[1:]


def test_item_cap_keeps_the_newest(example: tuple[SiteConfig, Content]) -> None:
    plan = plan_at(example, feed_items=3)
    feeds = feeds_of(feed_files(plan))
    assert guids(feeds["feeds/ideas.rss.xml"]) == [f"urn:uuid:{i.id}" for i in plan.live_ideas[:3]]
    assert max(len(f.entries) for f in feeds.values()) == 3


def test_stylesheet_instruction_points_at_the_published_css(example: tuple[SiteConfig, Content]) -> None:
    for path, data in feed_files(plan_at(example)).items():
        if not path.endswith(".xml"):
            continue
        lines = data.decode("utf-8").splitlines()
        assert lines[0] == "<?xml version='1.0' encoding='UTF-8'?>"
        match = re.fullmatch(r'<\?xml-stylesheet type="text/css" href="([^"]+)"\?>', lines[1])
        assert match, f"{path}: {lines[1]}"
        resolved = PurePosixPath(urljoin("https://x/" + path, match.group(1)).removeprefix("https://x/"))
        assert str(resolved) == STYLESHEET_URL, path


# The OPML.


def test_the_all_feeds_opml_lists_all_ideas_and_the_charter_only(example: tuple[SiteConfig, Content]) -> None:
    """Not the per-term feeds: they repeat all ideas' items under the same ids (see tests/test_newsboat.py)."""
    plan = plan_at(example)
    files = feed_files(plan)
    root = ET.fromstring(files[OPML_PATH])
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = root.findall("body/outline")
    listed = [o.get("xmlUrl", "") for o in outlines]
    assert listed == [plan.absolute("feeds/ideas.rss.xml"), plan.absolute("feeds/charter.rss.xml")]
    for o in outlines:
        assert o.get("type") == "rss" and o.get("text") and o.get("htmlUrl", "").startswith(plan.config.base_url)
    assert "dateCreated" not in files[OPML_PATH].decode()


def test_built_site_feeds_are_the_engine_free_feeds(built: Built) -> None:
    config = load_config(built.project)
    plan = make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))
    on_disk = {p.relative_to(built.site).as_posix(): p.read_bytes() for p in (built.site / "feeds").rglob("*")
               if p.is_file()}
    files = feed_files(plan)
    assert on_disk == {p: d for p, d in files.items() if p.startswith("feeds/")}, \
        "the published feeds are exactly feed_files(plan), whatever the engine"
    for path in (p for p in files if not p.startswith("feeds/")):
        assert (built.site / path).read_bytes() == files[path], f"{path}: an idea's calendar file, beside its page"
    assert (built.site / STYLESHEET_URL).read_bytes() == feed_style(config), "one style sheet, whatever the engine"
    outlines = ET.fromstring(on_disk[OPML_PATH]).findall("body/outline")
    listed = {o.get("xmlUrl", "").removeprefix(plan.config.base_url) for o in outlines}
    assert all((built.site / p).is_file() for p in listed), "a listed feed is missing"
    for path, data in on_disk.items():
        if path.endswith(".xml"):
            parsed(data)


# Stability over time and edits.


def test_same_plan_same_bytes(example: tuple[SiteConfig, Content]) -> None:
    assert feed_files(plan_at(example)) == feed_files(plan_at(example))


def test_two_builds_give_byte_identical_feeds(project: Path, hub: Callable[..., Result], tmp_path: Path) -> None:
    outs = []
    for name in ("one", "two"):
        out = tmp_path / name
        result = hub("build", "--out", str(out), "--now", NOW)
        assert result.exit_code == 0, result.output
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "feeds").rglob("*") if p.is_file()})
    assert outs[0] == outs[1] and len(outs[0]) == 89 + 9, \
        "22 feeds in RSS, Atom, JSON Feed and as a page, the OPML, and the calendars of events and of 8 topics"


def _edit(path: Path, **fields: str) -> None:
    text = path.read_text(encoding="utf-8")
    for key, value in fields.items():
        text, count = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


def test_guid_survives_rename_retitle_and_redate(project: Path) -> None:
    config = load_config(project)
    now = parse_instant(NOW, config.timezone)
    before = feed_files(make_plan(load_content(config).content, config, now))
    source = project / "content/ideas/2026/open-sourcing-tidepool.md"
    idea_id = re.search(r"^id: (.*)$", source.read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
    moved = project / "content/ideas/tidepool-is-open.md"
    shutil.move(source, moved)
    _edit(moved, title="Tidepool, our roster solver, is now open source", date="2026-09-09 11:00")
    after = feed_files(make_plan(load_content(config).content, config, now))
    for path in ("feeds/ideas.atom.xml", "feeds/topics/open-source.rss.xml"):
        old = {e.id: e for e in parsed(before[path]).entries}
        new = {e.id: e for e in parsed(after[path]).entries}
        assert set(old) == set(new), "no item appears twice, none is lost"
        guid = f"urn:uuid:{idea_id}"
        assert new[guid].title == "Tidepool, our roster solver, is now open source" != old[guid].title
        assert new[guid].link.endswith("/ideas/tidepool-is-open/") and old[guid].link.endswith("/open-sourcing-tidepool/")


def test_scheduled_idea_appears_in_all_its_feeds_after_its_date(example: tuple[SiteConfig, Content]) -> None:
    config, content = example
    now = parse_instant(NOW, config.timezone)
    scheduled = min((i for i in content.ideas if not i.draft and i.date > now), key=lambda i: i.date)
    before = feed_files(make_plan(content, config, scheduled.date - timedelta(minutes=1)))
    after = feed_files(make_plan(content, config, scheduled.date + timedelta(minutes=1)))
    guid = idea_guid(scheduled)
    expected = {"feeds/ideas", f"feeds/languages/{scheduled.lang}",
                *(f"feeds/topics/{k}" for k in scheduled.topics), *(f"feeds/audiences/{k}" for k in scheduled.audiences),
                *(f"feeds/channels/{k}" for k in scheduled.channels)}
    for path, data in before.items():
        assert guid.encode() not in data and scheduled.title.encode() not in data, path
    having = {p.rsplit(".", 2)[0] for p, data in after.items() if p.endswith(".xml") and guid in guids(parsed(data))}
    assert having == expected


def test_expired_idea_leaves_every_feed_after_expires(example: tuple[SiteConfig, Content]) -> None:
    config, content = example
    now = parse_instant(NOW, config.timezone)
    expiring = next(i for i in content.ideas if i.status(now).value == "live" and i.expires)
    assert expiring.expires is not None
    guid = idea_guid(expiring)
    before = feed_files(make_plan(content, config, expiring.expires - timedelta(seconds=1)))
    after = feed_files(make_plan(content, config, expiring.expires))
    assert guid.encode() in before["feeds/ideas.rss.xml"]
    assert all(guid.encode() not in data for data in after.values())


def test_feeds_never_read_the_clock(example: tuple[SiteConfig, Content], monkeypatch: pytest.MonkeyPatch) -> None:
    first = feed_files(plan_at(example))

    class Clock(type):
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, datetime)

    class Later(datetime, metaclass=Clock):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return datetime(2031, 1, 1, tzinfo=tz)

    import feedgen.entry
    import feedgen.feed

    monkeypatch.setattr(feedgen.feed, "datetime", Later)
    monkeypatch.setattr(feedgen.entry, "datetime", Later)
    assert feed_files(plan_at(example)) == first


# hub check: items need distinct dates.


def test_check_warns_when_two_ideas_share_a_timestamp(project: Path, hub: Callable[..., Result]) -> None:
    source = project / "content/ideas/2026/ci-energy.md"
    twin = project / "content/ideas/2026/ci-energy-twin.md"
    text = source.read_text(encoding="utf-8")
    date = re.search(r"^date: (.*)$", text, re.M).group(1)  # type: ignore[union-attr]
    text = re.sub(r"^id: .*$", "id: 0b7c2f7e-8d55-4a8e-9a43-2f0e8f3c1d11", text, count=1, flags=re.M)
    twin.write_text(text.replace("title: ", "title: Twin of ", 1), encoding="utf-8")
    result = hub("check", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "content/ideas/2026/ci-energy.md" in result.output or "ci-energy-twin.md" in result.output
    assert "same date and time as" in result.output, result.output
    assert re.search(r"ci-energy(-twin)?\.md:\d+: warning: date: same date and time", result.output), result.output
    assert date
    strict = hub("check", "--now", NOW, "--strict")
    assert strict.exit_code != 0


def test_idea_guid_ignores_everything_but_the_id(example: tuple[SiteConfig, Content]) -> None:
    _, content = example
    idea: Idea = content.ideas[0]
    other = replace(idea, slug="x", title="Other", date=idea.date + timedelta(days=3))
    assert idea_guid(other) == idea_guid(idea) == f"urn:uuid:{idea.id}"
