"""Publishing: hub replaces only a folder it built, swaps with no gap, survives being killed, takes a lock, and turns
file-system faults (full disk, read-only, EPERM, EBUSY) into messages that leave the previous site whole."""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from hub.publish.site import MANIFEST
from tests.conftest import NOW
from tests.fsfaults import HUB, small_disk
from tests.test_site import tree_digest

LATER = "2027-03-01T12:00:00+01:00"
"""A second instant whose site differs from NOW's (other ideas live), to tell two builds apart."""


def listing(folder: Path) -> list[str]:
    """The names in a folder, hidden ones included, but for hub's render cache (`.hub/`, beside mkdocs.yml)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".hub")


def run_hub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `hub` command in a subprocess."""
    return subprocess.run([*HUB, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


# 1. The output folder: only one hub built, an empty one or a missing one.

@pytest.mark.parametrize("make", [
    pytest.param(lambda d: (d / "notes.txt").write_text("mine\n"), id="a folder of someone's files"),
    pytest.param(lambda d: ((d / ".git").mkdir(), (d / ".git/HEAD").write_text("ref: refs/heads/main\n")),
                 id="a repository"),
    pytest.param(lambda d: (d / MANIFEST).write_text('{"generator": "someone else"}'), id="another tool's manifest"),
    pytest.param(lambda d: (d / MANIFEST).symlink_to(d.parent / "mkdocs.yml"), id="a manifest that is a symlink"),
])
def test_a_folder_hub_did_not_build_is_refused_and_untouched(
    make: Callable[[Path], Any], project: Path, hub: Callable[..., Result]
) -> None:
    out = project / "mine"
    out.mkdir()
    make(out)
    before, around = tree_digest(project), listing(project)
    result = hub("build", "--out", "mine", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert f"--out {out}: this folder holds files that hub did not build" in result.output
    assert "choose a new or empty folder" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project) == before and listing(project) == around, "nothing touched, nothing added"


def test_a_file_and_a_mount_point_are_refused(project: Path, hub: Callable[..., Result], tmp_path: Path) -> None:
    (project / "page.html").write_text("<p>mine</p>\n")
    result = hub("build", "--out", "page.html", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert "page.html: this is a file, not a folder" in result.output
    assert (project / "page.html").read_text() == "<p>mine</p>\n"
    with small_disk(tmp_path / "disk", "4m") as disk:
        done = disk.hub("build", "--out", str(disk.mount), "--now", NOW, cwd=project)
        assert done.returncode == 2, done.stderr
        assert f"--out {disk.mount}: this folder is a mount point" in done.stderr
        assert f"such as --out {disk.mount / 'site'}" in done.stderr
        assert "Traceback" not in done.stderr
        assert listing(disk.view()) == []


def test_a_missing_an_empty_and_a_hub_built_folder_are_replaced(project: Path, hub: Callable[..., Result]) -> None:
    site = project / "deep/er/site"
    assert hub("build", "--out", str(site), "--now", NOW).exit_code == 0, "a missing folder (and its parents)"
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["generator"] == "hub" and manifest["format"] == 1
    (site / "stale.html").write_text("from an older build")
    first = site.stat().st_ino
    result = hub("build", "--out", str(site), "--now", NOW)
    assert result.exit_code == 0, result.output
    assert not (site / "stale.html").exists(), "the folder is replaced whole"
    assert site.is_dir() and not site.is_symlink(), "the output stays a real folder"
    assert site.stat().st_ino != first
    empty = project / "empty"
    empty.mkdir()
    assert hub("build", "--out", "empty", "--now", NOW).exit_code == 0
    assert (empty / "index.html").is_file() and (empty / MANIFEST).is_file()
    assert sorted(p.name for p in (project / "deep/er").iterdir()) == ["site"], "no staging folder or lock left"


def test_a_symlink_to_the_output_folder_stays_a_symlink(project: Path, hub: Callable[..., Result]) -> None:
    (project / "releases").mkdir()
    (project / "current").symlink_to("releases")
    assert hub("build", "--out", "current", "--now", NOW).exit_code == 0
    assert hub("build", "--out", "current", "--now", NOW).exit_code == 0
    assert (project / "current").is_symlink() and (project / "releases/index.html").is_file()


def test_only_hubs_own_leftovers_are_removed(project: Path, hub: Callable[..., Result], tmp_path: Path) -> None:
    assert hub("build", "--now", NOW).exit_code == 0
    leftover = project / ".site.hub-build-k1lled_x"
    (leftover / "site/feeds").mkdir(parents=True)
    (leftover / "site/feeds/half.xml").write_text("<rss")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    kept = {
        ".site.hub-build-zzzzzzzz": lambda p: p.symlink_to(elsewhere),  # a symlink is never followed nor removed
        ".site.hub-build-NOTOURS1": lambda p: p.mkdir(),
        ".site.hub-build-toolongname": lambda p: p.mkdir(),
        ".other.hub-build-abcdefgh": lambda p: p.mkdir(),  # another output's
        ".site.hub-build-abcdefgh.txt": lambda p: p.write_text("mine"),
        "site.hub-build-abcdefgh": lambda p: p.mkdir(),
    }
    for name, make in kept.items():
        make(project / name)
    result = hub("build", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    assert listing(project) == sorted(["content", "mkdocs.yml", "theme", "site", *kept])
    assert (elsewhere / "keep.txt").read_text() == "keep"


def test_without_the_atomic_exchange_two_renames_still_replace_the_site(
    project: Path, hub: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert hub("build", "--now", NOW).exit_code == 0
    assert hub("build", "--out", "later", "--now", LATER).exit_code == 0
    monkeypatch.setattr("hub.publish.site.exchange", lambda new, out: False)  # as on macOS or a filesystem without it
    result = hub("build", "--now", LATER)
    assert result.exit_code == 0, result.output
    assert tree_digest(project / "site") == tree_digest(project / "later")
    assert listing(project) == ["content", "later", "mkdocs.yml", "site", "theme"]


# 2. The lock: one build at a time into one folder.

def test_a_second_build_into_the_same_folder_stops_with_a_message(project: Path, hub: Callable[..., Result]) -> None:
    assert hub("build", "--now", NOW).exit_code == 0
    before = tree_digest(project / "site")
    fd = os.open(project / ".site.hub-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"4242\n")
        result = hub("build", "--now", LATER)
        assert result.exit_code == 2, result.output
        assert (f"--out {project / 'site'}: another hub build (process 4242) is publishing into this folder; "
                "wait for it to finish, or choose another --out") in result.output
        assert "Traceback" not in result.output
        assert tree_digest(project / "site") == before
        other = hub("build", "--out", "other", "--now", NOW)
        assert other.exit_code == 0, "the lock is per output folder"
    finally:
        os.close(fd)
    assert hub("build", "--now", LATER).exit_code == 0, "released, the lock no longer stops anyone"
    assert tree_digest(project / "site") != before
    assert not (project / ".site.hub-lock").exists(), "the lock file goes with the build that held it"


def test_of_two_real_builds_at_once_one_wins_and_the_other_stops(project: Path) -> None:
    lock = project / ".site.hub-lock"
    first = subprocess.Popen([*HUB, "build", "--now", NOW], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not lock.exists() or lock.read_text().strip() != str(first.pid)):
            time.sleep(0.005)
        os.kill(first.pid, signal.SIGSTOP)  # hold it there, lock taken, while the second one starts
        assert lock.read_text().strip() == str(first.pid), "the first build never took the lock"
        second = run_hub("build", "--now", LATER, cwd=project)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 2, second.stderr
    assert f"another hub build (process {first.pid}) is publishing into this folder" in second.stderr
    assert "Traceback" not in second.stdout + second.stderr
    assert listing(project) == ["content", "mkdocs.yml", "site", "theme"]


# 3. Killed at any moment: the previous site stays whole, and the next build clears the debris.

def test_builds_killed_at_random_moments_leave_a_whole_site_and_no_debris(
    engine: str, project: Path, tmp_path: Path
) -> None:
    expected, duration = {}, 0.0
    for instant in (NOW, LATER):
        start = time.monotonic()
        done = run_hub("build", "--engine", engine, "--out", str(tmp_path / instant[:4]), "--now", instant, cwd=project)
        assert done.returncode == 0, done.stderr
        duration = max(duration, time.monotonic() - start)
        expected[instant] = tree_digest(tmp_path / instant[:4])
    assert expected[NOW] != expected[LATER]
    assert run_hub("build", "--engine", engine, "--now", NOW, cwd=project).returncode == 0
    site = project / "site"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    debris_seen = 0
    for turn in range(8):
        build = subprocess.Popen([*HUB, "build", "--engine", engine, "--now", (LATER, NOW)[turn % 2]], cwd=project,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0, duration * 1.2))
        with_children = os.getpgid(build.pid)
        os.killpg(with_children, signal.SIGKILL)
        build.wait()
        assert site.is_dir(), f"seed {seed}, turn {turn}: the site is missing"
        digest = tree_digest(site)
        assert digest in (expected[NOW], expected[LATER]), f"seed {seed}, turn {turn}: the site is not one whole build"
        debris_seen += any(name.startswith(".site.") for name in listing(project))
    final = run_hub("build", "--engine", engine, "--now", NOW, cwd=project)
    assert final.returncode == 0, final.stderr
    assert tree_digest(site) == expected[NOW]
    assert listing(project) == ["content", "mkdocs.yml", "site", "theme"], "the killed builds' leftovers are gone"
    assert debris_seen > 0, f"seed {seed}: no kill landed during a build, so the clean-up went untested"


# 4. No gap: a reader polling during rebuilds never misses a file.

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def web_server(project: Path) -> Iterator[str]:
    """A real web server on loopback serving project/site/, resolving each request's path afresh like nginx."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(project / "site")))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_reader_polling_during_rebuilds_never_misses_a_file(
    engine: str, project: Path, web_server: str
) -> None:
    assert run_hub("build", "--engine", engine, "--now", NOW, cwd=project).returncode == 0
    site = project / "site"
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    polled = [f for f in files if f.endswith(("index.html", ".xml", ".css", ".js", ".json", ".opml"))][::3][:40]
    polled += ["index.html", "feeds/ideas.rss.xml", "404.html", MANIFEST]
    expected = {f: (site / f).read_bytes() for f in polled}
    misses: list[str] = []
    reads = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal reads
        while not stop.is_set():
            for rel in polled:
                try:
                    with urllib.request.urlopen(web_server + rel, timeout=10) as response:
                        body = response.read()
                    if body != expected[rel]:
                        misses.append(f"{rel}: {len(body)} bytes instead of {len(expected[rel])}")
                except (urllib.error.URLError, OSError) as exc:
                    misses.append(f"{rel}: {exc}")
                reads += 1

    pollers = [threading.Thread(target=poll, daemon=True) for _ in range(2)]
    for poller in pollers:
        poller.start()
    folders = [site.stat().st_ino]
    try:
        for _ in range(6):
            done = run_hub("build", "--engine", engine, "--now", NOW, cwd=project)
            assert done.returncode == 0, done.stderr
            folders.append(site.stat().st_ino)
    finally:
        stop.set()
        for poller in pollers:
            poller.join()
    # Each rebuild swapped in a folder other than the one being served (a deleted folder's inode number may come back
    # two builds later, so compare neighbours).
    assert all(a != b for a, b in zip(folders, folders[1:], strict=False)), "each rebuild swapped in a new folder"
    assert reads > 200, f"only {reads} reads during the rebuilds"
    assert misses == [], f"{len(misses)} of {reads} reads failed: {misses[:5]}"


# 5. File-system faults while publishing: a message, exit 1 or 2, never a traceback, the previous site whole.

def test_a_full_disk_fails_the_build_and_keeps_the_site(project: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "24m") as disk:
        out = str(disk.mount / "site")
        first = disk.hub("build", "--out", out, "--now", NOW, cwd=project)
        assert first.returncode == 0, first.stderr
        before = tree_digest(disk.view("site"))
        disk.run("sh", "-c", f"dd if=/dev/zero of={disk.mount}/filler bs=64k 2>/dev/null; true", cwd=project)
        full = disk.hub("build", "--out", out, "--now", LATER, cwd=project)
        assert full.returncode == 1, full.stdout + full.stderr
        assert "No space left on device" in full.stderr, full.stderr
        assert "Traceback" not in full.stdout + full.stderr
        assert tree_digest(disk.view("site")) == before
        assert listing(disk.view()) == ["filler", "site"], "the failed build removed its staging folder and lock"
        (disk.view("filler")).unlink()
        again = disk.hub("build", "--out", out, "--now", LATER, cwd=project)
        assert again.returncode == 0, again.stderr
        assert tree_digest(disk.view("site")) != before


def test_a_read_only_output_is_refused_and_kept(project: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "24m") as disk:
        out = str(disk.mount / "site")
        assert disk.hub("build", "--out", out, "--now", NOW, cwd=project).returncode == 0
        before = tree_digest(disk.view("site"))
        disk.run("mount", "-o", "remount,ro", str(disk.mount), cwd=project, check=True)
        result = disk.hub("build", "--out", out, "--now", LATER, cwd=project)
        assert result.returncode == 2, result.stderr
        assert f"in {disk.mount} (Read-only file system); choose an --out in a folder you can write to" in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert tree_digest(disk.view("site")) == before and listing(disk.view()) == ["site"]


def test_a_busy_output_fails_the_swap_and_keeps_the_site(project: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "24m") as disk:
        real, site = disk.mount / "real", disk.mount / "site"
        assert disk.hub("build", "--out", str(real), "--now", NOW, cwd=project).returncode == 0
        disk.run("mkdir", str(site), cwd=project, check=True)
        disk.run("mount", "--bind", str(real), str(site), cwd=project, check=True)  # same device: ismount misses it
        before = tree_digest(disk.view("site"))
        result = disk.hub("build", "--out", str(site), "--now", LATER, cwd=project)
        assert result.returncode == 1, result.stderr
        assert "cannot swap the new site into place" in result.stderr
        assert "(Device or resource busy); something holds the folder" in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert tree_digest(disk.view("site")) == before and listing(disk.view()) == ["real", "site"]


def test_an_output_the_system_forbids_changing_is_refused_and_kept(project: Path, hub: Callable[..., Result]) -> None:
    assert hub("build", "--now", NOW).exit_code == 0
    site = project / "site"
    before = tree_digest(site)
    if subprocess.run(["chattr", "+i", str(site)], capture_output=True).returncode != 0:
        pytest.skip("needs chattr +i (root on ext4 or the like) to make a folder that even its owner cannot rename")
    try:
        result = hub("build", "--now", LATER)
    finally:
        subprocess.run(["chattr", "-i", str(site)], check=True)
    assert result.exit_code == 2, result.output
    assert "cannot swap the new site into place" in result.output and "(Operation not permitted)" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(site) == before
    assert listing(project) == ["content", "mkdocs.yml", "site", "theme"]
