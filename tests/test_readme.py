"""The README's two set-up commands stay true: CI runs the second one, and the first builds the example."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import NOW, ROOT


def readme_commands() -> list[str]:
    """The commands of the README's first fenced shell block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```(?:bash|sh)\n(.*?)^```", text, re.S | re.M)
    assert block, "README.md must open with a fenced bash block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    install, build = commands[0].rsplit(" && ", 1)
    assert build.endswith("hub build --out site")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_the_readme_build_command_builds_the_example(tmp_path: Path) -> None:
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "p")
    build = shlex.split(readme_commands()[0].rsplit(" && ", 1)[1])  # .venv/bin/hub build --out site
    hub = Path(sys.executable).parent / "hub"
    result = subprocess.run([str(hub), *build[1:], "--now", NOW], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "ideas" / "ci-energy" / "index.html").is_file()
