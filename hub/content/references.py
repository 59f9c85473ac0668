"""Addresses a guideline or idea refers to: files beside it (images, attachments, pages) and images elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from urllib.parse import unquote

from hub.models import Guideline, Idea

# Patterns that each start with a literal, so scanning a long body stays cheap.
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")
"""Markdown links and images: `[text](path)`, `![alt](path)`."""
_ATTRIBUTE = re.compile(r"\b(?:src|href)\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
"""Raw HTML: `<img src="path">`, `<a href="path">`."""
_IMG_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)
"""The `src` of a raw `<img>`, quoted or not: the only raw tag that content may use to load something."""
_BRACKET = re.compile(r"[\[\]]")
_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?"
                         r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$", re.MULTILINE)
"""Reference definitions `[name]: path "title"` (footnotes `[^1]: text` are not files)."""
_REFERENCE_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?![(:])")
"""Images through a definition: `![alt][name]`, `![name][]`, `![name]`."""
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).{1,4000}?(?<!`)\1(?!`)", re.DOTALL)
"""A code span; bounded, so that a body of unmatched backticks cannot make the scan quadratic."""
_NOT_LOCAL = re.compile(r"^([a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_PLAIN_LINKS = ("https://", "http://", "mailto:", "#")
"""How most links start: such a link (not an image) names no file and loads nothing, so it needs no Reference."""
_EDGES = "".join(map(chr, range(0x21)))


@lru_cache(maxsize=65536)
def normalize(url: str) -> str:
    """An address as a browser reads it: entities decoded, tabs and newlines dropped, edges trimmed, `\\` as `/`."""
    text = unescape(url) if "&" in url else url
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "").replace("\n", "").replace("\r", "")
    return text.strip(_EDGES).replace("\\", "/")


def engine_syntax(url: str) -> bool:
    """Whether an address starts as an engine's own link syntax would: Pelican reads `{attach}…`, `{static}…`,
    `{filename}…`, `|attach|…`, `{tag}…` (any `{…}` or `|…|`) in a link as a file to copy or a page to point at.
    Entities and percent-encoding decoded first, as a browser or an engine may."""
    text = unquote(normalize(url)).lstrip(_EDGES)
    return text[:1] in ("{", "|")


_DOT_SEGMENT = re.compile(r"(?:^|/)\.\.(?:/|$)")
_BLANK = re.compile(r"[\x00-\x20\x7f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def file_path_problem(src: str) -> str | None:
    """Why an image address from content is not the path of a file beside its page, or None when it is one.

    A browser fetches an image as the page loads, with the reader's cookies: only a relative path down from the page's
    folder names a file hub publishes there (`chart.png`, `img/chart.png`). Entities and percent-encoding are decoded
    first (`%2e%2e` is `..` to a browser)."""
    url = normalize(src)
    decoded = unquote(url)
    if not url:
        return "is empty"
    if _SCHEME.match(url) or url.startswith("/"):
        return "is not a relative path"
    if engine_syntax(url):
        return "starts with an engine's link syntax ({…} or |…|)"
    if "?" in decoded or "#" in decoded:
        return "has a query or a fragment (? or #)"
    if _DOT_SEGMENT.search(decoded.replace("\\", "/")):
        return "goes up out of the page's folder (..)"
    if _BLANK.search(url) or _CONTROL.search(decoded):
        return "holds a space or a control character (write a space as %20)"
    return None


@dataclass(frozen=True, slots=True)
class Reference:
    """One address in a body, or an idea's `image`: where it is written and whether a browser shows it as an image."""

    written: str
    offset: int | None
    """Where it starts in the body; None for the `image` field."""
    image: bool

    @property
    def external(self) -> bool:
        """Whether a browser would fetch it from another host: a scheme (but `data:`), or `//host`."""
        url = normalize(self.written)
        scheme = _SCHEME.match(url)
        return url.startswith("//") or (scheme is not None and scheme.group(1).lower() != "data")

    @property
    def path(self) -> str | None:
        """The relative file path it names (decoded, without query or fragment), or None when it names no file."""
        url = normalize(self.written)
        if _NOT_LOCAL.match(url):
            return None
        return unquote(url.split("#", 1)[0].split("?", 1)[0]) or None


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _without_code(body: str) -> str:
    """The body with fenced code and code spans blanked out (same length, same lines): code shows, it links nothing."""
    if "```" in body or "~~~" in body:
        body = _FENCE.sub(_blank, body)
    if "`" in body:
        body = _CODE_SPAN.sub(_blank, body)
    return body


def _image_closers(text: str) -> set[int]:
    """Where each `]` that ends the text of an image `![…]` is: brackets matched in one pass, nesting counted."""
    closers: set[int] = set()
    opened: list[int] = []
    for match in _BRACKET.finditer(text):
        at = match.start()
        if text[at] == "[":
            opened.append(at)
        elif opened:
            start = opened.pop()
            if start > 0 and text[start - 1] == "!" and (start < 2 or text[start - 2] != "\\"):
                closers.add(at)
    return closers


def _img_sources(text: str) -> list[tuple[str, int]]:
    """Each raw `<img>`'s `src` with where it starts; a tag is read up to its `>`, the next `<img`, or 10,000 characters."""
    low = text.lower()
    found = []
    close = -2
    at = low.find("<img")
    while at >= 0:
        after = low.find("<img", at + 4)
        if close != -1 and close < at:
            close = low.find(">", at)  # searched again only past the last one: linear over the body
        ends = [at + 10000] + [end for end in (close, after) if end >= 0]
        match = _IMG_SRC.search(text, at + 4, min(ends))
        if match and (at + 4 == len(text) or not text[at + 4].isalnum()):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            found.append((match.group(group), match.start(group)))
        at = after
    return found


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def addresses(text: str) -> list[Reference]:
    """Every address in Markdown text (links and images, definitions, raw src/href), where each starts in it.

    Plain links to web pages and fragments are left out: they name no file and load nothing.
    """
    found: dict[int, Reference] = {}
    if "](" in text or "=" in text or "]:" in text:
        text = _without_code(text) if "`" in text or "~~~" in text else text
        if "](" in text:
            closers = _image_closers(text) if "![" in text else set()
            for m in _INLINE.finditer(text):
                image = m.start() in closers
                if image or not m.group(1).startswith(_PLAIN_LINKS):
                    found[m.start(1)] = Reference(m.group(1), m.start(1), image)
        if "=" in text:
            for m in _ATTRIBUTE.finditer(text):
                if not m.group(1).startswith(_PLAIN_LINKS):
                    found.setdefault(m.start(1), Reference(m.group(1), m.start(1), False))
            if "<" in text:
                for src, at in _img_sources(text):
                    found[at] = Reference(src, at, True)
        if "]:" in text:
            shown = ({_label(m.group(2) or m.group(1)) for m in _REFERENCE_IMAGE.finditer(text)}
                     if "![" in text else set())
            for m in _DEFINITION.finditer(text):
                image = _label(m.group(1)) in shown
                if image or not m.group(2).startswith(_PLAIN_LINKS):
                    found[m.start(2)] = Reference(m.group(2), m.start(2), image)
    return [found[offset] for offset in sorted(found)]


def references(model: Idea | Guideline) -> list[Reference]:
    """Every address in a body (see `addresses`) and an idea's `image`."""
    refs = addresses(model.body)
    if isinstance(model, Idea) and model.image:
        refs.append(Reference(model.image, None, True))
    return refs


def markdown_fields(model: Idea | Guideline) -> list[tuple[str, int | None, str]]:
    """The front-matter fields shown as a line of Markdown, each as (key, item of a list or None, text)."""
    fields: list[tuple[str, int | None, str]] = [("summary", None, model.summary)]
    if isinstance(model, Idea):
        fields += [("angles", index, text) for index, text in enumerate(model.angles)]
        fields += [("facts", index, text) for index, text in enumerate(model.facts)]
        fields += [("correction", None, model.correction), ("contact", None, model.contact)]
    else:
        fields.append(("changes", None, model.changes))
    return [field for field in fields if field[2]]


def field_references(model: Idea | Guideline) -> list[tuple[str, int | None, Reference]]:
    """Every address in the front-matter fields shown as Markdown (see `markdown_fields`), with its key and item."""
    return [(key, item, ref) for key, item, text in markdown_fields(model) for ref in addresses(text)]


def local_references(model: Idea | Guideline) -> set[str]:
    """Relative file paths in a body (Markdown links and images, raw HTML src/href) and an idea's `image`."""
    return {path for ref in references(model) if (path := ref.path)}
