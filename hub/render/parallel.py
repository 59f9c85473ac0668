"""Every page's content HTML on several cores: the same fragments as one process, in the plan's order.

Workers are started by a fork server (`multiprocessing`'s "forkserver"): `hub serve` builds from a process that
runs a server thread, where a plain fork could copy a held lock; the server process is single-threaded, imports
hub's renderer once (preloaded), and forks each worker from there, so a worker costs no import of its own. Each
worker gets the plan and the build's options once (pickled: nothing reaches it through the environment, which is
the fork server's), renders chunks of pages, and sends back their HTML with the bodies it rendered, so the feeds
that show them afterwards reuse them as in one process.
"""

from __future__ import annotations

import copyreg
import io
import multiprocessing
import os
import pickle
import types
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from hub.errors import BuildError
from hub.plan import SitePlan
from hub.render.bodies import Bodies, BodyKey

MIN_PAGES = 400
"""Below this many pages one process is as fast: the fork server's start (about 0.3 s) and each worker's own
(the plan, templates: about 0.2 s) cost what half the pages save. Measured with bench/jobs.py: at 286 pages, one
process 1.5 s of CPU, two 0.3 + 1.0 s on the longest path; at 511 pages, 2.7 s against 0.3 + 1.7 s."""
CHUNKS_PER_JOB = 16
"""Pages go out in this many chunks per worker, so that a worker that started later or got slower pages does not
hold up the end (with 4, one worker finished 1.4 s of CPU after the other at 2,000 ideas)."""

Fragment = tuple[str, str]
"""A page's content HTML and its description."""
RenderOne = Callable[[Bodies, int], Fragment]
"""Renders the page of that index in the plan of these bodies."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - systems without sched_getaffinity
        return os.cpu_count() or 1


def _proxy(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(mapping)


def plan_bytes(plan: SitePlan) -> bytes:
    """The plan pickled: its read-only mappings (the vocabularies' terms) pickle by content."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, types.MappingProxyType: lambda m: (_proxy, (dict(m),))}
    pickler.dump(plan)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class _Worker:
    bodies: Bodies
    render_one: RenderOne


_WORKER: list[_Worker] = []
"""In a worker process, which lives for one build's pages: that build's bodies (with its plan) and the function
that renders one page (a pool's initializer can only leave them here for the tasks that follow)."""


def _start_worker(data: bytes, cache: Path | None, render_one: RenderOne, cwd: str) -> None:
    """The parent's folder (the fork server has the one of its own start), then the plan and the build's bodies."""
    os.chdir(cwd)
    plan: SitePlan = pickle.loads(data)  # noqa: S301 - our own bytes, from our parent
    _WORKER[:] = [_Worker(Bodies(plan, cache), render_one)]


def _render_chunk(indexes: range) -> tuple[list[Fragment], dict[BodyKey, str]]:
    """Some pages' fragments, and the bodies rendered for them that the parent does not have yet."""
    worker = _WORKER[0]
    before = set(worker.bodies.rendered())
    fragments = [worker.render_one(worker.bodies, i) for i in indexes]
    return fragments, {k: v for k, v in worker.bodies.rendered().items() if k not in before}


def _chunks(count: int, jobs: int) -> list[range]:
    size = max(1, -(-count // (jobs * CHUNKS_PER_JOB)))
    return [range(start, min(count, start + size)) for start in range(0, count, size)]


def _start_method(module: str) -> BaseContext:
    """The fork server, hub's renderer preloaded in it; spawn where there is none (Windows: each worker imports)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([module, __name__])
    return context


def render_fragments(bodies: Bodies, render_one: RenderOne, jobs: int) -> Sequence[Fragment]:
    """`render_one(bodies, i)` for every page index of the bodies' plan, on `jobs` processes when the plan is large
    enough, in order; the bodies the workers rendered join `bodies`, and they use its cache folder (or none).

    An error raised in a worker is raised here as it would be in one process; a worker that dies (killed, out of
    memory) is a BuildError, and the previous site stays (publishing happens after)."""
    plan = bodies.plan
    count = len(plan.pages)
    if jobs <= 1 or count < MIN_PAGES:
        return [render_one(bodies, i) for i in range(count)]
    context = _start_method(render_one.__module__)
    args = (plan_bytes(plan), bodies.cache, render_one, os.getcwd())
    fragments: list[Fragment] = []
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=args) as pool:
            for chunk, rendered in pool.map(_render_chunk, _chunks(count, jobs)):
                fragments.extend(chunk)
                bodies.remember(rendered)
    except (BrokenProcessPool, BrokenPipeError):
        raise BuildError("a page-rendering process stopped before it finished (killed, or out of memory?); "
                         "build again, or with --jobs 1 to render in one process") from None
    return fragments
