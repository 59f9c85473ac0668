"""The preview's edit-to-visible latency: save an idea, then poll the real `hub serve` until its page shows the edit.

Usage (in a project folder): python bench/preview.py --now NOW [--edits 5] [--engine mkdocs] [--json FILE]

Starts `hub serve --port 0`, waits for the first build, then edits the titles of several ideas shown in the preview,
one after the other. Each latency runs from the moment the file is saved to the moment the page, fetched over HTTP
from the server, holds the new title (polled every 20 ms); the next edit waits for the server to be idle. The files
are restored at the end (one more rebuild, not timed). Prints and writes {"latencies": [...], "median": ...}.
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POLL = 0.02
TIMEOUT = 600.0


def edited_ideas(project: Path, now: str, count: int) -> list[tuple[Path, str]]:
    """`count` ideas with a page in the preview and a plain one-line title, spread over the content: file and URL."""
    from hub.config import load_config
    from hub.content.load import load_content
    from hub.plan import PageKind, make_plan

    config = load_config(project, project / "mkdocs.yml")
    plan = make_plan(load_content(config).content, config, datetime.fromisoformat(now), preview=True)
    pages = [p for p in plan.pages if p.kind is PageKind.IDEA and p.idea and p.idea.title.isprintable()
             and f"\ntitle: {p.idea.title}\n" in p.idea.source.path.read_text(encoding="utf-8")]
    step = max(1, len(pages) // count)
    return [(p.idea.source.path, p.url) for p in pages[::step][:count] if p.idea]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def start(project: Path, now: str, engine: str) -> tuple[subprocess.Popen[str], str]:
    """`hub serve` on a free port, once its first build is served: the process and its base URL."""
    process = subprocess.Popen([sys.executable, "-m", "hub", "serve", "--port", "0", "--now", now, "--engine", engine],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in process.stdout or ():
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        if line.startswith("Previewing at "):
            return process, line.split()[2]
    process.kill()
    raise SystemExit("bench/preview.py: hub serve did not start")


def idle(base: str, version: int) -> int:
    """Wait until the server has swapped in a build after `version`; its version."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        status = json.loads(fetch(base + "__hub__/status") or "{}")
        if status.get("version", version) > version or status.get("error"):
            return int(status.get("version", version))
        time.sleep(POLL)
    raise SystemExit("bench/preview.py: no new build")


def one_edit(base: str, path: Path, url: str, marker: str) -> float:
    """Save the idea with `marker` in its title; seconds until its page, over HTTP, shows it."""
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    saved = time.perf_counter()
    path.write_text(text.replace(title + "\n", f"{title} {marker}\n", 1), encoding="utf-8")
    deadline = saved + TIMEOUT
    while marker not in fetch(base + url):
        if time.perf_counter() > deadline:
            raise SystemExit(f"bench/preview.py: {url} never showed the edit")
        time.sleep(POLL)
    return time.perf_counter() - saved


def measure(project: Path, now: str, edits: int, engine: str) -> dict[str, Any]:
    ideas = edited_ideas(project, now, edits)
    originals = {path: path.read_text(encoding="utf-8") for path, _ in ideas}
    process, base = start(project, now, engine)
    latencies: list[float] = []
    try:
        version = json.loads(fetch(base + "__hub__/status"))["version"]
        for k, (path, url) in enumerate(ideas):
            latencies.append(one_edit(base, path, url, f"zqxedit{k}"))
            version = idle(base, version)
            time.sleep(POLL * 5)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        process.terminate()
        process.wait(timeout=60)
    return {"latencies": [round(x, 4) for x in latencies], "median": statistics.median(latencies),
            "ideas_edited": len(ideas)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--now", required=True)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--engine", default="mkdocs")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report = measure(Path.cwd(), args.now, args.edits, args.engine)
    text = json.dumps(report)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
