"""Shared fixtures: a copy of the example project, the CLI, and example builds made once per engine."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hub.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "samples"
EXAMPLE = Path(__file__).resolve().parent / "example"
"""The tests' own copy of the example (mkdocs.yml and content/): changing the repository's example changes only
the golden files (tests/test_golden.py builds the real one)."""
ARTIFACTS = ROOT / "tests" / "artifacts"
NOW = "2026-11-25T12:00:00+01:00"
"""The instant every example build is made for: 12 live, 2 scheduled, 2 expired, 1 draft."""
ENGINES = ("mkdocs", "pelican", "zensical")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The render cache lives in the user's cache folder (hub/render/cache.py): the tests' builds, and the processes they
# start, keep theirs in a folder of this session, removed at its end.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="hub-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)


def file_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, by its path relative to `root`: two builds compare as two dicts."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def count_body_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter (one item) of the bodies this process renders from Markdown, for the rest of the test."""
    from hub.render import bodies

    calls = [0]
    real = bodies.to_html

    def counted(*args: object, **kwargs: object) -> str:
        calls[0] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bodies, "to_html", counted)
    return calls


def copy_project(target: Path, content: Path | None = None, example: Path = EXAMPLE) -> Path:
    """A copy of the example project (config, theme, content) in `target`: the tests' own (tests/example/), or
    `example` (ROOT: the repository's)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(example / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", target / "theme")
    shutil.copytree(content or example / "content", target / "content")
    return target


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the example project, made the working directory."""
    path = copy_project(tmp_path / "project")
    monkeypatch.chdir(path)
    return path


@pytest.fixture
def own_theme(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a project's copy of the theme (`<project>/theme/`) the one hub ships, for a test that changes or breaks
    hub's own theme rather than adding overrides."""
    from hub import themes

    def use(project: Path) -> None:
        monkeypatch.setattr(themes, "shipped_theme", lambda: project / "theme")

    return use


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `hub ARGS…` in the current directory through Typer's CliRunner."""

    def run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    return run


@dataclass(frozen=True)
class Built:
    """An example build: the project it came from and the site folder."""

    engine: str
    project: Path
    site: Path


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Built]]:
    """Build the example once per engine per test session, on first use."""
    cache: dict[str, Built] = {}

    def get(engine: str) -> Built:
        if engine not in cache:
            base = tmp_path_factory.mktemp(f"example-{engine}")
            proj = copy_project(base / "project")
            site = base / "site"
            old = Path.cwd()
            os.chdir(proj)
            try:
                result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(site), "--now", NOW],
                                            catch_exceptions=False)
            finally:
                os.chdir(old)
            assert result.exit_code == 0, result.output
            cache[engine] = Built(engine, proj, site)
        return cache[engine]

    yield get


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine in turn: one test suite for both."""
    return str(request.param)


@pytest.fixture
def built(engine: str, built_sites: Callable[[str], Built]) -> Built:
    """The example site built with the engine of this test run."""
    return built_sites(engine)
