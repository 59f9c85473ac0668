"""The feeds: RSS 2.0 and Atom per facet value, the charter's changes and an OPML, from the plan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from hub.feeds.calendar import event_files
from hub.feeds.html import xml_text
from hub.feeds.items import FeedItem, change_item, idea_item
from hub.feeds.jsonfeed import MEDIA_TYPE, json_feed
from hub.feeds.opml import all_opml
from hub.feeds.view import feed_page
from hub.models import Guideline, Idea
from hub.plan import FEED_EPOCH, OPML_PATH, FeedRef, SitePlan, relative_url
from hub.render.bodies import Bodies
from hub.render.pages import body_links, linked_files
from hub.render.templates import words

STYLESHEET_URL = "assets/hub/feed.css"
"""The CSS that shows a feed as a readable page when someone opens it in a browser (no XSLT: see hub.feeds.view)."""
GENERATOR = "hub"
"""No version or URL: a release of hub or feedgen must not change a single byte of the feeds."""
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LinkTargets = Callable[[Idea | Guideline], frozenset[Path]]


def _rss_text(element: Any, tags: tuple[str, ...]) -> None:
    """Write `<` as HTML in RSS text elements: many readers take a title as HTML, and only `<` can start markup there.

    Atom says which of its texts are HTML; RSS does not. A reader that shows the title as text sees the `<` as
    it was; one that renders it as HTML sees it too, and no element from the content.
    """
    for tag in tags:
        for child in element.iterfind(tag):
            if child.text:
                child.text = child.text.replace("<", "&lt;")


class _Stylesheet(BaseExtension):
    """Puts the `xml-stylesheet` instruction before the root element (feedgen has no API for it)."""

    href = ""

    def _add(self, root: Any) -> Any:
        root.addprevious(etree.ProcessingInstruction("xml-stylesheet", f'type="text/css" href="{self.href}"'))
        return root

    def extend_atom(self, feed: Any) -> Any:
        return self._add(feed)

    def extend_rss(self, feed: Any) -> Any:
        _rss_text(feed.find("channel"), ("title", "description"))
        return self._add(feed)


class _EntryLanguage(BaseEntryExtension):
    """Gives an Atom entry its own `xml:lang` (a French idea in an English feed says so) and a complete page link.

    In RSS, the item's `description` is HTML (the specification says so, every reader renders it): the plain-text
    summary goes in escaped for HTML, exactly once, so a summary that shows `<img …>` shows it and runs nothing.
    """

    lang = ""
    summary = ""

    def extend_atom(self, entry: Any) -> Any:
        entry.set(_XML_LANG, self.lang)
        # feedgen 1.0 drops rel, type and hreflang of entry links (it reads them from the new element).
        # Its Atom elements carry no namespace in lxml (the root gets a literal `xmlns` attribute).
        for link in entry.iterfind("link"):
            link.set("rel", "alternate")
            link.set("type", "text/html")
            link.set("hreflang", self.lang)
        return entry

    def extend_rss(self, entry: Any) -> Any:
        description = entry.find("description")
        if description is not None and self.summary and description.text == self.summary:
            description.text = escape(self.summary, quote=False)
        _rss_text(entry, ("title", "category", "author"))
        return entry


def _entry(fg: FeedGenerator, item: FeedItem) -> None:
    entry = fg.add_entry(order="append")
    entry.hub.lang = item.lang
    entry.hub.summary = item.summary
    entry.id(item.guid)
    entry.title(item.title)
    entry.link(href=item.link, rel="alternate")
    entry.published(item.published)
    entry.updated(item.updated)
    entry.summary(item.summary)
    entry.content(item.content, type="html")
    for cat in item.categories:
        entry.category(term=cat.term, label=cat.label, scheme=cat.scheme)


def render_feed(plan: SitePlan, ref: FeedRef, lang: str, items: Sequence[FeedItem], updated: datetime) -> dict[str, bytes]:
    """One feed in every format (RSS, Atom, JSON Feed) and its page; items newest first, maybe none; `updated`
    comes from the plan, never the clock.

    Items carry no author: an idea's contact is whom to ask, not who wrote it, and stays in the item's content.
    The description ends with the page's address, for whoever opens the feed in a browser that shows raw XML.
    """
    fg = FeedGenerator()
    fg.register_extension("hub", _Stylesheet, _EntryLanguage)
    fg.hub.href = relative_url(ref.atom_path, STYLESHEET_URL)
    page = plan.absolute(ref.page_url)
    atom_url, rss_url = plan.absolute(ref.atom_path), plan.absolute(ref.rss_path)
    fg.id(atom_url)
    fg.title(xml_text(ref.title))
    text = words(plan.config, plan.config.lang)
    read_on = text("feed.read_on", url=page)
    fg.description(xml_text(f"{ref.description} {read_on}"))
    fg.author(name=xml_text(plan.config.name))
    fg.language(lang)
    fg.generator(GENERATOR)
    fg.docs("https://www.rssboard.org/rss-specification")
    fg.updated(updated)
    for item in items:
        _entry(fg, item)
    # feedgen's RSS <link> is the href of the last link() call: the page, after the format's self link.
    fg.link(href=atom_url, rel="self", type="application/atom+xml", replace=True)
    fg.link(href=page, rel="alternate", type="text/html")
    atom = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    fg.link(href=rss_url, rel="self", type="application/rss+xml", replace=True)
    fg.link(href=page, rel="alternate", type="text/html")
    rss = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    formats = (("RSS 2.0", "application/rss+xml", ref.rss_path), ("Atom", "application/atom+xml", ref.atom_path),
               ("JSON Feed", MEDIA_TYPE, ref.json_path))
    return {ref.atom_path: atom, ref.rss_path: rss, ref.json_path: json_feed(plan, ref, lang, items),
            ref.view_path: feed_page(plan, ref, items, formats)}


ItemOf = Callable[[Idea], FeedItem]
"""An idea's feed item in this plan: `idea_item`, or a memo of it kept from build to build."""


def item_input(plan: SitePlan, idea: Idea, link_targets: LinkTargets = linked_files) -> Any:
    """Everything `idea_item` reads for an idea besides the configuration, theme and guidelines (the same for a
    whole build, see `hub.render.pages.page_input`): the idea, and where its body's links lead."""
    return idea, body_links(plan, idea, link_targets)


def feed_inputs(plan: SitePlan, link_targets: LinkTargets = linked_files) -> dict[str, Any]:
    """What each feed's files read, by the feed's key, besides the configuration, theme and guidelines: equal
    inputs give the same bytes, so a rebuild renders again only the feeds whose input changed."""
    items: dict[str, Any] = {}

    def item(idea: Idea) -> Any:
        if idea.id not in items:
            items[idea.id] = item_input(plan, idea, link_targets)
        return items[idea.id]

    inputs: dict[str, Any] = {f.ref.key: (f, tuple(item(i) for i in f.ideas)) for f in plan.idea_feeds}
    charter = plan.charter_changes[: plan.config.feed_items]
    inputs[plan.charter_feed.key] = (plan.charter_feed, charter,
                                     tuple(body_links(plan, g, link_targets) for g in charter))
    return inputs


def feed_files(plan: SitePlan, *, wanted: Callable[[str], bool] = lambda key: True,
               item_of: ItemOf | None = None, bodies: Bodies | None = None) -> dict[str, bytes]:
    """The feed files of the plan, by site-relative path: RSS, Atom, JSON Feed and page of each feed whose key is
    `wanted` (all of them unless told), the OPML, and the calendars (each idea's event and the upcoming events).
    `item_of` makes an idea's item (a memo of `idea_item` for this plan, unless told). The items' bodies come from
    the build's `bodies` of `plan` (default: rendered for this call alone, without the render cache)."""
    bodies = bodies or Bodies(plan)
    if item_of is None:
        items: dict[str, FeedItem] = {}

        def item_of(idea: Idea) -> FeedItem:
            if idea.id not in items:
                items[idea.id] = idea_item(idea, plan, bodies)
            return items[idea.id]

    files: dict[str, bytes] = {}
    for feed in plan.idea_feeds:
        if wanted(feed.ref.key):
            files.update(render_feed(plan, feed.ref, feed.lang or plan.config.lang,
                                     [item_of(i) for i in feed.ideas], feed.updated))
    if wanted(plan.charter_feed.key):
        changes = [change_item(g, plan, bodies) for g in plan.charter_changes[: plan.config.feed_items]]
        files.update(render_feed(plan, plan.charter_feed, plan.config.lang, changes,
                                 max((c.updated for c in changes), default=FEED_EPOCH)))
    files[OPML_PATH] = all_opml(plan)
    files.update(event_files(plan))
    return files
