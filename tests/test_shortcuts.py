"""hub's speed shortcuts give what the plain libraries give (issue 18, point 7).

- `load_yaml` (hub/content/front_yaml.py) builds front-matter values from the nodes PyYAML's C parser composes,
  with a leaner resolver: its values, types included, and its errors (type and message) are `yaml.load`'s
  with PyYAML's safe loader, on the example, every sample file, a generated corpus and generated YAML texts.
- `walk` (hub/content/walk.py) lists content/ with one scandir per folder: the files are `sorted(rglob("*"))`
  with `is_file()`, hidden parts left out and symlinked folders not entered, and the symlinks it refuses are
  the ones that leave the folder, loop or lead nowhere; `displays` names each file as `relative()` does.
- hub/config.py reads mkdocs.yml without importing MkDocs: the same values and messages as MkDocs' `yaml_load`.

Values are compared by `repr`, which tells 1 from True and 1.0, a date from a datetime, and shows the key order.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from bench.corpus import generate
from hub.config import _NotLoaded, _yaml_load
from hub.content.front_yaml import SafeLoader, load_yaml
from hub.content.walk import displays, walk
from hub.problems import relative
from tests.conftest import ROOT, SAMPLES

_SPLIT = frontmatter.default_handlers.YAMLHandler.FM_BOUNDARY


def _front_matter(path: Path) -> str | None:
    """The front-matter text read_document gives load_yaml, split by python-frontmatter's own pattern."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    parts = _SPLIT.split(text.removeprefix("\ufeff").replace("\r\n", "\n"), 2)
    return parts[1] if len(parts) == 3 else None


def _outcome(load: Any, text: str) -> tuple[str, str]:
    try:
        return "value", repr(load(text))
    except Exception as exc:  # noqa: BLE001 - the comparison is of whatever each raises
        return type(exc).__name__, str(exc)


def _agree(text: str) -> bool:
    """Assert load_yaml gives yaml.load's value or error; False when hub refused the text before building it
    (an anchor, an alias, nesting too deep: refused on purpose, so there is no value to compare)."""
    def shortcut(source: str) -> Any:
        value, findings = load_yaml(source)
        if any(f.blocking and f.severity.name == "ERROR" for f in findings):
            raise _Refused
        return value

    mine = _outcome(shortcut, text)
    if mine[0] == "_Refused":
        return False
    plain = _outcome(lambda source: yaml.load(source, Loader=SafeLoader), text)
    assert mine == plain, f"load_yaml and yaml.load differ on:\n{text}"
    return True


class _Refused(Exception):
    """load_yaml reported an anchor, an alias or nesting too deep: it built nothing, on purpose."""


def _markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file())


def test_load_yaml_equals_yaml_load_on_the_example_and_every_sample() -> None:
    files = _markdown_files(ROOT / "content") + sorted(p for p in SAMPLES.rglob("*") if p.is_file())
    compared = [path for path in files if (text := _front_matter(path)) is not None and _agree(text)]
    assert len(compared) > 40, compared  # the example's 27 files and most invalid samples


def test_load_yaml_equals_yaml_load_on_a_generated_corpus(tmp_path: Path) -> None:
    generate(tmp_path, 300, seed=7)
    files = _markdown_files(tmp_path / "content")
    assert len(files) == 330
    for path in files:
        text = _front_matter(path)
        assert text is not None and _agree(text), path


_KEYS = st.sampled_from(["title", "date", "a", "b", "t", "?", "'q'", '"k"', "1", "null", "[x]", "!!str 3", "=",
                         "<<", "x y", "é"])
SCALAR_TEXTS = [
    "", "x", "1", "-1.5e3", "0o17", "0x1f", "1_000", ".inf", "-.nan", "yes", "No", "on", "true", "~", "null",
    "2026-11-25", "2026-11-25 09:30", "2026-11-25T09:30:00+01:00", "2026-13-45", "'single ''q'''", '"esc \\u202e"',
    '"tab\\t"', "[a, 1, {b: c}]", "{a: 1, a: 2}", "!!str 12", "!!int '7'", "!!binary aGk=", "!!timestamp x",
    "!!set {a, b}", "!!omap [a: 1]", "!custom x", "|\n  block\n  text", ">-\n  folded", "&a x", "*a", "\u202e",
    "a: b: c", "- item", "[]", "{}", "''", "- ", "? ", "\t1",
    "[unclosed", "'unclosed", "@x", "%x", "`x`", "0", "012", "+12", "1:20",
]
"""Values of every kind PyYAML resolves or refuses: implicit types, explicit tags, flow and block styles, errors."""
_SCALARS = st.sampled_from(SCALAR_TEXTS)
_LINES = st.one_of(
    _SCALARS,
    st.builds(lambda k, v: f"{k}: {v}", _KEYS, _SCALARS),
    st.builds(lambda v: f"- {v}", _SCALARS),
    st.builds(lambda k, v: f"  {k}: {v}", _KEYS, _SCALARS),
    st.builds(lambda v: f"  - {v}", _SCALARS),
    st.sampled_from(["<<: {a: 1}", "<<: [{a: 1}, {b: 2}]", "? [a, b]\n: c", "--- x", "...", "#", "  ", "? a"]),
)
YAML_TEXTS = st.lists(_LINES, max_size=8).map(lambda lines: "\n" + "\n".join(lines) + "\n")
"""Front-matter texts as read_document cuts them (after the opening dashes), mixing every kind of YAML value."""


def test_load_yaml_equals_yaml_load_on_each_value_alone_in_a_map_and_in_a_list() -> None:
    texts = [text for v in SCALAR_TEXTS for text in (f"\n{v}\n", f"\nk: {v}\n", f"\n- {v}\n")]
    compared = [text for text in ["", "\n", *texts] if _agree(text)]
    assert len(compared) > 2 * len(SCALAR_TEXTS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAML_TEXTS)
def test_load_yaml_equals_yaml_load_on_generated_yaml(text: str) -> None:
    _agree(text)


def _expected_walk(root: Path) -> tuple[list[tuple[tuple[str, ...], bool]], list[tuple[str, ...]]]:
    """What walk must give, from pathlib alone: rglob's files outside hidden parts (rglob enters no symlinked
    folder), less the symlinks that leave the folder, loop or lead nowhere, which are refused with each hidden
    file or folder (not entered)."""
    inside = os.path.realpath(root)
    files, refused = [], []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel):
            if rel[-1].startswith(".") and not any(part.startswith(".") for part in rel[:-1]):
                refused.append(rel)
            continue
        if path.is_symlink():
            real = os.path.realpath(path)
            if os.path.commonpath([real, inside]) != inside or not path.exists():
                refused.append(rel)
                continue
        if path.is_file():
            files.append((rel, path.is_symlink()))
    return files, refused


def test_walk_equals_rglob_on_the_example() -> None:
    found, refused = walk(ROOT / "content")
    assert (found, [rel for rel, _ in refused]) == _expected_walk(ROOT / "content")
    assert len(found) == len([p for p in (ROOT / "content").rglob("*") if p.is_file()])


def test_walk_equals_rglob_on_a_tree_with_symlinks_and_hidden_parts(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    root = tmp_path / "content"
    for name in ["ideas/a.md", "ideas/sub/deep/b.md", "ideas/.hidden.md", ".git/config", "ideas/.drafts/c.md",
                 "guidelines/g.md", "guidelines/picture.png", "z.md", "A.md", "ideas/sub/é.md"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    links = {"ideas/link.md": "a.md", "ideas/folder-link": "sub", "ideas/out.md": str(outside / "secret.md"),
             "ideas/out-folder": str(outside), "ideas/broken.md": "missing.md", "ideas/loop.md": "loop.md",
             "guidelines/.hidden-link.md": "g.md", "ideas/sub/up": ".."}
    for name, target in links.items():
        (root / name).symlink_to(target)
    found, refused = walk(root)
    assert (found, [rel for rel, _ in refused]) == _expected_walk(root)
    assert (("ideas", "link.md"), True) in found and ("ideas", "out.md") in [rel for rel, _ in refused]
    assert not any("folder-link" in rel or "up" in rel for rel, _ in found), "a symlinked folder is never entered"


def _displays_agree(root: Path) -> int:
    files, _ = walk(root)
    assert displays(root, files) == [relative(root.joinpath(*rel), Path.cwd()) for rel, _ in files]
    return len(files)


def test_displays_equal_relative_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`displays` resolves the folders once; each path is what `relative(path, cwd)` gives it, from the project,
    from inside content/, from elsewhere (then the path as given), and through a symlinked file or folder."""
    root = tmp_path / "project" / "content"
    (root / "ideas" / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    for name in ("ideas/a.md", "ideas/sub/b.md", "guidelines.md"):
        (root / name).write_text(name)
    (root / "ideas" / "link.md").symlink_to("sub/b.md")
    (tmp_path / "alias").symlink_to(tmp_path / "project", target_is_directory=True)
    for cwd in (ROOT, tmp_path / "project", root / "ideas", tmp_path / "elsewhere"):
        monkeypatch.chdir(cwd)
        assert _displays_agree(ROOT / "content") > 20
        assert _displays_agree(root) == 4
        assert _displays_agree(tmp_path / "alias" / "content") == 4


def _write(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _mkdocs(path: Path) -> tuple[str, str]:
    try:
        with path.open("rb") as handle:
            return "value", repr(yaml_load(handle))
    except ConfigurationError as exc:
        return "refused", str(exc)


def _hub(path: Path) -> tuple[str, str]:
    try:
        return "value", repr(_yaml_load(str(path)))
    except _NotLoaded as exc:
        return "refused", str(exc)


def test_the_config_is_read_as_mkdocs_yaml_load_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_SHORTCUT_NAME", "12")
    monkeypatch.delenv("HUB_SHORTCUT_UNSET", raising=False)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "grand.yml", "extra: {hub: {topics: {a: A}}, deep: [1, 2]}\nsite_url: https://x/\n")
    _write(tmp_path, "base.yml", "INHERIT: sub/grand.yml\nsite_name: Base\nextra: {hub: {topics: {b: B}}}\n")
    files = [
        ROOT / "mkdocs.yml",
        _write(tmp_path, "env.yml", "site_name: !ENV [HUB_SHORTCUT_UNSET, HUB_SHORTCUT_NAME, x]\n"
                                    "a: !ENV [HUB_SHORTCUT_UNSET, 3.5]\nb: !ENV HUB_SHORTCUT_UNSET\n"),
        _write(tmp_path, "child.yml", "INHERIT: base.yml\nsite_name: Child\nextra: {hub: {topics: {c: C}}, deep: [3]}\n"),
        _write(tmp_path, "missing.yml", "INHERIT: nowhere.yml\nsite_name: x\n"),
        _write(tmp_path, "broken.yml", "site_name: [unclosed\n"),
        _write(tmp_path, "env-map.yml", "site_name: !ENV {a: b}\n"),
        _write(tmp_path, "empty.yml", ""),
        _write(tmp_path, "python.yml", "a: !!python/tuple [1, 2]\nb: !!set {x}\n"),
    ]
    outcomes = [(_hub(path), _mkdocs(path)) for path in files]
    for path, (mine, theirs) in zip(files, outcomes, strict=True):
        assert mine == theirs, path.name
    assert {kind for (kind, _), _ in outcomes} == {"value", "refused"}
