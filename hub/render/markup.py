"""Markdown to safe HTML, once, for every engine and feed: the same words everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import escape, unescape
from urllib.parse import urlsplit

import markdown
import nh3

from hub.content.references import engine_syntax, file_path_problem
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
CLASSES = {
    "a": frozenset({"footnote-ref", "footnote-backref", "hub-external"}),
    "div": frozenset({"footnote", "toc"}),
    "span": frozenset({"hub-external"}),
}
"""The only classes content keeps, by element: those hub's own Markdown writes (footnotes, a `[TOC]`) and hub's mark
on an image from elsewhere. Any other class could borrow a behaviour of a theme (Material loads mermaid for
`pre.mermaid`, `md-consent__overlay` covers the page, `md-dialog--active` draws a dialog) or of hub's scripts."""
_CODE_LANGUAGE = re.compile(r"^language-[A-Za-z0-9_+#.-]{1,40}$")
"""A fenced code block's language (`<code class="language-python">`), the one class a `code` keeps."""
_ALIGN_STYLE = re.compile(r"^text-align:\s*(left|right|center);?$")
ID_PREFIX = "user-content-"
"""Put before every `id` from content (as GitHub does), so it can never take the name of one of the theme's."""
_LOCAL_SRC = re.compile(r"^(?![a-z][a-z0-9+.-]*:)[^/\\#?\s][^\\\s]*$", re.IGNORECASE)
"""A relative path on the site: no scheme, no host (`//`, `\\\\`), not root-relative, no blank or control."""
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_MARKED_IMG = re.compile(r'<img(?:\s+[a-z-]+(?:="[^"]*")?)*\s*/?>')
"""An `img` as nh3 writes it: every value double-quoted, a `"` inside written `&quot;`."""
_MARK = "#hub-external-"
"""What an image's `src` from another host becomes in the first pass; a local `src` never starts with `#`."""
_ALT = re.compile(r'\salt="([^"]*)"')


def is_local_src(src: str) -> bool:
    """True for a relative path on this site; False for anything a browser could fetch from another host."""
    return bool(_LOCAL_SRC.match(src)) and not _CONTROL.search(src)


def kept_classes(tag: str, value: str) -> str | None:
    """The classes of `value` that an element from content keeps (see `CLASSES`); None when none is left."""
    allowed = CLASSES.get(tag, frozenset())
    kept = [name for name in value.split()
            if name in allowed or (tag == "code" and _CODE_LANGUAGE.match(name))]
    return " ".join(dict.fromkeys(kept)) or None


def is_published_file(src: str) -> bool:
    """True for an image address that names a file beside the page (see hub.content.references.file_path_problem)."""
    return is_local_src(src) and file_path_problem(src) is None


def _prefixed(value: str) -> str:
    return value if value.startswith(ID_PREFIX) else ID_PREFIX + value


def prefixed_fragment(href: str) -> str:
    """`#part` of a link to content, pointing at the prefixed id; a link without a fragment as it is."""
    path, hash_, fragment = href.partition("#")
    return f"{path}#{_prefixed(fragment)}" if hash_ and fragment else href


IMAGE_KEY = "markup.image"
"""The catalog's word for an image, the words of the link to an image from another host that has no alt text."""
IMAGE_WORD = "<!--hub:image-->"
"""Stands for the word "image" (`IMAGE_KEY`) in the link that replaces an image from another host
without alt text: bodies are rendered, and cached, before anyone knows the reader's language; `with_words` puts the
word in. A comment, so no content can write it (nh3 drops every comment) and, left alone, it shows nothing."""


def with_words(html: str, image: str) -> str:
    """Sanitized HTML with the word for an image (`IMAGE_KEY` in the reader's catalog) in place of `IMAGE_WORD`."""
    return html.replace(IMAGE_WORD, escape(image))


def _external_link(src: str, alt: str) -> str:
    """What takes the place of an image that is not a file beside the page: a link to it when it is on another host
    or the site's root, its alt text and host, nothing fetched; else its alt text alone."""
    if is_local_src(src):
        return escape(alt) if alt else IMAGE_WORD
    url = _CONTROL.sub("", src).replace("\\", "/")
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    label = escape(alt) if alt else IMAGE_WORD
    label += f" ({escape(parts.hostname)})" if parts.hostname else ""
    same_host = not parts.scheme and not parts.netloc and url.startswith("/")
    if (parts.scheme.lower() in ("http", "https") and parts.hostname) or same_host:
        return f'<a class="hub-external" href="{escape(url)}">{label}</a>'
    return f'<span class="hub-external">{label}</span>'


def _attribute_filter(external: list[str], images: bool) -> Callable[[str, str, str], str | None]:
    """nh3's filter of every allowed attribute (entities decoded, other URL schemes already dropped): prefixed ids
    and fragments, aligned cells only, allowed classes only, no link in an engine's syntax, and each `src` that is
    not a file beside the page (or any `src`, unless `images`) put in `external`, a mark in its place."""
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            return kept_classes(tag, value)
        if attribute == "style":
            return value if _ALIGN_STYLE.match(value.strip()) else None
        if attribute == "id":
            return _prefixed(value) if value else None
        if attribute == "href" and engine_syntax(value):
            return None  # the words stay, as text: no engine may read the link
        if attribute == "href" and value.startswith("#"):
            return prefixed_fragment(value)
        if attribute == "src" and not (images and is_published_file(value)):
            external.append(value)
            return f"{_MARK}{len(external) - 1}"
        return value

    return keep


def _links_for_marked_images(cleaned: str, external: list[str]) -> str:
    """Each `img` whose `src` `_attribute_filter` marked, replaced by the link to its address."""
    def to_link(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = re.search(r'\ssrc="' + re.escape(_MARK) + r'(\d+)"', tag)
        if src is None:
            return tag
        alt = _ALT.search(tag)
        return _external_link(external[int(src.group(1))], unescape(alt.group(1)) if alt else "")

    return _MARKED_IMG.sub(to_link, cleaned)


def sanitize(html: str, *, images: bool = True) -> str:
    """Keep a safe subset of HTML: no scripts, handlers, frames, forms or `javascript:` URLs.

    Every `id` gets the `user-content-` prefix and every `#fragment` link follows it; only the classes hub's
    Markdown writes are kept (`CLASSES`); a link in an engine's syntax (`{attach}…`) keeps its words, not its target.
    An image whose `src` is not a file beside the page (a relative path down from its folder, no query) becomes a link
    to it when it is on another host, else its alt text (so does every image, unless `images`): a page never fetches
    from another host, nor any address of the site but a file beside it. Without alt text, the words are
    `IMAGE_WORD` (see `with_words`).
    """
    external: list[str] = []
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        attribute_filter=_attribute_filter(external, images),
        strip_comments=True,
    )
    return _links_for_marked_images(cleaned, external) if external else cleaned


def image(src: str, alt: str, word: str) -> str:
    """An image of the page (an idea's `image`) as safe HTML: an `img` for a file on the site, else a link
    (`word` is the reader's word for an image, its words when `alt` is empty)."""
    return with_words(sanitize(f'<img src="{escape(src)}" alt="{escape(alt)}">'), word)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")', re.IGNORECASE)
_MARKDOWN_FILE = re.compile(r"^(?![a-z][a-z0-9+.-]*:|/)[^#?]*\.md(?:#|$)", re.IGNORECASE)


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _shift_headings(html: str, top: int) -> str:
    """Move every heading down so the body's highest one is `top`: a body's `#` must not become a second h1."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels or min(levels) >= top:
        return html
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html)


def render(text: str, rewrite_href: Callable[[str], str | None] | None = None, *, top_heading: int = 2,
           images: bool = True) -> str:
    """Markdown (with tables, footnotes and raw HTML) to sanitized HTML.

    `rewrite_href` may change each link target (for links between Markdown files); None drops the link.
    Headings are shifted so the highest is `top_heading` (2 under a page title, 3 under a section).
    Unless `images`, every image is shown as its text (see `sanitize`).
    """
    return sanitize(to_html(text, rewrite_href, top_heading=top_heading), images=images)


def to_html(text: str, rewrite_href: Callable[[str], str | None] | None = None, *, top_heading: int = 2) -> str:
    """The Markdown step of `render`, before `sanitize`: HTML as unsafe as the content it comes from, never shown
    as it is (the render cache keeps it, and sanitizes it again on every read)."""
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
            href = unescape(match.group(2))
            # A link to another Markdown file lands in that file's body, whose ids are prefixed too.
            new = rewrite_href(prefixed_fragment(href) if _MARKDOWN_FILE.match(href) else href)
            return match.group(0).replace(" href=\"" + match.group(2) + "\"", "") if new is None \
                else match.group(1) + escape(new) + match.group(3)
        html = _HREF.sub(replace, html)
    return html


@lru_cache(maxsize=65536)
def inline(text: str, image: str) -> str:
    """One line of Markdown (emphasis, code, links) to sanitized inline HTML, without a paragraph; `image` is the
    reader's word for an image without alt text (see `with_words`).

    An image is shown as its text: a summary shows on list pages and in feeds too, where no file is beside it.
    Cached: a summary or an angle shows on its page, in index cards and in several feeds.
    """
    html = render(text, images=False).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return with_words(html, image)
