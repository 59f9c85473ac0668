"""Rendered bodies kept on disk across builds, keyed by what they depend on: `.hub/cache/bodies/` beside mkdocs.yml."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from hub import __version__
from hub.render.markup import EXTENSION_CONFIGS, EXTENSIONS

MAX_ENTRIES = 20000
"""Beyond this many entries, the oldest are removed after a write."""
DISABLE_ENV = "HUB_NO_CACHE"
"""Set (to anything) to build without reading or writing the cache."""


def cache_dir(root: Path) -> Path:
    """Where a project's render cache lives (git-ignored)."""
    return root / ".hub" / "cache" / "bodies"


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
    """A digest of everything a rendered body depends on: hub's version and code, Markdown settings, the parts."""
    settings = json.dumps([__version__, code_digest(), EXTENSIONS, EXTENSION_CONFIGS, *parts], sort_keys=True)
    return hashlib.sha256(settings.encode()).hexdigest()


def enabled() -> bool:
    return not os.environ.get(DISABLE_ENV)


def load(folder: Path, digest: str) -> str | None:
    """The cached HTML for `digest`, or None when missing or unreadable (a corrupt entry is a miss)."""
    try:
        data = json.loads((folder / digest[:2] / digest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("html") if isinstance(data, dict) and data.get("key") == digest and \
        isinstance(data.get("html"), str) else None


def store(folder: Path, digest: str, html: str) -> None:
    """Write an entry atomically (temporary file, then rename); a failure only loses the entry."""
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
