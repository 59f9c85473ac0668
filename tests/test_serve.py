"""`hub serve`: a real server process on a free port picks up an edited idea, previews drafts, and stops cleanly."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.models import Status
from tests.conftest import NOW, ROOT, copy_project
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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`hub serve --port 0` in a copy of the example project; stopped with Ctrl-C (SIGINT) afterwards."""
    project = copy_project(tmp_path / "project")
    process = subprocess.Popen(
        [sys.executable, "-m", "hub", "serve", "--port", "0", "--now", NOW],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
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
    plan = example_plan(ROOT)
    previewed = [i for i in plan.hidden_ideas if i.status(plan.now) in (Status.DRAFT, Status.SCHEDULED)]
    expired = [i for i in plan.hidden_ideas if i.status(plan.now) is Status.EXPIRED]
    assert previewed and expired
    for idea in previewed:
        status, html = server.get(f"ideas/{idea.slug}/")
        assert status == 200, idea.slug
        assert 'class="hub-banner hub-banner--preview"' in html
        assert ("Draft: not published" if idea.status(plan.now) is Status.DRAFT else "Scheduled: goes live") in html
    for idea in expired:
        status, html = server.get(f"ideas/{idea.slug}/")
        assert status == 404 and "Page not found" in html


def test_ctrl_c_stops_the_server_cleanly(server: Server) -> None:
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    time.sleep(0.2)
    assert "Stopped." in server.output()
    assert "Traceback" not in server.output()
