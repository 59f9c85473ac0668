"""The golden copy of the example site: each page's main content and every feed at NOW, one tree for both engines.

Refresh it after a change that means to alter the output, then review the diff before committing:

    python tests/golden.py --refresh
    git diff --stat tests/golden/ && git diff tests/golden/
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.feeds.xml import STYLESHEET_URL  # noqa: E402 - after the path fix above, for `python tests/golden.py`

GOLDEN = Path(__file__).resolve().parent / "golden"
MAIN_CLASS = "hub-page"
"""Both engines wrap hub's fragment of each page in `<div class="hub-page">`: the region kept."""
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
_BLOCK_END = re.compile(r"(</(?:p|li|ul|ol|dl|dt|dd|h[1-6]|article|div|aside|nav|fieldset|section|table|tr)>)(?!\n)")


class _Main(HTMLParser):
    """Finds the start and end offsets of the inner HTML of the first `<div class="hub-page">`."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth = 0
        self.start: int | None = None
        self.end: int | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.end is not None or tag in _VOID:
            return
        if self.start is None:
            if tag == "div" and MAIN_CLASS in (dict(attrs).get("class") or "").split():
                self.start = self._offset() + len(self.get_starttag_text() or "")
                self.depth = 1
        elif tag == "div":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.start is None or self.end is not None or tag != "div":
            return
        self.depth -= 1
        if self.depth == 0:
            self.end = self._offset()


def main_content(html: str) -> str:
    """The page's main region as the engine wrote it, one block element per line so diffs are readable."""
    parser = _Main(html)
    parser.feed(html)
    parser.close()
    if parser.start is None or parser.end is None:
        raise ValueError(f'no <div class="{MAIN_CLASS}"> region')
    return _BLOCK_END.sub(r"\1\n", html[parser.start:parser.end].strip()) + "\n"


def golden_tree(site: Path) -> dict[str, str]:
    """What the golden copy holds for a built site: `pages/<page>.html` (main content), `feeds/…` and the feeds'
    style sheet (whole)."""
    tree: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file():
            continue
        if rel.startswith("feeds/") or rel == STYLESHEET_URL:
            tree[rel] = path.read_text(encoding="utf-8")
        elif path.suffix == ".html" and not rel.startswith(("assets/", "search/", "pagefind/")):
            tree["pages/" + rel] = main_content(path.read_text(encoding="utf-8"))
    return tree


def read_golden() -> dict[str, str]:
    """The committed golden copy: one tree, which both engines must give."""
    root = GOLDEN
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_example(engine: str, out: Path) -> Path:
    """Build the repository's example with `engine` at NOW into `out` (the other tests use tests/example/)."""
    from typer.testing import CliRunner

    from hub.cli import app
    from tests.conftest import NOW, ROOT, copy_project

    project = copy_project(out.parent / f"project-{engine}", example=ROOT)  # the repository's own example
    old = Path.cwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(out), "--now", NOW],
                                    catch_exceptions=False)
    finally:
        os.chdir(old)
    if result.exit_code != 0:
        raise SystemExit(f"{engine} build failed:\n{result.output}")
    return out


def refresh() -> None:
    """Rebuild the example on both engines and rewrite tests/golden/ from it; the engines must agree."""
    from tests.conftest import ENGINES

    with tempfile.TemporaryDirectory() as tmp:
        trees = {engine: golden_tree(build_example(engine, Path(tmp) / f"site-{engine}")) for engine in ENGINES}
    first, *others = ENGINES
    for engine in others:
        differ = sorted(rel for rel in set(trees[first]) | set(trees[engine])
                        if trees[first].get(rel) != trees[engine].get(rel))
        if differ:
            raise SystemExit(f"{first} and {engine} give different pages or feeds, so there is no one golden copy: "
                             + ", ".join(differ[:10]))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, text in trees[first].items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    print(f"{len(trees[first])} files in {GOLDEN}, the same for {', '.join(ENGINES)}")


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if sys.argv[1:] != ["--refresh"]:
        raise SystemExit(__doc__)
    refresh()
