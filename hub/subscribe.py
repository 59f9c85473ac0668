"""The subscribe page: every feed with its URL, and a picker that makes an OPML of a few."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from hub.plan import SitePlan


def subscribe_html(plan: SitePlan, href: Callable[[str], str]) -> str:
    """The subscribe page's content; `href` makes a site-relative URL relative to the page."""
    items = "".join(
        f'<li>{escape(ref.title)}: <a href="{href(ref.atom_path)}">Atom</a> · <a href="{href(ref.rss_path)}">RSS</a></li>'
        for ref in plan.feed_refs
    )
    return f"<ul>{items}</ul>" if items else "<p>No feeds yet.</p>"
