"""Markdown to safe HTML, once, for every engine and feed: the same words everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import escape, unescape

import markdown
import nh3

from hub.errors import BuildError
from hub.problems import shown

EXTENSIONS = ["tables", "footnotes", "attr_list", "def_list", "abbr", "fenced_code", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}, "footnotes": {"UNIQUE_IDS": False}}

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "bdi", "bdo",
}
_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
}
_EXTERNAL_EMBED = re.compile(
    r"<(img|iframe|video|audio|embed|source)\b[^>]*?\bsrc\s*=\s*[\"']?(https?:)?//([^\"'\s>]+)[\"']?[^>]*>(?:</\1>)?",
    re.IGNORECASE,
)
_ALIGN_STYLE = re.compile(r"^text-align:\s*(left|right|center);?$")


def _embed_to_link(match: re.Match[str]) -> str:
    """An image or embed from another host would make readers' browsers call it: link to it instead."""
    url = (match.group(2) or "https:") + "//" + match.group(3)
    alt = re.search(r"\balt\s*=\s*[\"']([^\"']*)[\"']", match.group(0))
    label = alt.group(1) if alt and alt.group(1) else f"external {match.group(1).lower()}"
    return f'<a class="hub-external" href="{escape(url)}">{escape(label)} ({escape(match.group(3).split("/")[0])})</a>'


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        return value if _ALIGN_STYLE.match(value.strip()) else None
    return value


def sanitize(html: str) -> str:
    """Keep a safe subset of HTML: no scripts, handlers, frames, forms or `javascript:` URLs."""
    return nh3.clean(
        _EXTERNAL_EMBED.sub(_embed_to_link, html),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")', re.IGNORECASE)


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _shift_headings(html: str, top: int) -> str:
    """Move every heading down so the body's highest one is `top`: a body's `#` must not become a second h1."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels or min(levels) >= top:
        return html
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html)


def render(text: str, rewrite_href: Callable[[str], str | None] | None = None, *, top_heading: int = 2) -> str:
    """Markdown (with tables, footnotes and raw HTML) to sanitized HTML.

    `rewrite_href` may change each link target (for links between Markdown files); None drops the link.
    Headings are shifted so the highest is `top_heading` (2 under a page title, 3 under a section).
    """
    converter = _converter()
    converter.reset()
    try:
        converted = converter.convert(text)
    except RecursionError:  # Python-Markdown recurses once per level: thousands of `*` nest thousands deep
        raise BuildError("a text nests Markdown too deeply to render (such as hundreds of * or _ in a row); "
                         f"it starts {shown(text.lstrip(), 60)}") from None
    html = _shift_headings(converted, top_heading)
    if rewrite_href is not None:
        def replace(match: re.Match[str]) -> str:
            new = rewrite_href(unescape(match.group(2)))
            return match.group(0).replace(" href=\"" + match.group(2) + "\"", "") if new is None \
                else match.group(1) + escape(new) + match.group(3)
        html = _HREF.sub(replace, html)
    return sanitize(html)


@lru_cache(maxsize=65536)
def inline(text: str) -> str:
    """One line of Markdown (emphasis, code, links) to sanitized inline HTML, without a paragraph.

    Cached: a summary or an angle shows on its page, in index cards and in several feeds.
    """
    html = render(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
