"""Every input has a bound: the size of a file, of each front-matter value and of the body, and the shapes of Markdown
that make its rendering slow or recurse (nesting, many links or emphasis markers in one paragraph, unclosed tags), all
checked before Markdown sees the text and for every idea whatever its status, so that a body that would slow the
deploy on its go-live date fails its pull request instead. `hub check` renders nothing: these bounds are what make
rendering cheap.

The limits sit far above what an editor writes (the example's longest body is 1,600 characters) and keep the worst
body hub accepts quick to render: bench/bounds.py renders the worst shapes at these limits.
Each check here is one pass over the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

FILE_BYTES = 256 * 1024
"""The largest content file hub reads (front matter and body): a file above it is refused unread."""
BODY_CHARS = 32_000
"""The longest body, in characters: about 5,000 words."""
FIELD_CHARS = {"title": 200, "summary": 1000, "angles": 500, "facts": 500, "changes": 300, "correction": 300,
               "contact": 200, "id": 100}
"""The longest value of a front-matter field (of each item, for a list); others get `OTHER_CHARS`."""
OTHER_CHARS = 2000
FIELD_ITEMS = {"angles": 20, "facts": 20, "links": 20}
"""The most items of a list field; others get `OTHER_ITEMS`."""
OTHER_ITEMS = 50
PARAGRAPH_OPENERS = 32
"""The most links, images and HTML tags (`[` and `<`) in one paragraph, list item or table row: Markdown's inline
patterns cost the square of their number in one paragraph."""
BODY_OPENERS = 1000
"""The most `[` and `<` in one body."""
UNCLOSED_TAGS = 32
"""The most `<` that open an HTML tag on a line and never close it there: each costs a scan of the rest of the body."""
NESTING = 10
"""How deeply lists and block quotes may nest."""
PARAGRAPH_EMPHASIS = 128
"""The most `*` and `_` (emphasis markers) in one paragraph: Python-Markdown recurses once per level of emphasis, and
fails beyond a few hundred (`*a *a *a … a* a* a*`)."""

Report = Callable[[int, str, str], None]
"""Where a bound's problem goes: (line in the text, what is wrong, how to fix it)."""


def _hint(key: str) -> str:
    if key == "summary":
        return "shorten it to one or two sentences: the summary is what cards, Teams, Slack and email show first; " \
               "put the rest in the body"
    if key in ("angles", "facts"):
        return "shorten it: one question or one fact per item; put the context in the body"
    return "shorten it: hub refuses longer values so that every page, feed and message stays quick to build"


def _strings(value: Any) -> Iterator[str]:
    """Every string in a front-matter value, its keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def field_bounds(metadata: dict[str, Any], report: Callable[[str, int | None, str, str], None]) -> None:
    """Each front-matter value too long or with too many items: `report(key, item, message, hint)`."""
    for key, value in metadata.items():
        name = str(key)
        chars = FIELD_CHARS.get(name, OTHER_CHARS)
        items = FIELD_ITEMS.get(name, OTHER_ITEMS)
        if isinstance(value, list) and len(value) > items:
            report(name, None, f"`{name[:40]}` has {len(value):,} items; at most {items}",
                   f"keep the {items} that matter most")
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values[: items + 1]):
            what = f"`{name[:40]}` item {index + 1}" if isinstance(value, list) else f"`{name[:40]}`"
            at = index if isinstance(value, list) else None
            longest = max((len(text) for text in _strings(item)), default=0)
            if longest > chars:
                report(name, at, f"{what} is {longest:,} characters; at most {chars:,}", _hint(name))
                break
            shape = next((wrong for text in _strings(item) if (wrong := text_bounds(text))), None)
            if shape:
                report(name, at, f"{what} holds {shape}", "write it as plain text: it is shown on one line")
                break


_FENCE = re.compile(r"[ \t]{0,3}(?:`{3,}+|~{3,}+)")
_CONTAINER = re.compile(r"[ \t]*+(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
"""One level of a block quote or list at the start of a line."""
_NEW_UNIT = re.compile(r"[ \t>]*+(?:[-*+][ \t]|\d{1,9}[.)][ \t]|\||#)")
"""A line that starts a new paragraph of its own: a list item, a table row, a heading."""
_TAG_START = re.compile(r"<[A-Za-z/!?]")


def _depth(line: str) -> int:
    """How many block quotes and lists a line opens or sits in: its `>` and list markers, and its indentation."""
    depth, at = 0, 0
    while True:
        match = _CONTAINER.match(line, at)
        if match is None:
            break
        depth += 1
        at = match.end()
    indent = len(line) - len(line.lstrip(" \t"))
    return depth + line[:indent].expandtabs(4).count("    ")


def _unclosed_tags(line: str) -> int:
    """The `<` on a line that open a tag and meet no `>` before the next `<` or the end of the line."""
    count = 0
    for match in _TAG_START.finditer(line):
        start = match.end()
        close = line.find(">", start)
        following = line.find("<", start)
        if close < 0 or (0 <= following < close):
            count += 1
    return count


def body_bounds(body: str, report: Report) -> None:
    """Each bound the body passes: size, nesting, links and emphasis in one paragraph, unclosed tags; line is 0-based."""
    if len(body) > BODY_CHARS:
        report(0, f"the body is {len(body):,} characters; at most {BODY_CHARS:,}",
               "split it into two pages or ideas, or link to the full text")
        return  # the rest could only repeat it
    fenced, unit_start, unit_openers, unit_emphasis, total, unclosed = False, 0, 0, 0, 0, 0
    deep = emphatic = crowded = False
    for number, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            unit_start, unit_openers, unit_emphasis = number, 0, 0
            continue
        if fenced:
            continue
        if not line.strip() or _NEW_UNIT.match(line):
            unit_start, unit_openers, unit_emphasis = number, 0, 0
        openers = line.count("[") + line.count("<")
        unit_openers += openers
        total += openers
        if unit_openers > PARAGRAPH_OPENERS and not crowded:
            crowded = True
            report(unit_start, f"a paragraph holds more than {PARAGRAPH_OPENERS} links, images or HTML tags "
                   "(`[` or `<`)", "split it into shorter paragraphs, or make it a list with one link per item")
        unit_emphasis += line.count("*") + line.count("_")
        if unit_emphasis > PARAGRAPH_EMPHASIS and not emphatic:
            emphatic = True
            report(unit_start, f"a paragraph holds more than {PARAGRAPH_EMPHASIS} `*` or `_` (emphasis markers)",
                   "keep emphasis for a few words; for a separating line, write --- on a line of its own; "
                   "put names_with_underscores in `code`")
        if "<" in line:
            unclosed += _unclosed_tags(line)
        if not deep and _depth(line) > NESTING:
            deep = True
            report(number, f"lists or block quotes nest more than {NESTING} levels deep",
                   "flatten the list or quote: a reader cannot follow more than a few levels")
    if total > BODY_OPENERS:
        report(0, f"the body holds {total:,} links, images or HTML tags (`[` or `<`); at most {BODY_OPENERS:,}",
               "split it into two pages or ideas")
    if unclosed > UNCLOSED_TAGS:
        report(0, f"the body has {unclosed:,} `<` that open an HTML tag and never close it; at most {UNCLOSED_TAGS}",
               "write &lt; for a `<` that is not a tag, or put the text in `code`")


def text_bounds(text: str) -> str | None:
    """What is wrong with a front-matter text that Markdown may render (a title, summary, angle, fact), or None."""
    if text.count("[") + text.count("<") > PARAGRAPH_OPENERS:
        return f"more than {PARAGRAPH_OPENERS} links, images or HTML tags (`[` or `<`)"
    if text.count("*") + text.count("_") > PARAGRAPH_EMPHASIS:
        return f"more than {PARAGRAPH_EMPHASIS} `*` or `_` (emphasis markers)"
    return None
