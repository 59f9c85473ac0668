"""`hub list`: the editorial calendar, as a table on a terminal, tab-separated in a pipe, or JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TextIO

from hub.config import SiteConfig
from hub.models import Content, Idea, Status
from hub.problems import counted

COLUMNS = ("status", "date", "expires", "slug", "lang", "sensitivity", "topics")
"""The tab-separated columns, unchanged since the first release: scripts read them by position."""


class ListFormat(StrEnum):
    """How the calendar is printed: a table (on a terminal), tab-separated lines (in a pipe) or JSON."""

    TABLE = "table"
    TSV = "tsv"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class ListRequest:
    """What `hub list` was asked: the configuration, the instant, and the status and topic to keep (None: all)."""

    config: SiteConfig
    now: datetime
    status: str | None = None
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class CalendarRow:
    """One idea as the calendar shows it at an instant."""

    idea: Idea
    status: Status


def calendar_rows(content: Content, now: datetime, *, status: Status | None = None,
                  topic: str | None = None) -> list[CalendarRow]:
    """The ideas at `now`, newest first, filtered by status and topic."""
    rows = [CalendarRow(i, i.status(now)) for i in content.ideas]
    return [r for r in rows if (status is None or r.status is status) and (topic is None or topic in r.idea.topics)]


@dataclass(frozen=True, slots=True)
class ListReport:
    """The calendar's rows, and how many content errors hide some ideas from it (the command then fails)."""

    rows: list[CalendarRow]
    errors: int


def run_list(request: ListRequest) -> ListReport:
    """Load the content and keep the ideas asked for; UsageError for a status or topic that does not exist."""
    from hub.commands.choices import choose
    from hub.content.load import load_content

    status = choose("--status", request.status, [s.value for s in Status]) if request.status is not None else None
    if request.topic is not None:
        choose("--topic", request.topic, list(request.config.topics.terms))
    loaded = load_content(request.config)
    rows = calendar_rows(loaded.content, request.now, status=Status(status) if status else None, topic=request.topic)
    return ListReport(rows, len(loaded.errors))


UNREAD = "?"
"""The cell of a date that could not be read (the status then says `unreadable`)."""


def _cells(row: CalendarRow, config: SiteConfig) -> tuple[str, ...]:
    idea, tz = row.idea, config.timezone
    return (
        str(row.status),
        UNREAD if "date" in idea.unreadable else f"{idea.date.astimezone(tz):%Y-%m-%d %H:%M}",
        UNREAD if "expires" in idea.unreadable else f"{idea.expires.astimezone(tz):%Y-%m-%d}" if idea.expires else "-",
        idea.slug,
        idea.lang,
        str(idea.sensitivity),
        ",".join(idea.topics) or "-",
    )


def status_counts(statuses: list[Status]) -> str:
    """`12 live, 2 scheduled, 2 expired, 1 draft`, and `1 unreadable` when there is one: every count says it."""
    counts = Counter(statuses)
    return ", ".join(f"{counts.get(s, 0)} {s}" for s in Status if s is not Status.UNREADABLE or counts.get(s))


def _summary(rows: list[CalendarRow]) -> str:
    return f"{counted(len(rows), 'idea')}: " + status_counts([r.status for r in rows])


def _json(rows: list[CalendarRow], config: SiteConfig) -> str:
    ideas = []
    for row in rows:
        idea, cells = row.idea, dict(zip(COLUMNS, _cells(row, config), strict=True))
        readable = {"date": cells["date"] if "date" not in idea.unreadable else None,
                    "expires": cells["expires"] if idea.expires and "expires" not in idea.unreadable else None}
        ideas.append({**cells, **readable, "unreadable": list(idea.unreadable), "topics": list(idea.topics),
                      "title": idea.title, "id": idea.id, "path": idea.source.display})
    return json.dumps({"ideas": ideas}, ensure_ascii=False, indent=2)


def print_calendar(rows: list[CalendarRow], config: SiteConfig, stream: TextIO, fmt: str | None = None) -> None:
    """`table` (the default on a terminal), `tsv` (the default in a pipe: a header line, one line per idea and
    a summary) or `json`."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream)
    fmt = fmt or ("table" if console.is_terminal else "tsv")
    if fmt == "json":
        stream.write(_json(rows, config) + "\n")
        return
    if fmt == "tsv":
        stream.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            stream.write("\t".join(_cells(row, config)) + "\n")
        stream.write(_summary(rows) + "\n")
        return
    styles = {Status.LIVE: "green", Status.SCHEDULED: "cyan", Status.EXPIRED: "dim", Status.DRAFT: "yellow",
              Status.UNREADABLE: "red"}
    table = Table(title="Editorial calendar", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for header in ("Status", "Date", "Expires", "Lang", "Level"):
        table.add_column(header, no_wrap=True)
    table.add_column("Idea", overflow="fold")
    for row in rows:
        status, date, expires, slug, lang, sensitivity, topics = _cells(row, config)
        idea = Text(row.idea.title)
        idea.append(f"\n{slug} · {topics.replace(',', ', ')}", style="dim")
        table.add_row(status, date, expires, lang, sensitivity, idea, style=styles[row.status])
    console.print(table)
    console.print(_summary(rows))
