"""Real file-system faults for tests: a small tmpfs in a private user + mount namespace (`unshare -rm`), which any
user can make, with commands run inside it through `nsenter` and its files read from outside through /proc."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

HUB = (sys.executable, "-m", "hub")
"""The real `hub` command, run as a subprocess."""


@dataclass(frozen=True)
class SmallDisk:
    """A tmpfs of a chosen size mounted at `mount`, seen only by commands run through `run`."""

    pid: int
    mount: Path

    def run(self, *args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
        """Run a command inside the namespace, where the tmpfs is mounted."""
        command = ["nsenter", "-t", str(self.pid), "-U", "-m", "--preserve-credentials", f"--wd={cwd}", "--", *args]
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=check, timeout=120)

    def hub(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run `hub ARGS…` inside the namespace."""
        return self.run(*HUB, *args, cwd=cwd)

    def view(self, rel: str = "") -> Path:
        """The path, seen from outside the namespace, of `rel` on the tmpfs."""
        return Path(f"/proc/{self.pid}/root") / self.mount.relative_to("/") / rel


def namespaces_work() -> bool:
    """True when this machine lets us make a user + mount namespace and mount a tmpfs in it."""
    if not (shutil.which("unshare") and shutil.which("nsenter")):
        return False
    probe = subprocess.run(["unshare", "-rm", "mount", "-t", "tmpfs", "none", "/tmp"], capture_output=True)
    return probe.returncode == 0


@contextmanager
def small_disk(mount: Path, size: str) -> Iterator[SmallDisk]:
    """A tmpfs of `size` (for example 16m) at `mount` (an empty folder), for as long as the block lasts."""
    if not namespaces_work():
        pytest.skip("needs unshare/nsenter and unprivileged user namespaces to mount a small tmpfs")
    mount.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(["unshare", "-rm", "sh", "-c", f'mount -t tmpfs -o size={size} hub-test "$0" '
                               '&& echo ready && exec sleep 3600', str(mount)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield SmallDisk(holder.pid, mount)
    finally:
        holder.kill()
        holder.wait()
