"""OPML: the list of feeds a reader imports in one go.

`feeds/all.opml`, the subscribe page's "everything" file, names the two feeds that hold everything: all ideas and the
charter's changes. Not the per-term feeds too: an idea is in several of them under one id, and readers that keep one
copy of an id (newsboat, Thunderbird within one feed account) showed it in one feed only, leaving "All ideas" empty.
Per-term feeds are chosen one by one on the same page. Which feeds a file lists, and where, is the plan's
(`hub.plan.feed_outlines`); this module writes them as XML.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from hub.feeds.html import xml_text
from hub.plan import Outline, SitePlan, subscribe_all_outlines


def all_opml(plan: SitePlan) -> bytes:
    """`feeds/all.opml`, the same from a build and a preview."""
    return opml_bytes(plan.config.words("subscribe.all.opml_title", site=plan.config.name), subscribe_all_outlines(plan))


def opml_bytes(title: str, outlines: Iterable[Outline]) -> bytes:
    """An OPML 2.0 document listing the feeds, flat (every reader imports a flat list); no clock in it."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = xml_text(title)
    body = etree.SubElement(root, "body")
    for o in outlines:
        etree.SubElement(body, "outline", type="rss", version="RSS2", text=xml_text(o.ref.title),
                         title=xml_text(o.ref.title), description=xml_text(o.ref.description), xmlUrl=o.xml_url,
                         htmlUrl=o.html_url, language=o.lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
