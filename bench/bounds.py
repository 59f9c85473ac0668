"""What the bounds of hub.content.bounds allow, at their worst: the slowest shapes a body or a field can take and still
pass `hub check`, rendered by hub's Markdown, and the stance lint on the longest text hub reads.

Usage: python bench/bounds.py    (about a minute; each figure is the best of 3 runs, in seconds)

Each shape fills a body to just under its limits (32,000 characters, 32 links or tags and 128 emphasis markers in a
paragraph, 1,000 links in all, 32 unclosed tags, 10 levels of nesting); `passes` says whether hub's own checks accept
it (it must, or the shape measures nothing). The "before" column is the same payload the review found, without the
bounds: it is what a deploy paid on the go-live date.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial

from hub.content.bounds import BODY_CHARS, PARAGRAPH_OPENERS, body_bounds
from hub.content.stance import signs
from hub.render.markup import render


def _fill(unit: str, separator: str = "\n\n") -> str:
    """`unit` repeated, paragraph by paragraph, to just under the body's size limit."""
    count = (BODY_CHARS - 100) // (len(unit) + len(separator))
    return separator.join([unit] * count)


SHAPES: dict[str, str] = {
    "links, 32 a paragraph, long paragraphs": _fill("[a](b) " * PARAGRAPH_OPENERS + "x" * 800),
    "links, 32 a paragraph, short paragraphs": _fill("[a](b) " * PARAGRAPH_OPENERS)[:7_000],
    "unclosed links `[a](`, 32 a paragraph": _fill("[a](" * PARAGRAPH_OPENERS + "x" * 900),
    "images `![`, 32 a paragraph": _fill("![" * PARAGRAPH_OPENERS + "x" * 900)[: 31 * 966],
    "closed tags, 32 a paragraph, 1,000 in all": _fill("<b>x</b> " * 16 + "x" * 850)[: 31 * 996],
    "unclosed tags, 32 in the body": _fill("<a " + "x" * 900)[: 32 * 905],
    "emphasis, 128 markers a paragraph": _fill("*a " * 64 + "x" + " a*" * 64),
    "lists nested 10 deep": _fill("".join("    " * level + "- a\n" for level in range(10)), "\n"),
    "quotes nested 10 deep": _fill("> " * 10 + "a", "\n\n"),
    "plain prose": _fill("The build went from 14 to 9 minutes, and the team measured it twice. " * 8),
}
BEFORE: dict[str, str] = {
    "128 KB of `[a](` (the review's scheduled idea)": "[a](" * 8_000,  # 32 KB of it: 128 KB took 179 s
    "4,000 links in one paragraph": "[a](b) " * 4_000,
}


def best(run: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def passes(body: str) -> bool:
    found: list[str] = []
    body_bounds(body, lambda line, message, hint: found.append(message))
    return not found


def main() -> int:
    print(f"{'shape':50} {'chars':>7} {'passes':>6} {'render s':>9} {'stance s':>9}")
    for name, body in SHAPES.items():
        rendering = best(partial(render, body))
        linting = best(partial(signs, body, markdown=True))
        print(f"{name:50} {len(body):7,} {passes(body)!s:>6} {rendering:9.3f} {linting:9.3f}", flush=True)
    print("\nWithout the bounds (refused by hub check now):")
    for name, body in BEFORE.items():
        print(f"{name:50} {len(body):7,} {passes(body)!s:>6} {best(partial(render, body), 1):9.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
