"""Publishing: the only code that writes the output folder, and it swaps it in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from hub.errors import BuildError


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh temporary folder beside `out` (same filesystem), removed afterwards whatever happens."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_files(root: Path, files: Mapping[str, bytes]) -> None:
    """Write generated files under `root`, refusing a path outside it or written twice."""
    resolved_root = root.resolve()
    for rel, data in sorted(files.items()):
        target = (root / rel).resolve()
        if not target.is_relative_to(resolved_root):
            raise BuildError(f"refusing to write outside the site: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def copy_file(source: Path, root: Path, rel: str) -> None:
    """Copy one file into the site at `rel`."""
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def swap_into_place(new: Path, out: Path) -> None:
    """Replace `out` by `new` with renames on one filesystem: readers see the old site or the new one."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder; choose another --out")
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.replace(out, old)
    os.replace(new, out)
    shutil.rmtree(old, ignore_errors=True)
