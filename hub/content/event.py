"""The `event` field of an idea: `{start, end, place, url}`, read like the rest of the front matter.

Days and times are read as `date` and `expires` are (site timezone unless an offset is given). Days alone make a
whole-day event (`end` is then its last day, included); times make a timed one. Every mistake is a problem with the
file, the line of the sub-key and the field (`event.start`), never an exception.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from hub.content.fields import FieldReader
from hub.models import Event
from hub.problems import Problem, Severity, did_you_mean, excerpt, shown

EVENT_KEYS = ("start", "end", "place", "url")
PLACE_LENGTH = 300


class _EventReader(FieldReader):
    """Reads the keys of the `event` mapping as fields named `event.<key>`, each blamed on its own line."""

    def __init__(self, parent: FieldReader, values: dict[Any, Any]) -> None:
        super().__init__(parent.doc, parent.timezone)
        self.problems = parent.problems  # one list: the idea's problems, in the order they are found
        self.values = values

    def _raw(self, key: str) -> Any:
        return self.values.get(key.removeprefix("event."))

    def problem(self, key: str | None, message: str, hint: str = "", *, item: int | None = None,
                severity: Severity = Severity.ERROR, placeholder: bool = False) -> None:
        sub = (key or "event").removeprefix("event.")
        self.problems.append(Problem(self.doc.display, self.line(sub), excerpt(key or "event", 40), message, hint,
                                     severity, placeholder=placeholder))

    def line(self, sub: str) -> int:
        """The line of `sub:` inside the `event:` block, else the line of `event:` itself."""
        first = self.doc.line_of("event")
        pattern = re.compile(rf"^\s+{re.escape(sub)}\s*:")
        # fm_lines[0] is the file's line 2, so file line n is fm_lines[n - 2].
        for number in range(first + 1, len(self.doc.fm_lines) + 2):
            text = self.doc.fm_lines[number - 2]
            if text.strip() and not text[:1].isspace():
                break
            if pattern.match(text):
                return number
        return first


def _field(key: str) -> str:
    """The field's name as problems show it: `event.place`."""
    return f"event.{key}"


def _is_day(value: Any) -> bool:
    """A day without a time: a YAML date, or text such as `2027-02-06`."""
    if isinstance(value, datetime):
        return False
    return isinstance(value, date) or (isinstance(value, str) and len(value.strip()) == 10)


def read_event(reader: FieldReader, expires: datetime | None) -> Event | None:
    """The idea's event, or None when it has none or it cannot be read (then the problems say why)."""
    raw = reader.doc.metadata.get("event")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        reader.problem("event", f"`event` must be a mapping, got {shown(raw)}",
                       "write `event:` then, indented below it, `start: 2027-02-06 09:30`, `end: …`, `place: …`, `url: …`")
        return None
    sub = _EventReader(reader, raw)
    for key in raw:
        if str(key) not in EVENT_KEYS:
            sub.problem(f"event.{key}", f"unknown field `event.{excerpt(str(key), 40)}`",
                        did_you_mean(str(key), list(EVENT_KEYS)) + "; an event has start, end, place and url")
    start = sub.moment("event.start", required=True)
    if start is None:
        return None
    all_day = _is_day(raw.get("start"))
    end = sub.moment("event.end", end_of_day=all_day)
    if end is not None and _is_day(raw.get("end")) != all_day:
        sub.problem("event.end", "`event.end` and `event.start` must both be days, or both days with a time",
                    "write `start: 2027-02-06` and `end: 2027-02-07` for whole days, or "
                    "`start: 2027-02-06 09:30` and `end: 2027-02-06 17:00`")
        end = None
    elif end is not None and end <= start:
        sub.problem("event.end", f"`event.end` ({raw.get('end')}) is before `event.start` ({raw.get('start')})",
                    "an event ends after it starts: check the day and the time")
        end = None
    if all_day and end is None:
        end = start + timedelta(days=1)  # one whole day, ending at the first instant of the next
    last = end or start
    if expires is not None and last > expires:
        sub.problem("event.end" if raw.get("end") is not None else "event.start",
                    f"the event ends after the idea expires ({reader.doc.metadata.get('expires')})",
                    "let the idea live until the event is over: set `expires` on or after the event's last day, "
                    "or remove `expires`")
    place = sub.text(_field("place"))
    if len(place) > PLACE_LENGTH or "\n" in place:
        sub.problem("event.place", f"`event.place` must be one line of at most {PLACE_LENGTH} characters",
                    "give the venue and the town, such as `ULB Solbosch, Brussels`")
        place = place.splitlines()[0][:PLACE_LENGTH] if place else ""
    url = sub.text(_field("url"))
    if url and not re.match(r"^https://[^\s/]+\S*$", url):
        sub.problem("event.url", f"`event.url` {shown(url)} is not an https:// web address",
                    "write the full address of the event's page, starting with https://")
        url = ""
    return Event(start=start, end=end, all_day=all_day, place=place, url=url)
