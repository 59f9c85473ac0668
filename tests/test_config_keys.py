"""Nothing in mkdocs.yml is silently ignored: every key hub does not read (hub.config.USED_KEYS, the one list) is a
warning of `hub check`, with its key, its line and what to do instead; and no engine sees such a key, so the
warning tells the truth (MkDocs no longer inherits the project's file).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from hub.config import USED_KEYS, load_config
from tests.conftest import ENGINES, NOW, ROOT

COMPANY_CONFIG = """\
site_name: Kestrel hub
site_url: https://intranet.example/hub/
theme:
  name: readthedocs
  language: en
  features: [navigation.tabs, content.code.copy]
  custom_dir: overrides
  font: {text: Roboto}
plugins:
  - search
  - blog
nav:
  - Home: index.md
markdown_extensions: [admonition, pymdownx.snippets]
extra_css: [stylesheets/extra.css]
extra_javascript: [javascripts/extra.js]
hooks: [hooks.py]
docs_dir: docs
site_dir: public
copyright: Copyright Kestrel
repo_url: https://git.example/kestrel/hub
site_author: Comms
extra:
  analytics: {provider: google, property: G-XXXXXXX}
  hub:
    topics: {community: Community}
"""

EXPECTED = {
    # key: (line, words of the hint)
    "theme.name": (4, "write `name: material` or remove it"),
    "theme.features": (6, "hub sets the layout, the same on every engine"),
    "theme.custom_dir": (7, "theme/overrides/templates/"),
    "theme.font": (8, "no font from another server"),
    "plugins": (9, "chooses each engine's plugins itself"),
    "nav": (12, "order the charter's pages with `order:`"),
    "markdown_extensions": (14, "renders the Markdown itself"),
    "extra_css": (15, "theme/overrides/assets/extra.css"),
    "extra_javascript": (16, "no script of the project's"),
    "hooks": (17, "runs no hooks of the project"),
    "docs_dir": (18, "always content/ beside mkdocs.yml"),
    "site_dir": (19, "hub build --out DIR"),
    "copyright": (20, "on a charter page"),
    "repo_url": (21, "links no repository"),
    "site_author": (22, "hub does not read it, on any engine"),
    "extra.analytics": (24, "hub reads only extra.hub"),
}


def _project(root: Path, config: str) -> Path:
    (root / "content" / "guidelines").mkdir(parents=True)
    (root / "content" / "ideas").mkdir()
    (root / "content" / "guidelines" / "be-yourself.md").write_text(
        "---\ntitle: Be yourself\nsummary: Write as you.\n---\n\nWrite as you speak.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "theme", root / "theme")
    return root


def test_every_unused_key_is_a_warning_with_its_line_and_what_to_do(tmp_path: Path,
                                                                    hub: Callable[..., Result]) -> None:
    project = _project(tmp_path / "p", COMPANY_CONFIG)
    result = hub("check", "--now", NOW, cwd=project)
    assert result.exit_code == 0, "warnings only: " + result.output
    lines = result.output.splitlines()
    for key, (line, hint) in EXPECTED.items():
        at = lines.index(f"mkdocs.yml:{line}: warning: {key}: not used: hub does not pass it to any engine")
        assert hint in lines[at + 1], (key, lines[at + 1])
    assert f"0 error(s), {len(EXPECTED)} warning(s)." in result.output
    strict = hub("check", "--strict", "--now", NOW, cwd=project)
    assert strict.exit_code == 1, strict.output


def test_the_keys_hub_reads_are_not_reported(tmp_path: Path) -> None:
    config = load_config(_project(tmp_path / "p", COMPANY_CONFIG))
    assert {p.field for p in config.warnings} == set(EXPECTED)
    assert not {p.field for p in config.warnings} & set(USED_KEYS) - {"theme.name"}


def test_the_example_passes_check_strict(hub: Callable[..., Result], project: Path) -> None:
    result = hub("check", "--strict", "--now", NOW, cwd=project)
    assert result.exit_code == 0, result.output
    assert load_config(ROOT).warnings == ()


def test_json_and_github_formats_name_the_key(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project = _project(tmp_path / "p", COMPANY_CONFIG)
    github = hub("check", "--format", "github", "--now", NOW, cwd=project).output
    assert "::warning file=mkdocs.yml,line=9," in github and "plugins" in github


@pytest.mark.parametrize("engine", ENGINES)
def test_no_engine_sees_a_key_hub_does_not_read(tmp_path: Path, hub: Callable[..., Result], engine: str) -> None:
    """The unused keys change nothing: the site built with them is the site built without them."""
    plain = yaml.safe_load(COMPANY_CONFIG)
    plain = {k: v for k, v in plain.items() if k in ("site_name", "site_url")} | {
        "theme": {"language": "en"}, "extra": {"hub": plain["extra"]["hub"]}}
    outs = []
    for name, config in (("with", COMPANY_CONFIG), ("without", yaml.safe_dump(plain))):
        project = _project(tmp_path / name, config)
        out = tmp_path / f"site-{name}"
        result = hub("build", "--engine", engine, "--out", str(out), "--now", NOW, cwd=project)
        assert result.exit_code == 0, result.output
        outs.append(out)
    with_keys, without = ({p.relative_to(o).as_posix(): p.read_bytes() for p in sorted(o.rglob("*")) if p.is_file()}
                          for o in outs)
    assert with_keys.keys() == without.keys()
    differing = [path for path in with_keys if with_keys[path] != without[path]]
    assert differing == [], differing
    page = with_keys["index.html"].decode()
    assert "G-XXXXXXX" not in page and "git.example" not in page and "Copyright Kestrel" not in page
