"""Events: an idea's `event: {start, end, place, url}`, shown on its page, in `ideas/<slug>/event.ics` and in the
calendars of upcoming events; `hub check` reports what cannot be right. The .ics files are read back with the
`icalendar` library, and carry the right instants across a daylight-saving change."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from lxml import html
from typer.testing import Result

from hub.config import load_config
from hub.content.load import load_content
from hub.feeds.xml import feed_files
from hub.plan import SitePlan, make_plan
from hub.render.pages import page_html
from hub.timeparse import parse_instant
from tests.conftest import ROOT

NOW = "2027-03-01T12:00:00+01:00"
GUIDELINE = "---\ntitle: Be yourself\nsummary: Write as you.\n---\n\nPeople follow people.\n"


def _idea(slug: str, number: int, *, extra: str = "", date_line: str = "date: 2027-02-01 09:00",
          title: str = "") -> tuple[str, str]:
    return slug, f"""---
id: 00000000-0000-4000-8000-{number:012d}
title: {title or f'"Idea {slug}"'}
summary: What {slug} is about.
{date_line}
topics: [{'events' if number % 2 else 'engineering'}]
audiences: [engineers]
channels: [mastodon]
sensitivity: open
angles:
  - What did you learn there?
  - Whom did you meet?
{extra}---

Context of {slug}.
"""


def _project(tmp_path: Path, *ideas: tuple[str, str], lang: str = "en") -> Path:
    project = tmp_path / "project"
    project.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if lang != "en":
        config = re.sub(r"(?m)^(\s+language:) en$", rf"\1 {lang}", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "theme").symlink_to(ROOT / "theme")
    (project / "content" / "guidelines").mkdir(parents=True)
    (project / "content" / "ideas").mkdir()
    (project / "content" / "guidelines" / "be-yourself.md").write_text(GUIDELINE, encoding="utf-8")
    for slug, text in ideas:
        (project / "content" / "ideas" / f"{slug}.md").write_text(text, encoding="utf-8")
    return project


def _plan(project: Path, now: str = NOW, *, checked: bool = True) -> SitePlan:
    config = load_config(project)
    loaded = load_content(config)
    assert not checked or [p for p in loaded.problems if p.is_error] == [], loaded.problems
    return make_plan(loaded.content, config, parse_instant(now, config.timezone))


def _events(data: bytes) -> list[Any]:
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


SPRING = _idea("spring-meetup", 1, extra="""event:
  start: 2027-03-27 10:00
  end: 2027-03-28 10:00
  place: Town hall, Lyon; room 2
  url: https://meetup.example.org/spring
""")
"""Across the night Paris moves to summer time (28 March 2027, 02:00 -> 03:00): 23 hours long, not 24."""


def test_an_event_s_page_shows_when_and_where_and_links_its_calendar_file(tmp_path: Path) -> None:
    plan = _plan(_project(tmp_path, SPRING))
    page = html.fromstring(page_html(plan, plan.page("ideas/spring-meetup/")))
    facts = {dt.text_content(): dt.getnext() for dt in page.iterfind(".//dl[@class='hub-facts']/dt")}
    assert facts["When"].text_content() == "2027-03-27 10:00 – 2027-03-28 10:00"
    assert [t.get("datetime") for t in facts["When"].iterfind("time")] == [
        "2027-03-27T10:00:00+01:00", "2027-03-28T10:00:00+02:00"]
    assert facts["Where"].text_content() == "Town hall, Lyon; room 2 (the event’s own page)"
    assert facts["Where"].find("a").get("href") == "https://meetup.example.org/spring"
    link = page.find(".//p[@class='hub-calendar']/a")
    assert (link.text, link.get("type")) == ("Add to your calendar", "text/calendar")
    assert link.get("href") == "../../ideas/spring-meetup/event.ics"


def test_the_event_ics_is_one_vevent_with_a_stable_uid_the_page_and_the_right_instants_across_dst(
        tmp_path: Path) -> None:
    plan = _plan(_project(tmp_path, SPRING))
    data = feed_files(plan)["ideas/spring-meetup/event.ics"]
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines folded at 75 octets (RFC 5545 3.1)"
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] and calendar["METHOD"] == "PUBLISH"
    (event,) = _events(data)
    assert str(event["UID"]) == "00000000-0000-4000-8000-000000000001"
    assert str(event["URL"]) == plan.absolute("ideas/spring-meetup/")
    assert str(event["SUMMARY"]) == "Idea spring-meetup"
    assert str(event["LOCATION"]) == "Town hall, Lyon; room 2"
    assert event.decoded("DTSTAMP") == parse_instant(NOW, plan.config.timezone).astimezone(UTC)
    assert "TZID=Europe/Paris:20270327T100000" in data.decode().replace("DTSTART;", "")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.astimezone(UTC) == datetime(2027, 3, 27, 9, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2027, 3, 28, 8, tzinfo=UTC), "summer time: UTC+2 after the change"
    assert end - start == timedelta(hours=23) or end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)
    # The calendar's own VTIMEZONE (not the reader's tz database) gives the same offsets on both sides of the change.
    (vtimezone,) = calendar.walk("VTIMEZONE")
    rules = vtimezone.to_tz()  # type: ignore[attr-defined]
    assert rules.utcoffset(datetime(2027, 3, 27, 10)) == timedelta(hours=1)
    assert rules.utcoffset(datetime(2027, 3, 28, 10)) == timedelta(hours=2)
    description = str(event["DESCRIPTION"])
    assert plan.absolute("ideas/spring-meetup/") in description and "https://meetup.example.org/spring" in description


def test_whole_days_and_offsets_are_written_as_rfc_5545_says(tmp_path: Path) -> None:
    days = _idea("fosdem", 3, extra="event:\n  start: 2027-02-06\n  end: 2027-02-07\n  place: Brussels\n",
                 date_line="date: 2027-01-10 09:00")
    one_day = _idea("volunteering", 5, extra="event:\n  start: 2027-03-10\n", date_line="date: 2027-01-10 09:00")
    offset = _idea("new-york", 7, extra="event:\n  start: 2027-03-10 09:00-05:00\n  end: 2027-03-10 17:00-05:00\n")
    plan = _plan(_project(tmp_path, days, one_day, offset))
    files = feed_files(plan)
    text = files["ideas/fosdem/event.ics"].decode()
    assert "DTSTART;VALUE=DATE:20270206\r\n" in text and "DTEND;VALUE=DATE:20270208\r\n" in text, "the end is exclusive"
    (event,) = _events(files["ideas/volunteering/event.ics"])
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (date(2027, 3, 10), date(2027, 3, 11))
    text = files["ideas/new-york/event.ics"].decode()
    assert "DTSTART:20270310T140000Z\r\n" in text and "DTEND:20270310T220000Z\r\n" in text
    page = html.fromstring(page_html(plan, plan.page("ideas/fosdem/")))
    when = page.xpath("//dt[.='When']/following-sibling::dd[1]")[0]
    assert when.text_content() == "2027-02-06 – 2027-02-07"
    page = html.fromstring(page_html(plan, plan.page("ideas/volunteering/")))
    assert page.xpath("//dt[.='When']/following-sibling::dd[1]")[0].text_content() == "2027-03-10"
    assert page.xpath("//dt[.='Where']") == [], "no place, no url: no Where"


def test_the_calendars_list_the_upcoming_events_of_live_ideas_soonest_first(tmp_path: Path) -> None:
    later = _idea("later", 9, extra="event:\n  start: 2027-06-01 18:00\n")
    past = _idea("past", 11, extra="event:\n  start: 2027-02-20 18:00\n")
    scheduled = _idea("scheduled", 13, extra="event:\n  start: 2027-05-01 18:00\n", date_line="date: 2027-04-01 09:00")
    plain = _idea("no-event", 15)
    plan = _plan(_project(tmp_path, later, SPRING, past, scheduled, plain))
    files = feed_files(plan)
    uids = [str(e["UID"])[-2:] for e in _events(files["feeds/events.ics"])]
    assert uids == ["01", "09"], "spring (March), then later (June); no past event, no idea that is not live"
    assert Calendar.from_ical(files["feeds/events.ics"])["X-WR-CALNAME"] == "Upcoming events · Speak in your own voice"
    assert [str(e["UID"])[-2:] for e in _events(files["feeds/topics/events.ics"])] == ["01", "09"]
    for key in load_config(ROOT).topics.terms:
        assert f"feeds/topics/{key}.ics" in files, "every topic keeps its calendar, empty or not"
    empty = Calendar.from_ical(files["feeds/topics/engineering.ics"])
    assert _events(files["feeds/topics/engineering.ics"]) == [] and empty.walk("VTIMEZONE"), \
        "a calendar with no event still holds a component (RFC 5545 3.6)"
    assert "ideas/past/event.ics" in files, "a past event keeps its download while its idea is live"
    assert "ideas/no-event/event.ics" not in files and "ideas/scheduled/event.ics" not in files


def test_calendars_are_the_same_bytes_from_the_same_content_and_instant(tmp_path: Path) -> None:
    project = _project(tmp_path, SPRING)
    one, two = feed_files(_plan(project)), feed_files(_plan(project))
    assert {p: d for p, d in one.items() if p.endswith(".ics")} == {p: d for p, d in two.items() if p.endswith(".ics")}
    later = feed_files(_plan(project, "2027-03-02T12:00:00+01:00"))["ideas/spring-meetup/event.ics"]
    assert later != one["ideas/spring-meetup/event.ics"], "DTSTAMP is the build's instant"


def test_a_title_or_place_cannot_add_a_property_or_an_event(tmp_path: Path) -> None:
    hostile = _idea("hostile", 17, title='"Talk\\r\\nBEGIN:VEVENT\\r\\nUID:evil\\u0007"', extra="""event:
  start: 2027-03-20 10:00
  place: "Hall\\nATTACH:https://evil.example/x; ROOM,1"
""")
    plan = _plan(_project(tmp_path, hostile), checked=False)  # `hub check` refuses the place; the file is safe anyway
    data = feed_files(plan)["ideas/hostile/event.ics"]
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1 and b"\r\nATTACH" not in data and b"\x07" not in data
    (event,) = _events(data)
    assert str(event["UID"]).endswith("17") and str(event["SUMMARY"]).startswith("Talk")
    assert str(event["SUMMARY"]) == "Talk BEGIN:VEVENT UID:evil", "one line of text, in the SUMMARY"
    assert str(event["LOCATION"]) == "Hall", "the place's first line (the check reports the rest)"


def test_last_day_live_is_the_day_the_editor_wrote_in_english_and_french(tmp_path: Path) -> None:
    idea = _idea("until", 19, extra="expires: 2027-04-01\n")
    for lang, shown in (("en", "2027-04-01"), ("fr", "1er avril 2027")):
        plan = _plan(_project(tmp_path / lang, idea, lang=lang))
        page = html.fromstring(page_html(plan, plan.page("ideas/until/")))
        until = page.xpath("//dl[@class='hub-facts']/dt[2]/following-sibling::dd[1]/time")[0]
        assert (until.text, until.get("datetime")) == (shown, "2027-04-01"), lang


# hub check


BAD = [
    _idea("ends-first", 21, extra="event:\n  start: 2027-03-10 18:00\n  end: 2027-03-10 17:00\n"),
    _idea("no-start", 23, extra="event:\n  place: Lyon\n  end: 2027-03-10\n"),
    _idea("outlives", 25, extra="expires: 2027-03-05\nevent:\n  start: 2027-03-04\n  end: 2027-03-06\n"),
    _idea("mixed", 27, extra="event:\n  start: 2027-03-04\n  end: 2027-03-04 18:00\n  url: http://plain.example\n"
                             "  room: 2\n"),
]


def test_check_reports_every_event_problem_with_file_line_and_field(tmp_path: Path) -> None:
    config = load_config(_project(tmp_path, *BAD))
    found = {(p.path.removeprefix(f"{config.root}/"), p.line, p.field): p.message
             for p in load_content(config).problems if p.is_error}

    def line_of(slug: str, key: str) -> int:
        lines = (config.content_dir / "ideas" / f"{slug}.md").read_text(encoding="utf-8").splitlines()
        return next(n for n, text in enumerate(lines, 1) if re.match(rf"\s*{key}:", text))

    assert "before `event.start`" in found[("content/ideas/ends-first.md", line_of("ends-first", "end"), "event.end")]
    assert "`event.start` is required" in found[("content/ideas/no-start.md", line_of("no-start", "event"), "event.start")]
    assert "ends after the idea expires" in found[("content/ideas/outlives.md", line_of("outlives", "end"), "event.end")]
    assert "both be days" in found[("content/ideas/mixed.md", line_of("mixed", "end"), "event.end")]
    assert "https://" in found[("content/ideas/mixed.md", line_of("mixed", "url"), "event.url")]
    assert "unknown field `event.room`" in found[("content/ideas/mixed.md", line_of("mixed", "room"), "event.room")]
    assert len(found) == 6, found


def test_hub_check_exits_1_on_an_event_problem(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project = _project(tmp_path, BAD[0])
    result = hub("check", cwd=project)
    assert result.exit_code == 1, result.output
    assert re.search(r"content/ideas/ends-first\.md:15: error: event\.end", result.output), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("value", "field"), [("[2027-03-10]", "event"), ("yesterday", "event"),
                                              ("{start: tomorrow}", "event.start"), ("{start: 2027-13-40}", "event.start")])
def test_an_unreadable_event_is_a_problem_not_a_crash(tmp_path: Path, value: str, field: str | None) -> None:
    """(A day that does not exist stays text for the YAML reader, so the field says why, as for any other date.)"""
    config = load_config(_project(tmp_path, _idea("odd", 29, extra=f"event: {value}\n")))
    problems = [p for p in load_content(config).problems if p.is_error]
    assert [p.field for p in problems] == [field], problems


def test_a_french_site_writes_an_event_s_times_the_french_way(tmp_path: Path) -> None:
    talk = _idea("talk", 31, extra="event:\n  start: 2027-04-01 14:00\n  end: 2027-04-01 15:30\n")
    plan = _plan(_project(tmp_path, talk, lang="fr"))
    page = html.fromstring(page_html(plan, plan.page("ideas/talk/")))
    when = page.xpath("//dt[.='Quand']/following-sibling::dd[1]")[0]
    assert when.text_content() == "1er avril 2027 à 14\u00a0h\u00a000 – 15\u00a0h\u00a030"
