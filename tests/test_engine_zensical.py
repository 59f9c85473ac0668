"""The Zensical adapter on its own: a staged project plain Zensical can build, the site moved out of it, hub's HTML
handed through untouched, Zensical's own output kept off the terminal, and a clear error when it is not installed."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.build import render_pages
from hub.cli import app
from hub.engines import RenderJob
from hub.engines.inert import inert
from hub.engines.zensical import SITE_DIR, ZensicalEngine, stage_project
from hub.plan import PageKind
from tests.conftest import NOW
from tests.test_site import example_plan

HOSTILE_FRAGMENT = ("<p>*not emphasis* __nor this__ [a](b) {{ config.site_name }} {% if x %}y{% endif %} "
                    "\x02wzxhzdk:0\x03 &lt;b&gt; &amp;amp;</p>\n\n    four spaces, not code\n\n"
                    "<!-- a comment -->\n<pre>\n\n  kept\n</pre>\n# not a heading\n")
"""What Python-Markdown, Jinja or Markdown's stash would each change if they read a page's body."""


def example_job(tmp_path: Path) -> RenderJob:
    """The example content's render job, with empty work and output folders."""
    plan = example_plan()
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    out.mkdir()
    return RenderJob(plan, render_pages(plan), plan.config.theme_dir, work, out)


def test_zensical_writes_the_planned_pages_into_the_output_folder_only(tmp_path: Path,
                                                                       capfd: pytest.CaptureFixture[str]) -> None:
    job = example_job(tmp_path)
    ZensicalEngine().render(job)
    files = {p.relative_to(job.out_dir).as_posix() for p in job.out_dir.rglob("*") if p.is_file()}
    assert {p.page.output_path for p in job.pages} <= files
    assert "search.json" in files and "sitemap.xml" in files
    assert not (job.work_dir / SITE_DIR).exists(), "the site is moved out of the staged project"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "work"]
    out, err = capfd.readouterr()
    assert out == "" and err == "", "Zensical's progress lines reached the terminal"


def test_the_content_fragment_passes_through_unchanged(tmp_path: Path) -> None:
    job = example_job(tmp_path)
    idea = next(i for i, r in enumerate(job.pages) if r.page.kind is PageKind.IDEA and r.page.lang == "en")
    pages = list(job.pages)
    pages[idea] = dataclasses.replace(pages[idea], html=pages[idea].html + HOSTILE_FRAGMENT)
    job = dataclasses.replace(job, pages=tuple(pages))
    ZensicalEngine().render(job)
    for rendered in job.pages:
        if rendered.page.lang == job.plan.config.lang:  # pages in another language get the site's typography
            assert inert(rendered.html) in (job.out_dir / rendered.page.output_path).read_text(encoding="utf-8")
    assert inert(HOSTILE_FRAGMENT) in (job.out_dir / job.pages[idea].page.output_path).read_text(encoding="utf-8")


def test_the_staged_project_builds_with_plain_zensical(tmp_path: Path) -> None:
    job = example_job(tmp_path)
    config_file = stage_project(job)
    run = subprocess.run([sys.executable, "-m", "zensical", "build", "-c", "-f", str(config_file)],
                         capture_output=True, text=True, cwd=job.work_dir, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    site = job.work_dir / SITE_DIR
    for rendered in job.pages:
        assert inert(rendered.html) in (site / rendered.page.output_path).read_text(encoding="utf-8")


def test_without_zensical_the_build_says_how_to_install_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zensical", None)  # `import zensical` raises ImportError
    result = CliRunner().invoke(app, ["build", "--engine", "zensical", "--now", NOW])
    assert result.exit_code == 2, result.output
    assert "pip install 'hub-charter[zensical]'" in result.output and "Traceback" not in result.output
    assert not (project / "site").exists()
