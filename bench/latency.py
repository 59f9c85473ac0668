"""The benchmark's preview and cache rows (issue 15): their commands, ratios, targets and table lines, for run.py.

- `preview`: `bench/preview.py` runs the real `hub serve` and times save → the page shows the edit, over HTTP, for
  several edits (title edits of ideas spread over the content); its ratio is over `warm_mkdocs`, a full build in the
  same run with the same warm render cache the preview has.
- `cold_mkdocs` / `warm_mkdocs`: `hub build` with the render cache removed before the run, then again right after
  it, with the cache that run left.
- The example project (the repository's own `content/`, 17 ideas) gets the preview row and a full build too.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hub.render.cache import cache_dir

EDITS = 5
TARGETS = {"preview": 0.2, "preview_example_s": 1.0, "cache": 0.5}
PREVIEW_AT = 2000
"""The size the preview's ratio target is stated for (else the largest size measured)."""
ENGINES = ("mkdocs", "zensical")
"""The engines with preview rows: MkDocs (dirty builds) and Zensical (a full build each time); Pelican's preview is a
full build too, and its cold and warm builds are hub_pelican_jobs* in run.py."""
SUFFIX = {"mkdocs": "", "zensical": "_zensical"}
"""The preview row of each engine: `preview` (MkDocs, the name earlier reports use) and `preview_zensical`."""
NAMES = tuple(name for engine in ENGINES for name in (f"preview{SUFFIX[engine]}", f"cold_{engine}", f"warm_{engine}"))


def commands(command: Any, python: str, bench: Path, project: Path, out: Path, now: str,
             only: set[str] | frozenset[str] = frozenset({"preview", "mkdocs"})) -> list[Any]:
    """The preview's latency and the cold and warm cached builds of one project (`command` is run.Command), for each
    engine of ENGINES that `only` names (the preview group always has MkDocs' rows)."""
    rows = []
    for engine in ENGINES:
        if engine != "mkdocs" and engine not in only:
            continue
        build = [python, "-m", "hub", "build", "--engine", engine, "--now", now, "--out"]
        report = out / f"preview{SUFFIX[engine]}.json"
        rows += [
            command(f"preview{SUFFIX[engine]}", [python, str(bench / "preview.py"), "--now", now, "--edits",
                                                 str(EDITS), "--engine", engine, "--json", str(report)],
                    project, report=report),
            command(f"cold_{engine}", [*build, str(out / f"cold-{engine}")], project,
                    clear=cache_dir(project)),
            command(f"warm_{engine}", [*build, str(out / f"warm-{engine}")], project),
        ]
    return rows


def example_project(root: Path, target: Path) -> Path:
    """A fresh copy of the repository's example project (its theme linked)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(root / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(root / "content", target / "content")
    (target / "theme").symlink_to(root / "theme", target_is_directory=True)
    return target


def summary(inner: list[dict[str, Any]], stats: Any) -> dict[str, Any]:
    """The latency figures of the preview's runs: every edit of every run."""
    return {"latency_s": stats([x for i in inner for x in i["latencies"]]), "edits": sum(len(i["latencies"])
                                                                                        for i in inner)}


def ratios(measures: dict[str, Any]) -> dict[str, Any]:
    def median(name: str, key: str) -> float | None:
        m = measures.get(name, {})
        return m[key]["median"] if key in m else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return round(a / b, 4) if a is not None and b else None

    out: dict[str, Any] = {}
    for engine in ENGINES:
        suffix = SUFFIX[engine]
        latency, warm = median(f"preview{suffix}", "latency_s"), median(f"warm_{engine}", "wall_s")
        out.update({f"preview{suffix}_s": latency, f"preview{suffix}": ratio(latency, warm),
                    f"cache{suffix}": ratio(warm, median(f"cold_{engine}", "wall_s"))})
    return out


def targets(sizes: list[dict[str, Any]], example: dict[str, Any] | None) -> list[dict[str, Any]]:
    rows: list[tuple[str, int, float | None, float]] = []
    if sizes:
        at = min(sizes, key=lambda s: (abs(s["ideas"] - PREVIEW_AT), -s["ideas"]))
        last = sizes[-1]
        rows += [
            ("preview edit-to-visible / full hub build (warm cache)", at["ideas"], at["ratios"].get("preview"),
             TARGETS["preview"]),
            ("hub build, warm render cache / cold", last["ideas"], last["ratios"].get("cache"), TARGETS["cache"]),
        ]
    if example:
        rows.append(("preview edit-to-visible at the example's size (s)", example["ideas"],
                     example["ratios"].get("preview_s"), TARGETS["preview_example_s"]))
    return [{"target": name, "at_ideas": n, "value": value, "limit": limit,
             "met": None if value is None else value <= limit} for name, n, value, limit in rows]


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "—" if value is None else format(value, spec)


def table(sizes: list[dict[str, Any]]) -> list[str]:
    """One line per size: the preview's latency, the full builds, and both ratios."""
    lines = ["", "| ideas | engine | preview edit-to-visible median s (min–max, edits) | full build warm s "
             "| preview / full | cold build s | warm / cold |", "|---:|---|---:|---:|---:|---:|---:|"]
    for size in sizes:
        m, r = size["measures"], size["ratios"]
        for engine in ENGINES:
            suffix = SUFFIX[engine]
            if f"cold_{engine}" not in m:
                continue
            p = m.get(f"preview{suffix}", {}).get("latency_s")
            shown = (f"{p['median']:.2f} ({p['min']:.2f}–{p['max']:.2f}, {m[f'preview{suffix}']['edits']})" if p
                     else "skipped")
            warm, cold = (m.get(n, {}).get("wall_s", {}).get("median") for n in (f"warm_{engine}", f"cold_{engine}"))
            lines.append(f"| {size['label']} | {engine} | {shown} | {_fmt(warm)} | "
                         f"{_fmt(r.get(f'preview{suffix}'), '.3f')} | {_fmt(cold)} | {_fmt(r.get(f'cache{suffix}'), '.3f')} |")
    return lines
