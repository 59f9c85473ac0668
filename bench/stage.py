"""Stage, once, the bare engine's project that `hub build` would hand to an engine, with hub's own adapter.

Usage: python bench/stage.py mkdocs|pelican PROJECT BASE --now T --json FILE
Writes BASE/project (the staged project) and, in FILE, the command that builds it without hub into BASE/site.
Run by bench/run.py in its own process, so that the benchmark's parent stays small (see measure() there).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any


def _job(project: Path, work: Path, out: Path, now: str) -> Any:
    """The render job `hub build` gives an engine for this project at `now`."""
    from hub.build import checked_content, render_pages
    from hub.config import load_config
    from hub.engines import RenderJob
    from hub.plan import make_plan
    from hub.timeparse import parse_instant

    config = load_config(project)
    plan = make_plan(checked_content(config).content, config, parse_instant(now, config.timezone))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return RenderJob(plan, render_pages(plan), config.theme_dir, work, out)


def stage_mkdocs(project: Path, base: Path, now: str) -> dict[str, Any]:
    """MkDocs + Material, search on, ideas out of the nav: `mkdocs build -f <staged mkdocs.yml>`."""
    from hub.engines.mkdocs import stage_project

    job = _job(project, base / "project", base / "site", now)
    config_file = stage_project(job)
    return {"argv": ["{python}", "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
            "env": {"SOURCE_DATE_EPOCH": str(int(job.plan.now.timestamp()))},
            "cwd": str(job.work_dir), "clear": str(job.out_dir)}


def stage_pelican(project: Path, base: Path, now: str) -> dict[str, Any]:
    """Pelican with the hub theme, then Pagefind for search (as Material's search is on for MkDocs)."""
    import pagefind_bin

    from hub.engines.pelican import stage_project

    job = _job(project, base / "project", base / "site", now)
    staged = stage_project(job)
    pagefind = str(pagefind_bin.get_executable())
    # One process tree, as with hub: the shell waits for both, so wait4 counts them together.
    script = '"$0" -m pelican -q -s "$1" && "$2" --site "$3" --quiet'
    return {"argv": ["/bin/sh", "-c", script, "{python}", str(staged.config_path), pagefind, str(job.out_dir)],
            "env": {}, "cwd": str(job.work_dir), "clear": str(job.out_dir)}


def main(argv: list[str] | None = None) -> int:
    """Stage one engine's bare project and write its build command as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=("mkdocs", "pelican"))
    parser.add_argument("project", type=Path)
    parser.add_argument("base", type=Path)
    parser.add_argument("--now", required=True)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args(argv)
    stage = stage_mkdocs if args.engine == "mkdocs" else stage_pelican
    args.json.write_text(json.dumps(stage(args.project.resolve(), args.base.resolve(), args.now)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
