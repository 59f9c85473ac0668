"""The render cache: a warm rebuild reuses rendered bodies and gives the same bytes as a cold build."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub import cli
from hub.render import cache

from .conftest import ENGINES, count_body_renders, file_tree


@pytest.mark.parametrize("engine", ENGINES)
def test_warm_cache_is_used_and_output_is_byte_identical(project: Path, hub, engine: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_body_renders(monkeypatch)
    monkeypatch.setenv(cli.NO_CACHE_ENV, "1")
    assert hub("build", "--engine", engine, "--out", "cold", "--now", "2026-11-25T06:00Z").exit_code == 0
    cold_renders = calls[0]
    assert cold_renders > 0 and not cache.cache_dir(project).exists()
    monkeypatch.delenv(cli.NO_CACHE_ENV)
    assert hub("build", "--engine", engine, "--out", "first", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert any(cache.cache_dir(project).glob("*/*"))
    calls[0] = 0
    assert hub("build", "--engine", engine, "--out", "warm", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert calls[0] == 0, "a warm cache renders no body again"
    assert file_tree(project / "warm") == file_tree(project / "cold")


def test_changed_setting_or_corrupt_entry_misses(project: Path, hub, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_body_renders(monkeypatch)
    assert hub("build", "--out", "a", "--now", "2026-11-25T06:00Z").exit_code == 0
    full = calls[0]
    monkeypatch.setattr(cache, "EXTENSIONS", [*cache.EXTENSIONS, "nl2br"])
    calls[0] = 0
    assert hub("build", "--out", "b", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert calls[0] == full, "another Markdown setting renders every body again"
    for entry in cache.cache_dir(project).glob("*/*"):
        entry.write_text("{not json", encoding="utf-8")
    calls[0] = 0
    assert hub("build", "--out", "c", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert calls[0] == full, "a corrupt entry is ignored and rendered again"
    assert file_tree(project / "c") == file_tree(project / "a")


def test_no_cache_option_neither_reads_nor_writes(project: Path, hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.NO_CACHE_ENV, raising=False)
    assert hub("build", "--no-cache", "--out", "a", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert not cache.cache_dir(project).exists()


def test_a_linked_page_that_leaves_misses_only_the_bodies_that_link_to_it(project: Path, hub,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    guideline = project / "content" / "guidelines" / "respect.md"
    text = guideline.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    guideline.write_text(head + "\n---\n\nSee [the CI idea](../ideas/2026/ci-energy.md).\n" + body, encoding="utf-8")
    assert hub("build", "--out", "a", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert 'href="../../ideas/ci-energy/"' in (project / "a" / "charter" / "respect" / "index.html").read_text()
    calls = count_body_renders(monkeypatch)
    idea = project / "content" / "ideas" / "2026" / "ci-energy.md"
    idea.write_text(idea.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1), encoding="utf-8")
    assert hub("build", "--out", "b", "--now", "2026-11-25T06:00Z").exit_code == 0
    page = (project / "b" / "charter" / "respect" / "index.html").read_text()
    assert "the CI idea" in page and 'href="../../ideas/ci-energy/"' not in page, "a stale link would be a cache bug"
    assert calls[0] == 1, "only the body that links to the idea that left is rendered again"


def test_a_change_in_hubs_code_misses(project: Path, hub, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between two releases the version stays the same while the code that shapes a body changes (a fix in the
    sanitizer): a cache written by the older code must not be served by the newer one."""
    calls = count_body_renders(monkeypatch)
    assert hub("build", "--out", "a", "--now", "2026-11-25T06:00Z").exit_code == 0
    full = calls[0]
    calls[0] = 0
    assert hub("build", "--out", "b", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert calls[0] == 0, "the same code reuses every body"
    monkeypatch.setattr(cache, "code_digest", lambda: "another version of hub's code")
    assert hub("build", "--out", "c", "--now", "2026-11-25T06:00Z").exit_code == 0
    assert calls[0] == full, "other code renders every body again"


def test_the_code_digest_follows_hubs_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "hub" / "render"
    package.mkdir(parents=True)
    (tmp_path / "hub" / "markup.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    cache.code_digest.cache_clear()
    try:
        first = cache.code_digest()
        cache.code_digest.cache_clear()
        (tmp_path / "hub" / "markup.py").write_text("A = 2\n", encoding="utf-8")
        assert cache.code_digest() != first
    finally:
        cache.code_digest.cache_clear()
