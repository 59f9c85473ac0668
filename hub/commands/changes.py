"""What a change does to the ideas, compared with a git revision: added, changed, moved or removed files."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from hub.config import SiteConfig
from hub.content.load import IDEAS_DIR
from hub.content.schema import slugify
from hub.errors import UsageError
from hub.models import Content, Idea, Status
from hub.plan import idea_url
from hub.problems import relative


class ChangeKind(StrEnum):
    """What a change did to one file."""

    ADDED = "added"
    CHANGED = "changed"
    MOVED = "moved"
    REMOVED = "removed"


_KINDS = {"A": ChangeKind.ADDED, "C": ChangeKind.ADDED, "M": ChangeKind.CHANGED, "T": ChangeKind.CHANGED,
          "U": ChangeKind.CHANGED, "R": ChangeKind.MOVED, "D": ChangeKind.REMOVED}


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of the folder that differs from the base revision."""

    kind: ChangeKind
    path: Path
    """Absolute path: where the file is now (where it was, when removed)."""
    old_path: Path | None = None
    """Where a moved file was."""


@dataclass(frozen=True, slots=True)
class IdeaChange:
    """One idea a change touches, as an editor wants to see it in a review."""

    kind: ChangeKind
    display: str
    """The file as shown to editors."""
    url: str
    """Its absolute address on the site (where it was, when removed)."""
    idea: Idea | None
    """The idea as it is now; None when removed or when the file could not be read."""
    status: Status | None
    moved_from: str | None = None


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    git = shutil.which("git")
    if git is None:
        raise UsageError("--changed-since needs git, which is not installed here")
    return subprocess.run([git, *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)


def _base(ref: str, cwd: Path) -> str:
    """The commit to compare with: where HEAD left `ref` (their merge base), or `ref` itself in a shallow clone."""
    if ref.startswith("-"):
        raise UsageError(f"--changed-since: {ref!r} is not a git revision")
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
    if found.returncode != 0:
        raise UsageError(f"--changed-since: git knows no commit {ref!r} here; "
                         "hint: fetch it first (git fetch origin main), or name a branch, tag or commit")
    commit = found.stdout.strip()
    merge_base = _git(["merge-base", commit, "HEAD"], cwd)
    return merge_base.stdout.strip() if merge_base.returncode == 0 else commit


def changed_files(folder: Path, ref: str) -> tuple[FileChange, ...]:
    """Files under `folder` that differ between the merge base of `ref` and HEAD and the working tree, untracked ones too."""
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise UsageError(f"--changed-since: {relative(folder, Path.cwd())} is not in a git repository")
    root = Path(top.stdout.strip()).resolve()
    spec = folder.resolve().relative_to(root).as_posix() or "."
    base = _base(ref, root)
    diff = _git(["diff", "--name-status", "-z", "-M", "--no-ext-diff", base, "--", spec], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", spec], root)
    if diff.returncode != 0 or untracked.returncode != 0:
        raise UsageError(f"--changed-since: git diff failed: {(diff.stderr or untracked.stderr).strip()}")
    changes: list[FileChange] = []
    fields = diff.stdout.split("\0")
    index = 0
    while index < len(fields) - 1:
        letter = fields[index][:1]
        if letter in ("R", "C"):
            old, new = fields[index + 1], fields[index + 2]
            changes.append(FileChange(_KINDS[letter], root / new, root / old if letter == "R" else None))
            index += 3
        else:
            changes.append(FileChange(_KINDS.get(letter, ChangeKind.CHANGED), root / fields[index + 1]))
            index += 2
    changes.extend(FileChange(ChangeKind.ADDED, root / name) for name in untracked.stdout.split("\0") if name)
    return tuple(sorted(changes, key=lambda c: c.path.as_posix()))


def idea_changes(files: tuple[FileChange, ...], content: Content, content_dir: Path, config: SiteConfig,
                 now: datetime) -> tuple[IdeaChange, ...]:
    """The changed files that are ideas (Markdown under content/ideas/), each with its address and status at `now`."""
    ideas = {idea.source.path.resolve(): idea for idea in content.ideas}
    ideas_dir = (content_dir / IDEAS_DIR).resolve()
    found: list[IdeaChange] = []
    for change in files:
        path = change.path.resolve() if change.path.exists() else change.path
        if path.suffix.lower() != ".md" or not path.is_relative_to(ideas_dir):
            continue
        display = relative(path, Path.cwd())
        moved_from = relative(change.old_path, Path.cwd()) if change.old_path else None
        idea = None if change.kind is ChangeKind.REMOVED else ideas.get(path)
        # A removed idea's page was where plan.idea_url put it: ideas/<slug of the file name>/.
        url = idea_url(idea) if idea else f"{IDEAS_DIR}/{slugify(path.stem)}/"
        found.append(IdeaChange(change.kind, display, config.base_url + url, idea,
                                idea.status(now) if idea else None, moved_from))
    return tuple(found)
