"""What went where: the announce state, read from and written atomically to one JSON file.

The file (default `.hub/announce-state.json`) holds, per target name:
- `sent`: each idea id announced there, with the instant of the run that sent it;
- `seen`: ids of ideas that were live at a run without being due there (older than `--since`
  on the target's first run, or not matching its filters), so they never go later;
- `digest`: for email, when the last digest went and which period (day or week) was last handled.
An idea is due at a target when it is live, matches, and is in neither list.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hub.errors import UsageError

VERSION = 1


@dataclass(frozen=True, slots=True)
class TargetState:
    """One target's record."""

    sent: Mapping[str, str] = field(default_factory=dict)
    """Idea id -> ISO instant of the run that announced it."""
    seen: frozenset[str] = frozenset()
    digest_at: str | None = None
    digest_period: str | None = None

    def known(self, idea_id: str) -> bool:
        return idea_id in self.sent or idea_id in self.seen


@dataclass(frozen=True, slots=True)
class State:
    """Every target's record, by target name; a target missing here has no state yet."""

    targets: Mapping[str, TargetState] = field(default_factory=dict)

    def with_target(self, name: str, record: TargetState) -> State:
        return State(MappingProxyType({**self.targets, name: record}))


def _ids(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _target(raw: Any) -> TargetState | None:
    if not isinstance(raw, dict):
        return None
    sent, seen, digest = raw.get("sent", {}), raw.get("seen", []), raw.get("digest") or {}
    if not (isinstance(sent, dict) and all(isinstance(v, str) for v in sent.values()) and _ids(seen)
            and isinstance(digest, dict)):
        return None
    return TargetState(MappingProxyType(dict(sent)), frozenset(seen), digest.get("at"), digest.get("period"))


def load_state(path: Path) -> State:
    """The state in `path`; an empty one when the file does not exist (a first run, or a lost cache)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return State()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"--state: {path} cannot be read ({exc.__class__.__name__}); "
                         "delete it to start afresh (then only ideas newer than --since go)") from None
    targets = raw.get("targets") if isinstance(raw, dict) and raw.get("version") == VERSION else None
    records = {name: _target(value) for name, value in targets.items()} if isinstance(targets, dict) else None
    if records is None or any(record is None for record in records.values()):
        raise UsageError(f"--state: {path} is not a hub announce state (version {VERSION}); "
                         "delete it to start afresh (then only ideas newer than --since go)")
    return State(MappingProxyType({name: r for name, r in records.items() if r is not None}))


def _as_json(state: State) -> str:
    targets = {}
    for name in sorted(state.targets):
        record = state.targets[name]
        entry: dict[str, Any] = {"sent": dict(sorted(record.sent.items())), "seen": sorted(record.seen)}
        if record.digest_at or record.digest_period:
            entry["digest"] = {"at": record.digest_at, "period": record.digest_period}
        targets[name] = entry
    return json.dumps({"version": VERSION, "targets": targets}, indent=2, ensure_ascii=False) + "\n"


def save_state(path: Path, state: State) -> None:
    """Write the state whole or not at all: a temporary file beside it, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(_as_json(state))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
