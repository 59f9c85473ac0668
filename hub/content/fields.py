"""Turning raw front-matter values into typed values, collecting a problem for each mistake."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hub.config import Vocabulary
from hub.content.source import RawDocument
from hub.facets import facet
from hub.problems import Problem, Severity, did_you_mean, excerpt, shown
from hub.timeparse import FIRST_YEAR, LAST_YEAR

DATE_HINT = "write it as 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00)"
_DATE_SHAPE = re.compile(r"^(\d+)-(\d+)-(\d+)(?:[T ](\d+):(\d+)(?::(\d+(?:\.\d+)?))?)?(\s*(?:Z|[+-]\d\d:?\d\d))?$")
"""Something written like a date and time, whatever the number of digits: what is wrong with it can be said."""
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_KINDS = {"int": "a number", "float": "a number", "bool": "true or false", "list": "a list", "dict": "a mapping"}
_DIGITS = (("year", 4), ("month", 2), ("day", 2), ("hour", 2), ("minutes", 2))
PLACEHOLDER = "TODO"
"""Text that `hub new` writes where an editor must write; `hub check` refuses it."""


def _why_not_a_date(text: str) -> tuple[str, str]:
    """Why `text` is not a date hub reads (after `is not a date`), and the hint: the expected form, corrected
    when only digits are missing."""
    match = _DATE_SHAPE.match(text) if len(text) <= 40 else None  # a longer one is no date to correct
    if not match:
        return "", DATE_HINT
    year, month, day, hour, minute, second, offset = match.groups()
    parts = (year, month, day, hour, minute)
    short = [name for (name, width), part in zip(_DIGITS, parts, strict=True) if part is not None and len(part) != width]
    if short:
        fixed = f"{year.zfill(4)}-{month.zfill(2)}-{day.zfill(2)}"
        if hour is not None:
            fixed += f" {hour.zfill(2)}:{minute.zfill(2)}" + (f":{second}" if second else "") + (offset or "")
        two = [name for name in short if name != "year"]
        said = ["the year needs four digits"] if "year" in short else []
        if two:
            said.append(f"the {' and '.join(two)} {'needs' if len(two) == 1 else 'need'} two digits"
                        + (" each" if len(two) > 1 else ""))
        form = "dates take the form 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00)"
        return ": " + "; ".join(said), (form if "year" in short else f"write `{fixed}`; {form}")
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12:
        return f": there is no month {m} (months go from 01 to 12)", DATE_HINT
    days = calendar.monthrange(y, m)[1] if 1 <= y <= 9999 else 31
    if not 1 <= d <= days:
        return f": {_MONTHS[m - 1]} {y} has {days} days", DATE_HINT
    if hour is not None and int(hour) > 23:
        return ": hours go from 00 to 23", DATE_HINT
    if minute is not None and int(minute) > 59:
        return ": minutes go from 00 to 59", DATE_HINT
    return "", DATE_HINT


class FieldReader:
    """Reads the fields of one document; every mistake becomes a Problem, never an exception."""

    def __init__(self, doc: RawDocument, timezone: ZoneInfo) -> None:
        self.doc = doc
        self.timezone = timezone
        self.problems: list[Problem] = list(doc.problems)
        self.unreadable: list[str] = []
        """The fields whose value could not be read (a date hub cannot tell): the idea is then "unreadable"."""

    def problem(self, key: str | None, message: str, hint: str = "", *, item: int | None = None,
                severity: Severity = Severity.ERROR, placeholder: bool = False) -> None:
        field = None if key is None else excerpt(key, 40)
        self.problems.append(Problem(self.doc.display, self.doc.line_of(key, item), field, message, hint, severity,
                                     placeholder=placeholder))

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.doc.metadata:
            if str(key) not in allowed:
                hint = did_you_mean(str(key), list(allowed))
                self.problem(str(key), f"unknown field `{excerpt(str(key), 40)}`", hint + "; remove it if it is not a typo")

    def _raw(self, key: str) -> Any:
        return self.doc.metadata.get(key)

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self._raw(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, f"`{key}` is required and missing or empty", f"add a line `{key}: …` to the front matter")
            return default
        if isinstance(value, (dict, list)):
            self.problem(key, f"`{key}` must be text, not a {'list' if isinstance(value, list) else 'mapping'}",
                         "write it on one line after the colon")
            return default
        if isinstance(value, bool):
            self.problem(key, f"`{key}` must be text, got {shown(value)}", "put the value in quotes")
            return default
        text = str(value).strip()
        if text.startswith(PLACEHOLDER):
            self.problem(key, f"`{key}` still holds the placeholder written by `hub new`", "replace it with your own words",
                         placeholder=True)
        return text

    def boolean(self, key: str) -> bool:
        value = self._raw(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"`{key}` must be true or false, got {shown(value)}", f"write `{key}: true` or remove the line")
            return False
        return value

    def integer(self, key: str, default: int) -> int:
        value = self._raw(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(key, f"`{key}` must be a whole number, got {shown(value)}", f"write, for example, `{key}: 3`")
            return default
        return value

    def moment(self, key: str, *, required: bool = False, end_of_day: bool = False) -> datetime | None:
        """A timezone-aware instant; a bare date means its first instant, or its end with end_of_day."""
        value = self._raw(key)
        if value is None or value == "":
            if required:
                self.problem(key, f"`{key}` is required and missing",
                             f"add `{key}: 2026-11-25 09:00` (site timezone) to the front matter")
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip().replace(" ", "T", 1) if len(value.strip()) > 10 else value.strip())
            except ValueError:
                try:
                    value = date.fromisoformat(value.strip())
                except ValueError:
                    why, hint = _why_not_a_date(value.strip())
                    self.problem(key, f"{shown(value)} is not a date{why}", hint)
                    self.unreadable.append(key)
                    return None
        if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
            # Beyond these years, converting to UTC or another timezone, or taking the next day, overflows.
            self.problem(key, f"{shown(str(value))} is not a date: out of range, "
                              f"hub handles the years {FIRST_YEAR} to {LAST_YEAR}",
                         "check the year" + ("; an idea that never expires needs no `expires` line" if key == "expires"
                                             else ""))
            self.unreadable.append(key)
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=self.timezone)
        if isinstance(value, date):
            start = datetime.combine(value, time(0), tzinfo=self.timezone)
            return datetime.combine(value + timedelta(days=1), time(0), tzinfo=self.timezone) if end_of_day else start
        self.problem(key, f"{shown(value)} is not a date: it is {_KINDS.get(type(value).__name__, type(value).__name__)}",
                     DATE_HINT)
        self.unreadable.append(key)
        return None

    def text_list(self, key: str, *, placeholder_ok: bool = False) -> tuple[str, ...]:
        value = self._raw(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(key, f"`{key}` must be a list", f"write one `- item` per line under `{key}:`")
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None or isinstance(item, bool):
                self.problem(key, f"`{key}` item {index + 1} must be text, got {shown(item)}",
                             "put the text in quotes if it contains ': '", item=index)
                continue
            text = str(item).strip()
            if not text:
                self.problem(key, f"`{key}` item {index + 1} is empty", "write something or remove the line", item=index)
                continue
            if not placeholder_ok and text.startswith(PLACEHOLDER):
                self.problem(key, f"`{key}` item {index + 1} still holds the placeholder written by `hub new`",
                             "replace it with your own words, or remove the line", item=index, placeholder=True)
            items.append(text)
        return tuple(items)

    def terms(self, key: str, vocabulary: Vocabulary) -> tuple[str, ...]:
        """A list of keys from a controlled vocabulary, with "did you mean" for near misses."""
        keys: list[str] = []
        for index, item in enumerate(self.text_list(key)):
            if item in vocabulary:
                if item not in keys:
                    keys.append(item)
                continue
            self.problem(key, f"unknown {facet(vocabulary.name).singular} `{excerpt(item)}`",
                         did_you_mean(item, list(vocabulary.terms))
                         + f" (the {vocabulary.name} are defined in mkdocs.yml, extra.hub.{vocabulary.name})",
                         item=index)
        return tuple(keys)
