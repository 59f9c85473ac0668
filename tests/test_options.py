"""Options are arguments: `--jobs` and `--no-cache` (and hub's environment variables, read at the command line only)
reach every build and its workers as arguments, the process's environment and hub's module globals stay as they
were, importing an engine's adapter rewires nothing, and a site's file is written once."""

from __future__ import annotations

import ast
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import Result

from hub import cli
from hub.build import BuildOptions, build_site
from hub.commands.incremental import PreviewBuilder
from hub.config import load_config
from hub.engines.mkdocs import build_environment
from hub.errors import BuildError
from hub.publish.site import write_files
from hub.render import cache, parallel

from .conftest import count_body_renders, file_tree

NOW = "2026-11-25T06:00Z"
HUB = Path(cli.__file__).resolve().parent
"""hub's package folder."""
CONFIG = """\
site_name: Options
site_url: https://intranet.example/hub/
theme: {name: material, language: en}
extra:
  hub:
    timezone: UTC
    topics: {tools: {label: Tools}}
    audiences: {everyone: {label: Everyone}}
    channels: {blog: {label: Blog}}
"""
GUIDELINE = """\
---
title: Your own voice
summary: Say what you saw.
updated: 2026-10-01
changes: First words.
---

Write as *you*. See [the first idea](../ideas/idea-1.md).
"""
IDEA = """\
---
id: 3f0c6f9e-1d2b-4c8a-9e7f-00000000000{n}
title: Idea number {n}
summary: A summary of idea {n}.
date: 2026-11-0{n} 09:00
topics: [tools]
audiences: [everyone]
channels: [blog]
angles: [What did you learn?, What surprised you?]
---

The **body** of idea {n}, linking [the charter](../guidelines/voice.md).
"""


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of its own: one guideline and three ideas whose bodies link to each other, the working directory;
    hub's environment variables unset, and the threshold of workers lowered so that `--jobs 2` uses them."""
    root = tmp_path / "small"
    (root / "content" / "guidelines").mkdir(parents=True)
    (root / "content" / "ideas").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "content" / "guidelines" / "voice.md").write_text(GUIDELINE, encoding="utf-8")
    for n in (1, 2, 3):
        (root / "content" / "ideas" / f"idea-{n}.md").write_text(IDEA.format(n=n), encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv(cli.JOBS_ENV, raising=False)
    monkeypatch.delenv(cli.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    return root


def _now() -> datetime:
    return datetime.fromisoformat(NOW.replace("Z", "+00:00"))


def _entries(root: Path) -> dict[str, int]:
    """The render cache's entries of a project, with the time each was written."""
    return {p.name: p.stat().st_mtime_ns for p in cache.cache_dir(root).glob("*/*")}


# --- Nothing in hub/ writes the environment ---------------------------------------------------------------------

WRITING_METHODS = {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"}
ALLOWED = {("engines/mkdocs.py", "build_environment")}
"""The one place that may write the environment: the MkDocs adapter (the Zensical one shares it) sets the engine's
own variables (SOURCE_DATE_EPOCH) for the span of its run, and restores them (tested below)."""


def _is_environ(node: ast.expr) -> bool:
    """`os.environ`, or `environ` imported from os."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or \
        (isinstance(node, ast.Name) and node.id == "environ")


def _environ_writes(tree: ast.Module) -> Iterator[tuple[int, str | None]]:
    """Each write to the process's environment in a module (its line, and the function it is in)."""
    def walk(node: ast.AST, function: str | None) -> Iterator[tuple[int, str | None]]:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            targets: list[ast.expr] = []
            if isinstance(child, ast.Assign):
                targets = child.targets
            elif isinstance(child, (ast.AugAssign, ast.AnnAssign)):
                targets = [child.target]
            elif isinstance(child, ast.Delete):
                targets = child.targets
            for target in targets:
                if _is_environ(target) or (isinstance(target, ast.Subscript) and _is_environ(target.value)):
                    yield target.lineno, function
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                if child.func.attr in WRITING_METHODS and _is_environ(child.func.value):
                    yield child.lineno, function
                if child.func.attr in ("putenv", "unsetenv"):
                    yield child.lineno, function
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in ("putenv", "unsetenv"):
                yield child.lineno, function
            yield from walk(child, inner)

    yield from walk(tree, None)


def test_nothing_in_hub_writes_the_environment() -> None:
    found = []
    for path in sorted(HUB.rglob("*.py")):
        rel = path.relative_to(HUB).as_posix()
        for line, function in _environ_writes(ast.parse(path.read_text(encoding="utf-8"))):
            if (rel, function) not in ALLOWED:
                found.append(f"hub/{rel}:{line} (in {function or 'the module'})")
    assert found == [], "options are arguments, never the environment: " + ", ".join(found)


def test_the_scan_finds_each_kind_of_write() -> None:
    """The scan above, on the writes it must see (and on reads, which it must not)."""
    source = """
import os
from os import environ
os.environ["HUB_JOBS"] = "2"
os.environ.update({"A": "1"})
os.environ.setdefault("A", "1")
environ.clear()
del os.environ["A"]
os.putenv("A", "1")
def f():
    os.environ.pop("A", None)
x = os.environ.get("A"), os.environ["B"], {**os.environ}
"""
    assert [line for line, _ in _environ_writes(ast.parse(source))] == [4, 5, 6, 7, 8, 9, 11]


def test_the_engine_sets_its_own_variables_for_its_run_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "7")
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    before = dict(os.environ)
    with build_environment(1_700_000_000):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
        assert set(os.environ) - set(before) == {"NO_MKDOCS_2_WARNING"}
    assert dict(os.environ) == before


# --- The options reach the build as arguments -------------------------------------------------------------------

def test_jobs_and_no_cache_reach_the_build_and_its_workers(small: Path, hub: Callable[..., Result],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    environ = dict(os.environ)
    renders = count_body_renders(monkeypatch)  # the bodies this process renders (the workers' are not counted)
    assert hub("build", "--jobs", "1", "--out", "warm", "--now", NOW).exit_code == 0
    everything = renders[0]
    entries = _entries(small)
    assert everything >= 4 and entries, "one process renders every body (4), and keeps them in the cache"
    assert dict(os.environ) == environ

    renders[0] = 0
    assert hub("build", "--jobs", "1", "--no-cache", "--out", "one", "--now", NOW).exit_code == 0
    assert renders[0] == everything, "--no-cache reads nothing from the cache: every body is rendered again"
    assert _entries(small) == entries, "--no-cache writes nothing into the cache"
    assert dict(os.environ) == environ

    for entry in cache.cache_dir(small).glob("*/*"):
        entry.unlink()
    renders[0] = 0
    assert hub("build", "--jobs", "2", "--no-cache", "--out", "two", "--now", NOW).exit_code == 0
    assert renders[0] == 0, "--jobs 2: the workers render every body, and the feeds reuse what they sent back"
    assert _entries(small) == {}, "--no-cache reaches the workers: they write nothing into the cache either"
    assert dict(os.environ) == environ, "the options went into no environment variable"

    warm, one, two = file_tree(small / "warm"), file_tree(small / "one"), file_tree(small / "two")
    assert len(warm) > 20 and warm == one == two


def test_hubs_variables_are_read_at_the_command_line_only(small: Path, hub: Callable[..., Result],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.JOBS_ENV, "2")
    monkeypatch.setenv(cli.NO_CACHE_ENV, "1")
    renders = count_body_renders(monkeypatch)
    assert hub("build", "--out", "cli", "--now", NOW).exit_code == 0
    assert renders[0] == 0 and _entries(small) == {}, "the command line turns them into options: workers, no cache"

    environ = dict(os.environ)
    config = load_config(small)
    build_site(config, _now(), small / "api", options=BuildOptions(jobs=1, cache=True))
    assert renders[0] > 0 and _entries(small), "below the command line only the options count, not the environment"
    renders[0] = 0
    build_site(config, _now(), small / "api2", options=BuildOptions(jobs=2, cache=False))
    assert renders[0] == 0, "the workers render every body"
    assert dict(os.environ) == environ, "a build, the engine's run included, leaves the environment as it was"
    assert file_tree(small / "cli") == file_tree(small / "api") == file_tree(small / "api2")


def test_a_bad_jobs_variable_is_a_usage_error(small: Path, hub: Callable[..., Result],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.JOBS_ENV, "many")
    result = hub("build", "--out", "site", "--now", NOW)
    assert result.exit_code == 2 and f"{cli.JOBS_ENV}='many'" in result.output and "Traceback" not in result.output
    assert hub("build", "--jobs", "1", "--out", "site", "--now", NOW).exit_code == 0, "--jobs wins over it"


# --- No module global holds build state -------------------------------------------------------------------------

def _hub_modules() -> list[ModuleType]:
    """Every loaded module whose file is in hub/, under whatever name it was loaded (MkDocs loads hooks by path)."""
    found = []
    for module in list(sys.modules.values()):
        where = getattr(module, "__file__", None)
        if where and Path(where).resolve().is_relative_to(HUB):
            found.append(module)
    return found


def _shown(value: object, depth: int = 0) -> str:
    """A value as text, into its containers and the attributes of hub's objects (objects show by address)."""
    if depth > 6:
        return "…"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_shown(v, depth + 1)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, set, tuple)):
        return type(value).__name__ + "(" + ", ".join(_shown(v, depth + 1) for v in value) + ")"
    if type(value).__module__.split(".")[0] == "hub" and not isinstance(value, type):
        fields = getattr(value, "__dict__", None)
        if fields is None and hasattr(value, "__slots__"):
            fields = {name: getattr(value, name, None) for name in type(value).__slots__}
        return type(value).__name__ + _shown(fields or {}, depth + 1)
    return repr(value)


def _state() -> dict[str, str]:
    """Every mutable value a module of hub holds: its containers and hub's objects, shown all the way in."""
    shown: dict[str, str] = {}
    for module in _hub_modules():
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set)) or \
                    (type(value).__module__.split(".")[0] == "hub" and not isinstance(value, type)):
                shown[f"{module.__name__}.{name}"] = _shown(value)
    return shown


def test_builds_leave_no_state_in_module_globals(small: Path, tmp_path: Path) -> None:
    config, now = load_config(small), _now()
    builder = PreviewBuilder(tmp_path / "kept", "mkdocs")
    results = [build_site(config, now, small / "a"), builder.build(config, now, tmp_path / "preview")]
    before = _state()
    idea = small / "content" / "ideas" / "idea-2.md"
    idea.write_text(idea.read_text(encoding="utf-8").replace("Idea number 2", "The second idea"), encoding="utf-8")
    config = load_config(small)
    results += [build_site(config, now, small / "b", options=BuildOptions(cache=False)),
                builder.build(config, now, tmp_path / "preview")]  # a dirty build: one page and the lists
    assert "The second idea" in (tmp_path / "preview" / "ideas" / "index.html").read_text(encoding="utf-8")
    after = _state()
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}, "every build's state is its own"
    assert all(r.plan for r in results)  # kept alive until here: a memo keyed by a live plan would show


# --- Importing the Pelican adapter rewires no logging ------------------------------------------------------------

def test_importing_the_pelican_adapter_leaves_logging_as_it_was() -> None:
    """In a fresh interpreter, with a logger class of the program's own: still its own after the import."""
    script = """
import logging
class Mine(logging.Logger):
    pass
logging.setLoggerClass(Mine)
import hub.engines.pelican
print(logging.getLoggerClass().__name__, type(logging.getLogger()).__name__, logging.getLogger("x.y").__class__.__name__)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                          cwd=HUB.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Mine", "RootLogger", "Mine"]


def test_a_pelican_run_gives_logging_back(small: Path) -> None:
    before = logging.getLoggerClass(), type(logging.getLogger())
    build_site(load_config(small), _now(), small / "site", engine="pelican")
    assert (logging.getLoggerClass(), type(logging.getLogger())) == before


# --- A file of the site is written once ---------------------------------------------------------------------------

def test_write_files_refuses_a_second_write_to_one_path(tmp_path: Path) -> None:
    write_files(tmp_path, {"feeds/a.xml": b"first"})
    with pytest.raises(BuildError, match="feeds/a.xml"):
        write_files(tmp_path, {"feeds/a.xml": b"second"})
    assert (tmp_path / "feeds" / "a.xml").read_bytes() == b"first", "nothing was overwritten"
    with pytest.raises(BuildError, match="feeds/b.xml"):  # two names of one file in one call
        write_files(tmp_path, {"feeds/b.xml": b"one", "feeds//b.xml": b"two"})
    with pytest.raises(BuildError, match="outside the site"):
        write_files(tmp_path / "site", {"../escape.xml": b"x"})
    assert not (tmp_path / "escape.xml").exists()
