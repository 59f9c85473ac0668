"""Which relative files a body refers to: what gets published beside a page, and what `hub check` verifies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import Result

from hub.config import load_config
from hub.content.load import load_content
from hub.content.references import local_references
from hub.models import Idea
from tests.conftest import ROOT, copy_project


@pytest.fixture(scope="module")
def idea() -> Idea:
    return load_content(load_config(ROOT)).content.ideas[0]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("![A chart](chart.svg)", {"chart.svg"}),
        ("[the slides](files/talk%20slides.pdf#page=2)", {"files/talk slides.pdf"}),
        ('<img src="photo.jpg?v=2" alt="">', {"photo.jpg"}),
        ("[respect](../guidelines/respect.md)", {"../guidelines/respect.md"}),
        ("[ref]: diagram.png", {"diagram.png"}),
        ("Text[^1].\n\n[^1]: A footnote, not a file.", set()),
        ("[site](https://example.com/a.png) [mail](mailto:a@example.com) [top](#top) [root](/x.png)", set()),
        ("![far](\\\\host\\a.png) ![far](/\\host/a.png) <img src='&#47;&#47;host/a.png'>", set()),
        ("<IMG alt='' SRC=sub\\chart.png>", {"sub/chart.png"}),
        ("`![code](a.png)` and\n\n```\n![code](b.png)\n```\n\n![shown](c.png)", {"c.png"}),
        ('[slides]: talk.pdf "The talk"', {"talk.pdf"}),
    ],
)
def test_local_references(idea: Idea, body: str, expected: set[str]) -> None:
    assert local_references(replace(idea, body=body, image=None)) == expected


def test_the_image_field_counts(idea: Idea) -> None:
    assert local_references(replace(idea, body="No link.", image="cover.png")) == {"cover.png"}


def test_unpublished_neighbours_are_reported(tmp_path: Path, hub: Callable[..., Result],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "p")
    (project / "content/shared.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # a PNG signature: types are checked
    idea_file = project / "content/ideas/2026/ci-energy.md"
    idea_file.write_text(idea_file.read_text(encoding="utf-8") + "\n[Logo](../../shared.png)\n", encoding="utf-8")
    monkeypatch.chdir(project)
    result = hub("check", "content")
    assert result.exit_code == 0
    assert "`../../shared.png` is outside this file's folder, so it is not published with the page" in result.output
    assert hub("check", "content", "--strict").exit_code == 1
