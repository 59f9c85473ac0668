"""What each planned page says, as engine-neutral HTML: both engines wrap the same fragment."""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from urllib.parse import quote

from hub.markup import image, inline, render
from hub.models import Guideline, Idea, Sensitivity, Status
from hub.plan import (
    FACET_NAMES,
    FACETS,
    FeedRef,
    Page,
    PageKind,
    SitePlan,
    facet_url,
    guideline_url,
    idea_url,
    relative_url,
)
from hub.subscribe import subscribe_html


def _day(moment: datetime, plan: SitePlan) -> str:
    local = moment.astimezone(plan.config.timezone)
    return f'<time datetime="{local.isoformat()}">{local:%Y-%m-%d}</time>'


def _lang_attr(lang: str, plan: SitePlan) -> str:
    return f' lang="{escape(lang)}"' if lang != plan.config.lang else ""


def _is_relative(href: str) -> bool:
    return not re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", href, re.IGNORECASE)


def body_html(plan: SitePlan, model: Idea | Guideline, from_url: str) -> str:
    """A guideline's or idea's body as HTML; links to other Markdown files point at their pages.

    A guideline's body sits under the page title (its headings start at h2), an idea's under
    its "Context" heading (they start at h3).
    """
    def rewrite(href: str) -> str | None:
        if not _is_relative(href):
            return href
        path, _, fragment = href.partition("#")
        if not path.lower().endswith(".md"):
            return href
        target = plan.source_urls.get((model.source.path.parent / path).resolve())
        if target is None:
            return None  # a page that is not published (yet): keep the words, drop the link
        return relative_url(from_url, target) + (f"#{fragment}" if fragment else "")

    key = (model.source.path, from_url)
    if key not in plan.rendered:
        plan.rendered[key] = render(model.body, rewrite, top_heading=3 if isinstance(model, Idea) else 2)
    return plan.rendered[key]


class PageWriter:
    """Writes the HTML of one page; every link is relative to that page, so sub-paths work."""

    def __init__(self, plan: SitePlan, page: Page) -> None:
        self.plan = plan
        self.page = page

    def href(self, url: str) -> str:
        if self.page.kind is PageKind.NOT_FOUND:
            # The 404 page is served at any address: link from the site's root path.
            return escape(self.plan.config.base_path + url)
        return escape(relative_url(self.page.url, url))

    def term_links(self, idea: Idea, facet: str) -> str:
        keys = (idea.lang,) if facet == "languages" else getattr(idea, facet)
        terms = {"topics": self.plan.config.topics, "audiences": self.plan.config.audiences,
                 "channels": self.plan.config.channels, "languages": self.plan.config.languages}[facet]
        return ", ".join(f'<a href="{self.href(facet_url(facet, k))}">{escape(terms.label(k))}</a>' for k in keys)

    def feed_links(self, refs: tuple[FeedRef, ...]) -> str:
        if not refs:
            return ""
        items = "".join(
            f'<li>{escape(ref.title)}: <a href="{self.href(ref.atom_path)}" type="application/atom+xml">Atom feed</a>'
            f' · <a href="{self.href(ref.rss_path)}" type="application/rss+xml">RSS feed</a></li>'
            for ref in refs
        )
        return (f'<aside class="hub-feeds" aria-label="Feeds for this page"><p><strong>Follow in your feed reader</strong>'
                f' (<a href="{self.href("subscribe/")}">how</a>):</p><ul>{items}</ul></aside>')

    def card(self, idea: Idea, level: int = 2) -> str:
        flag = ""
        if idea.sensitivity is not Sensitivity.OPEN:
            flag = f' <span class="hub-flag hub-flag--{idea.sensitivity}">{_SENSITIVITY_SHORT[idea.sensitivity]}</span>'
        status = idea.status(self.plan.now)
        if status is not Status.LIVE:
            flag += f' <span class="hub-flag hub-flag--preview">Preview: {status}</span>'
        return (
            f'<article class="hub-card"{_lang_attr(idea.lang, self.plan)}>'
            f'<h{level}><a href="{self.href(idea_url(idea))}">{escape(idea.title)}</a></h{level}>'
            f'<p class="hub-meta">{_day(idea.date, self.plan)} · {self.term_links(idea, "topics")}{flag}</p>'
            f"<p>{inline(idea.summary)}</p></article>"
        )

    def cards(self, ideas: tuple[Idea, ...], level: int = 2) -> str:
        if not ideas:
            return '<p class="hub-empty">No ideas here right now. New ones appear as they are published.</p>'
        return '<div class="hub-cards">' + "".join(self.card(i, level) for i in ideas) + "</div>"

    # One method per page kind.

    def home(self) -> str:
        config = self.plan.config
        charter = "".join(
            f'<li><a href="{self.href(guideline_url(g))}">{escape(g.title)}</a>'
            + (f" — {inline(g.summary)}" if g.summary else "") + "</li>"
            for g in self.plan.guidelines
        )
        return (
            f'<p class="hub-lead">{escape(config.description)}</p>'
            '<p>Everything here is optional. The <a href="' + self.href("charter/") + '">charter</a> says how we '
            "take part; the ideas are starting points you may use, adapt or ignore. Nobody tracks who posts what.</p>"
            f'<h2>Newest ideas</h2>{self.cards(self.page.ideas, 3)}'
            f'<p><a href="{self.href("ideas/")}">All ideas, and browse by topic, audience, language or channel</a></p>'
            f"<h2>The charter</h2><ol>{charter}</ol>"
            f'<h2>Subscribe</h2><p>Get new ideas in your own feed reader: all of them, or only the topics you care about. '
            f'<a href="{self.href("subscribe/")}">Choose your feeds</a>.</p>'
        )

    def charter(self) -> str:
        items = "".join(
            f'<li><a href="{self.href(guideline_url(g))}">{escape(g.title)}</a>'
            + (f"<br>{inline(g.summary)}" if g.summary else "") + "</li>"
            for g in self.plan.guidelines
        )
        changes = "".join(
            f'<li>{_day(g.updated, self.plan)}: <a href="{self.href(guideline_url(g))}">{escape(g.title)}</a>'
            + (f" — {inline(g.changes)}" if g.changes else "") + "</li>"
            for g in self.plan.charter_changes if g.updated
        )
        recent = f"<h2>What changed recently</h2><ul>{changes}</ul>" if changes else ""
        return (
            "<p>How we take part in social media: in our own words, on our own accounts, with a few things we all "
            "look after together.</p>"
            f'<ol class="hub-charter">{items}</ol>{recent}{self.feed_links(self.page.feeds)}'
        )

    def guideline(self) -> str:
        g = self.page.guideline
        assert g is not None
        lead = f'<p class="hub-lead">{inline(g.summary)}</p>' if g.summary else ""
        updated = (f'<p class="hub-meta">Last changed {_day(g.updated, self.plan)}'
                   + (f": {inline(g.changes)}" if g.changes else "") + "</p>") if g.updated else ""
        body = body_html(self.plan, g, self.page.url)
        return f"<div{_lang_attr(g.lang, self.plan)}>{lead}{body}</div>{updated}"

    def ideas(self) -> str:
        browse = []
        for facet in FACETS:
            links = [p for p in self.plan.pages if p.kind is PageKind.FACET and p.facet == facet]
            if links:
                items = "".join(f'<li><a href="{self.href(p.url)}">{escape(p.term.label if p.term else p.title)}</a>'
                                f" ({len(p.ideas)})</li>" for p in links)
                browse.append(f"<h3>By {FACET_NAMES[facet]}</h3><ul class=\"hub-terms\">{items}</ul>")
        return (
            "<p>Story ideas, newest first. Each gives context, facts and sources, and a few angles: "
            "ways in, never a post to copy. Use one, adapt it, or ignore them all.</p>"
            + self.feed_links(self.page.feeds)
            + f'<nav aria-label="Browse ideas"><h2>Browse</h2>{"".join(browse)}</nav>'
            + f"<h2>All ideas</h2>{self.cards(self.page.ideas, 3)}"
        )

    def facet(self) -> str:
        term = self.page.term
        description = f'<p class="hub-lead">{escape(term.description)}</p>' if term and term.description else ""
        return description + self.feed_links(self.page.feeds) + self.cards(self.page.ideas)

    def idea(self) -> str:
        idea = self.page.idea
        assert idea is not None
        parts = [self.preview_banner(idea), self.sensitivity_banner(idea),
                 f'<p class="hub-lead">{inline(idea.summary)}</p>', self.idea_meta(idea),
                 *self.idea_sections(idea), self.compose(idea)]
        return f'<div class="hub-idea"{_lang_attr(idea.lang, self.plan)}>' + "".join(parts) + "</div>"

    def idea_sections(self, idea: Idea) -> list[str]:
        """What an idea offers, in reading order; its page and its feed items both show exactly this."""
        parts = []
        if idea.image:
            parts.append(f'<p class="hub-image">{image(idea.image)}</p>')
        parts.append("<h2>Angles: ways in</h2><p>Pick one that matches your own experience, or find your own. "
                     "Write in your own words.</p><ul class=\"hub-angles\">"
                     + "".join(f"<li>{inline(a)}</li>" for a in idea.angles) + "</ul>")
        if idea.facts:
            parts.append("<h2>Facts you can cite</h2><ul>" + "".join(f"<li>{inline(f)}</li>" for f in idea.facts) + "</ul>")
        parts.append(f'<h2>Context</h2><div class="hub-body">{body_html(self.plan, idea, idea_url(idea))}</div>')
        if idea.links:
            parts.append("<h2>Sources</h2><ul>" + "".join(
                f'<li><a href="{escape(link.url)}">{escape(link.title)}</a></li>' for link in idea.links) + "</ul>")
        parts.append(self.reread(idea))
        return parts

    def preview_banner(self, idea: Idea) -> str:
        status = self.page.status
        if status is None:
            return ""
        text = ("Draft: not published. Only this preview shows it." if status is Status.DRAFT
                else f"Scheduled: goes live on {idea.date.astimezone(self.plan.config.timezone):%Y-%m-%d %H:%M}. "
                     "Only this preview shows it.")
        return f'<p class="hub-banner hub-banner--preview" role="note"><strong>Preview.</strong> {text}</p>'

    def sensitivity_banner(self, idea: Idea) -> str:
        if idea.sensitivity is Sensitivity.CARE:
            refs = ", ".join(f'<a href="{self.href(f"charter/{s}/")}">{escape(self._guideline_title(s))}</a>'
                             for s in idea.guidelines)
            return (f'<div class="hub-banner hub-banner--care" role="note"><p><strong>Sensitivity: take care.</strong> '
                    f"Before you post, re-read {refs}.</p></div>")
        if idea.sensitivity is Sensitivity.ASK:
            return (f'<div class="hub-banner hub-banner--ask" role="note"><p><strong>Sensitivity: ask first.</strong> '
                    f"This touches a regulated or sensitive subject. Talk to {inline(idea.contact)} before you post; "
                    "they will help you say what you want to say.</p></div>")
        return ('<p class="hub-banner hub-banner--open"><strong>Sensitivity: open.</strong> '
                "Share freely, in your own words.</p>")

    def idea_meta(self, idea: Idea) -> str:
        rows = [("Published", _day(idea.date, self.plan))]
        if idea.expires:
            rows.append(("Until", _day(idea.expires, self.plan)))
        for facet in ("topics", "audiences", "channels", "languages"):
            if facet == "languages" or getattr(idea, facet):
                rows.append((FACET_NAMES[facet].capitalize() + ("s" if facet != "languages" else ""),
                             self.term_links(idea, facet)))
        if idea.contact:
            rows.append(("Contact", inline(idea.contact)))
        return '<dl class="hub-facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"

    def _guideline_title(self, slug: str) -> str:
        return next((g.title for g in self.plan.guidelines if g.slug == slug), slug)

    def reread(self, idea: Idea) -> str:
        if not idea.guidelines:
            return ""
        items = "".join(f'<li><a href="{self.href(f"charter/{s}/")}">{escape(self._guideline_title(s))}</a></li>'
                        for s in idea.guidelines)
        return f"<h2>Before you post, re-read</h2><ul>{items}</ul>"

    def compose(self, idea: Idea) -> str:
        if not idea.links:
            return ""
        url = idea.links[0].url
        items = []
        for key in idea.channels:
            term = self.plan.config.channels.terms[key]
            if term.compose:
                target = term.compose.replace("{url}", quote(url, safe=""))
                items.append(f'<li><a href="{escape(target)}">Write your own post on {escape(term.label)}</a></li>')
        if not items:
            return ""
        return ("<h2>Write your own post</h2><p>These open an empty composer with only the source link: "
                "the words are yours.</p><ul>" + "".join(items) + "</ul>")

    def not_found(self) -> str:
        return (f'<p>There is no page at this address. The idea may have expired, or the link may be mistyped.</p>'
                f'<p><a href="{self.href("")}">Home</a> · <a href="{self.href("ideas/")}">All ideas</a> · '
                f'<a href="{self.href("charter/")}">The charter</a></p>')

    def subscribe(self) -> str:
        return subscribe_html(self.plan, self.href)

    def html(self) -> str:
        method = {
            PageKind.HOME: self.home, PageKind.CHARTER: self.charter, PageKind.GUIDELINE: self.guideline,
            PageKind.IDEAS: self.ideas, PageKind.IDEA: self.idea, PageKind.FACET: self.facet,
            PageKind.SUBSCRIBE: self.subscribe, PageKind.NOT_FOUND: self.not_found,
        }[self.page.kind]
        return method()


_SENSITIVITY_SHORT = {Sensitivity.CARE: "Take care", Sensitivity.ASK: "Ask first"}


def page_html(plan: SitePlan, page: Page) -> str:
    """The page's main content as HTML, without its title (the theme shows the title)."""
    return PageWriter(plan, page).html()


def page_description(page: Page) -> str:
    """One line for `<meta name="description">` and search results."""
    if page.idea:
        return page.idea.summary
    if page.guideline:
        return page.guideline.summary
    if page.term:
        return page.term.description
    return ""
