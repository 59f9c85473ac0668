"""Reading `--now` and other instants given on the command line."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from hub.errors import UsageError


def parse_instant(text: str, timezone: ZoneInfo) -> datetime:
    """ISO 8601 (`2026-11-25`, `2026-11-25T06:00`, `…Z`, `…+01:00`); no offset means the site's timezone."""
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0), tzinfo=timezone)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now: {text!r} is not a date; write it as 2026-11-25 or 2026-11-25T06:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone)
