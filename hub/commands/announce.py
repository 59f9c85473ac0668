"""`hub announce`: tell each target about the ideas newly live, from the command line's request."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub.config import SiteConfig


@dataclass(frozen=True, slots=True)
class AnnounceRequest:
    """What `hub announce` was asked: the configuration, the instant, the state file and how far back to look."""

    config: SiteConfig
    now: datetime
    state: Path
    since: str = "24h"
    """With no state yet: only ideas live for less than this (`24h`, `7d`)."""
    dry_run: bool = False
    base_url: str | None = None
    output_format: str = "text"
    """`text`, or `json` (a dry run only): the exact payloads and email as one JSON document."""


@dataclass(frozen=True, slots=True)
class AnnounceReport:
    """Whether a target failed (the others were still announced to)."""

    failed: bool


def run_announce(request: AnnounceRequest, env: Mapping[str, str], echo: Callable[[str], None]) -> AnnounceReport:
    """Announce to every target, each line said through `echo`; raises HubError for usage, config and content."""
    from hub.announce.run import announce
    from hub.announce.targets import parse_since
    from hub.errors import UsageError

    if request.output_format not in ("text", "json"):
        raise UsageError(f"--format: {request.output_format!r} is not text or json")
    if request.output_format == "json" and not request.dry_run:
        raise UsageError("--format json shows what would be sent: use it with --dry-run")

    config = request.config.with_base_url(request.base_url) if request.base_url else request.config
    code = announce(config, request.now, state_path=request.state.resolve(), since=parse_since(request.since),
                    env=env, dry_run=request.dry_run, echo=echo, as_json=request.output_format == "json")
    return AnnounceReport(failed=code != 0)
