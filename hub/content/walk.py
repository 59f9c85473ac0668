"""The folder walk of content/: every file once, in path order, and the symlinks that are never followed."""
from __future__ import annotations

import errno
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hub.problems import relative


def walk(content_dir: Path) -> tuple[list[tuple[tuple[str, ...], bool]], list[tuple[tuple[str, ...], str]]]:
    """Every file under the folder as (relative parts, is a symlink), in path order; hidden parts left out.

    The same files as `rglob("*")` + `is_file()` (symlinked folders are not entered), from one scandir per folder.
    A symlink that leaves the folder, loops or points at nothing is never followed: it comes back, with what is
    wrong, in the second list.
    """
    found: list[tuple[tuple[str, ...], bool]] = []
    refused: list[tuple[tuple[str, ...], str]] = []
    root = os.path.realpath(content_dir)
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(content_dir, *parts)))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = (*parts, entry.name)
            try:
                if entry.is_symlink():
                    wrong = _symlink_problem(entry.path, root)
                    if wrong:
                        refused.append((rel, wrong))
                    elif entry.is_file():
                        found.append((rel, True))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(rel)
                elif entry.is_file(follow_symlinks=False):
                    found.append((rel, False))
            except OSError:
                continue
    found.sort()
    refused.sort()
    return found, refused


def _symlink_problem(path: str, root: str) -> str | None:
    """What keeps a symlink under content/ from being followed, or None when it stays inside."""
    real = os.path.realpath(path)
    if os.path.commonpath([real, root]) != root:
        return "is a symbolic link to a place outside content/"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops (it leads back to itself)"
        return "is a symbolic link to nothing"
    return None


def displays(root: Path, files: list[tuple[tuple[str, ...], bool]]) -> list[str]:
    """Each file's path as `relative(path, Path.cwd())` gives it, resolving the folders once rather than per file."""
    cwd = Path.cwd()
    if os.sep != "/":  # pragma: no cover - the shortcut below is for POSIX paths
        return [relative(root.joinpath(*rel), cwd) for rel, _ in files]
    base = str(root.resolve())
    here = str(cwd.resolve())
    prefix = here if here.endswith("/") else here + "/"
    displays = []
    for rel, is_link in files:
        full = base + "/" + "/".join(rel)  # what resolve() gives: only the file itself can be a symlink
        if is_link:
            displays.append(relative(root.joinpath(*rel), cwd))
        elif full.startswith(prefix):
            displays.append(full[len(prefix):])
        else:
            displays.append(root.joinpath(*rel).as_posix())
    return displays


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while loading: every object made is kept, so its passes find nothing
    (about 7 % of the load at 5,000 ideas); it resumes, and collects, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
