"""What a message says about one idea, as plain values for the templates: no markup, absolute URLs."""

from __future__ import annotations

from dataclasses import dataclass

from hub.feeds.html import plain_text
from hub.models import Idea
from hub.plan import SitePlan, guideline_url, idea_url
from hub.render.markup import IMAGE_KEY, inline
from hub.render.templates import words


@dataclass(frozen=True, slots=True)
class GuidelineLink:
    """A charter page the idea asks readers to re-read."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class IdeaView:
    """One idea as every message shows it: the same words, in the idea's language."""

    id: str
    title: str
    summary: str
    lang: str
    sensitivity: str
    """open, care or ask."""
    contact: str
    guidelines: tuple[GuidelineLink, ...]
    angles: tuple[str, ...]
    url: str
    """The idea's page, absolute; the same for every reader (no tracking parameter)."""
    cut: bool = False
    """True when a message shows less than the whole idea (hub.announce.fit): it then links to the page for the rest."""
    more_angles: int = 0
    """How many angles a shortened message leaves out."""


def _text(markdown: str, image: str) -> str:
    """One line of the idea's Markdown as plain words: messages never carry the content's markup. `image` is the
    word for an image from another host that has no alt text, in the idea's language."""
    return plain_text(inline(markdown, image)) if markdown else ""


def idea_view(idea: Idea, plan: SitePlan) -> IdeaView:
    """The idea's message content, from the plan that decided where its page is."""
    by_slug = {g.slug: g for g in plan.guidelines}
    image = words(plan.config, idea.lang)(IMAGE_KEY)
    links = tuple(GuidelineLink(_text(by_slug[slug].title, image), plan.absolute(guideline_url(by_slug[slug])))
                  for slug in idea.guidelines if slug in by_slug)
    return IdeaView(
        id=idea.id, title=_text(idea.title, image), summary=_text(idea.summary, image), lang=idea.lang,
        sensitivity=idea.sensitivity.value, contact=_text(idea.contact, image), guidelines=links,
        angles=tuple(_text(angle, image) for angle in idea.angles), url=plan.absolute(idea_url(idea)),
    )
