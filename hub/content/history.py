"""When content files entered git: to tell an original from its copy. Git is asked only when a project uses it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

UNTRACKED = float("inf")
"""The age key of a file git does not know: newer than any commit."""


def _git(folder: Path, *args: str) -> str | None:
    """Git's output, or None when git is missing, the folder is not in a repository, or git fails."""
    # File names are literal (no globs), git takes no lock, and no hook-like command from a config runs.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-c", "core.fsmonitor=false", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=30, check=False, env=env)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def added_times(paths: Iterable[Path]) -> dict[Path, float] | None:
    """Each file's time of the commit that added it (UNTRACKED when git does not track it); None without git."""
    result: dict[Path, float] = {}
    for path in sorted(set(paths)):
        folder = path.parent
        if _git(folder, "rev-parse", "--is-inside-work-tree") is None:
            return None
        tracked = _git(folder, "ls-files", "--error-unmatch", "--", path.name)
        if not tracked:
            result[path] = UNTRACKED
            continue
        log = _git(folder, "log", "--no-renames", "--diff-filter=A", "--format=%ct", "--", path.name)
        stamps = [int(line) for line in (log or "").split() if line.isdigit()]
        # Added but not yet committed (staged): newer than anything committed.
        result[path] = float(min(stamps)) if stamps else UNTRACKED
    return result
