"""The benchmark's smoke test: the generated corpus is valid and deterministic, and the quick run writes a
well-formed report. Timings are never asserted: they belong to bench/README.md, not to CI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.corpus import NOW, generate
from hub.cli import app
from tests.conftest import file_tree

ROOT = Path(__file__).resolve().parent.parent
TIMED = ("hub_check", "bare_parse", "hub_mkdocs", "bare_mkdocs", "plain_mkdocs", "hub_pelican", "bare_pelican",
         "plain_pelican", "hub_mkdocs_jobs1", "hub_mkdocs_jobs2", "hub_pelican_jobs1", "hub_pelican_jobs2",
         "hub_zensical", "bare_zensical", "hub_zensical_jobs1", "hub_zensical_jobs2")
MEASURES = (*TIMED, "feeds", "phases_mkdocs", "phases_pelican", "phases_zensical", "phases_check")
RATIOS = ("check", "mkdocs", "pelican", "mkdocs_vs_plain", "pelican_vs_plain", "feeds_share_mkdocs",
          "feeds_share_pelican", "feeds_alone_share_mkdocs", "mkdocs_rss", "pelican_rss", "mkdocs_jobs", "pelican_jobs",
          "zensical", "zensical_rss", "zensical_vs_mkdocs", "zensical_jobs")


def test_corpus_is_deterministic_and_passes_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "a", 120, seed=7)
    generate(tmp_path / "b", 120, seed=7)
    generate(tmp_path / "c", 120, seed=8)
    a = file_tree(tmp_path / "a")
    assert a == file_tree(tmp_path / "b")
    assert a != file_tree(tmp_path / "c")
    assert sum(1 for p in a if p.startswith("content/ideas/")) == 120
    assert sum(1 for p in a if p.startswith("content/guidelines/")) == 30
    monkeypatch.chdir(tmp_path / "a")
    result = CliRunner().invoke(app, ["check", "content", "--strict", "--now", NOW], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "live" in result.output and "scheduled" in result.output and "expired" in result.output


def _stats(value: dict) -> None:
    assert set(value) >= {"median", "min", "max", "runs"}
    assert value["min"] <= value["median"] <= value["max"]
    assert all(isinstance(x, float | int) and x >= 0 for x in value["runs"])


def test_quick_benchmark_writes_a_well_formed_report(tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--sizes", "60", "--runs", "1",
         "--work", str(tmp_path / "work"), "--json", str(report_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(report_file) in done.stdout
    report = json.loads(report_file.read_text())
    assert set(report) == {"environment", "sizes", "example", "fits", "targets"}
    env = report["environment"]
    assert env["versions"]["mkdocs"] and env["versions"]["pelican"] and env["python"]
    assert env["sizes"] == [60] and env["runs"] == 1
    [size] = report["sizes"]
    assert size["ideas"] == 60
    for name in MEASURES:
        measure = size["measures"][name]
        assert "skipped" not in measure, measure
    for name in TIMED:
        for key in ("wall_s", "cpu_s", "rss_mb"):
            _stats(size["measures"][name][key])
    _stats(size["measures"]["feeds"]["feeds_s"])
    assert size["measures"]["feeds"]["feed_files"] > 0
    for engine in ("mkdocs", "pelican", "zensical"):
        phases = size["measures"][f"phases_{engine}"]
        assert {"check", "plan", "page_html", "engine", "feeds"} <= set(phases["phases_s"])
        assert phases["site"]["live_ideas"] > 0
    check = size["measures"]["phases_check"]
    assert {"import", "config", "read", "fields", "cross", "catalogs", "other"} <= set(check["phases_cpu_s"])
    assert check["phases_cpu_s"]["read"]["median"] > 0 and check["run_check_s"]["median"] > 0
    assert "| ideas | import | config |" in done.stdout
    for name in RATIOS:
        assert isinstance(size["ratios"][name], float) and size["ratios"][name] > 0
    hugo = size["measures"]["plain_hugo"]
    if shutil.which("hugo"):  # .ci/run installs Debian's hugo: the outside reference is measured there
        _stats(hugo["wall_s"])
        assert size["ratios"]["mkdocs_vs_hugo"] > 0 and size["ratios"]["pelican_vs_hugo"] > 0
        assert (Path(hugo["argv"][-1]) / "ideas").is_dir()
    else:
        assert "hugo is not installed" in hugo["skipped"]
        assert size["ratios"]["mkdocs_vs_hugo"] is None
    assert "plain Hugo site" in done.stdout
    # The preview's edit-to-visible latency through the real server, and the cached rebuild, here and on the example.
    for measured in (size, report["example"]):
        _stats(measured["measures"]["preview"]["latency_s"])
        assert measured["measures"]["preview"]["edits"] >= 1
        _stats(measured["measures"]["cold_mkdocs"]["wall_s"])
        _stats(measured["measures"]["warm_mkdocs"]["wall_s"])
        assert measured["ratios"]["preview"] > 0 and measured["ratios"]["cache"] > 0
        _stats(measured["measures"]["preview_zensical"]["latency_s"])
        _stats(measured["measures"]["cold_zensical"]["wall_s"])
        assert measured["ratios"]["preview_zensical"] > 0 and measured["ratios"]["cache_zensical"] > 0
    assert "preview edit-to-visible" in done.stdout
    assert all({"target", "value", "limit", "met"} <= set(t) for t in report["targets"])
    assert "| ideas | command |" in done.stdout
