"""The configuration: mkdocs.yml read the way MkDocs reads it (`!ENV`, `INHERIT`), every problem of `extra.hub`
reported at once with its key and line, and a did-you-mean for an unknown key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from hub.config import load_config
from hub.errors import ConfigError

GOOD = "site_name: Hub\nsite_url: https://intranet.example/hub/\n"


def _write(folder: Path, text: str, name: str = "mkdocs.yml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_env_tags_are_read_as_mkdocs_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _write(tmp_path, 'site_name: !ENV [HUB_NAME, "Fallback"]\nsite_url: !ENV HUB_URL\n')
    monkeypatch.delenv("HUB_NAME", raising=False)
    monkeypatch.setenv("HUB_URL", "https://intranet.example/comms/")
    config = load_config(root)
    assert (config.name, config.base_url) == ("Fallback", "https://intranet.example/comms/")
    monkeypatch.setenv("HUB_NAME", "From the environment")
    assert load_config(root).name == "From the environment"


def test_inherit_merges_the_parent_file_as_mkdocs_does(tmp_path: Path) -> None:
    _write(tmp_path, GOOD + "extra:\n  hub:\n    feed_items: 7\n    topics: {a: A, b: B}\n", "base.yml")
    root = _write(tmp_path, "INHERIT: base.yml\nsite_name: Child\nextra:\n  hub:\n    topics: {c: C}\n")
    config = load_config(root)
    assert config.name == "Child" and config.feed_items == 7
    assert list(config.topics.terms) == ["a", "b", "c"]


def test_every_problem_is_reported_at_once_with_key_line_and_hint(tmp_path: Path) -> None:
    root = _write(tmp_path, "\n".join([
        "site_url: not a url",
        "extra:",
        "  hub:",
        "    timezone: Mars/Olympus",
        "    feed_item: 5",
        "    feed_items: 0",
        "    topics:",
        "      Bad Key: x",
        "      good: {label: Good, descripton: typo}",
        "    announce: {teams: {}}",
    ]) + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    lines = str(caught.value).splitlines()
    path = root / "mkdocs.yml"
    assert f"{path}: site_name: required, the site's name as employees see it" in lines
    assert any(line.startswith(f"{path}:1: site_url: ") for line in lines), lines
    assert f"{path}:4: extra.hub.timezone: unknown timezone 'Mars/Olympus'; use a name such as Europe/Paris" in lines
    assert f'{path}:5: extra.hub.feed_item: unknown key; did you mean "feed_items"?' in lines
    assert any(line.startswith(f"{path}:6: extra.hub.feed_items: expected a whole number") for line in lines)
    assert any(line.startswith(f"{path}:8: extra.hub.topics.Bad Key: keys are lowercase") for line in lines)
    assert f'{path}:9: extra.hub.topics.good.descripton: unknown key; did you mean "description"?' in lines
    assert len(lines) == 7, lines
    assert not any("announce" in line for line in lines), "announce is hub.announce's to check"


def test_announce_is_kept_as_written_for_the_announce_step(tmp_path: Path) -> None:
    root = _write(tmp_path, GOOD + "extra:\n  hub:\n    announce: {teams: {webhook_env: HUB_TEAMS}}\n")
    assert load_config(root).announce == {"teams": {"webhook_env": "HUB_TEAMS"}}


def test_the_cli_prints_every_problem_and_exits_2(tmp_path: Path, hub: Callable[..., Result]) -> None:
    (tmp_path / "content").mkdir()
    _write(tmp_path, "site_url: nope\nextra: {hub: {topicz: {}}}\n")
    result = hub("check", "content", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert "site_name: required" in result.output and "site_url: 'nope'" in result.output
    assert 'extra.hub.topicz: unknown key; did you mean "topics"?' in result.output
    assert "Traceback" not in result.output
