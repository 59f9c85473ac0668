"""Make the HTML hub hands an engine inert: no engine may read a link, an include or a template in it.

Engines rewrite syntax they find in the pages they are given. Pelican turns `{attach}path`, `{static}path`,
`{filename}path` (and `|attach|path`, `{tag}`, `{category}`, `{author}`, `{index}`…) in any quoted `href`, `src` and
similar attribute into a copy of that file, wherever it is on the disk; template languages read `{{ }}` and `{% %}`;
Markdown include extensions read `{! !}`. All of them start with `{` or `|`. Outside `<script>` and `<style>`, a
character reference means the same character to a browser, but matches none of those patterns: every `{`, `}` and
`|` of a page is written as one before it is staged, whoever wrote it (content, the theme's templates, a catalog).
"""

from __future__ import annotations

import re

_RAW_TEXT = re.compile(r"(<(script|style)\b[^>]*>.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
"""Elements whose text is not HTML (a character reference there stays as written): left as they are. Content never
has one (the sanitizer drops both); the theme's fragments have only empty `<script src>`."""
_SYNTAX = re.compile(r"[{}|]")
_REFERENCES = {"{": "&#123;", "}": "&#125;", "|": "&#124;"}


def inert(html: str) -> str:
    """`html` with every `{`, `}` and `|` outside `<script>` and `<style>` written as a character reference: the
    same page in a browser, and nothing any engine reads as a link, an include or a template."""
    if not _SYNTAX.search(html):
        return html
    parts = _RAW_TEXT.split(html)
    # split() with two groups gives: text, whole element, tag name, text, …
    out: list[str] = []
    for index in range(0, len(parts), 3):
        out.append(_SYNTAX.sub(lambda m: _REFERENCES[m.group(0)], parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
