"""`hub check` stays light (issue 15, point 4): the command imports no engine, no Markdown or template machinery,
and not MkDocs to read mkdocs.yml. Which modules a real `python -m hub check` loaded is read from the process
itself; the time they would cost is the benchmark's to measure (bench/README.md), not this test's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, NOW

_PROBE = """
import atexit, json, runpy, sys
out, now = sys.argv[1:]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["hub", "check", "content", "--now", now]
runpy.run_module("hub", run_name="__main__")
"""
HEAVY = ("mkdocs", "material", "pelican", "zensical", "markdown", "jinja2", "feedgen", "nh3", "pagefind", "click", "rich",
         "pydantic", "importlib.metadata")
"""What a check does not need: the engines and what renders pages and feeds, and what only they bring in
(lxml is needed: the example has an SVG image, which the check sanitizes)."""


def _modules_of_check(tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", _PROBE, str(out), NOW], cwd=EXAMPLE, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " ideas: " in done.stdout
    return set(json.loads(out.read_text()))


def test_hub_check_imports_no_engine_and_not_mkdocs(tmp_path: Path) -> None:
    modules = _modules_of_check(tmp_path)
    assert {"hub.content.load", "hub.content.front_yaml", "yaml"} <= modules, "the probe saw the check run"
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert loaded == [], f"hub check imported {loaded}"
    assert not any(m.startswith(("hub.engines", "hub.render")) for m in modules), \
        sorted(m for m in modules if m.startswith(("hub.engines", "hub.render")))
