"""The plan: at an instant `now`, which pages and feeds exist and where. Pure: no I/O, no clock."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from hub.config import SiteConfig, Term
from hub.content.references import local_references
from hub.facets import FACETS
from hub.models import Content, Guideline, Idea, Status
from hub.problems import Problem


class PageKind(StrEnum):
    """What a page is; each engine's theme has a layout for each."""

    HOME = "home"
    CHARTER = "charter"
    GUIDELINE = "guideline"
    IDEAS = "ideas"
    IDEA = "idea"
    FACET = "facet"
    SUBSCRIBE = "subscribe"
    NOT_FOUND = "404"


FEED_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""The `updated` of a feed that has never had an item: fixed, so an empty feed's bytes never follow the clock."""

SEARCHABLE = frozenset({PageKind.IDEA, PageKind.GUIDELINE, PageKind.CHARTER, PageKind.SUBSCRIBE})
"""The pages a search finds, with either engine."""


@dataclass(frozen=True, slots=True)
class FeedRef:
    """One feed, in every format (RSS 2.0, Atom, JSON Feed) and as a page: where it is published and what it is called."""

    key: str
    """Stable name, such as `ideas` or `topics/open-source`."""
    title: str
    description: str
    page_url: str
    """Site-relative URL of the page that shows the same ideas."""

    @property
    def rss_path(self) -> str:
        return f"feeds/{self.key}.rss.xml"

    @property
    def atom_path(self) -> str:
        return f"feeds/{self.key}.atom.xml"

    @property
    def json_path(self) -> str:
        """JSON Feed 1.1, the same items as RSS and Atom."""
        return f"feeds/{self.key}.json"

    @property
    def view_path(self) -> str:
        """The feed as a web page (its title, what a feed is, how to subscribe, its items), for people, not readers."""
        return f"feeds/{self.key}.html"


@dataclass(frozen=True, slots=True)
class IdeaFeed:
    """A feed of ideas: the newest live ideas of one facet value (or all), capped."""

    ref: FeedRef
    facet: str | None
    term: Term | None
    lang: str | None
    ideas: tuple[Idea, ...]
    """The live ideas, newest first, capped; empty when nothing is live (the feed stays, valid and empty)."""
    updated: datetime
    """The newest item's change, else the newest change of an item it once had (now expired), else `FEED_EPOCH`."""


EVENTS_PATH = "feeds/events.ics"
"""Every upcoming event of the live ideas, as one calendar to subscribe to (on the intranet: see the README)."""

OPML_PATH = "feeds/all.opml"
"""The subscribe page's "everything" file: all ideas and the charter (`subscribe_all_outlines`)."""


def event_url(idea: Idea) -> str:
    """The idea's event as a calendar file, beside its page: the download that works with any calendar."""
    return f"{idea_url(idea)}event.ics"


def topic_events_path(key: str) -> str:
    return f"feeds/topics/{key}.ics"


@dataclass(frozen=True, slots=True)
class EventFeed:
    """A calendar of upcoming events: all of them, or one topic's; its address is for ever, like every feed."""

    path: str
    title: str
    ideas: tuple[Idea, ...]
    """Live ideas whose event is not over at `now`, soonest first."""


def idea_changed(idea: Idea) -> datetime:
    """When an idea last changed, as its feed item says: its correction's date, else its publication."""
    return idea.updated or idea.date


def feed_updated(current: tuple[Idea, ...], former: tuple[Idea, ...]) -> datetime:
    """A feed's `updated`, never the clock: see `IdeaFeed.updated`."""
    return max(map(idea_changed, current or former), default=FEED_EPOCH)


@dataclass(frozen=True, slots=True)
class Asset:
    """A file copied as it is: an image beside an idea or guideline."""

    source: Path
    url: str
    """Site-relative output path."""


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page of the site, engine-neutral."""

    kind: PageKind
    url: str
    """Site-relative URL: `` (home), `ideas/<slug>/`, `topics/<key>/`, `404.html`."""
    title: str
    lang: str
    idea: Idea | None = None
    guideline: Guideline | None = None
    ideas: tuple[Idea, ...] = ()
    """For home and index pages: the ideas listed, newest first."""
    facet: str | None = None
    term: Term | None = None
    feeds: tuple[FeedRef, ...] = ()
    """Feeds this page advertises (`<link rel="alternate">` and visible links)."""
    status: Status | None = None
    """For previews: the idea's status when it is not live (a banner says so)."""

    @property
    def output_path(self) -> str:
        """Where the page's HTML is written, relative to the site root."""
        return self.url if self.url.endswith(".html") else f"{self.url}index.html"

    @property
    def searchable(self) -> bool:
        """Whether the site's search indexes the page: lists of ideas would only repeat the ideas' own text."""
        return self.kind in SEARCHABLE

    @property
    def slug(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1] or "index"


@dataclass(frozen=True, slots=True, weakref_slot=True)
class SitePlan:
    """Everything a build produces, decided before anything is written."""

    config: SiteConfig
    now: datetime
    preview: bool
    pages: tuple[Page, ...]
    idea_feeds: tuple[IdeaFeed, ...]
    charter_feed: FeedRef
    """Always there, like every feed: empty until the charter's first change."""
    charter_changes: tuple[Guideline, ...]
    """Guidelines with an `updated` date not after `now`, newest change first."""
    assets: tuple[Asset, ...]
    live_ideas: tuple[Idea, ...]
    guidelines: tuple[Guideline, ...]
    hidden_ideas: tuple[Idea, ...] = field(default=())
    """Ideas that exist but get no page (scheduled, expired, draft), for reports."""
    source_urls: Mapping[Path, str] = field(default_factory=dict)
    """The page URL of each published Markdown file (its path made normal, see `source_key`), for links between files."""
    placeholders: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)
    """In a preview: the placeholders `hub new` wrote that each file still holds (by `Source.display`)."""
    event_feeds: tuple[EventFeed, ...] = ()
    """`feeds/events.ics`, then one calendar per topic."""

    def page(self, url: str) -> Page:
        return next(p for p in self.pages if p.url == url)

    def still_to_write(self, model: Idea | Guideline) -> tuple[Problem, ...]:
        """The placeholders an idea or guideline still holds, in the order of their lines; always none outside a preview."""
        return self.placeholders.get(model.source.display, ())

    @property
    def feed_refs(self) -> tuple[FeedRef, ...]:
        return (*(f.ref for f in self.idea_feeds), self.charter_feed)

    def absolute(self, url: str) -> str:
        """A site-relative URL made absolute against the base URL."""
        return self.config.base_url + url


def idea_url(idea: Idea) -> str:
    return f"ideas/{idea.slug}/"


def guideline_url(guideline: Guideline) -> str:
    return f"charter/{guideline.slug}/"


def source_key(path: Path) -> Path:
    """A source path made normal without asking the filesystem (`a/../b.md` is `b.md`), to match links to files."""
    return Path(os.path.normpath(path))


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link between two site-relative URLs: `ideas/a/` to `topics/b/` is `../../topics/b/`."""
    depth = from_url.count("/")
    return ("../" * depth + to_url) or "./"


def _assets(content: Content, owners: list[tuple[Idea | Guideline, str]]) -> tuple[Asset, ...]:
    """Each file a shown idea or guideline refers to goes next to its page, at the same relative path."""
    known = set(content.assets)
    assets: set[Asset] = set()
    for model, url in owners:
        folder = model.source.path.parent
        for ref in local_references(model):
            source = Path(os.path.normpath(folder / ref))
            if source in known and source.is_relative_to(folder):
                assets.add(Asset(source, url + PurePosixPath(source.relative_to(folder).as_posix()).as_posix()))
    return tuple(sorted(assets, key=lambda a: a.url))


@dataclass(frozen=True, slots=True)
class _Groups:
    """The ideas at `now`, each group newest first (as `content.ideas`), with each idea's status."""

    status: Mapping[int, Status]
    """By `id()` of the idea: comparing frozen models field by field made this quadratic."""
    live: tuple[Idea, ...]
    shown: tuple[Idea, ...]
    """The ideas that get a page: the live ones, and with preview the drafts and scheduled ones too."""
    hidden: tuple[Idea, ...]
    expired: tuple[Idea, ...]

    def of(self, values: Callable[[Idea], Collection[str]], key: str) -> _Groups:
        """The same groups, only the ideas whose `values` hold `key` (and no hidden ones: only the site reports them)."""
        def keep(ideas: tuple[Idea, ...]) -> tuple[Idea, ...]:
            return tuple(i for i in ideas if key in values(i))

        return _Groups(self.status, keep(self.live), keep(self.shown), (), keep(self.expired))


def _groups(content: Content, now: datetime, preview: bool) -> _Groups:
    status = {id(i): i.status(now) for i in content.ideas}
    previewable = (Status.LIVE, Status.DRAFT, Status.SCHEDULED) if preview else (Status.LIVE,)

    def having(keep: Callable[[Status], bool]) -> tuple[Idea, ...]:
        return tuple(i for i in content.ideas if keep(status[id(i)]))

    return _Groups(MappingProxyType(status), having(lambda s: s is Status.LIVE), having(lambda s: s in previewable),
                   having(lambda s: s not in previewable), having(lambda s: s is Status.EXPIRED))


def _feed(ref: FeedRef, groups: _Groups, cap: int, facet: str | None = None, term: Term | None = None,
          lang: str | None = None) -> IdeaFeed:
    return IdeaFeed(ref, facet, term, lang, groups.live[:cap], feed_updated(groups.live[:cap], groups.expired))


def _facet_pages(config: SiteConfig, groups: _Groups) -> tuple[list[IdeaFeed], list[Page]]:
    """A feed and a page for every term of every facet, whether or not anything is live: addresses are for ever."""
    words, feeds, pages = config.words, [], []
    for facet in FACETS:
        noun = words.plural(facet.word_key, 1)
        for key, term in config.vocabulary(facet).terms.items():
            mine, url = groups.of(facet.values, key), facet.url(key)
            # Feeds and term pages are chrome: the term's words in the site's language.
            label = term.label_in(config.lang)
            ref = FeedRef(f"{facet.key}/{key}", words("plan.feed.facet.title", facet=noun, term=label,
                                                      site=config.name),
                          words("plan.feed.facet.description", facet=noun, term=label,
                                description=term.description_in(config.lang)).strip(), url)
            feeds.append(_feed(ref, mine, config.feed_items, facet.key, term, key if facet.single else None))
            # A term page is chrome, in the site's language (its title and words); its cards mark their own.
            title = words("plan.page.facet", facet=words.plural(facet.title_key, 1), term=label)
            pages.append(Page(PageKind.FACET, url, title, config.lang, ideas=mine.shown, facet=facet.key, term=term,
                              feeds=(ref,)))
    return feeds, pages


def _pages(content: Content, config: SiteConfig, groups: _Groups, all_ref: FeedRef, charter_ref: FeedRef,
           facet_pages: list[Page]) -> tuple[Page, ...]:
    """Every page, in the site's order: home, charter and guidelines, ideas, term pages, subscribe, 404."""
    words, all_refs = config.words, (all_ref,)

    def preview_status(idea: Idea) -> Status | None:
        return None if groups.status[id(idea)] is Status.LIVE else groups.status[id(idea)]

    return (
        Page(PageKind.HOME, "", config.name, config.lang, ideas=groups.shown[:6], feeds=all_refs),
        Page(PageKind.CHARTER, "charter/", words("plan.page.charter"), config.lang, feeds=(charter_ref,)),
        *(Page(PageKind.GUIDELINE, guideline_url(g), g.title, g.lang, guideline=g) for g in content.guidelines),
        Page(PageKind.IDEAS, "ideas/", words("plan.page.ideas"), config.lang, ideas=groups.shown, feeds=all_refs),
        *(Page(PageKind.IDEA, idea_url(i), i.title, i.lang, idea=i, status=preview_status(i)) for i in groups.shown),
        *facet_pages,
        Page(PageKind.SUBSCRIBE, "subscribe/", words("plan.page.subscribe"), config.lang),
        Page(PageKind.NOT_FOUND, "404.html", words("plan.page.not_found"), config.lang),
    )


def _event_feeds(config: SiteConfig, groups: _Groups, now: datetime) -> tuple[EventFeed, ...]:
    upcoming = tuple(sorted((i for i in groups.live if i.event and i.event.last_instant > now),
                            key=lambda i: (i.event.start, i.slug)))  # type: ignore[union-attr]
    words = config.words
    feeds = [EventFeed(EVENTS_PATH, words("plan.events.title", site=config.name), upcoming)]
    for key, term in config.topics.terms.items():
        title = words("plan.events.topic.title", term=term.label_in(config.lang), site=config.name)
        feeds.append(EventFeed(topic_events_path(key), title,
                               tuple(i for i in upcoming if key in i.topics)))
    return tuple(feeds)


def make_plan(content: Content, config: SiteConfig, now: datetime, *, preview: bool = False,
              placeholders: Mapping[str, tuple[Problem, ...]] | None = None) -> SitePlan:
    """Decide every page and feed at `now`. With preview, drafts and scheduled ideas get pages too, and the
    `placeholders` of each file (see `SitePlan.placeholders`) are kept for its banner; without, they are dropped."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    groups, words = _groups(content, now, preview), config.words
    all_ref = FeedRef("ideas", words("plan.feed.all.title", site=config.name), words("plan.feed.all.description"),
                      "ideas/")
    charter_ref = FeedRef("charter", words("plan.feed.charter.title", site=config.name),
                          words("plan.feed.charter.description"), "charter/")
    facet_feeds, facet_pages = _facet_pages(config, groups)
    pages = _pages(content, config, groups, all_ref, charter_ref, facet_pages)
    changes = tuple(sorted((g for g in content.guidelines if g.updated and g.updated <= now),
                           key=lambda g: (g.updated, g.slug), reverse=True))
    owners: list[tuple[Idea | Guideline, str]] = [(i, idea_url(i)) for i in groups.shown]
    owners += [(g, guideline_url(g)) for g in content.guidelines]
    return SitePlan(
        config=config, now=now, preview=preview, pages=pages,
        idea_feeds=(_feed(all_ref, groups, config.feed_items), *facet_feeds), charter_feed=charter_ref,
        charter_changes=changes, assets=_assets(content, owners), live_ideas=groups.live,
        guidelines=content.guidelines, hidden_ideas=groups.hidden,
        placeholders=MappingProxyType(dict(placeholders or {}) if preview else {}),
        event_feeds=_event_feeds(config, groups, now),
        source_urls=MappingProxyType({
            source_key((p.idea or p.guideline).source.path): p.url  # type: ignore[union-attr]
            for p in pages if p.idea or p.guideline
        }),
    )


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
    json_url: str


def _outline(plan: SitePlan, ref: FeedRef, group: str, label: str | None, about: str, lang: str) -> Outline:
    return Outline(ref, group, label, about or ref.description, lang, plan.absolute(ref.rss_path), plan.absolute(ref.atom_path),
                   plan.absolute(ref.page_url), plan.absolute(ref.json_path))


def feed_outlines(plan: SitePlan) -> tuple[Outline, ...]:
    """Every feed of the plan in the subscribe page's order: all ideas, the charter, then by facet."""
    site = plan.config.lang  # the subscribe page and the OPML file are chrome, in the site's language
    outlines = [_outline(plan, f.ref, f.facet or "ideas", f.term.label_in(site) if f.term else None,
                         f.term.description_in(site) if f.term else "", f.lang or site) for f in plan.idea_feeds]
    outlines.insert(1, _outline(plan, plan.charter_feed, "charter", None, "", plan.config.lang))
    return tuple(outlines)


def subscribe_all_outlines(plan: SitePlan) -> tuple[Outline, ...]:
    """What `feeds/all.opml` lists: all ideas and the charter, whose items no other feed of the file repeats."""
    return tuple(o for o in feed_outlines(plan) if o.group in ("ideas", "charter"))
