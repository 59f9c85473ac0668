"""`hub serve`: a real server process on a free port picks up an edited idea, previews drafts, and stops cleanly."""

from __future__ import annotations

import http.client
import json
import queue
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.models import Status
from hub.render.templates import words
from tests.conftest import EXAMPLE, NOW, copy_project
from tests.test_site import example_plan

IDEA_FILE = "content/ideas/2026/ci-energy.md"
IDEA_URL = "ideas/ci-energy/"
TITLE = "Our CI now runs on 40% less energy"


@dataclass
class Server:
    """A running `hub serve`: its base URL, its process and the lines it printed."""

    url: str
    project: Path
    process: subprocess.Popen[str]
    lines: queue.Queue[str]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def output(self) -> str:
        lines = []
        while not self.lines.empty():
            lines.append(self.lines.get_nowait())
        return "".join(lines)


@contextmanager
def running_server(project: Path, preexec_fn: Callable[[], None] | None = None,
                   engine: str = "mkdocs") -> Iterator[Server]:
    """`hub serve --port 0` in a project (with `engine`); stopped with Ctrl-C (SIGINT) afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "hub", "serve", "--port", "0", "--now", NOW, "--engine", engine],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=preexec_fn,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def pump() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    url, deadline = None, time.monotonic() + 60
    while url is None and time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            assert process.poll() is None, "".join(seen)
            continue
        seen.append(line)
        if line.startswith("Previewing at "):
            url = line.split()[2]
    assert url, "".join(seen)
    try:
        yield Server(url, project, process, lines)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`hub serve` in a copy of the example project."""
    with running_server(copy_project(tmp_path / "project")) as running:
        yield running


def test_an_edited_idea_shows_up_without_a_restart(server: Server) -> None:
    status, html = server.get(IDEA_URL)
    assert status == 200 and TITLE in html
    version = json.loads(server.get("__hub__/status")[1])["version"]
    assert f'src="/__hub__/reload.js" data-version="{version}"' in html

    idea = server.project / IDEA_FILE
    idea.write_text(idea.read_text(encoding="utf-8").replace(f"title: {TITLE}", "title: Our CI now sips power"),
                    encoding="utf-8")
    start, html = time.monotonic(), ""
    while time.monotonic() - start < 10 and "Our CI now sips power" not in html:
        time.sleep(0.05)
        html = server.get(IDEA_URL)[1]
    elapsed = time.monotonic() - start
    assert "Our CI now sips power" in html, server.output()
    assert elapsed < 5, f"the change took {elapsed:.1f} s to show"  # about 1 s on an idle machine
    status = json.loads(server.get("__hub__/status")[1])
    while status["version"] == version and time.monotonic() - start < 10:  # the site is swapped in, then counted
        time.sleep(0.05)
        status = json.loads(server.get("__hub__/status")[1])
    assert status == {"version": version + 1, "error": None}
    assert "Our CI now sips power" in server.get("ideas/")[1]


def test_hub_serve_with_zensical_shows_an_edit(tmp_path: Path) -> None:
    """`hub serve --engine zensical`: the preview with its reload script, and an edit shown (a full build each time)."""
    with running_server(copy_project(tmp_path / "project"), engine="zensical") as server:
        status, html = server.get(IDEA_URL)
        assert status == 200 and TITLE in html and 'src="/__hub__/reload.js"' in html, server.output()
        assert '<meta name="generator" content="zensical-' in html
        idea = server.project / IDEA_FILE
        idea.write_text(idea.read_text(encoding="utf-8").replace(f"title: {TITLE}", "title: Our CI now sips power"),
                        encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Our CI now sips power" not in html:
            time.sleep(0.1)
            html = server.get(IDEA_URL)[1]
        assert "Our CI now sips power" in html, server.output()


def test_a_broken_file_keeps_the_last_good_build_and_says_why(server: Server) -> None:
    broken = server.project / "content" / "ideas" / "broken.md"
    broken.write_text("no front matter here\n", encoding="utf-8")
    deadline, status = time.monotonic() + 10, {"error": None}
    while time.monotonic() < deadline and not status["error"]:
        time.sleep(0.1)
        status = json.loads(server.get("__hub__/status")[1])
    assert "content/ideas/broken.md:1" in str(status["error"])
    assert server.get(IDEA_URL)[0] == 200
    broken.unlink()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and status["error"]:
        time.sleep(0.1)
        status = json.loads(server.get("__hub__/status")[1])
    assert status["error"] is None


def test_drafts_and_scheduled_ideas_are_previewed_with_a_banner(server: Server) -> None:
    plan = example_plan(EXAMPLE)
    previewed = [i for i in plan.hidden_ideas if i.status(plan.now) in (Status.DRAFT, Status.SCHEDULED)]
    expired = [i for i in plan.hidden_ideas if i.status(plan.now) is Status.EXPIRED]
    assert previewed and expired
    for idea in previewed:
        status, html = server.get(f"ideas/{idea.slug}/")
        assert status == 200, idea.slug
        assert 'class="hub-banner hub-banner--preview"' in html
        key = "banner.preview.draft" if idea.status(plan.now) is Status.DRAFT else "banner.preview.scheduled"
        said = words(plan.config, idea.lang)(key, when="…").split(":")[0].strip()  # "Draft", "Brouillon"…
        assert f"{said}\u00a0:" in html if idea.lang == "fr" else f"{said}:" in html, (idea.slug, said)
    for idea in expired:
        status, html = server.get(f"ideas/{idea.slug}/")
        assert status == 404 and "Page not found" in html


def test_ctrl_c_stops_the_server_cleanly(server: Server) -> None:
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    time.sleep(0.2)
    assert "Stopped." in server.output()
    assert "Traceback" not in server.output()


FILE_LIMIT = 4_000_000
"""A file-size limit for the server process (RLIMIT_FSIZE): the example site's largest file is about 1 MB."""


def _limit_file_size() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


def _png(size: int) -> bytes:
    """A valid 1×1 PNG of about `size` bytes (a large text chunk), for an image that is too big to copy."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00" + b"x" * size) + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))
            + chunk(b"IEND", b""))


def _wait_status(server: Server, done: Callable[[dict[str, object]], bool], what: str) -> dict[str, object]:
    deadline, status = time.monotonic() + 20, {}
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"hub serve exited while {what}:\n{server.output()}"
        status = json.loads(server.get("__hub__/status")[1])
        if done(status):
            return status
        time.sleep(0.1)
    raise AssertionError(f"{what}: {status}\n{server.output()}")


IDEA_TEMPLATE = """---
id: 6a1c63a4-5f7e-4c55-9d55-3b8e0c51{n:04d}
title: A fault
summary: A summary.
date: 2026-10-03 07:{n:02d}
topics: [open-source]
audiences: [everyone]
channels: [linkedin]
angles: [What did you learn?, What surprised you?]
{extra}---

{body}
"""


def test_every_kind_of_failed_build_keeps_the_last_good_one(tmp_path: Path) -> None:
    """Content errors, a build that fails, a file system error in the build, a symlink loop: the preview goes on."""
    project = copy_project(tmp_path / "project")
    ideas = project / "content" / "ideas"
    faults: list[tuple[str, Callable[[], object], str]] = [
        ("an alias bomb", lambda: (ideas / "bomb.md").write_text(
            "---\na: &a [x, x]\nb: &b [*a, *a]\ntitle: *b\n---\nbody\n", encoding="utf-8"),
         "content/ideas/bomb.md:2:4: error: front matter uses the YAML anchor `&a`"),
        ("a date out of range", lambda: (ideas / "far.md").write_text(
            IDEA_TEMPLATE.format(n=1, extra="expires: 9999-12-31\n", body="Context."), encoding="utf-8"),
         "content/ideas/far.md:10: error: expires: '9999-12-31' is not a date: out of range"),
        ("Markdown nested too deeply", lambda: (ideas / "deep.md").write_text(
            IDEA_TEMPLATE.format(n=2, extra="", body="*" * 5000 + "x" + "*" * 5000), encoding="utf-8"),
         "more than 128 `*` or `_` (emphasis markers)"),  # refused before Markdown (hub.content.bounds)
        ("an image too big to write (EFBIG, like a full disk)", lambda: (
            (ideas / "large.png").write_bytes(_png(FILE_LIMIT + 1_000_000)),
            (ideas / "large.md").write_text(IDEA_TEMPLATE.format(n=3, extra="", body="![A chart](large.png)"),
                                            encoding="utf-8")),
         "(File too large). The previous site is untouched"),
    ]
    with running_server(project, _limit_file_size) as server:
        good = json.loads(server.get("__hub__/status")[1])
        assert good["error"] is None
        for what, make, words in faults:
            before = {p.name for p in ideas.iterdir()}
            make()
            status = _wait_status(server, lambda s: bool(s["error"]), what)
            assert words in str(status["error"]), (what, status["error"])
            assert status["version"] == good["version"], what  # no new build was swapped in
            code, html = server.get(IDEA_URL)
            assert code == 200 and TITLE in html, what
            for name in {p.name for p in ideas.iterdir()} - before:
                (ideas / name).unlink()
            good = _wait_status(server, lambda s: s["error"] is None, f"recovering from {what}")
        assert "Build failed; still serving the last good build." in server.output()

        # A symlink loop is refused as content, and looking at it for changes must not stop the preview either.
        (ideas / "loop.md").symlink_to("loop.md")
        idea = project / IDEA_FILE
        idea.write_text(idea.read_text(encoding="utf-8").replace(f"title: {TITLE}", "title: Still previewing"),
                        encoding="utf-8")
        status = _wait_status(server, lambda s: bool(s["error"]), "a symlink loop")
        assert "content/ideas/loop.md: error: is a symbolic link that loops" in str(status["error"])
        (ideas / "loop.md").unlink()
        _wait_status(server, lambda s: s["version"] != good["version"] and s["error"] is None, "after a symlink loop")
        assert "Still previewing" in server.get(IDEA_URL)[1]
        assert "Traceback" not in server.output()


def _request(port: int, host: str | None) -> int:
    """The status of `GET /` to the server on `port`, with a `Host` header of our choosing (or none)."""
    if host is None:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            return int(sock.makefile("rb").readline().split()[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", "/", skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_only_requests_for_its_own_address_are_answered(server: Server) -> None:
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends `Host: evil.example`."""
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    for own in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert _request(port, own) == 200, own
    for forged in (f"evil.example:{port}", "evil.example", f"localhost.evil.example:{port}", f"127.0.0.1:{port + 1}",
                   f"localhost:{port}@evil.example", f"192.168.1.20:{port}", "localhost"):
        assert _request(port, forged) == 421, forged
    assert _request(port, None) == 400
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/__hub__/status", headers={"Host": f"evil.example:{port}"})
    response = connection.getresponse()
    assert response.status == 421 and b"version" not in response.read()
    connection.close()
