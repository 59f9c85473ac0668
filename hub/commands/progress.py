"""A progress display for builds: phases on a terminal, silent in CI and pipes."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_printer() -> Iterator[Callable[[str], None]]:
    """Yield a function that shows a phase; quiet unless stderr is a terminal outside CI."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda _: None
        return
    start = time.monotonic()

    def show(phase: str) -> None:
        sys.stderr.write(f"\r\x1b[2K[{time.monotonic() - start:5.1f}s] {phase}")
        sys.stderr.flush()

    try:
        yield show
    finally:
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()
