"""The feeds as people see them in a browser, without XSLT: a style sheet for the feeds and a page per feed.

Chromium is removing XSLT (it already warns on every page that uses it), so a feed opened in a browser is shown two
ways, neither needing a script or another host:

- every RSS and Atom feed names `assets/hub/feed.css` (`<?xml-stylesheet type="text/css"?>`): the feed's own
  address shows its title, what a feed is, and its items, in the site's language (`feed/view.css`);
- every feed has a page, `feeds/<key>.html` (`feed/view.html`), the one the site's pages link to: the same, with the
  addresses to copy, a link to each item and to the subscribe page.

Feed readers ignore both and get the same items as ever.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup

from hub.config import SiteConfig
from hub.feeds.items import FeedItem
from hub.plan import FeedRef, SitePlan
from hub.render.pages import Helpers
from hub.render.templates import environment, render_template
from hub.render.typography import french_text, typeset

STYLE_TEMPLATE = "feed/view.css"
PAGE_TEMPLATE = "feed/view.html"
_CSS_UNSAFE = re.compile(r"[^A-Za-z0-9 ,.;:!?'’()«»…\u00a0\u202f\u00c0-\u024f-]")


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string: every character that could end it or mean markup is a hex escape."""
    return Markup('"{}"'.format(_CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):06x}", text)))  # noqa: S704 - escaped


def feed_style(config: SiteConfig) -> bytes:
    """The feeds' style sheet, with the words a reader of the raw feed needs in the site's language."""
    lang = config.lang
    french = lang.lower().split("-")[0] == "fr"

    def css(words: str) -> Markup:
        line = Markup(words).striptags()  # the catalog's text, its entities read
        return css_string(french_text(line) if french else line)

    css_text = render_template(environment(config, lang), STYLE_TEMPLATE, css=css)
    return (css_text.strip() + "\n").encode("utf-8")


def feed_page(plan: SitePlan, ref: FeedRef, items: Sequence[FeedItem], formats: Sequence[tuple[str, str, str]]) -> bytes:
    """The page of one feed (`ref.view_path`): `formats` are (label, media type, site-relative path) of its files."""
    lang = plan.config.lang
    helpers = Helpers(plan, ref.view_path, lang)
    html = render_template(environment(plan.config, lang), PAGE_TEMPLATE, **helpers.context(
        ref=ref, items=items, formats=[(label, mime, path, plan.absolute(path)) for label, mime, path in formats]))
    return (typeset(html, lang) + "\n").encode("utf-8")
