"""Events as iCalendar (RFC 5545): `ideas/<slug>/event.ics` per idea, `feeds/events.ics` and one per topic.

Written with the `icalendar` library rather than by hand: it escapes every text value (commas, semicolons, line
breaks: a title cannot start a property or a component of its own), folds long lines at 75 octets, writes CRLF, and
makes the VTIMEZONE of the site's timezone with its daylight-saving rules for the years the events span.

Times the editor wrote without an offset are in the site's timezone and keep it (`DTSTART;TZID=Europe/Paris:…`), so a
calendar in another timezone, or across a daylight-saving change, shows the right instant; a time written with an
offset is given in UTC; days alone are whole-day events (`VALUE=DATE`, the end exclusive, as RFC 5545 says).
`DTSTAMP` is the build's instant: the same content and `--now` give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vText

from hub.feeds.html import plain_text
from hub.models import Idea
from hub.plan import FEED_EPOCH, SitePlan, event_url, idea_url
from hub.render.markup import IMAGE_KEY, inline
from hub.render.templates import words

PRODID = "-//hub//events//EN"
MEDIA_TYPE = "text/calendar"
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """A content text as a calendar text: no control characters (icalendar escapes the rest)."""
    return _CONTROLS.sub("", value)


def _line(value: str) -> str:
    """A content text as one line (a title, a place, a calendar's name): no line break, no control character."""
    return " ".join(_CONTROLS.sub(" ", value).split())


def _moment(moment: datetime, site: ZoneInfo) -> datetime:
    """An instant in the site's timezone keeps it (TZID); one given with its own offset is written in UTC."""
    return moment if moment.tzinfo == site else moment.astimezone(UTC)


def _vevent(idea: Idea, plan: SitePlan) -> Event:
    event = idea.event
    assert event is not None
    site = plan.config.timezone
    page = plan.absolute(idea_url(idea))
    text = words(plan.config, idea.lang)
    vevent = Event()
    vevent.add("uid", idea.id)  # the idea's id, a UUID: the same event in every calendar and every build
    vevent.add("dtstamp", plan.now.astimezone(UTC))
    if event.all_day:
        vevent.add("dtstart", event.start.astimezone(site).date())
        vevent.add("dtend", (event.end or event.start + timedelta(days=1)).astimezone(site).date())
    else:
        vevent.add("dtstart", _moment(event.start, site))
        if event.end is not None:
            vevent.add("dtend", _moment(event.end, site))
    vevent.add("summary", _line(idea.title))
    if event.place:
        vevent.add("location", _line(event.place))
    summary = plain_text(inline(idea.summary, text(IMAGE_KEY)))
    lines = [summary, text("event.ics.page", url=page)]
    if event.url:
        lines.append(text("event.ics.event_page", url=event.url))
    vevent.add("description", _text("\n\n".join(lines)))
    vevent.add("url", page)
    return vevent


def _calendar(plan: SitePlan, name: str, ideas: Iterable[Idea]) -> bytes:
    ideas = list(ideas)
    site = plan.config.timezone
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(_line(name)))
    calendar.add("x-wr-timezone", site.key)
    # The timezone's rules over the years the events span: RFC 5545 wants at least one component in a calendar, so
    # an empty one holds them too, for a fixed year (its bytes never follow the clock, like an empty feed's).
    days = [d for i in ideas if i.event for d in (i.event.start.date(), i.event.last_instant.date())]
    days = days or [FEED_EPOCH.date()]
    first, last = date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)
    calendar.add_component(Timezone.from_tzinfo(site, first_date=first, last_date=last))
    for idea in ideas:
        calendar.add_component(_vevent(idea, plan))
    return bytes(calendar.to_ical())


def event_files(plan: SitePlan) -> dict[str, bytes]:
    """Each shown idea's `event.ics`, and every calendar of upcoming events, by site-relative path."""
    files = {event_url(page.idea): _calendar(plan, page.idea.title, [page.idea])
             for page in plan.pages if page.idea is not None and page.idea.event is not None}
    files.update({feed.path: _calendar(plan, feed.title, feed.ideas) for feed in plan.event_feeds})
    return files
