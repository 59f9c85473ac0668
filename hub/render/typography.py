"""French typography in HTML text: no-break spaces before `? ! ; : »` and after `«`, never in code, URLs or tags.

`typeset(html, lang)` walks the markup, follows `lang` attributes (an English quote inside a French page stays
English, a French idea on an English page gets the French rules) and changes only text nodes: tags, attribute
values, entities, `<code>`, `<pre>`, `<kbd>`, `<samp>`, `<script>` and `<style>` are left byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NNBSP = "\u202f"
"""Narrow no-break space: before `? ! ; »` and after `«`."""
NBSP = "\u00a0"
"""No-break space: before `:`."""

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--.*?-->|<![^>]*>", re.DOTALL)
"""A tag or comment of finished HTML: content reaches it sanitized (nh3 closes every tag, drops every comment and
writes a stray `<` as `&lt;`), so no scan runs past the tag it starts at."""
_LANG = re.compile(r"""\blang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "var"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
_PROTECTED = re.compile(
    r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"  # entities: `&amp;` ends with a `;` of its own
    r"|\b[a-zA-Z][a-zA-Z0-9+.-]{0,63}://\S+"  # URLs written out in the text (a scheme is short: a long word
    r"|\bwww\.\S+"                           # costs 64 steps a letter, not its whole length)
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+"  # email addresses, from the start of a word
    r"|(?<!\d)\d++:\d+"  # times (9:30) and ratios (16:9)
)
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "del", "dfn", "em", "i", "ins", "mark", "q", "s",
                     "small", "span", "strong", "sub", "sup", "time", "u"})
"""Elements inside a line of text: the character before such a tag still counts as "just before"."""
_SPACES = " \t"
_NO_BREAK = "\u00a0\u202f"
_NO_SPACE_AFTER = "\n?!;:«([\"'/"
"""After these, a `?` or `:` gets no space of its own (`?!`, `(?)`, a `?` that starts a line)."""


def _is_french(lang: str) -> bool:
    return lang.lower().split("-", 1)[0] == "fr"


def _segments(text: str) -> Iterator[tuple[str, bool]]:
    """The text cut into (piece, is protected) around entities, URLs, addresses and times."""
    last = 0
    for match in _PROTECTED.finditer(text):
        if match.start() > last:
            yield text[last:match.start()], False
        yield match.group(0), True
        last = match.end()
    if last < len(text):
        yield text[last:], False


def _french_piece(piece: str, previous: str) -> str:
    """One unprotected piece of French text; `previous` is the character just before it ("" at a line's start)."""
    out: list[str] = []
    after_guillemet = False
    for index, char in enumerate(piece):
        before = out[-1] if out else previous
        punctuates = char in "?!;»" or (char == ":" and piece[index + 1:index + 2] in ("", " ", "\t", "\n", NBSP))
        if punctuates:
            space = NBSP if char == ":" else NNBSP
            if before in _SPACES and before and out:
                out[-1] = space  # an ordinary space becomes a no-break one
            elif before and before not in _SPACES + _NO_BREAK + _NO_SPACE_AFTER and not (char == "»" and before == "«"):
                out.append(space)
        if after_guillemet and char in _SPACES:
            char = NNBSP
        after_guillemet = False
        out.append(char)
        if char == "«":
            following = piece[index + 1:index + 2]
            if following in _SPACES and following:
                after_guillemet = True
            elif following and following not in _NO_BREAK + "\n»":
                out.append(NNBSP)
    return "".join(out)


def french_text(text: str, previous: str = "") -> str:
    """French punctuation spacing in one HTML text node (entities and URLs kept as they are)."""
    out: list[str] = []
    for piece, protected in _segments(text):
        if protected:
            out.append(piece)
            previous = " " if piece in ("&nbsp;", "&#160;", "&#xa0;") else piece[-1]
        else:
            changed = _french_piece(piece, previous)
            out.append(changed)
            previous = changed[-1] if changed else previous
    return "".join(out)


def typeset(html: str, lang: str) -> str:
    """Apply the typography of each element's language to the text of `html`, whose own language is `lang`."""
    if not _is_french(lang) and not any(_is_french(next(g for g in m.groups() if g is not None))
                                        for m in _LANG.finditer(html)):
        return html  # no element in French: the common case on an English page, kept cheap
    stack: list[tuple[str, str, bool]] = [("", lang, False)]
    out: list[str] = []
    last, previous = 0, ""
    for match in _TAG.finditer(html):
        previous = _text(html[last:match.start()], stack[-1], previous, out)
        out.append(match.group(0))
        last = match.end()
        closing, name, attributes = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
        if name not in _INLINE:
            previous = ""
        if not name:
            continue
        if closing:
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
        elif name not in _VOID and not attributes.rstrip().endswith("/"):
            found = _LANG.search(attributes)
            own = next(g for g in found.groups() if g is not None) if found else stack[-1][1]
            stack.append((name, own, stack[-1][2] or name in _VERBATIM))
    _text(html[last:], stack[-1], previous, out)
    return "".join(out)


def _text(text: str, element: tuple[str, str, bool], previous: str, out: list[str]) -> str:
    """Append one text node, typeset if its element is French and not verbatim; return its last character."""
    if not text:
        return previous
    _, lang, verbatim = element
    out.append(french_text(text, previous) if not verbatim and _is_french(lang) else text)
    return out[-1][-1]
