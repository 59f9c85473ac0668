"""OPML: the list of feeds a reader imports in one go; `feeds/all.opml` names every feed of the plan, empty ones too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from hub.feeds.html import xml_text
from hub.plan import FeedRef, SitePlan

OPML_PATH = "feeds/all.opml"


@dataclass(frozen=True, slots=True)
class Outline:
    """One feed as OPML lists it, with the group and short label the subscribe page shows it under."""

    ref: FeedRef
    group: str
    """`ideas`, `charter`, or a facet: `topics`, `audiences`, `languages`, `channels`."""
    label: str | None
    """The term's label within its group (`Open source`); None for all ideas and the charter (the page names them)."""
    about: str
    """One line for the subscribe page: the term's own description, else the feed's."""
    lang: str
    xml_url: str
    """Absolute URL of the RSS 2.0 version: the format every reader (Outlook classic included) imports."""
    atom_url: str
    html_url: str


def _outline(plan: SitePlan, ref: FeedRef, group: str, label: str | None, about: str, lang: str) -> Outline:
    return Outline(ref, group, label, about or ref.description, lang, plan.absolute(ref.rss_path), plan.absolute(ref.atom_path),
                   plan.absolute(ref.page_url))


def feed_outlines(plan: SitePlan) -> tuple[Outline, ...]:
    """Every feed of the plan in the subscribe page's order: all ideas, the charter, then by facet."""
    site = plan.config.lang  # the subscribe page and the OPML file are chrome, in the site's language
    outlines = [_outline(plan, f.ref, f.facet or "ideas", f.term.label_in(site) if f.term else None,
                         f.term.description_in(site) if f.term else "", f.lang or site) for f in plan.idea_feeds]
    outlines.insert(1, _outline(plan, plan.charter_feed, "charter", None, "", plan.config.lang))
    return tuple(outlines)


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
