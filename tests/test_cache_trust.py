"""Nothing read back from disk is trusted: the render cache lives outside the project, and every entry is
sanitized again when it is read. Real builds; the output is searched for what a poisoned entry held."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from hub.render import cache

from .conftest import ENGINES, count_body_renders, file_tree

NOW = "2026-11-25T06:00Z"
POISON = ('<script>alert("poisoned")</script><img src="x.png" onerror="alert(1)">'
          '<a href="javascript:alert(2)">poisoned link</a><iframe src="https://evil.example/"></iframe>')


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*/*") if not p.name.startswith("."))


def poison(entry: Path) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({"key": data["key"], "html": POISON + data["html"]}), encoding="utf-8")


def published(site: Path) -> str:
    """Every text file of the site that can hold content, less the engines' own minified bundles (Zensical's sets
    `onerror` handlers of its own)."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*"))
                     if p.is_file() and p.suffix in (".html", ".xml", ".json", ".js") and not p.name.endswith(".min.js"))


def assert_clean(site: Path) -> None:
    text = published(site)
    assert "poisoned" not in text.replace("poisoned link", ""), "the script of an entry was published"
    for needle in ('alert("poisoned")', "onerror", "javascript:alert", "evil.example"):
        assert needle not in text, needle


def test_the_cache_lives_outside_the_project(project: Path, hub: Callable[..., Result]) -> None:
    assert hub("build", "--out", "site", "--now", NOW).exit_code == 0
    folder = cache.cache_dir(project)
    assert entries(folder), "the build kept its bodies"
    assert not folder.resolve().is_relative_to(project.resolve())
    assert not (project / ".hub").exists(), "nothing is written in the project but the site"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_poisoned_entry_is_sanitized_on_reading(project: Path, hub: Callable[..., Result], engine: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert hub("build", "--engine", engine, "--out", "clean", "--now", NOW).exit_code == 0
    for entry in entries(cache.cache_dir(project)):
        poison(entry)
    calls = count_body_renders(monkeypatch)
    assert hub("build", "--engine", engine, "--out", "site", "--now", NOW).exit_code == 0
    assert calls[0] == 0, "the poisoned entries were read, not rendered again"
    assert_clean(project / "site")
    assert "poisoned link" in published(project / "site"), "the entries were used (their words show, as text)"


def test_a_cache_in_the_project_is_never_read(project: Path, hub: Callable[..., Result],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries force-added to git at the old place (`.hub/cache/bodies/`), with the right keys: ignored."""
    assert hub("build", "--out", "clean", "--now", NOW).exit_code == 0
    planted = project / ".hub" / "cache" / "bodies"
    shutil.copytree(cache.cache_dir(project), planted)
    for entry in entries(planted):
        poison(entry)
    shutil.rmtree(cache.cache_dir(project))
    assert hub("build", "--out", "site", "--now", NOW).exit_code == 0
    assert "poisoned" not in published(project / "site")
    assert file_tree(project / "site") == file_tree(project / "clean")


def test_a_new_version_of_a_package_that_shapes_bodies_misses(project: Path, hub: Callable[..., Result],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    calls = count_body_renders(monkeypatch)
    assert hub("build", "--out", "a", "--now", NOW).exit_code == 0
    full = calls[0]
    calls[0] = 0
    assert hub("build", "--out", "b", "--now", NOW).exit_code == 0
    assert calls[0] == 0
    real = metadata.version
    for name in cache.SHAPING:
        monkeypatch.setattr(metadata, "version", lambda n, name=name: "999.0" if n == name else real(n))
        cache.shaping_versions.cache_clear()
        try:
            calls[0] = 0
            assert hub("build", "--out", f"c-{name}", "--now", NOW).exit_code == 0
            assert calls[0] == full, f"another version of {name} renders every body again"
        finally:
            cache.shaping_versions.cache_clear()
    assert {"markdown", "nh3"} <= set(cache.SHAPING)
