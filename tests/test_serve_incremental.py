"""The preview's incremental builds: after each kind of edit, the served folder equals a full preview build, byte for byte.

Each case edits a copy of the example project, rebuilds the preview incrementally (MkDocs' dirty build of the changed
pages only), then builds the same content whole with `hub.build.build_site(preview=True)` and compares both folders
file by file. The same builder goes through every case in turn, so each incremental build starts from the last one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from hub.build import build_site
from hub.commands.incremental import PreviewBuilder
from hub.commands.serve import needs_full_build, watched_files
from hub.config import load_config
from hub.errors import ContentError
from tests.conftest import NOW, copy_project

IDEA = Path("content/ideas/2026/ci-energy.md")
TOPIC_IDEA = Path("content/ideas/2026/keyboard-navigation.md")
UNTOUCHED = "charter/respect/index.html"
LINKING = Path("content/ideas/2026/linking-idea.md")
NEW_IDEA = """---
id: 7b2d74b5-6f8e-4d66-8e66-4c9f1d62{n:04d}
title: {title}
summary: A summary.
date: 2026-10-03 07:{n:02d}
topics: [open-source]
audiences: [everyone]
channels: [linkedin]
angles: [What did you learn?, What surprised you?]
---

{body}
"""


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, and every folder (as `name/`, with no bytes)."""
    found: dict[str, bytes] = {}
    for parent, dirs, files in os.walk(root):
        for name in dirs:
            found[os.path.relpath(os.path.join(parent, name), root) + "/"] = b""
        for name in files:
            path = os.path.join(parent, name)
            found[os.path.relpath(path, root)] = Path(path).read_bytes()
    return found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _write(project: Path, rel: Path, text: str) -> None:
    (project / rel).write_text(text, encoding="utf-8")


EDITS: list[tuple[str, Callable[[Path], object], tuple[str, ...]]] = [
    ("an edited idea", lambda p: _edit(p / IDEA, "title: Our CI now runs on 40% less energy",
                                       "title: Our CI now sips power"),
     ("ideas/ci-energy/index.html", "ideas/index.html", "feeds/ideas.atom.xml", "search/search_index.json")),
    ("a new idea", lambda p: _write(p, LINKING, NEW_IDEA.format(
        n=1, title="A new idea that links", body="See [the CI idea](ci-energy.md) and [a page to come](later.md).")),
     ("ideas/linking-idea/index.html", "ideas/index.html", "topics/open-source/index.html")),
    ("an edited idea that a page links to", lambda p: _edit(p / IDEA, "title: Our CI now sips power",
                                                            "title: Our CI sips power"),
     ("ideas/ci-energy/index.html",)),
    ("a page linked to comes", lambda p: _write(p, Path("content/ideas/2026/later.md"), NEW_IDEA.format(
        n=2, title="The page to come", body="Here it is.")),
     ("ideas/later/index.html", "ideas/linking-idea/index.html")),
    ("an idea whose topic changed", lambda p: _edit(p / TOPIC_IDEA, "topics: [", "topics: [open-source, "),
     ("ideas/keyboard-navigation/index.html", "topics/open-source/index.html", "topics/product/index.html")),
    ("a deleted idea", lambda p: (p / "content/ideas/2026/later.md").unlink(),
     ("ideas/linking-idea/index.html", "ideas/index.html")),
]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PreviewBuilder]:
    root = tmp_path_factory.mktemp("incremental")
    project = copy_project(root / "project")
    builder = PreviewBuilder(root / "kept", "mkdocs")
    builder.build(load_config(project, project / "mkdocs.yml"), datetime.fromisoformat(NOW), root / "preview")
    return root, builder


@pytest.mark.parametrize(("what", "edit", "changed"), EDITS, ids=[e[0] for e in EDITS])
def test_an_incremental_build_equals_a_full_one(session: tuple[Path, PreviewBuilder], what: str,
                                                edit: Callable[[Path], object], changed: tuple[str, ...]) -> None:
    root, builder = session
    project, now = root / "project", datetime.fromisoformat(NOW)
    before = tree(root / "preview")
    untouched = os.stat(root / "preview" / UNTOUCHED).st_ino
    edit(project)
    config = load_config(project, project / "mkdocs.yml")
    builder.build(config, now, root / "preview")
    assert builder.kept is not None
    build_site(config, now, root / "full", preview=True)
    incremental, full = tree(root / "preview"), tree(root / "full")
    assert sorted(incremental) == sorted(full), what
    different = sorted(rel for rel in full if incremental[rel] != full[rel])
    assert different == [], what
    # Only what the edit changed was built again: a page it does not touch is the served file itself, not a new one.
    assert os.stat(root / "preview" / UNTOUCHED).st_ino == untouched, what
    # The edit did change the site, in the pages that show it (so the comparison compares something).
    for rel in changed:
        assert before.get(rel) != full[rel], (what, rel)


def test_only_a_change_in_the_content_is_built_incrementally(tmp_path: Path) -> None:
    """`hub serve` asks for a full build when the theme or mkdocs.yml changes, or a file comes or goes there."""
    project = copy_project(tmp_path / "project")
    config = load_config(project, project / "mkdocs.yml")
    seen = watched_files(config)
    idea, settings = str(config.content_dir / IDEA.relative_to("content")), str(config.config_path)
    css = next(p for p in seen if p.startswith(str(config.theme_dir)))
    assert idea in seen and settings in seen

    def changed(*paths: str) -> dict[str, tuple[int, int]]:
        return {**seen, **{p: (seen.get(p, (0, 0))[0] + 1, 0) for p in paths}}

    assert not needs_full_build(config, seen, changed(idea))
    assert not needs_full_build(config, seen, changed(str(config.content_dir / "ideas" / "new.md")))
    assert not needs_full_build(config, seen, {p: s for p, s in seen.items() if p != idea})
    assert needs_full_build(config, seen, changed(idea, css))
    assert needs_full_build(config, seen, changed(settings))
    assert needs_full_build(config, seen, changed(str(config.theme_dir / "templates" / "new.html")))


def test_after_a_failed_build_the_served_site_stays_and_the_next_build_is_whole(
        session: tuple[Path, PreviewBuilder]) -> None:
    root, builder = session
    project, now = root / "project", datetime.fromisoformat(NOW)
    before = tree(root / "preview")
    broken = project / "content" / "ideas" / "broken.md"
    broken.write_text("no front matter here\n", encoding="utf-8")
    config = load_config(project, project / "mkdocs.yml")
    with pytest.raises(ContentError):
        builder.build(config, now, root / "preview")
    assert builder.kept is None
    assert tree(root / "preview") == before
    broken.unlink()
    _edit(project / IDEA, "title: Our CI sips power", "title: Our CI sips less power")
    builder.build(config, now, root / "preview")
    build_site(config, now, root / "full", preview=True)
    assert tree(root / "preview") == tree(root / "full")
    assert b"Our CI sips less power" in (root / "preview" / "ideas" / "ci-energy" / "index.html").read_bytes()
