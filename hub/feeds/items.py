"""What each feed item says: an idea or a charter change as feed-ready fields, no XML yet."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from hub.feeds.html import feed_html, plain_text, xml_text
from hub.models import Guideline, Idea, Link
from hub.plan import SitePlan, guideline_url, idea_url
from hub.render.bodies import Bodies
from hub.render.markup import IMAGE_KEY, inline
from hub.render.pages import Helpers
from hub.render.templates import environment, render_template, words
from hub.render.typography import typeset

CHARTER_NAMESPACE = uuid.UUID("6f1c1f4e-2b7a-5d43-9c1e-8a3b4c5d6e7f")
"""Fixed namespace of the charter items' name-based UUIDs; changing it would repeat every change in readers."""

@dataclass(frozen=True, slots=True)
class Category:
    """A topic as a feed category: its key, label, and the URL of the vocabulary."""

    term: str
    label: str
    scheme: str


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item, the same in RSS and Atom; every text is XML-safe and every URL absolute."""

    guid: str
    title: str
    link: str
    published: datetime
    updated: datetime
    lang: str
    summary: str
    """Plain text."""
    content: str
    """Sanitized HTML with absolute URLs."""
    categories: tuple[Category, ...] = ()
    """No author: an idea's contact is whom to ask, not who wrote it; the content names the contact, as the page does."""


def _clean_idea(idea: Idea) -> Idea:
    """The idea's texts without XML-illegal characters, before any Markdown or HTML tool sees them."""
    return replace(
        idea, title=xml_text(idea.title), summary=xml_text(idea.summary), body=xml_text(idea.body),
        contact=xml_text(idea.contact), angles=tuple(map(xml_text, idea.angles)), facts=tuple(map(xml_text, idea.facts)),
        links=tuple(Link(xml_text(link.title), xml_text(link.url)) for link in idea.links),
        image=xml_text(idea.image) if idea.image else None,
    )


def _clean_guideline(guideline: Guideline) -> Guideline:
    return replace(guideline, title=xml_text(guideline.title), summary=xml_text(guideline.summary),
                   changes=xml_text(guideline.changes), body=xml_text(guideline.body))


def idea_guid(idea: Idea) -> str:
    """The idea's GUID: from its `id` only, so no rename, retitle, redate or engine switch changes it."""
    return f"urn:uuid:{uuid.UUID(idea.id)}"


def change_guid(guideline: Guideline) -> str:
    """A charter change's GUID: stable for one guideline and one change day (a same-day fix updates the item)."""
    assert guideline.updated is not None
    return f"urn:uuid:{uuid.uuid5(CHARTER_NAMESPACE, f'{guideline.slug}/{guideline.updated.date().isoformat()}')}"


def idea_content(idea: Idea, plan: SitePlan, bodies: Bodies | None = None) -> str:
    """The item's full HTML: the sensitivity first (for care and ask), the summary, then what the page shows; its
    body from the build's `bodies` of `plan` (default: rendered for this item alone, without the render cache)."""
    page = plan.absolute(idea_url(idea))
    helpers = Helpers(plan, idea_url(idea), idea.lang, bodies=bodies)
    html = typeset(render_template(environment(plan.config, idea.lang), "feed/idea.html",
                                   **helpers.context(idea=idea, page_url=page, in_feed=True)), idea.lang)
    # The page's links are relative to the page: made absolute against it, they hold anywhere.
    return feed_html(html, page)


def idea_item(idea: Idea, plan: SitePlan, bodies: Bodies | None = None) -> FeedItem:
    """An idea as a feed item (its body from the build's `bodies`, as in `idea_content`)."""
    idea = _clean_idea(idea)
    config = plan.config
    scheme = plan.absolute("topics/")
    return FeedItem(
        guid=idea_guid(idea),
        title=idea.title,
        link=plan.absolute(idea_url(idea)),
        published=idea.date,
        updated=idea.updated or idea.date,
        lang=idea.lang,
        summary=plain_text(inline(idea.summary, words(plan.config, idea.lang)(IMAGE_KEY))),
        content=idea_content(idea, plan, bodies),
        # The item is the idea's words: its topics' labels in its language.
        categories=tuple(Category(k, xml_text(config.topics.terms[k].label_in(idea.lang)), scheme)
                         for k in idea.topics),
    )


def change_item(guideline: Guideline, plan: SitePlan, bodies: Bodies | None = None) -> FeedItem:
    """A change to a charter page as a feed item (its body from the build's `bodies`, as in `idea_content`)."""
    updated = guideline.updated
    assert updated is not None
    guideline = _clean_guideline(guideline)
    page = plan.absolute(guideline_url(guideline))
    helpers = Helpers(plan, guideline_url(guideline), guideline.lang, bodies=bodies)
    content = typeset(render_template(environment(plan.config, guideline.lang), "feed/change.html",
                                      **helpers.context(guideline=guideline, page_url=page)), guideline.lang)
    text = words(plan.config, guideline.lang)
    return FeedItem(
        guid=change_guid(guideline),
        title=text("feed.change.title", title=guideline.title),
        link=page,
        published=updated,
        updated=updated,
        lang=guideline.lang,
        summary=plain_text(inline(guideline.changes or guideline.summary or text("feed.change.default"), text(IMAGE_KEY))),
        content=feed_html(content, page),
    )
