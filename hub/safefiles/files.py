"""Files beside the content that a page links: which types hub publishes, read safely and checked by their bytes."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hub.problems import Severity

MAX_BYTES = 50 * 1024 * 1024
"""The largest file published beside a page (a long slide deck as PDF fits)."""
MAX_SVG_BYTES = 5 * 1024 * 1024


class FileKind(StrEnum):
    """A type of file that is safe to serve as it is (SVG only once sanitized)."""

    PNG = "PNG"
    JPEG = "JPEG"
    GIF = "GIF"
    WEBP = "WebP"
    AVIF = "AVIF"
    PDF = "PDF"
    SVG = "SVG"


EXTENSIONS = {".png": FileKind.PNG, ".jpg": FileKind.JPEG, ".jpeg": FileKind.JPEG, ".gif": FileKind.GIF,
              ".webp": FileKind.WEBP, ".avif": FileKind.AVIF, ".pdf": FileKind.PDF, ".svg": FileKind.SVG}
"""The only names published beside a page, each with the one kind of content it must hold."""

PAGE_NAMES = {"index.html", "index.htm", "index.xhtml", "index.shtml"}
"""Names a web server serves for a folder's address: a file so named beside a page would take the page's place."""

TYPES_HINT = ("hub publishes beside a page only images (PNG, JPEG, GIF, WebP, AVIF, SVG) and PDF files: anything "
              "else (a web page, a script, a style sheet…) would run on the intranet's site; put its text in the page")


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong with one file: a refusal (error), or a part the SVG sanitizer removed (warning)."""

    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    line: int | None = None
    """A line in the file itself (for SVG), when the finding is about one element."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a file beside the content becomes: the bytes to publish, or None when it is refused."""

    data: bytes | None
    findings: tuple[Finding, ...] = ()


def sniff(data: bytes) -> FileKind | None:
    """The raster or PDF type that a file's first bytes announce, if any (SVG is recognised by parsing)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return FileKind.GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileKind.WEBP
    if data.startswith(b"%PDF-"):
        return FileKind.PDF
    if data[4:8] == b"ftyp":
        size = int.from_bytes(data[:4], "big")
        brands = [data[8:12]] + [data[i:i + 4] for i in range(16, min(size, len(data), 256) - 3, 4)]
        if b"avif" in brands or b"avis" in brands:
            return FileKind.AVIF
    return None


def inspect(name: str, data: bytes) -> Verdict:
    """Decide from the name and the bytes whether a file may be published, and what exactly is published."""
    kind = EXTENSIONS.get(os.path.splitext(name)[1].lower())
    if kind is None:
        return Verdict(None, (Finding(f"`{excerpt(name)}` is not a file type hub publishes", TYPES_HINT),))
    if len(data) > (MAX_SVG_BYTES if kind is FileKind.SVG else MAX_BYTES):
        limit = (MAX_SVG_BYTES if kind is FileKind.SVG else MAX_BYTES) // (1024 * 1024)
        return Verdict(None, (Finding(f"`{excerpt(name)}` is larger than {limit} MB, too large to publish",
                                      "make it smaller (a lower resolution, or a compressed export)"),))
    found = sniff(data)
    if kind is FileKind.SVG:
        if found is not None:
            return Verdict(None, (_mismatch(name, kind, found),))
        from hub.safefiles.svg import sanitize_svg  # lxml is loaded only when a page links an SVG

        return sanitize_svg(name, data)
    if found is not kind:
        return Verdict(None, (_mismatch(name, kind, found),))
    return Verdict(data)


def _mismatch(name: str, kind: FileKind, found: FileKind | None) -> Finding:
    holds = f"holds {found}" if found else "does not hold one"
    return Finding(f"`{excerpt(name)}` is named as {kind} but {holds}",
                   "export the file again in the format its name says, or rename it to match its content")


def excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def read_content_file(path: Path, content_dir: Path) -> bytes:
    """A regular file's bytes, only when it really lies under the content folder (no symlink leaves it).

    Raises OSError for a file that is missing, not regular, outside the folder, or too large.
    """
    real = os.path.realpath(path)
    root = os.path.realpath(content_dir)
    if os.path.commonpath([real, root]) != root:
        raise OSError(errno.EACCES, "outside the content folder", str(path))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(real, flags)  # no symlink at the last step, and a FIFO cannot block the read
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > MAX_BYTES:
            return b"\0" * (MAX_BYTES + 1)  # inspect() refuses it by size without reading it
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def examine(path: Path, content_dir: Path) -> Verdict:
    """Read a file beside the content and inspect it; a file that cannot be read is refused, never raised."""
    try:
        data = read_content_file(path, content_dir)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return Verdict(None, (Finding(f"`{excerpt(path.name)}` cannot be read ({reason})",
                                      "replace it by a plain file inside content/"),))
    return inspect(path.name, data)
