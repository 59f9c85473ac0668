"""The Pelican adapter on its own: a staged project plain Pelican can build, only the planned pages, and every
problem Pelican merely logs turned into a failed build."""

from __future__ import annotations

import json
import locale
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from hub.build import render_pages
from hub.engines import RenderJob
from hub.engines.inert import inert
from hub.engines.pelican import PelicanEngine, run_pelican, stage_project
from hub.errors import BuildError
from tests.test_site import example_plan


def example_job(tmp_path: Path) -> RenderJob:
    """The example content's render job, with empty work and output folders."""
    plan = example_plan()
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    out.mkdir()
    return RenderJob(plan, render_pages(plan), plan.config.theme_dir, work, out)


def html_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))
            if not p.relative_to(site).as_posix().startswith("pagefind/")}


def test_pelican_writes_the_planned_pages_and_nothing_of_its_own(tmp_path: Path) -> None:
    job = example_job(tmp_path)
    PelicanEngine().render(job)
    files = {p.relative_to(job.out_dir).as_posix() for p in job.out_dir.rglob("*") if p.is_file()}
    pages = {p.page.output_path for p in job.pages}
    assert pages <= files
    # No archives, categories, tags, authors or feeds of Pelican's: only its theme's files and the search bundle.
    assert sorted(f for f in files - pages if not f.startswith(("assets/pelican/", "pagefind/"))) == []
    assert (job.out_dir / "pagefind" / "pagefind-ui.js").is_file()


def test_the_staged_project_builds_the_same_pages_with_plain_pelican(tmp_path: Path) -> None:
    job = example_job(tmp_path)
    staged = stage_project(job)
    run_pelican(staged)
    bare = tmp_path / "bare"
    run = subprocess.run([sys.executable, "-m", "pelican", "-s", str(staged.config_path), "-o", str(bare), "-q"],
                         capture_output=True, text=True, cwd=job.work_dir, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert html_files(bare) == html_files(job.out_dir)


def test_the_content_fragment_passes_through_unchanged_but_inert(tmp_path: Path) -> None:
    job = example_job(tmp_path)
    run_pelican(stage_project(job))
    for rendered in job.pages:
        assert inert(rendered.html) in (job.out_dir / rendered.page.output_path).read_text(encoding="utf-8")


def test_a_problem_pelican_only_logs_fails_the_build_every_time(tmp_path: Path) -> None:
    staged = stage_project(example_job(tmp_path))
    # One idea with a status Pelican does not know: Pelican logs an error, skips the page and exits 0.
    target = next((staged.content_dir / "ideas").rglob("*.hub"))
    head, _, body = target.read_text(encoding="utf-8").partition("\n")
    target.write_text(json.dumps({**json.loads(head), "status": "bogus"}) + "\n" + body, encoding="utf-8")
    for _ in range(2):  # Pelican drops a message it has already seen in the process: a rebuild must fail too
        with pytest.raises(BuildError, match="Unknown status 'bogus'"):
            run_pelican(staged)


def test_running_pelican_leaves_logging_and_locale_as_they_were(tmp_path: Path) -> None:
    before = locale.setlocale(locale.LC_ALL)
    run_pelican(stage_project(example_job(tmp_path)))
    assert locale.setlocale(locale.LC_ALL) == before
    assert logging.getLoggerClass() is logging.Logger
    assert type(logging.getLogger()) is logging.RootLogger
    assert logging.getLogger("pelican").propagate
