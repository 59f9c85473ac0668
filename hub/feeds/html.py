"""Text and HTML fit for a feed: XML-legal characters, a safe HTML subset, absolute URLs."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import nh3

from hub.render.markup import is_local_src

_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/FFFF), plus the discouraged C1 controls."""

FEED_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
"""What a feed item may contain: the site's own subset of HTML."""

FEED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
"""No `id`, `class` or `style`: they mean nothing in a reader and could clash with its own page."""

URL_SCHEMES = {"http", "https", "mailto", "tel"}
_URL_ATTRIBUTES = {"href", "src", "cite"}
_TAG = re.compile(r"<[^<>]*+>")
"""A tag of sanitized HTML (every `<` of its text is written `&lt;`); a stray `<` costs one scan up to the next."""


def xml_text(text: str) -> str:
    """The text without the characters XML cannot carry (lxml refuses them; readers choke on them)."""
    return _XML_ILLEGAL.sub("", text)


def absolute_url(url: str, base: str) -> str | None:
    """A URL made absolute against `base`; None unless the result is http(s), mailto or tel."""
    joined = urljoin(base, url.strip())
    return joined if urlsplit(joined).scheme.lower() in URL_SCHEMES else None


def feed_html(html: str, base: str) -> str:
    """Sanitize HTML to the feed subset and make every URL absolute against `base` (the page it belongs to)."""

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        # nh3 calls this only for allowed attributes, after it dropped URLs with other schemes.
        if attribute == "src" and not is_local_src(value):
            return None  # the page made it a link already (hub.render.markup); a reader must not fetch from another host
        return absolute_url(value, base) if attribute in _URL_ATTRIBUTES else value

    cleaned = nh3.clean(
        xml_text(html),
        tags=FEED_TAGS,
        attributes=FEED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        attribute_filter=rewrite,
        strip_comments=True,
    )
    return xml_text(cleaned)


def plain_text(html: str) -> str:
    """The words of an HTML fragment as plain text (entities decoded), for a field a reader shows as text.

    Text, not HTML: where a feed field is HTML (RSS `description`), hub.feeds.xml escapes it once for that.
    """
    return xml_text(" ".join(unescape(_TAG.sub("", html)).split()))
