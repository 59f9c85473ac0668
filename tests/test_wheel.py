"""The wheel carries everything hub needs to build: made from this repository's sources and installed into a fresh
virtual environment outside it, its `hub` starts a French and an English company hub (`hub init`), adds an idea
(`hub new idea`), passes `hub check --strict`, builds on both engines, and writes workflows actionlint accepts.

One wheel and one virtual environment for the module (its dependencies come from pip's cache or index); about
a minute or two."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from hub import __version__
from tests.conftest import ROOT
from tests.test_workflows import actionlint  # noqa: F401 - a fixture

__all__ = ["actionlint"]

SOURCES = ("pyproject.toml", "README.md", "hub", "theme")
"""What the wheel is built from: a copy, so that the build writes nothing into the repository."""


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def _clean_env(bin_dir: Path | None = None) -> dict[str, str]:
    """The environment without this venv or this checkout: only what a new user's shell would have."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    if bin_dir is not None:
        env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "overrides"))
        else:
            shutil.copy(ROOT / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work / "dist", source], work,
         _clean_env(), timeout=900)
    found = sorted((work / "dist").glob("*.whl"))
    assert [p.name for p in found] == [f"hub_charter-{__version__}-py3-none-any.whl"]
    return found[0]


@pytest.fixture(scope="module")
def installed(wheel: Path) -> Path:
    """The `bin/` folder of a fresh virtual environment, outside the repository, with the wheel installed."""
    venv = wheel.parent.parent / "venv"
    _run([sys.executable, "-m", "venv", venv], wheel.parent.parent, _clean_env())
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], wheel.parent.parent, _clean_env(),
         timeout=1200)
    return venv / "bin"


def test_every_package_of_hub_is_listed_in_pyproject() -> None:
    """`packages` is written by hand (the theme is mapped in from theme/): a new package must be added there."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "hub").rglob("__init__.py")}
    assert listed == found | {"hub.theme"}


def test_no_requirement_names_the_other_hub_on_pypi() -> None:
    """`hub` on PyPI is another project (Deep Lake): a requirement or extra naming it, such as `hub[zensical]`,
    would install that instead of pulling this package's own extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    names = {re.split(r"[\[<>=!~;\s]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}
    assert "hub" not in names and project["name"] == "hub-charter", sorted(names)


def test_the_wheel_carries_the_theme_and_no_tests(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {n.removeprefix("hub/theme/") for n in names if n.startswith("hub/theme/")}
    repository = {p.relative_to(ROOT / "theme").as_posix() for p in (ROOT / "theme").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and "overrides" not in p.parts}
    assert theme == repository, f"missing: {sorted(repository - theme)[:5]}, extra: {sorted(theme - repository)[:5]}"
    assert {"templates/init/en/mkdocs.yml", "templates/forms/fr/idea.yml", "locales/fr/LC_MESSAGES/messages.po",
            "mkdocs/main.html", "assets/hub.css"} <= theme
    assert not [n for n in names if n.startswith(("tests/", "content/", "bench/"))]


def _fill(idea: Path) -> None:
    """Write what an editor writes in place of the placeholders of `hub new`."""
    answers = iter([
        "Our new office opens in Lyon in March.",
        "What would you show a visitor first in your own office?",
        "Which place nearby would you take a new colleague to for lunch?",
        "The office has room for forty people.",
        "The announcement on our website",
    ])
    text = re.sub(r'"TODO[^"\n]*"', lambda _: f'"{next(answers)}"', idea.read_text(encoding="utf-8"))
    text = text.replace("https://example.com/", "https://www.acme.example/news/lyon")
    text = re.sub(r"(?m)^TODO.*$", "The office opens on 2 March; the announcement is public.", text)
    assert "TODO" not in text
    idea.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_company_hub_from_the_installed_wheel(installed: Path, tmp_path: Path, lang: str,
                                               actionlint: list[str]) -> None:
    env = _clean_env(installed)
    where = _run([installed / "python", "-c", "import hub, hub.themes; print(hub.__file__); "
                  "print(hub.themes.shipped_theme())"], tmp_path, env).stdout.split()
    venv = installed.parent.resolve()
    assert all(Path(p).resolve().is_relative_to(venv) for p in where), f"hub and its theme come from the venv: {where}"

    hub = installed / "hub"
    _run([hub, "init", "acme", "--name", "Acme", "--url", "https://intranet.acme.example/social/", "--language", lang,
          "--timezone", "Europe/Paris"], tmp_path, env)
    site = tmp_path / "acme"
    topic = next(iter(yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["hub"]["topics"]))
    _run([hub, "new", "idea", "Our new office in Lyon", "--topic", topic], site, env)
    ideas = sorted((site / "content" / "ideas").glob("our-new-office-in-lyon*.md"))
    assert len(ideas) == 1
    _fill(ideas[0])
    _run([hub, "check", "--strict"], site, env)
    _run([installed / "python", "-m", "hub", "check", "--strict"], site, env)  # where another `hub` is on PATH
    for engine in ("mkdocs", "pelican"):
        _run([hub, "build", "--engine", engine, "--out", f"site-{engine}"], site, env)
        page = site / f"site-{engine}" / "ideas" / "our-new-office-in-lyon" / "index.html"
        assert "Our new office opens in Lyon in March." in page.read_text(encoding="utf-8"), engine
        home = (site / f"site-{engine}" / "index.html").read_text(encoding="utf-8")
        assert f'lang="{lang}"' in home, engine
    workflows = sorted((site / ".github" / "workflows").glob("*.yml"))
    done = subprocess.run([*actionlint, *map(str, workflows)], cwd=site, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
