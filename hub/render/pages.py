"""What each planned page says, as engine-neutral HTML from the theme's templates: both engines wrap the same fragment."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from markupsafe import Markup, escape

from hub.config import Term
from hub.content.references import references
from hub.facets import FACETS
from hub.models import Event, Guideline, Idea
from hub.plan import (
    EVENTS_PATH,
    OPML_PATH,
    Page,
    PageKind,
    SitePlan,
    event_url,
    feed_outlines,
    guideline_url,
    idea_url,
    relative_url,
    source_key,
    topic_events_path,
)
from hub.render.bodies import Bodies
from hub.render.markup import IMAGE_KEY, inline, with_words
from hub.render.subscribe import DOWNLOAD_NAME, SCRIPT_URL, STYLE_URL
from hub.render.templates import environment, render_template, words
from hub.render.typography import typeset

_ADDRESS = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}(?![\w@-])")
"""A plain email address (ASCII, no quoting): only such an address becomes a `mailto:` link."""

def _inline_keeping_spaces(text: str, word: str) -> Markup:
    """A piece of one line as inline HTML, with the spaces at its ends kept (Markdown drops them)."""
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return Markup(escape(lead) + Markup(inline(core, word) if core else "") + escape(trail))  # noqa: S704 - sanitized


_FIRST = re.compile(r"(?<![\d.])1(?= [^\d\W])")
"""A first day of the month written as `1` before a month's name (`1 avril`): French writes `1er`."""


def french_first(shown: str, day: int, locale: str) -> str:
    """`1 avril 2027` as French writes it, `1er avril 2027`; any other day or language as it is."""
    if day != 1 or locale.split("_")[0].lower() != "fr":
        return shown
    return _FIRST.sub("1er", shown, count=1)


TEMPLATES = {kind: f"pages/{kind.value}.html" for kind in PageKind}
"""One template per page kind, under the theme's `templates/`."""


class Helpers:
    """What templates call to link and date things from one page: every link is relative to it, so sub-paths work."""

    def __init__(self, plan: SitePlan, url: str, lang: str, *, from_root: bool = False,
                 bodies: Bodies | None = None) -> None:
        self.plan = plan
        self.bodies = bodies or Bodies(plan)
        """The build's bodies of `plan` (default: bodies of these helpers alone, without the render cache)."""
        self.url = url
        self.lang = lang
        """The language of the words the templates render, which dates follow ("15 septembre 2026")."""
        self.from_root = from_root
        """For the 404 page, served at any address: links start from the site's root path."""
        self.words = words(plan.config, lang)

    def href(self, url: str) -> str:
        return self.plan.config.base_path + url if self.from_root else relative_url(self.url, url)

    def _locale(self) -> str:
        return self.lang.replace("-", "_")

    def _day_text(self, day: date) -> str:
        return french_first(format_date(day, self.words("date.day"), locale=self._locale()), day.day, self._locale())

    def day(self, moment: datetime) -> Markup:
        """The day in the catalog's format (`date.day`), in a `<time>` whose `datetime` stays ISO."""
        local = moment.astimezone(self.plan.config.timezone)
        return Markup('<time datetime="{}">{}</time>').format(local.isoformat(), self._day_text(local.date()))

    def last_day(self, end: datetime) -> Markup:
        """The last day before the instant `end`: `expires: 2027-04-01` ends at the start of 2 April, and the idea's
        last day live, the one the editor wrote, is 1 April."""
        day = (end - timedelta(microseconds=1)).astimezone(self.plan.config.timezone).date()
        return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), self._day_text(day))

    def minute(self, moment: datetime) -> str:
        """The day and time in the catalog's format (`date.minute`), in the site's time zone."""
        local = moment.astimezone(self.plan.config.timezone)
        shown = format_datetime(local, self.words("date.minute"), tzinfo=local.tzinfo, locale=self._locale())
        return french_first(shown, local.day, self._locale())

    def event_when(self, event: Event) -> Markup:
        """When an event takes place, in the site's timezone: its day or days, or its start and end times."""
        if event.all_day:
            first = self.last_day(event.start + timedelta(days=1))
            last = self.last_day(event.end or event.start + timedelta(days=1))
            return first if last == first else Markup("{} – {}").format(first, last)
        start = event.start.astimezone(self.plan.config.timezone)
        shown = Markup('<time datetime="{}">{}</time>').format(start.isoformat(), self.minute(start))
        if event.end is None:
            return shown
        end = event.end.astimezone(self.plan.config.timezone)
        until = (format_datetime(end, self.words("date.time"), tzinfo=end.tzinfo, locale=self._locale())
                 if end.date() == start.date() else self.minute(end))
        return Markup('{} – <time datetime="{}">{}</time>').format(shown, end.isoformat(), until)

    def body(self, model: Idea | Guideline, from_url: str) -> Markup:
        return Markup(with_words(self.bodies.html(model, from_url), self.words(IMAGE_KEY)))  # noqa: S704 - sanitized by hub.render.markup

    def contact(self, text: str) -> Markup:
        """The contact as inline HTML, its first email address a `mailto:` link (unless the text links it already)."""
        word = self.words(IMAGE_KEY)
        html = inline(text, word)
        match = _ADDRESS.search(text)
        if match is None or "<a " in html or "<code" in html:
            return Markup(html)  # noqa: S704 - sanitized by hub.render.markup
        address = match.group(0)
        link = Markup('<a href="mailto:{}">{}</a>').format(address, address)
        return _inline_keeping_spaces(text[: match.start()], word) + link + _inline_keeping_spaces(text[match.end():], word)

    def guideline_title(self, slug: str) -> str:
        return next((g.title for g in self.plan.guidelines if g.slug == slug), slug)

    def guideline_lang(self, slug: str) -> str:
        return next((g.lang for g in self.plan.guidelines if g.slug == slug), self.plan.config.lang)

    def lang_attr(self, lang: str, around: str | None = None) -> Markup:
        """` lang="…"` where the language changes from the one around (the site's, unless told), else nothing."""
        return Markup(' lang="{}"').format(lang) if lang != (around or self.plan.config.lang) else Markup("")

    def label(self, term: Term) -> str:
        """A term's label in the language of the words around it (the page's, or the idea's on its page and item)."""
        return term.label_in(self.lang)

    def about(self, term: Term) -> str:
        """A term's description, in the same language as `label`."""
        return term.description_in(self.lang)

    def compose_links(self, idea: Idea) -> list[tuple[Term, str]]:
        """Each of the idea's channels that has a composer, with its URL holding the first source's link only."""
        if not idea.links:
            return []
        url = quote(idea.links[0].url, safe="")
        terms = (self.plan.config.channels.terms[key] for key in idea.channels)
        return [(term, term.compose.replace("{url}", url)) for term in terms if term.compose]

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names every template sees."""
        return {
            "plan": self.plan, "config": self.plan.config, "facets": FACETS, "href": self.href, "day": self.day,
            "minute": self.minute, "last_day": self.last_day, "event_when": self.event_when,
            "event_url": event_url, "topic_events_path": topic_events_path,
            "body": self.body, "guideline_title": self.guideline_title,
            "guideline_lang": self.guideline_lang, "lang_attr": self.lang_attr,
            "compose_links": self.compose_links, "contact": self.contact, "idea_url": idea_url,
            "label": self.label, "about": self.about,
            "guideline_url": guideline_url, **extra,
        }


def page_html(plan: SitePlan, page: Page, bodies: Bodies | None = None) -> str:
    """The page's main content as HTML, without its title (the theme shows the title); its bodies come from the
    build's `bodies` of `plan` (default: rendered for this page alone, without the render cache)."""
    # An idea's page is its content region, in its language; every other page's words are the site's (a guideline
    # in another language marks its own text).
    lang = page.idea.lang if page.idea else plan.config.lang
    env = environment(plan.config, lang)
    helpers = Helpers(plan, page.url, lang, from_root=page.kind is PageKind.NOT_FOUND, bodies=bodies)
    extra: dict[str, Any] = {}
    if page.kind is PageKind.SUBSCRIBE:
        extra = {"outlines": feed_outlines(plan), "opml_path": OPML_PATH, "style_url": STYLE_URL,
                 "script_url": SCRIPT_URL, "download_name": DOWNLOAD_NAME,
                 "events_path": EVENTS_PATH}
    html = render_template(env, TEMPLATES[page.kind], **helpers.context(page=page, **extra))
    # The fragment is in the site's language; a part in another one (an idea) carries its own lang attribute.
    return typeset(html, plan.config.lang)


def linked_files(model: Idea | Guideline) -> frozenset[Path]:
    """The Markdown files a body links to, as normalised paths (`hub.plan.source_key`): what its links depend on."""
    folder = model.source.path.parent
    return frozenset(source_key(folder / ref.path) for ref in references(model)
                     if ref.path and ref.path.lower().endswith(".md"))


def body_links(plan: SitePlan, model: Idea | Guideline,
               link_targets: Callable[[Idea | Guideline], frozenset[Path]] = linked_files) -> tuple[Any, ...]:
    """Where each Markdown file a body links to leads in this plan (None: to no page): with the body itself, all
    that its HTML depends on besides the configuration."""
    return tuple(sorted((t.as_posix(), plan.source_urls.get(t)) for t in link_targets(model)))


def page_input(plan: SitePlan, page: Page,
               link_targets: Callable[[Idea | Guideline], frozenset[Path]] = linked_files) -> Any:
    """Everything `page_html` and `page_description` read for this page, as one frozen, hashable value: two pages
    with equal inputs render the same bytes, so a rebuild renders again only the pages whose input changed.

    Besides it, a page reads what is the same for the whole build: the configuration, the theme and the guidelines
    (`guideline_title`, home, charter; a rebuild whose configuration, theme or guidelines changed renders every
    page). What the templates read from the plan, kind by kind: every card's status at `now` and the placeholders
    still in it (partials/card.html), the page's own model's placeholders and where each Markdown file its body
    links to leads now (`body`), the charter's changes, the facet pages the ideas page links to with their counts,
    the feeds the subscribe page lists. A template that starts reading something else from the plan adds it
    here; tests/test_serve_differential.py compares the preview with a fresh build to catch a missing one.
    `link_targets` gives the Markdown files a body links to (`linked_files`, or a memo of it).
    """
    shown = page.ideas if page.idea is None else (page.idea, *page.ideas)
    cards = tuple((i.status(plan.now), plan.still_to_write(i)) for i in shown)
    model = page.idea or page.guideline
    own: Any = () if model is None else (plan.still_to_write(model), body_links(plan, model, link_targets))
    kind: Any = ()
    if page.kind is PageKind.CHARTER:
        kind = plan.charter_changes
    elif page.kind is PageKind.IDEAS:
        kind = tuple((p.url, p.title, p.facet, p.term, len(p.ideas)) for p in plan.pages if p.kind is PageKind.FACET)
    elif page.kind is PageKind.SUBSCRIBE:
        kind = feed_outlines(plan)
    return page, plan.preview, cards, own, kind


def page_description(page: Page) -> str:
    """One line for `<meta name="description">` and search results."""
    if page.idea:
        return page.idea.summary
    if page.guideline:
        return page.guideline.summary
    if page.term:
        return page.term.description_in(page.lang)
    return ""
