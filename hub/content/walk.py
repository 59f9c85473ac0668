"""The folder walk of content/: every file once, in path order, and what content/ may not hold.

content/ is where the trust boundary lies: anything in it may come from any pull request. So it holds content
only, and this module is the one place that says what that means (README, "Security model"):

- a *content file* is a Markdown page (`.md`) or a file of a type a page may link and hub publishes beside it
  (`hub.safefiles.files.EXTENSIONS`: PNG, JPEG, GIF, WebP, AVIF, SVG, PDF);
- any other file (a `mkdocs.yml`, a template, a script, a `.pth`…) is an error naming it (`stranger`), and so is
  a folder named `theme` (what hub would take for a theme), a hidden file or folder (`.github/`, `.venv/`,
  `.hub/`…), a name with an unprintable or direction-changing character, and a symlink that leaves content/,
  loops or leads nowhere: those are never entered, read or followed (`walk`'s second list);
- the files that operating systems and editors write by themselves while someone works (`.DS_Store`, a vim swap
  file, an emacs lock…) are passed over without a word: they are never read either.
"""
from __future__ import annotations

import errno
import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hub.problems import relative, visible
from hub.safefiles.files import EXTENSIONS, Finding

CONTENT_SUFFIXES = frozenset({".md", *EXTENSIONS})
"""The suffixes of content files (any case): Markdown pages and the files they may link."""
THEME_FOLDER = "theme"
"""A folder of this name in content/ is refused whole: it is what hub would take for a theme."""
_LEFTOVER = re.compile(r"(?:\.DS_Store|\._.*|Thumbs\.db|desktop\.ini|\.gitkeep|\..*\.sw[a-p]|\.#.*|#.*#|.*~"
                       r"|\.~lock\..*#)", re.IGNORECASE)
"""Files an operating system or an editor writes by itself beside the files one works on: never read, no error."""
CONTENT_HINT = ("content/ holds only Markdown pages and the files they link (PNG, JPEG, GIF, WebP, AVIF, SVG or "
                "PDF); delete it, or move it out of content/ (the project's configuration, theme, workflows and "
                "code live beside content/, where their owners review them)")
_KINDS = (
    (frozenset({".yml", ".yaml", ".toml", ".cfg", ".ini", ".json", ".env"}),
     "a configuration file, and hub reads none from content/"),
    (frozenset({".html", ".htm", ".xhtml", ".j2", ".jinja", ".jinja2", ".xsl", ".xslt", ".po", ".mo", ".css"}),
     "a web page, template or style sheet, and hub takes none from content/"),
    (frozenset({".py", ".pyc", ".pth", ".js", ".mjs", ".sh", ".bash", ".ps1", ".bat", ".cmd", ".exe", ".so"}),
     "code, and nothing in content/ is ever run"),
)

Files = list[tuple[tuple[str, ...], bool]]
Refused = list[tuple[tuple[str, ...], Finding]]


def stranger(rel: tuple[str, ...]) -> Finding | None:
    """Why a file that `walk` found is not a content file, or None when it is one."""
    suffix = os.path.splitext(rel[-1])[1].lower()
    if suffix in CONTENT_SUFFIXES:
        return None
    kind = next((what for suffixes, what in _KINDS if suffix in suffixes), "")
    return Finding(f"`{rel[-1]}` is not a content file" + (f"; it is {kind}" if kind else ""), CONTENT_HINT)


def _name_problem(name: str, is_dir: bool) -> Finding | None:
    """Why a name under content/ is refused before anything else looks at it (its file or folder unread)."""
    bad = sorted({char for char in name if not char.isprintable()})
    if bad:
        shown = ", ".join(f"{visible(char)} (U+{ord(char):04X})" for char in bad)
        return Finding(f"the name holds a control, invisible or direction-changing character: {shown}",
                       "rename it with visible characters only: such a name can rewrite a terminal, a CI log "
                       "or the order in which a name reads")
    if name.startswith("."):
        what = "folder" if is_dir else "file"
        return Finding(f"`{name}` is a hidden {what}, which content/ may not hold", CONTENT_HINT)
    if is_dir and name.lower() == THEME_FOLDER:
        return Finding(f"`{name}/` is a folder named like a theme, which content/ may not hold",
                       "hub takes its theme only from the theme/ folder beside content/: delete this one, or "
                       "rename it if it holds ideas")
    return None


def walk(content_dir: Path) -> tuple[Files, Refused]:
    """Every file under the folder as (relative parts, is a symlink), in path order, and what is refused.

    The same files as `rglob("*")` + `is_file()` (symlinked folders are not entered), from one scandir per folder,
    less what content/ may not hold (the module's docstring): a hidden or unprintable name, a `theme` folder, a
    symlink that leaves the folder, loops or points at nothing. Those are never entered, read or followed: they
    come back, with what is wrong, in the second list. Editors' leftovers are in neither.
    """
    found: Files = []
    refused: Refused = []
    root = os.path.realpath(content_dir)
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(content_dir, *parts)))
        except OSError:
            continue
        for entry in entries:
            rel = (*parts, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and entry.name.isprintable() and _LEFTOVER.fullmatch(entry.name):
                    continue
                named = _name_problem(entry.name, is_dir)
                if named:
                    refused.append((rel, named))
                elif entry.is_symlink():
                    wrong = _symlink_problem(entry.path, root)
                    if wrong:
                        refused.append((rel, Finding(wrong, _SYMLINK_HINT)))
                    elif entry.is_file():
                        found.append((rel, True))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(rel)
                elif entry.is_file(follow_symlinks=False):
                    found.append((rel, False))
            except OSError:
                continue
    found.sort()
    refused.sort(key=lambda item: item[0])
    return found, refused


_SYMLINK_HINT = "hub follows no link that leaves content/ or leads nowhere: replace it by a copy of the file"


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
