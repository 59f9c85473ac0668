"""One instrumented run of hub in the current project, timing each phase; writes JSON. Run by bench/run.py.

Usage:
  python bench/phases.py build --engine mkdocs --out SITE --now T --json FILE [--profile FILE.prof]
  python bench/phases.py feeds --now T --json FILE
  python bench/phases.py check --now T --json FILE
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
STARTED = time.perf_counter()


class Clock:
    """Accumulates wall time per phase, and the process's CPU time (steadier on a busy machine)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    def wrap(self, phase: str, func: Callable[..., T]) -> Callable[..., T]:
        def timed(*args: Any, **kwargs: Any) -> T:
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - start
                self.cpu[phase] += time.process_time() - cpu

        return timed


def instrumented_build(engine: str, out: Path, now_text: str, profile: Path | None) -> dict[str, Any]:
    """hub's real `build_site`, with each phase's function wrapped in a timer."""
    clock = Clock()
    start = time.perf_counter()
    import hub.build as build
    from hub.config import load_config
    from hub.timeparse import parse_instant

    clock.seconds["import"] = time.perf_counter() - start
    build.checked_content = clock.wrap("check", build.checked_content)  # type: ignore[assignment]
    build.make_plan = clock.wrap("plan", build.make_plan)  # type: ignore[assignment]
    build.render_pages = clock.wrap("page_html", build.render_pages)  # type: ignore[assignment]
    build.feed_files = clock.wrap("feeds", build.feed_files)  # type: ignore[assignment]
    build.write_files = clock.wrap("feeds", build.write_files)  # type: ignore[assignment]  # feeds only
    get_engine = build.get_engine

    def timed_engine(name: str) -> Any:
        adapter = get_engine(name)
        adapter.render = clock.wrap("engine", adapter.render)  # type: ignore[method-assign]
        return adapter

    build.get_engine = timed_engine  # type: ignore[assignment]
    from hub.cli import build_options

    options = build_options(os.environ)  # HUB_JOBS and HUB_NO_CACHE, as `hub build` reads them
    start = time.perf_counter()
    config = load_config(Path.cwd())
    now = parse_instant(now_text, config.timezone)
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(build.build_site, config, now, out, engine=engine, options=options)
        profiler.dump_stats(str(profile))
    else:
        result = build.build_site(config, now, out, engine=engine, options=options)
    total = time.perf_counter() - start
    phases = dict(clock.seconds)
    phases["other"] = total - sum(v for k, v in phases.items() if k != "import")
    return {"phases": phases, "build_site": total, "pages": len(result.plan.pages), "files": result.files,
            "live_ideas": len(result.plan.live_ideas), "feeds": len(result.plan.feed_refs) * 2}


CHECK_STEPS = (("hub.content.load", "read_document", "read"), ("hub.content.load", "to_idea", "fields"),
               ("hub.content.load", "to_guideline", "fields"), ("hub.content.load", "cross_checks", "cross"),
               ("hub.content.load", "reference_checks", "cross"), ("hub.announce.config", "announce_targets", "announce"),
               ("hub.i18n", "missing_keys", "catalogs"))
"""What `hub check` spends its time on, by module and function: a name a later refactor removes is left out
(its time then counts as `other`) rather than stopping the benchmark."""


def instrumented_check(now_text: str) -> dict[str, Any]:
    """`hub check`'s own steps, as `python -m hub check content` runs them, each step's functions timed:
    `import` (the CLI and the check path, as the command imports them), `config`, `announce`, `read`
    (each file's text and front matter), `fields` (the values checked and typed), `cross` (the checks across
    files and links), `catalogs` (the words of each language in use), `other`."""
    import importlib

    clock = Clock()
    start, cpu = time.perf_counter(), time.process_time()
    import hub.cli  # noqa: F401 - what `python -m hub` imports before any command runs
    from hub.commands.check import CheckRequest, run_check
    from hub.config import find_config
    from hub.timeparse import parse_instant

    for module, _, _ in CHECK_STEPS:
        importlib.import_module(module)
    clock.seconds["import"], clock.cpu["import"] = time.perf_counter() - start, time.process_time() - cpu
    for module, name, phase in CHECK_STEPS:
        target = sys.modules[module]
        if hasattr(target, name):
            setattr(target, name, clock.wrap(phase, getattr(target, name)))
    start, cpu = time.perf_counter(), time.process_time()
    config = clock.wrap("config", find_config)(None, Path("content"), Path.cwd())
    report = run_check(CheckRequest(config, parse_instant(now_text, config.timezone), Path("content")))
    total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
    phases, phases_cpu = dict(clock.seconds), dict(clock.cpu)
    phases["other"] = total - sum(v for k, v in phases.items() if k != "import")
    phases_cpu["other"] = total_cpu - sum(v for k, v in phases_cpu.items() if k != "import")
    return {"phases": phases, "phases_cpu": phases_cpu, "run_check": total, "run_check_cpu": total_cpu,
            "tally": report.tally}


def feeds_alone(now_text: str) -> dict[str, Any]:
    """Load and plan (not timed), then time writing every feed file, as `hub build` does."""
    from hub.build import checked_content
    from hub.config import load_config
    from hub.plan import make_plan
    from hub.publish.site import write_files
    from hub.timeparse import parse_instant

    config = load_config(Path.cwd())
    plan = make_plan(checked_content(config).content, config, parse_instant(now_text, config.timezone))
    start = time.perf_counter()
    from hub.feeds.xml import feed_files

    with tempfile.TemporaryDirectory() as tmp:
        files = feed_files(plan)
        write_files(Path(tmp), files)
        seconds = time.perf_counter() - start
    return {"feeds": seconds, "files": len(files), "bytes": sum(len(b) for b in files.values())}


def main(argv: list[str] | None = None) -> int:
    """Run one instrumented build or feed run and write its figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("build", "feeds", "check"))
    parser.add_argument("--engine", default="mkdocs")
    parser.add_argument("--out", type=Path, default=Path("site"))
    parser.add_argument("--now", required=True)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "build":
        figures = instrumented_build(args.engine, args.out.resolve(), args.now, args.profile)
    elif args.mode == "check":
        figures = instrumented_check(args.now)
    else:
        figures = feeds_alone(args.now)
    figures["process"] = time.perf_counter() - STARTED
    args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
