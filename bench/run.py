"""Benchmarks: hub against the bare engines on generated projects, side by side, in one run.

Usage: python bench/run.py [--quick] [--sizes 500,2000,5000] [--runs 3] [--work DIR] [--json FILE]
See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import latency  # noqa: E402
from bench.corpus import NOW, generate  # noqa: E402

SIZES = (500, 2000, 5000)
QUICK_SIZE = 200
PACKAGES = ("mkdocs", "mkdocs-material", "pelican", "feedgen", "python-frontmatter", "PyYAML", "Markdown", "nh3",
            "pagefind", "pagefind_bin", "Jinja2", "zensical", "zensical-ui")
TARGETS = {"check": 1.2, "mkdocs": 1.10, "pelican": 1.10, "zensical": 1.10, "feeds_share": 0.05, "rss": 1.2, "hugo": 5.0,
           "jobs": 0.8}
PAIRS = (("check", "hub_check", "bare_parse"), ("mkdocs", "hub_mkdocs", "bare_mkdocs"),
         ("pelican", "hub_pelican", "bare_pelican"), ("zensical", "hub_zensical", "bare_zensical"),
         ("zensical_vs_mkdocs", "hub_zensical", "hub_mkdocs"), ("mkdocs_vs_plain", "hub_mkdocs", "plain_mkdocs"),
         ("pelican_vs_plain", "hub_pelican", "plain_pelican"), ("mkdocs_vs_hugo", "hub_mkdocs", "plain_hugo"),
         ("pelican_vs_hugo", "hub_pelican", "plain_hugo"), ("mkdocs_jobs", "hub_mkdocs_jobs2", "hub_mkdocs_jobs1"),
         ("pelican_jobs", "hub_pelican_jobs2", "hub_pelican_jobs1"),
         ("zensical_jobs", "hub_zensical_jobs2", "hub_zensical_jobs1"))
ENGINES = ("mkdocs", "pelican", "zensical")
GROUPS = {"check": ("hub_check", "bare_parse", "phases_check"), "feeds": ("feeds",),
          "mkdocs": ("hub_mkdocs", "bare_mkdocs", "plain_mkdocs", "phases_mkdocs", "hub_mkdocs_jobs1",
                     "hub_mkdocs_jobs2"),
          "pelican": ("hub_pelican", "bare_pelican", "plain_pelican", "phases_pelican", "hub_pelican_jobs1",
                      "hub_pelican_jobs2"),
          "zensical": ("hub_zensical", "bare_zensical", "plain_zensical", "phases_zensical", "hub_zensical_jobs1",
                       "hub_zensical_jobs2"), "hugo": ("plain_hugo",),
          "preview": latency.NAMES}


class BenchError(Exception):
    """A measured command failed: the benchmark stops and says which and why."""


@dataclass(frozen=True)
class Sample:
    """One run of one command in a fresh process."""

    wall: float
    cpu: float
    """User + system CPU seconds of the process and the children it waited for."""
    rss_mb: float
    """Peak resident memory of the largest process in the command's tree."""
    inner: dict[str, Any] = field(default_factory=dict)
    """Figures the process reported itself (bench/phases.py)."""


@dataclass
class Command:
    """A measured command: argv, where it runs, and what to clear before each run."""

    name: str
    argv: list[str]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    clear: Path | None = None
    report: Path | None = None
    samples: list[Sample] = field(default_factory=list)
    skipped: str | None = None


def measure(command: Command, log: Path) -> Sample:
    """Run the command once as a subprocess: wall time, CPU time and peak RSS (wait4's rusage of that child)."""
    if command.clear is not None:
        shutil.rmtree(command.clear, ignore_errors=True)
    if command.report is not None:
        command.report.unlink(missing_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **command.env}
    env.pop("CI", None)  # the same quiet, non-terminal output on both sides
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command.argv, cwd=command.cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-25:])
        raise BenchError(f"{command.name} failed (exit {proc.returncode}): {' '.join(command.argv)}\n"
                         f"in {command.cwd}; its output ({log}) ends with:\n{tail}")
    inner = json.loads(command.report.read_text()) if command.report is not None else {}
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, inner)


def stats(values: Sequence[float]) -> dict[str, Any]:
    """Median, min and max of several runs, with the runs themselves."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": [round(v, 4) for v in values]}


def summarize(command: Command) -> dict[str, Any]:
    """A command's figures for the JSON report."""
    if command.skipped:
        return {"skipped": command.skipped}
    summary: dict[str, Any] = {
        "argv": command.argv,
        "wall_s": stats([s.wall for s in command.samples]),
        "cpu_s": stats([s.cpu for s in command.samples]),
        "rss_mb": stats([s.rss_mb for s in command.samples]),
    }
    if command.samples[0].inner:
        inner = [s.inner for s in command.samples]
        if "run_check" in inner[0]:  # bench/phases.py check: wall and CPU seconds of each step
            for key in ("phases", "phases_cpu"):
                keys = sorted({k for i in inner for k in i[key]})
                summary[f"{key}_s"] = {k: stats([i[key].get(k, 0.0) for i in inner]) for k in keys}
            summary["run_check_s"] = stats([i["run_check"] for i in inner])
            summary["run_check_cpu_s"] = stats([i["run_check_cpu"] for i in inner])
        elif "phases" in inner[0]:
            keys = sorted({k for i in inner for k in i["phases"]})
            summary["phases_s"] = {k: stats([i["phases"].get(k, 0.0) for i in inner]) for k in keys}
            summary["build_site_s"] = stats([i["build_site"] for i in inner])
            summary["site"] = {k: inner[0][k] for k in ("pages", "files", "live_ideas", "feeds")}
        elif "latencies" in inner[0]:
            summary.update(latency.summary(inner, stats))
        else:
            summary["feeds_s"] = stats([i["feeds"] for i in inner])
            summary["feed_files"] = inner[0]["files"]
            summary["feed_bytes"] = inner[0]["bytes"]
    return summary


# --- staging the bare engines' projects, once per size, with hub's own adapters ---------------------------------


def stage_bare(engine: str, project: Path, base: Path, python: str, log_file: Path) -> Command:
    """Stage the bare project in a separate process (bench/stage.py) and return the command that builds it."""
    spec_file = base / "command.json"
    base.mkdir(parents=True, exist_ok=True)
    spec_file.unlink(missing_ok=True)
    with log_file.open("wb") as out:
        done = subprocess.run([python, str(BENCH / "stage.py"), engine, str(project), str(base), "--now", NOW,
                               "--json", str(spec_file)], stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-3:])
        raise BenchError(f"staging failed (exit {done.returncode}, see {log_file}): {tail}")
    spec = json.loads(spec_file.read_text())
    argv = [python if a == "{python}" else a for a in spec["argv"]]
    return Command(f"bare_{engine}", argv, Path(spec["cwd"]), env=spec["env"], clear=Path(spec["clear"]))


# --- one size --------------------------------------------------------------------------------------------------


def commands_for(n: int, work: Path, seed: int, python: str, log: Callable[[str], None],
                 only: set[str]) -> list[Command]:
    """Generate the project of n ideas, stage the bare projects, and list every command to time."""
    base = work / f"n{n}"
    project = base / "hub"
    log(f"[{n}] generating {n} ideas in {project}")
    generate(project, n, seed)
    theme = project / "theme"
    if not theme.exists():
        theme.symlink_to(ROOT / "theme", target_is_directory=True)
    phases = BENCH / "phases.py"
    out = base / "out"
    out.mkdir(parents=True, exist_ok=True)
    commands = [
        Command("hub_check", [python, "-m", "hub", "check", "content", "--now", NOW], project),
        Command("bare_parse", [python, str(BENCH / "bare_parse.py"), "content"], project),
        Command("phases_check", [python, str(phases), "check", "--now", NOW, "--json", str(out / "phases-check.json")],
                project, report=out / "phases-check.json"),
        Command("feeds", [python, str(phases), "feeds", "--now", NOW, "--json", str(out / "feeds.json")], project,
                report=out / "feeds.json"),
        *latency.commands(Command, python, BENCH, project, out, NOW, only),
    ]
    skipped = "left out by --only"
    for c in commands:
        if not any(c.name in GROUPS[g] for g in only):
            c.skipped = skipped
    for engine in ENGINES:
        if engine not in only:
            commands += [Command(f"{kind}_{engine}", [], project, skipped=skipped)
                         for kind in ("hub", "bare", "plain", "phases", "hub_jobs1", "hub_jobs2")]
            continue
        site = out / f"hub-{engine}"
        hub = Command(f"hub_{engine}", [python, "-m", "hub", "build", "--engine", engine, "--out", str(site),
                                        "--now", NOW], project, clear=site)
        report = out / f"phases-{engine}.json"
        phased = Command(f"phases_{engine}", [python, str(phases), "build", "--engine", engine, "--out",
                                              str(out / f"phases-{engine}"), "--now", NOW, "--json", str(report)],
                         project, clear=out / f"phases-{engine}", report=report)
        log(f"[{n}] staging the bare and plain {engine} projects")
        try:
            bare = stage_bare(engine, project, base / f"bare-{engine}", python, out / f"stage-{engine}.log")
        except BenchError as exc:
            reason = f"the {engine} engine could not be staged: {exc}"
            log(f"[{n}] skipping {engine}: {reason}")
            hub.skipped = phased.skipped = reason
            bare = Command(f"bare_{engine}", [], project, skipped=reason)
        if engine == "zensical":  # no hand-written Zensical project: its plain site would be plain MkDocs'
            commands += [hub, bare, Command("plain_zensical", [], project, skipped="no plain Zensical site"), phased,
                         *_jobs_commands(engine, hub)]
            continue
        try:
            plain = stage_bare(f"plain-{engine}", project, base / f"plain-{engine}", python,
                               out / f"stage-plain-{engine}.log")
            plain.name = f"plain_{engine}"
        except BenchError as exc:
            plain = Command(f"plain_{engine}", [], project, skipped=f"could not be staged: {exc}")
        commands += [hub, bare, plain, phased, *_jobs_commands(engine, hub)]
    commands.append(_hugo_command(project, base, python, out, only))
    return commands


def _jobs_commands(engine: str, hub: Command) -> list[Command]:
    """`hub build` on one process and on two, both with a cold render cache, timed in the same run."""
    return [Command(f"hub_{engine}_jobs{jobs}", [*hub.argv, "--jobs", str(jobs)], hub.cwd, env={"HUB_NO_CACHE": "1"},
                    clear=hub.clear, skipped=hub.skipped) for jobs in (1, 2)]


def _hugo_command(project: Path, base: Path, python: str, out: Path, only: set[str]) -> Command:
    """Hugo, the outside speed reference, on the same live content, when Debian's `hugo` is installed."""
    if "hugo" not in only:
        return Command("plain_hugo", [], project, skipped="left out by --only")
    if shutil.which("hugo") is None:
        return Command("plain_hugo", [], project, skipped="hugo is not installed (apt-get install hugo)")
    try:
        command = stage_bare("plain-hugo", project, base / "plain-hugo", python, out / "stage-plain-hugo.log")
    except BenchError as exc:
        return Command("plain_hugo", [], project, skipped=f"could not be staged: {exc}")
    command.name = "plain_hugo"
    return command


def run_size(n: int, runs: int, work: Path, seed: int, python: str, log: Callable[[str], None],
             only: set[str]) -> dict[str, Any]:
    """Every command `runs` times, interleaved (hub, bare, hub, bare…) so machine noise hits both sides alike."""
    commands = commands_for(n, work, seed, python, log, only)
    measures = run_commands(commands, runs, work / f"n{n}" / "logs", log, str(n))
    return {"ideas": n, "label": n, "measures": measures, "ratios": {**ratios(measures), **latency.ratios(measures)}}


def run_example(runs: int, work: Path, python: str, log: Callable[[str], None]) -> dict[str, Any]:
    """The preview's latency and the cached builds on the repository's example project."""
    project = latency.example_project(ROOT, work / "example" / "hub")
    ideas = sum(1 for _ in (project / "content" / "ideas").rglob("*.md"))
    out = work / "example" / "out"
    out.mkdir(parents=True, exist_ok=True)
    commands = latency.commands(Command, python, BENCH, project, out, NOW, {"preview", *latency.ENGINES})
    measures = run_commands(commands, runs, work / "example" / "logs", log, "example")
    return {"ideas": ideas, "label": f"example ({ideas})", "measures": measures, "ratios": latency.ratios(measures)}


def run_commands(commands: list[Command], runs: int, logs: Path, log: Callable[[str], None],
                 label: str) -> dict[str, Any]:
    """Run the commands that are not skipped `runs` times, interleaved; their summaries by name."""
    n = label
    logs.mkdir(parents=True, exist_ok=True)
    active = [c for c in commands if not c.skipped]
    for c in active:  # warm the page cache and the imports: one untimed run of the cheap commands
        if c.name in ("hub_check", "bare_parse"):
            measure(c, logs / f"{c.name}-warmup.log")
    for run in range(runs):
        for c in active:
            sample = measure(c, logs / f"{c.name}-{run + 1}.log")
            c.samples.append(sample)
            log(f"[{n}] run {run + 1}/{runs} {c.name:<15} {sample.wall:7.2f} s  cpu {sample.cpu:7.2f} s  "
                f"rss {sample.rss_mb:6.0f} MB")
    return {c.name: summarize(c) for c in commands}


def _median(measures: dict[str, Any], name: str, key: str = "wall_s") -> float | None:
    m = measures.get(name, {})
    return m[key]["median"] if key in m else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 4) if a is not None and b else None


def ratios(measures: dict[str, Any]) -> dict[str, Any]:
    """hub / bare for time (wall and CPU) and peak memory; feeds / whole build.

    `feeds_share`: the feed phase of an instrumented `hub build` over that build's `build_site` (what feeds add to a
    build, bodies already rendered for the pages); `feeds_alone_share`: feeds written on their own (rendering the
    bodies they need) over the median `hub build`.
    """
    out: dict[str, Any] = {}
    for key, hub, bare in PAIRS:
        out[key] = _ratio(_median(measures, hub), _median(measures, bare))
        out[f"{key}_cpu"] = _ratio(_median(measures, hub, "cpu_s"), _median(measures, bare, "cpu_s"))
        if key in ENGINES:
            out[f"{key}_rss"] = _ratio(_median(measures, hub, "rss_mb"), _median(measures, bare, "rss_mb"))
            phased = measures.get(f"phases_{key}", {})
            feeds_phase = phased["phases_s"]["feeds"]["median"] if "phases_s" in phased else None
            out[f"feeds_share_{key}"] = _ratio(feeds_phase, _median(measures, f"phases_{key}", "build_site_s"))
            out[f"feeds_alone_share_{key}"] = _ratio(_median(measures, "feeds", "feeds_s"), _median(measures, hub))
    return out


# --- across sizes ---------------------------------------------------------------------------------------------


def linear_fit(points: list[tuple[int, float]]) -> dict[str, Any] | None:
    """Least squares t = a + b·N: the per-idea cost b, the fixed cost a, R², and the marginal cost per interval."""
    if len(points) < 2:
        return None
    xs, ys = [float(p[0]) for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    marginal = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) * 1000 for i in range(len(xs) - 1)]
    return {"ms_per_idea": round(slope * 1000, 4), "fixed_s": round(intercept, 3),
            "r2": round(1 - ss_res / ss_tot, 5) if ss_tot else 1.0,
            "marginal_ms_per_idea": [round(m, 4) for m in marginal]}


def fits(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    """The per-idea cost of each timed command over the sizes measured."""
    names = ("hub_check", "bare_parse", "hub_mkdocs", "bare_mkdocs", "plain_mkdocs", "hub_pelican", "bare_pelican",
             "plain_pelican", "hub_zensical", "bare_zensical", "plain_hugo")
    result = {}
    for name in names:
        points = [(s["ideas"], m) for s in sizes if (m := _median(s["measures"], name)) is not None]
        result[name] = linear_fit(points)
    return result


def targets(sizes: list[dict[str, Any]], fitted: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the benchmark issue, judged at the largest size measured."""
    last = sizes[-1]
    r = last["ratios"]
    rows = [
        ("hub check / bare frontmatter parse", r["check"], TARGETS["check"]),
        ("hub build mkdocs / bare mkdocs build", r["mkdocs"], TARGETS["mkdocs"]),
        ("hub build pelican / bare pelican", r["pelican"], TARGETS["pelican"]),
        ("hub build zensical / bare zensical", r["zensical"], TARGETS["zensical"]),
        ("(context) hub build zensical / hub build mkdocs", r["zensical_vs_mkdocs"], None),
        ("feed phase / hub build mkdocs", r["feeds_share_mkdocs"], TARGETS["feeds_share"]),
        ("feed phase / hub build pelican", r["feeds_share_pelican"], TARGETS["feeds_share"]),
        ("(context) feeds alone / hub build mkdocs", r["feeds_alone_share_mkdocs"], TARGETS["feeds_share"]),
        ("peak memory hub build mkdocs / bare", r["mkdocs_rss"], TARGETS["rss"]),
        ("peak memory hub build pelican / bare", r["pelican_rss"], TARGETS["rss"]),
        ("peak memory hub build zensical / bare", r["zensical_rss"], TARGETS["rss"]),
        ("(context) hub build mkdocs / plain MkDocs site", r["mkdocs_vs_plain"], TARGETS["mkdocs"]),
        ("(context) hub build pelican / plain Pelican site", r["pelican_vs_plain"], TARGETS["pelican"]),
        ("hub build mkdocs / plain Hugo site", r["mkdocs_vs_hugo"], TARGETS["hugo"]),
        ("hub build pelican / plain Hugo site", r["pelican_vs_hugo"], TARGETS["hugo"]),
        ("hub build mkdocs --jobs 2 / --jobs 1 (cold cache)", r["mkdocs_jobs"], TARGETS["jobs"]),
        ("hub build pelican --jobs 2 / --jobs 1 (cold cache)", r["pelican_jobs"], TARGETS["jobs"]),
        ("hub build zensical --jobs 2 / --jobs 1 (cold cache)", r["zensical_jobs"], TARGETS["jobs"]),
    ]
    out = [{"target": name, "at_ideas": last["ideas"], "value": value, "limit": limit,
            "met": None if value is None or limit is None else value <= limit} for name, value, limit in rows]
    for engine in ENGINES:
        fit = fitted.get(f"hub_{engine}")
        linear = None
        if fit and len(fit["marginal_ms_per_idea"]) >= 2:
            first, final = fit["marginal_ms_per_idea"][0], fit["marginal_ms_per_idea"][-1]
            linear = fit["r2"] >= 0.99 and final <= 1.25 * first
        out.append({"target": f"hub build {engine} grows linearly (R² ≥ 0.99, last marginal ≤ 1.25 × first)",
                    "at_ideas": last["ideas"], "value": fit["ms_per_idea"] if fit else None, "limit": None,
                    "met": linear})
    return out


def environment(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    """Date, machine, versions and the exact command: what a reader needs to trust or redo the figures."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "bench/run.py", *argv]),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
        "hub_git_sha": git("rev-parse", "HEAD"),
        "hub_git_dirty": bool(git("status", "--porcelain", "--", "hub", "theme", "bench")),
        "now": NOW,
        "seed": args.seed,
        "runs": args.runs,
        "sizes": args.sizes,
        "only": sorted(args.only),
    }


# --- output ---------------------------------------------------------------------------------------------------

ROWS = (("hub_check", "hub check"), ("bare_parse", "bare frontmatter parse"), ("hub_mkdocs", "hub build mkdocs"),
        ("hub_mkdocs_jobs1", "hub build mkdocs --jobs 1, cold cache"),
        ("hub_mkdocs_jobs2", "hub build mkdocs --jobs 2, cold cache"),
        ("bare_mkdocs", "bare mkdocs build (hub-staged)"), ("plain_mkdocs", "plain MkDocs site"),
        ("hub_pelican", "hub build pelican"), ("hub_pelican_jobs1", "hub build pelican --jobs 1, cold cache"),
        ("hub_pelican_jobs2", "hub build pelican --jobs 2, cold cache"), ("bare_pelican", "bare pelican (hub-staged)"),
        ("plain_pelican", "plain Pelican site"), ("hub_zensical", "hub build zensical"),
        ("hub_zensical_jobs1", "hub build zensical --jobs 1, cold cache"),
        ("hub_zensical_jobs2", "hub build zensical --jobs 2, cold cache"),
        ("bare_zensical", "bare zensical build (hub-staged)"),
        ("plain_hugo", "plain Hugo site"), ("feeds", "feeds alone"))


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "—" if value is None else format(value, spec)


def table(report: dict[str, Any]) -> str:
    """The figures as Markdown tables: one row per command and size, then the ratios and fits."""
    lines = ["| ideas | command | median s | min–max s | CPU s | peak RSS MB |", "|---:|---|---:|---:|---:|---:|"]
    for size in report["sizes"]:
        for name, label in ROWS:
            m = size["measures"].get(name, {})
            if "skipped" in m or not m:
                lines.append(f"| {size['ideas']} | {label} | skipped | | | |")
                continue
            if name == "feeds":
                f = m["feeds_s"]
                lines.append(f"| {size['ideas']} | {label} (in-process) | {f['median']:.3f} | "
                             f"{f['min']:.3f}–{f['max']:.3f} | | |")
                continue
            w, c, r = m["wall_s"], m["cpu_s"], m["rss_mb"]
            lines.append(f"| {size['ideas']} | {label} | {w['median']:.2f} | {w['min']:.2f}–{w['max']:.2f} | "
                         f"{c['median']:.2f} | {r['max']:.0f} |")
    lines += ["", "| ideas | check | mkdocs | pelican | zensical | mkdocs/plain | pelican/plain | feed phase mkdocs "
              "| feed phase pelican | RSS mkdocs | RSS pelican | RSS zensical | mkdocs/Hugo | pelican/Hugo |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in report["sizes"]:
        r = size["ratios"]
        lines.append(f"| {size['ideas']} | {_fmt(r['check'])} (cpu {_fmt(r['check_cpu'])}) | "
                     f"{_fmt(r['mkdocs'])} (cpu {_fmt(r['mkdocs_cpu'])}) | "
                     f"{_fmt(r['pelican'])} (cpu {_fmt(r['pelican_cpu'])}) | "
                     f"{_fmt(r['zensical'])} (cpu {_fmt(r['zensical_cpu'])}) | {_fmt(r['mkdocs_vs_plain'])} | "
                     f"{_fmt(r['pelican_vs_plain'])} | {_fmt(r['feeds_share_mkdocs'], '.1%')} | "
                     f"{_fmt(r['feeds_share_pelican'], '.1%')} | {_fmt(r['mkdocs_rss'])} | {_fmt(r['pelican_rss'])} | "
                     f"{_fmt(r['zensical_rss'])} | "
                     f"{_fmt(r['mkdocs_vs_hugo'])} | {_fmt(r['pelican_vs_hugo'])} |")
    phased = [(s["ideas"], e, s["measures"].get(f"phases_{e}", {})) for s in report["sizes"] for e in ENGINES]
    phased = [(n, e, m) for n, e, m in phased if "phases_s" in m]
    if phased:
        names = ("import", "check", "plan", "page_html", "engine", "feeds", "other")
        lines += ["", "| ideas | engine | " + " | ".join(names) + " | build_site |",
                  "|---:|---|" + "---:|" * (len(names) + 1)]
        for n, e, m in phased:
            cells = " | ".join(_fmt(m["phases_s"].get(k, {}).get("median")) for k in names)
            lines.append(f"| {n} | {e} | {cells} | {m['build_site_s']['median']:.2f} |")
    lines += _check_table(report)
    if report["fits"] and any(report["fits"].values()):
        lines += ["", "| command | ms per idea | fixed s | R² | marginal ms/idea per interval |", "|---|---:|---:|---:|---|"]
        for name, label in ROWS[:-1]:
            fit = report["fits"].get(name)
            if fit:
                lines.append(f"| {label} | {fit['ms_per_idea']:.2f} | {fit['fixed_s']:.2f} | {fit['r2']:.4f} | "
                             + ", ".join(f"{x:.2f}" for x in fit["marginal_ms_per_idea"]) + " |")
    lines += latency.table([*report["sizes"], *([report["example"]] if report.get("example") else [])])
    lines += ["", "| target | at ideas | value | limit | met |", "|---|---:|---:|---:|---|"]
    for t in report["targets"]:
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {t['at_ideas']} | {_fmt(t['value'], '.3f')} | {_fmt(t['limit'])} | {met} |")
    return "\n".join(lines)


CHECK_PHASES = ("import", "config", "announce", "read", "fields", "cross", "catalogs", "other")


def _check_table(report: dict[str, Any]) -> list[str]:
    """The steps of an instrumented `hub check` (bench/phases.py check), CPU seconds with wall in brackets."""
    timed = [(s["ideas"], s["measures"].get("phases_check", {})) for s in report["sizes"]]
    timed = [(n, m) for n, m in timed if "phases_cpu_s" in m]
    if not timed:
        return []
    lines = ["", "| ideas | " + " | ".join(CHECK_PHASES) + " | run_check | (CPU s, wall in brackets) |",
             "|---:|" + "---:|" * (len(CHECK_PHASES) + 1) + "---|"]
    for n, m in timed:
        cells = " | ".join(f"{_fmt(m['phases_cpu_s'].get(k, {}).get('median'))} "
                           f"({_fmt(m['phases_s'].get(k, {}).get('median'))})" for k in CHECK_PHASES)
        lines.append(f"| {n} | {cells} | {m['run_check_cpu_s']['median']:.2f} ({m['run_check_s']['median']:.2f}) | |")
    return lines


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time hub against the bare engines on generated projects.")
    parser.add_argument("--quick", action="store_true", help=f"CI smoke: {QUICK_SIZE} ideas, 1 run")
    parser.add_argument("--sizes", help="comma-separated numbers of ideas (default 500,2000,5000)")
    parser.add_argument("--runs", type=int, help="runs of each command (default 3; 1 with --quick)")
    parser.add_argument("--only", help="comma-separated subset of: check, mkdocs, pelican, zensical, feeds, hugo, preview "
                        "(default: all)")
    parser.add_argument("--seed", type=int, default=1, help="the corpus seed (default 1)")
    parser.add_argument("--work", type=Path, default=BENCH / "work", help="where projects are generated and built")
    parser.add_argument("--json", type=Path, help="the report file (default bench/results/<date>-<mode>.json)")
    args = parser.parse_args(argv)
    if args.sizes:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.replace(" ", "").split(",") if s]
    else:
        args.sizes = [QUICK_SIZE] if args.quick else list(SIZES)
    args.runs = args.runs or (1 if args.quick else 3)
    args.only = set(args.only.split(",")) if args.only else set(GROUPS)
    if not args.only <= set(GROUPS):
        parser.error(f"--only: choose from {', '.join(GROUPS)}")
    if args.runs < 1 or not args.sizes or min(args.sizes) < 1:
        parser.error("--runs and every size must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every size, print the tables, write the JSON report; exit 1 if a measured command fails."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    report: dict[str, Any] = {"environment": environment(args, argv), "sizes": []}
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in sorted(args.sizes):
            report["sizes"].append(run_size(n, args.runs, work, args.seed, sys.executable, log, args.only))
        if "preview" in args.only:
            report["example"] = run_example(args.runs, work, sys.executable, log)
    except BenchError as exc:
        log(f"bench: {exc}")
        return 1
    # Peak RSS is inherited across fork+exec (Linux keeps the high-water mark), so no child reads below this.
    report["environment"]["rss_floor_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["fits"] = fits(report["sizes"])
    report["targets"] = [*targets(report["sizes"], report["fits"]),
                         *latency.targets(report["sizes"], report.get("example"))]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = args.json or BENCH / "results" / f"{stamp}-{'quick' if args.quick else 'full'}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nWrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
