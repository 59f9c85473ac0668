"""Bodies of ideas and guidelines as HTML, rendered once per build for the pages and feed items that show them."""

from __future__ import annotations

import re
import weakref

from hub.content.references import references
from hub.models import Guideline, Idea
from hub.plan import SitePlan, relative_url, source_key
from hub.render import cache
from hub.render.markup import sanitize, to_html

_CACHES: dict[int, dict[tuple[str, str], str]] = {}
"""One memo per live plan (by identity), dropped when the plan is: the plan itself holds no cache."""


def _is_relative(href: str) -> bool:
    return not re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", href, re.IGNORECASE)


def _memo(plan: SitePlan) -> dict[tuple[str, str], str]:
    key = id(plan)
    if key not in _CACHES:
        _CACHES[key] = {}
        weakref.finalize(plan, _CACHES.pop, key, None)
    return _CACHES[key]


def remembered(plan: SitePlan) -> dict[tuple[str, str], str]:
    """The bodies rendered so far for this plan, by (source path, page URL)."""
    return _memo(plan)


def remember(plan: SitePlan, rendered: dict[tuple[str, str], str]) -> None:
    """Bodies rendered for this plan elsewhere (by another process), to be reused here."""
    _memo(plan).update(rendered)


def _link_targets(plan: SitePlan, model: Idea | Guideline) -> list[tuple[str, str | None]]:
    """Each Markdown file the body links to, with the URL of its page in this plan (or None)."""
    folder = model.source.path.parent
    paths = {ref.path for ref in references(model) if ref.path and ref.path.lower().endswith(".md")}
    return sorted((path, plan.source_urls.get(source_key(folder / path))) for path in paths)


def body_html(plan: SitePlan, model: Idea | Guideline, from_url: str) -> str:
    """A guideline's or idea's body as HTML; links to other Markdown files point at their pages.

    A guideline's body sits under the page title (its headings start at h2), an idea's under
    its "Context" heading (they start at h3). A link to a file that gets no page keeps its words, not its link.
    """
    def rewrite(href: str) -> str | None:
        if not _is_relative(href):
            return href
        path, _, fragment = href.partition("#")
        if not path.lower().endswith(".md"):
            return href
        target = plan.source_urls.get(source_key(model.source.path.parent / path))
        if target is None:
            return None
        return relative_url(from_url, target) + (f"#{fragment}" if fragment else "")

    memo = _memo(plan)
    key = (model.source.path.as_posix(), from_url)
    if key not in memo:
        top = 3 if isinstance(model, Idea) else 2
        if not cache.enabled():
            memo[key] = sanitize(to_html(model.body, rewrite, top_heading=top))
            return memo[key]
        # The body's own links to other Markdown files, and where each leads now (None: to no page): an idea
        # going live or expiring misses only the bodies that link to it, so a daily deploy keeps the rest.
        targets = _link_targets(plan, model)
        digest = cache.key(model.body, str(top), key[0], from_url, repr(targets))
        folder = cache.cache_dir(plan.config.root)
        html = cache.load(folder, digest)
        if html is None:
            html = to_html(model.body, rewrite, top_heading=top)
            cache.store(folder, digest, html)
        # Sanitized after the cache, on every read: what is on disk is trusted no more than content.
        memo[key] = sanitize(html)
    return memo[key]
