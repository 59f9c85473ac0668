"""Reading `--now` and other instants given on the command line."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from hub.errors import UsageError

FIRST_YEAR, LAST_YEAR = 1900, 9998
"""The years an instant may have: a day inside `datetime`'s range, so converting it to any timezone never overflows."""


def parse_instant(text: str, timezone: ZoneInfo) -> datetime:
    """ISO 8601 (`2026-11-25`, `2026-11-25T06:00`, `…Z`, `…+01:00`); no offset means the site's timezone."""
    value = text.strip()
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time(0), tzinfo=timezone)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now: {text!r} is not a date; write it as 2026-11-25 or 2026-11-25T06:00:00Z") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise UsageError(f"--now: {text!r} is out of range: hub handles the years {FIRST_YEAR} to {LAST_YEAR}")
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone)
