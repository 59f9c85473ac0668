"""Which ideas each target is due: its filters, its state, the `--since` window and the digest period."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from types import MappingProxyType

from hub.announce.config import Every, Target
from hub.announce.state import TargetState
from hub.errors import UsageError
from hub.models import Idea

_SINCE = re.compile(r"^\s*(\d+)\s*([hd])\s*$")


def parse_since(text: str) -> timedelta:
    """`24h` or `7d` as a duration."""
    match = _SINCE.match(text)
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"--since: {text!r} is not a duration; write hours or days, such as 24h or 7d")
    amount, unit = int(match.group(1)), match.group(2)
    return timedelta(hours=amount) if unit == "h" else timedelta(days=amount)


def matches(target: Target, idea: Idea) -> bool:
    """True when the idea meets every filter the target gives (any one value of each)."""
    checks = [
        (target.topics, idea.topics),
        (target.audiences, idea.audiences),
        (target.channels, idea.channels),
        (target.languages, (idea.lang,)),
        (target.sensitivity, (idea.sensitivity,)),
    ]
    return all(not wanted or not set(wanted).isdisjoint(values) for wanted, values in checks)


def due_ideas(target: Target, live: Iterable[Idea], record: TargetState | None, now: datetime,
              since: timedelta) -> tuple[Idea, ...]:
    """The live ideas the target has not heard of, oldest first; with no record, only those newer than `since`."""
    horizon = now - since
    due = [idea for idea in live if matches(target, idea)
           and (idea.date >= horizon if record is None else not record.known(idea.id))]
    return tuple(sorted(due, key=lambda idea: (idea.date, idea.id)))


def period(now: datetime, every: Every) -> str:
    """The digest period that `now` falls in, in the site's timezone: `2026-11-25` or `2026-W48`."""
    if every is Every.DAY:
        return now.date().isoformat()
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def digest_due(target: Target, record: TargetState | None, now: datetime) -> bool:
    """An email target gets at most one digest per period: on the first run of the period that succeeds."""
    return record is None or record.digest_period != period(now, target.every)


def after_run(record: TargetState | None, live: Iterable[Idea], sent: Iterable[Idea], unsent: Iterable[Idea],
              now: datetime) -> TargetState:
    """The target's record once `sent` went and `unsent` (due, but failed) did not: every other live idea is seen."""
    previous = record or TargetState()
    stamp = now.isoformat(timespec="seconds")
    new_sent = dict(previous.sent) | {idea.id: stamp for idea in sent}
    waiting = {idea.id for idea in unsent}
    seen = (previous.seen | {idea.id for idea in live}) - waiting - set(new_sent)
    return TargetState(MappingProxyType(new_sent), frozenset(seen), previous.digest_at, previous.digest_period)


def after_digest(record: TargetState, target: Target, now: datetime, *, mailed: bool) -> TargetState:
    """The record once this period's digest was handled (sent, or nothing to send)."""
    at = now.isoformat(timespec="seconds") if mailed else record.digest_at
    return TargetState(record.sent, record.seen, at, period(now, target.every))
