"""Builds are deterministic across processes: two `hub build`s in separate interpreters, with different hash seeds,
timezones and locales, give the same bytes on each engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NOW, copy_project
from tests.test_site import tree_digest

ENVIRONMENTS = (
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "en"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C", "LANGUAGE": "fr"},
)
"""Two processes that differ in everything that must not matter (only C locales are installed on CI machines)."""


def _build(project: Path, out: Path, engine: str, env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "hub", "build", "--engine", engine, "--out", str(out), "--now", NOW],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return tree_digest(out)


@pytest.mark.parametrize("engine", ["mkdocs", "pelican", "zensical"])
def test_two_processes_with_other_seeds_timezones_and_locales_build_the_same_bytes(engine: str, tmp_path: Path) -> None:
    first = _build(copy_project(tmp_path / "one"), tmp_path / "site-one", engine, ENVIRONMENTS[0])
    second = _build(copy_project(tmp_path / "two"), tmp_path / "site-two", engine, ENVIRONMENTS[1])
    assert len(first) > 100
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []
