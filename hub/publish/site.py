"""Publishing: the only code that writes the output folder, and it swaps it in whole, with no gap.

A build happens in a staging folder beside the output, `.<name>.hub-build-XXXXXXXX/`, under a lock file
`.<name>.hub-lock`. The finished site gets a manifest (`.hub-build.json`) and is exchanged with the output folder
in one atomic step (Linux renameat2 RENAME_EXCHANGE), so the output stays a real folder that always holds a whole
site. Where the exchange is not available, two renames follow each other (a gap of microseconds). A build killed at
any moment leaves its staging folder behind; the next build into the same output removes it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hub.errors import BuildError, HubError, UsageError

MANIFEST = ".hub-build.json"
"""The file at the root of every site hub builds: hub replaces only a folder that holds it (or an empty one)."""
MANIFEST_FORMAT = 1
MANIFEST_DATA = {
    "format": MANIFEST_FORMAT,
    "generator": "hub",
    "note": "Built by hub. hub replaces a folder whole, and only when it finds this file in it (or the folder is empty).",
}
STAGING_INFIX = ".hub-build-"
LOCK_SUFFIX = ".hub-lock"
AT_FDCWD = -100
RENAME_EXCHANGE = 2
NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
"""renameat2 errors meaning this kernel or filesystem cannot exchange: fall back to two renames."""
CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}
"""Errors meaning the place itself refuses writes: a usage problem (exit 2), not a failed build."""


def staging_name(out: Path) -> re.Pattern[str]:
    """The names of hub's staging folders for `out`, and nothing else (mkdtemp's eight random characters)."""
    return re.compile(re.escape(f".{out.name}{STAGING_INFIX}") + r"[a-z0-9_]{8}")


def lock_path(out: Path) -> Path:
    """The lock file of builds into `out`, beside it."""
    return out.with_name(f".{out.name}{LOCK_SUFFIX}")


def is_hub_site(folder: Path) -> bool:
    """True when `folder` holds hub's manifest at its root: a site that hub built."""
    manifest = folder / MANIFEST
    try:
        if not manifest.is_file() or manifest.is_symlink():
            return False
        data = json.loads(manifest.read_bytes()[:4096])
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == "hub"


def check_replaceable(out: Path) -> None:
    """Refuse an output that is not missing, empty or a site hub built, without touching anything."""
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise UsageError(f"--out {out}: this is a file, not a folder; choose a new or empty folder, such as site/")
    if os.path.ismount(out):
        raise UsageError(f"--out {out}: this folder is a mount point, which cannot be swapped with a new build; "
                         f"publish into a folder inside it, such as --out {out / 'site'}")
    try:
        with os.scandir(out) as entries:
            empty = next(entries, None) is None
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot read this folder ({exc.strerror}); choose another") from None
    if not empty and not is_hub_site(out):
        raise UsageError(f"--out {out}: this folder holds files that hub did not build (there is no {MANIFEST} in it), "
                         "and a build replaces the output folder whole; choose a new or empty folder, such as site/ "
                         "(if it is a site from an older hub, delete it yourself once)")


def _fault(exc: OSError, doing: str, where: Path) -> HubError:
    """The message for a file-system fault while publishing; the previous site is untouched."""
    reason = exc.strerror or str(exc)
    if exc.errno in CANNOT_WRITE:
        return UsageError(f"cannot {doing} in {where} ({reason}); choose an --out in a folder you can write to. "
                          "The previous site is untouched")
    hint = {errno.ENOSPC: "; free some space and build again", errno.EDQUOT: "; free some space and build again",
            errno.EBUSY: "; something holds the folder (a mount, another program): stop it or choose another --out"}
    return BuildError(f"cannot {doing} in {where} ({reason}){hint.get(exc.errno or 0, '')}. "
                      "The previous site is untouched")


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold the lock of builds into `out`, or raise UsageError when another build holds it; the kernel frees it
    when the process ends, however it ends."""
    path = lock_path(out)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise _fault(exc, "create the lock file", out.parent) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise UsageError(f"--out {out}: another hub build (process {holder or 'unknown'}) is publishing into this "
                             "folder; wait for it to finish, or choose another --out") from None
        except OSError as exc:  # a filesystem without locks (ENOLCK), for one
            os.close(fd)
            raise _fault(exc, "lock the output folder", out.parent) from None
        try:
            same = os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder removed the file as we opened it: take the lock on the new one
    try:
        with suppress(OSError):  # the process id only names the holder in the message above
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with suppress(OSError):
            os.unlink(path)  # while still holding the lock, so a build that opened it meanwhile retries
        os.close(fd)


def remove_leftovers(out: Path) -> None:
    """Remove the staging folders that killed builds into `out` left beside it; call only holding the lock."""
    pattern = staging_name(out)
    try:
        entries = sorted(os.scandir(out.parent), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class Staging:
    """A build's private folders beside the output: the new site, and scratch space for the engine."""

    site: Path
    work: Path


@contextmanager
def publishing(out: Path) -> Iterator[Staging]:
    """Lock `out`, clear what killed builds left, and give fresh staging folders beside it (same filesystem),
    removed afterwards whatever happens. File-system faults become HubErrors that leave `out` as it was."""
    check_replaceable(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fault(exc, "create the folder", out.parent) from None
    with _locked(out):
        check_replaceable(out)  # again, now that no other build can change it
        remove_leftovers(out)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}{STAGING_INFIX}", dir=out.parent))
        except OSError as exc:
            raise _fault(exc, "create a staging folder", out.parent) from None
        try:
            stage = Staging(tmp / "site", tmp / "work")
            try:
                stage.site.mkdir()
                stage.work.mkdir()
            except OSError as exc:
                raise _fault(exc, "create a staging folder", out.parent) from None
            yield stage
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def writing_site(stage: Staging) -> Iterator[None]:
    """Turn a file-system fault while the new site is written (by an engine or by hub) into a HubError."""
    try:
        yield
    except OSError as exc:
        raise _fault(exc, "write the new site", stage.site.parent.parent) from None


def write_files(root: Path, files: Mapping[str, bytes]) -> None:
    """Write generated files under `root`, refusing a path outside it or one that exists already: two names for one
    file (`a/b` and `a//b`), or a file written before (by the engine, by another part of the build), would otherwise
    leave only the last write."""
    resolved_root = root.resolve()
    for rel, data in sorted(files.items()):
        target = (root / rel).resolve()
        if not target.is_relative_to(resolved_root):
            raise BuildError(f"refusing to write outside the site: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "xb") as handle:
                handle.write(data)
        except FileExistsError:
            raise BuildError(f"refusing to write {target.relative_to(resolved_root).as_posix()} twice: two parts of "
                             "the build make the same file of the site") from None


def copy_file(source: Path, root: Path, rel: str) -> None:
    """Copy one file into the site at `rel`."""
    target = root / rel
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as exc:
        raise _fault(exc, f"copy {source.name} into the new site", root.parent) from None


def write_manifest(site: Path) -> None:
    """Mark `site` as built by hub; written last, so a folder with a manifest holds a whole site."""
    (site / MANIFEST).write_text(json.dumps(MANIFEST_DATA, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2 (glibc 2.28+, Linux 3.15+), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func  # type: ignore[no-any-return]


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False (nothing done) where the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in NO_EXCHANGE:
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_into_place(new: Path, out: Path) -> None:
    """Put the finished site `new` at `out`; the previous site ends up beside `new`, for the caller to remove.

    Readers see the old site or the new one, never neither, when renameat2 can exchange the two folders. Elsewhere
    (another OS, a filesystem without RENAME_EXCHANGE) the old site is renamed away first: a gap of two renames.
    """
    check_replaceable(out)
    try:
        write_manifest(new)
        if not os.path.lexists(out):
            os.rename(new, out)
        elif not exchange(new, out):
            os.rename(out, new.with_name(new.name + ".old"))  # beside `new`: removed with the staging folder
            os.rename(new, out)
    except OSError as exc:
        raise _fault(exc, "swap the new site into place", out.parent) from None
