"""Bodies kept on disk across builds, keyed by what they depend on, in the user's cache folder.

Nothing read back from disk is trusted more than content (README, "Security model"), so:

- the cache lives outside the project, in the per-user cache folder (`~/.cache/hub/bodies/<project>/` on Linux,
  as `platformdirs` gives it on each system): no pull request, no `git add -f` and no checkout can put an entry
  there, and a `.hub/` folder in the repository is never read;
- an entry holds a body's HTML *before* sanitizing (`hub.render.markup.to_html`), and every read sanitizes it
  again, exactly as a fresh render does: an entry that someone wrote by hand publishes nothing that the same text
  in content/ could not, and a cached build gives the same bytes as an uncached one by construction;
- the key holds everything the HTML depends on: the body and where it is shown, hub's version and code, the
  Markdown settings, and the versions of the packages that turn Markdown into HTML and sanitize it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

import platformdirs

from hub import __version__
from hub.render.markup import EXTENSION_CONFIGS, EXTENSIONS

MAX_ENTRIES = 20000
"""Beyond this many entries, the oldest are removed after a write."""
FORMAT = 2
"""What an entry holds: 2, the HTML before sanitizing (1 held it after, in `.hub/cache/` inside the project)."""
SHAPING = ("markdown", "nh3")
"""The packages whose code makes a cached body: Python-Markdown renders it, nh3 sanitizes it on every read. The
engines are not among them: they receive bodies after the cache, on every build."""


def cache_root() -> Path:
    """The user's cache folder for hub (`$XDG_CACHE_HOME/hub`, else `~/.cache/hub`, on Linux)."""
    return platformdirs.user_cache_path("hub", appauthor=False)


def cache_dir(root: Path) -> Path:
    """Where a project's render cache lives: a folder of its own under the user's cache, never in the project."""
    project = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_root() / "bodies" / project


@functools.cache
def shaping_versions() -> tuple[tuple[str, str], ...]:
    """The installed version of each package in `SHAPING` (read once per process)."""
    from importlib import metadata

    found = []
    for name in SHAPING:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "?"))
    return tuple(found)


@functools.cache
def code_digest() -> str:
    """A digest of hub's own source: any change to the code (not only a new version number) makes a new cache.

    A body's HTML depends on more of hub than its version says between releases (a fix in the Markdown sanitizer,
    a new placeholder); reading hub's modules once per process costs about a millisecond.
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(*parts: str) -> str:
    """A digest of everything a rendered body depends on: the entry format, hub's version and code, the versions of
    the packages that shape it, the Markdown settings, the parts."""
    settings = json.dumps([FORMAT, __version__, code_digest(), shaping_versions(), EXTENSIONS, EXTENSION_CONFIGS,
                           *parts], sort_keys=True)
    return hashlib.sha256(settings.encode()).hexdigest()


def load(folder: Path, digest: str) -> str | None:
    """The cached HTML for `digest`, not yet sanitized, or None when missing or unreadable (a corrupt entry is a
    miss). The caller sanitizes what it gets, as it does a fresh render."""
    try:
        data = json.loads((folder / digest[:2] / digest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("html") if isinstance(data, dict) and data.get("key") == digest and \
        isinstance(data.get("html"), str) else None


def store(folder: Path, digest: str, html: str) -> None:
    """Write an entry atomically (temporary file, then rename), readable by its owner only; a failure only loses
    the entry."""
    target = folder / digest[:2] / digest
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": digest, "html": html}, handle)
        os.replace(tmp, target)
    except OSError:
        return


def prune(folder: Path, limit: int = MAX_ENTRIES) -> None:
    """Keep at most `limit` entries, dropping the least recently written."""
    try:
        entries = sorted((p.stat().st_mtime_ns, p) for p in folder.glob("*/*") if not p.name.startswith("."))
    except OSError:
        return
    for _, path in entries[: max(0, len(entries) - limit)]:
        path.unlink(missing_ok=True)
