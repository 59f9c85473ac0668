"""The golden output, Pelican's way: the example's pages (main content) and feeds, built at NOW on each engine,
equal the committed copy in tests/golden/: one tree for both engines, so it also holds them to the same output.
To accept an intended change: `python tests/golden.py --refresh`, then review `git diff tests/golden/`."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Built
from tests.golden import build_example, golden_tree, main_content, read_golden


def _diff(expected: dict[str, str], actual: dict[str, str]) -> str:
    lines: list[str] = []
    for rel in sorted(set(expected) | set(actual)):
        if expected.get(rel) != actual.get(rel):
            lines += difflib.unified_diff(expected.get(rel, "").splitlines(keepends=True),
                                          actual.get(rel, "").splitlines(keepends=True),
                                          f"golden/{rel}", f"built/{rel}", n=1)
    return "".join(lines)


@pytest.fixture(scope="module")
def repository_sites(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The repository's own example (not the tests' copy in tests/example/), built once per engine."""
    sites: dict[str, Path] = {}

    def get(engine: str) -> Path:
        if engine not in sites:
            sites[engine] = build_example(engine, tmp_path_factory.mktemp(f"golden-{engine}") / "site")
        return sites[engine]

    return get


def test_the_example_site_matches_the_golden_copy(engine: str, repository_sites: Callable[[str], Path]) -> None:
    expected = read_golden()
    assert len(expected) > 60, "tests/golden/ is missing: run python tests/golden.py --refresh"
    actual = golden_tree(repository_sites(engine))
    diff = _diff(expected, actual)
    assert not diff, ("the built site differs from tests/golden/ (if intended: python tests/golden.py --refresh, "
                      "then review git diff tests/golden/):\n" + diff[:20000])


def test_the_golden_copy_sees_a_change_in_a_page_s_content(built_sites: Callable[[str], Built]) -> None:
    page = built_sites("mkdocs").site / "ideas" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert main_content(html) != main_content(html.replace("newest first", "oldest first", 1))
    assert "newest first" in main_content(html)


def test_the_main_region_is_the_fragment_only() -> None:
    html = ('<html><div class="nav"><p>chrome</p></div><div class="md hub-page">\n<p>a</p><div><p>b</p></div>'
            '<img src="x"><br>\n</div><footer>chrome</footer></html>')
    assert main_content(html) == '<p>a</p>\n<div><p>b</p>\n</div>\n<img src="x"><br>\n'
    with pytest.raises(ValueError):
        main_content("<main><p>no fragment</p></main>")
