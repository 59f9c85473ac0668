"""Pages rendered on several processes: the same bytes as one process, the same errors, and the cache still right."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hub import build as build_module
from hub import cli
from hub.render import cache, parallel

from .conftest import ENGINES, count_body_renders, file_tree

NOW = "2026-11-25T06:00Z"


@pytest.fixture
def parent_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many bodies this (the parent) process renders; the threshold lowered so the example uses workers."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setenv(cli.JOBS_ENV, "1")  # the builds without --jobs use one process
    return count_body_renders(monkeypatch)


@pytest.mark.parametrize("engine", ENGINES)
def test_two_processes_build_the_bytes_of_one(project: Path, hub, engine: str, parent_renders: list[int],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.NO_CACHE_ENV, "1")
    assert hub("build", "--engine", engine, "--jobs", "1", "--out", "one", "--now", NOW).exit_code == 0
    assert parent_renders[0] > 0
    parent_renders[0] = 0
    assert hub("build", "--engine", engine, "--jobs", "2", "--out", "two", "--now", NOW).exit_code == 0
    assert parent_renders[0] == 0, "the workers render every body, and the feeds reuse what they sent back"
    one, two = file_tree(project / "one"), file_tree(project / "two")
    assert len(one) > 50 and one == two


def test_cache_written_by_workers_serves_one_process(project: Path, hub, parent_renders: list[int]) -> None:
    assert hub("build", "--jobs", "2", "--out", "cold", "--now", NOW).exit_code == 0
    entries = sorted(p.name for p in cache.cache_dir(project).glob("*/*"))
    assert entries and not any(name.startswith(".tmp-") for name in entries), "entries are renamed into place"
    assert hub("build", "--jobs", "1", "--out", "warm", "--now", NOW).exit_code == 0
    assert parent_renders[0] == 0, "every body the workers stored is read back"
    assert hub("build", "--jobs", "2", "--out", "warm2", "--now", NOW).exit_code == 0
    assert file_tree(project / "warm") == file_tree(project / "cold") == file_tree(project / "warm2")
    assert sorted(p.name for p in cache.cache_dir(project).glob("*/*")) == entries


def test_small_site_stays_in_one_process(project: Path, hub, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker below the threshold")

    monkeypatch.setenv(cli.JOBS_ENV, "2")
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    assert parallel.MIN_PAGES > 39
    assert hub("build", "--out", "site", "--now", NOW).exit_code == 0


def test_template_error_in_a_worker_is_the_error_of_one_process(project: Path, hub, parent_renders: list[int]) -> None:
    assert hub("build", "--out", "site", "--now", NOW).exit_code == 0
    before = file_tree(project / "site")
    template = project / "theme" / "overrides" / "templates" / "pages" / "idea.html"  # a company's broken template
    template.parent.mkdir(parents=True)
    template.write_text((project / "theme" / "templates" / "pages" / "idea.html").read_text(encoding="utf-8")
                        + "{{ no_such_name }}", encoding="utf-8")
    one = hub("build", "--jobs", "1", "--out", "site", "--now", NOW)
    two = hub("build", "--jobs", "2", "--out", "site", "--now", NOW)
    assert one.exit_code == two.exit_code == 1
    assert "no_such_name" in one.output and one.output == two.output
    assert "Traceback" not in two.output
    assert file_tree(project / "site") == before


def _die(bodies: object, index: int) -> tuple[str, str]:
    os._exit(9)


def test_killed_worker_fails_the_build_and_keeps_the_site(project: Path, hub, parent_renders: list[int],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert hub("build", "--out", "site", "--now", NOW).exit_code == 0
    before = file_tree(project / "site")
    monkeypatch.setattr(build_module, "_fragment", _die)
    result = hub("build", "--jobs", "2", "--out", "site", "--now", NOW)
    assert result.exit_code == 1
    assert "stopped before it finished" in result.output and "--jobs 1" in result.output
    assert "Traceback" not in result.output
    assert file_tree(project / "site") == before


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_jobs_must_be_a_positive_number(project: Path, hub, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(cli.JOBS_ENV, "1")
    assert hub("build", "--jobs", value, "--out", "site", "--now", NOW).exit_code == 2
    monkeypatch.setenv(cli.JOBS_ENV, value)
    result = hub("build", "--out", "site", "--now", NOW)
    assert result.exit_code == 2 and cli.JOBS_ENV in result.output and not (project / "site").exists()


def test_default_is_the_usable_cores() -> None:
    assert cli.build_options({}).jobs == len(os.sched_getaffinity(0))
    assert cli.build_options({cli.JOBS_ENV: "3"}).jobs == 3
    assert cli.build_options({cli.JOBS_ENV: "3"}, jobs=2).jobs == 2, "--jobs wins over the environment"
