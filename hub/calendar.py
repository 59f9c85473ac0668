"""`hub list`: the editorial calendar, as a table on a terminal and plain text in a pipe."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from rich.console import Console
from rich.table import Table

from hub.config import SiteConfig
from hub.models import Content, Idea, Status

COLUMNS = ("status", "date", "expires", "slug", "lang", "sensitivity", "topics")


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


def _cells(row: CalendarRow, config: SiteConfig) -> tuple[str, ...]:
    idea, tz = row.idea, config.timezone
    return (
        str(row.status),
        f"{idea.date.astimezone(tz):%Y-%m-%d %H:%M}",
        f"{idea.expires.astimezone(tz):%Y-%m-%d}" if idea.expires else "-",
        idea.slug,
        idea.lang,
        str(idea.sensitivity),
        ",".join(idea.topics) or "-",
    )


def _summary(rows: list[CalendarRow]) -> str:
    counts = Counter(r.status for r in rows)
    return f"{len(rows)} idea(s): " + ", ".join(f"{counts.get(s, 0)} {s}" for s in Status)


def print_calendar(rows: list[CalendarRow], config: SiteConfig, stream: TextIO) -> None:
    """A rich table on a terminal; tab-separated lines with a header when piped."""
    console = Console(file=stream)
    if not console.is_terminal:
        stream.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            stream.write("\t".join(_cells(row, config)) + "\n")
        stream.write(_summary(rows) + "\n")
        return
    styles = {Status.LIVE: "green", Status.SCHEDULED: "cyan", Status.EXPIRED: "dim", Status.DRAFT: "yellow"}
    table = Table(*[c.capitalize() for c in COLUMNS], title="Editorial calendar")
    for row in rows:
        table.add_row(*_cells(row, config), style=styles[row.status])
    console.print(table)
    console.print(_summary(rows))
