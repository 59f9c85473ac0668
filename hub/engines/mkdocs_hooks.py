"""MkDocs hooks for a staged hub project: pages skip Markdown (their body is hub's finished HTML), settings are escaped."""

from __future__ import annotations

import logging
import re
from typing import Any

from markupsafe import Markup, escape

from hub.render.typography import typeset

UNSAFE_FEATURES = ("content.tooltips",)
"""Material features that put text into the page as HTML: `content.tooltips` sets a tooltip's `innerHTML` from
the `title` attribute, which content may hold (Markdown link titles, raw HTML) and Material fills with site_name."""
ESCAPED_SETTINGS = ("site_name", "site_description", "site_author")
"""Settings Material prints into HTML, sometimes through `| e` and sometimes not: as Markup, escaped once either way."""


def on_config(config: Any, **_: Any) -> Any:
    """Escape the settings Material prints as they are, and turn off the features that would run content as HTML."""
    for key in ESCAPED_SETTINGS:
        if isinstance(config[key], str) and not isinstance(config[key], Markup):
            config[key] = escape(config[key])
    features = list(config.theme.get("features") or [])
    unsafe = [f for f in features if f in UNSAFE_FEATURES]
    if unsafe:
        logging.getLogger("mkdocs.hooks.hub").warning(
            "theme.features: %s turned off: Material would show title attributes from the content as HTML",
            ", ".join(unsafe))
        config.theme["features"] = [f for f in features if f not in UNSAFE_FEATURES]
    return config


KEPT = "hub_html"
"""The attribute of MkDocs' page object that holds the page's HTML between the two hooks below: the page (of this
build) carries it, no state of this module does."""


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Keep the page's HTML aside and give Python-Markdown nothing to parse (it would only re-read it)."""
    setattr(page, KEPT, markdown)
    return ""


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Hand the theme hub's HTML, as it was staged."""
    kept = str(getattr(page, KEPT))
    delattr(page, KEPT)
    return kept


def _typeset(html: str, config: Any, *, other_lang: bool = False) -> str:
    """The site's typography on the whole page, chrome included (hub's fragments already have it: no change); on an
    English site, only for a page in another language, whose title and its header copy follow that language."""
    lang = str(config.theme.get("language") or "en")
    return html if lang.split("-")[0] == "en" and not other_lang else typeset(html, lang)


_HEADER_TOPIC = re.compile(
    r'(<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis")>(.*?)(</span>)',
    re.DOTALL)
"""The copy of the page's title in Material's header (shown once the page scrolls past its `<h1>`)."""


def _header_topic(output: str, page: Any) -> str:
    """A page in another language than the site's (a French idea): its title's copy in the header says so too,
    like the page's `<h1>` (the typography then follows both)."""
    lang = (page.meta or {}).get("hub_lang")
    if not lang:
        return output
    attribute = escape(str(lang))
    return _HEADER_TOPIC.sub(lambda m: f'{m[1]} lang="{attribute}">{m[2]}{m[3]}', output, count=1)


def on_post_page(output: str, page: Any, config: Any, **_: Any) -> str:
    """French typography (or the site language's) in Material's words around the page: navigation, footer, search;
    the header's copy of a title in another language marked with that language."""
    return _typeset(_header_topic(output, page), config, other_lang=bool((page.meta or {}).get("hub_lang")))


def on_post_template(output_content: str, template_name: str, config: Any, **_: Any) -> str:
    """The same for the pages Material renders from a template alone (404.html); sitemaps are XML, left alone."""
    return _typeset(output_content, config) if template_name.endswith(".html") else output_content
