"""Page rendering on one process and on two, interleaved in one run, with each worker's CPU time.

Usage (in a generated project, see bench/corpus.py):
  python bench/jobs.py --now T [--runs 3] [--jobs 1,2] [--min-pages N] [--json F]

Each run loads and plans the content (not timed), then times `render_fragments` with a cold render cache, the
fork server's start included in the first run with workers (a `hub build` pays it once, `hub serve` once per
session). Beside the wall time it reports the CPU seconds of this process and of each worker (they are the fork
server's children, so no rusage of ours counts them): this process's plus the busiest worker's is about what the
wall time would be on free cores, whatever the load of a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.build import _fragment, checked_content
from hub.config import load_config
from hub.plan import SitePlan, make_plan
from hub.render import parallel
from hub.render.bodies import Bodies
from hub.timeparse import parse_instant


@dataclass(frozen=True)
class CountedFragment:
    """The build's own page rendering; a worker appends its CPU time after each of its pages to the file `log` (the
    workers get it with the function, pickled: they do not see this process's environment)."""

    log: str

    def __call__(self, bodies: Bodies, index: int) -> tuple[str, str]:
        result = _fragment(bodies, index)
        if self.log:
            with open(self.log, "a", encoding="utf-8") as log:
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                log.write(f"{os.getpid()} {time.process_time():.4f} {peak:.0f}\n")
        return result


def one_run(plan: SitePlan, jobs: int) -> dict[str, Any]:
    log = Path(tempfile.mkstemp(prefix="hub-jobs-")[1])
    counted = CountedFragment(str(log) if jobs > 1 else "")
    start, cpu = time.perf_counter(), time.process_time()
    fragments = parallel.render_fragments(Bodies(plan), counted, jobs)  # no render cache: every body is rendered
    wall, own = time.perf_counter() - start, time.process_time() - cpu
    workers: dict[str, float] = {}
    peaks: dict[str, float] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, seconds, peak = line.split()
        if int(pid) != os.getpid():
            workers[pid], peaks[pid] = max(workers.get(pid, 0.0), float(seconds)), float(peak)
    log.unlink()
    assert len(fragments) == len(plan.pages)
    return {"jobs": jobs, "pages": len(plan.pages), "wall_s": wall, "parent_cpu_s": own, "worker_cpu_s": sorted(workers.values()),
            "worker_rss_mb": sorted(peaks.values()),
            "parent_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "load": float(Path("/proc/loadavg").read_text().split()[0]) if Path("/proc/loadavg").exists() else None}


def summarize(runs: list[dict[str, Any]], pages: int) -> dict[int, dict[str, float]]:
    """Medians per number of processes: wall time, CPU on the longest path (parent + busiest worker), CPU in all."""
    summary = {}
    for jobs in sorted({r["jobs"] for r in runs}):
        mine = [r for r in runs if r["jobs"] == jobs]
        summary[jobs] = {
            "wall_median_s": statistics.median(r["wall_s"] for r in mine),
            "critical_cpu_median_s": statistics.median(r["parent_cpu_s"] + max(r["worker_cpu_s"], default=0.0)
                                                       for r in mine),
            "total_cpu_median_s": statistics.median(r["parent_cpu_s"] + sum(r["worker_cpu_s"]) for r in mine),
        }
        print(f"jobs {jobs}: median wall {summary[jobs]['wall_median_s']:.2f} s, CPU on the longest path "
              f"{summary[jobs]['critical_cpu_median_s']:.2f} s, CPU in all {summary[jobs]['total_cpu_median_s']:.2f} s"
              f" ({pages} pages)")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--now", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--min-pages", type=int, default=parallel.MIN_PAGES,
                        help="the threshold below which one process renders (default: hub's)")
    args = parser.parse_args(argv)
    parallel.MIN_PAGES = args.min_pages
    config = load_config(Path.cwd())
    now = parse_instant(args.now, config.timezone)
    runs = []
    for _ in range(args.runs):
        for jobs in (int(j) for j in args.jobs.split(",")):
            plan = make_plan(checked_content(config).content, config, now)  # a new plan: no body remembered
            runs.append(one_run(plan, jobs))
            r = runs[-1]
            print(f"jobs {jobs}: {r['wall_s']:6.2f} s wall, CPU s: parent {r['parent_cpu_s']:.2f}, workers "
                  f"{' + '.join(f'{s:.2f}' for s in r['worker_cpu_s']) or '-'}; peak RSS MB: parent "
                  f"{r['parent_rss_mb']:.0f}, workers {' + '.join(f'{m:.0f}' for m in r['worker_rss_mb']) or '-'}; "
                  f"load {r['load']}", flush=True)
    summary = summarize(runs, len(plan.pages))
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "summary": summary}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
