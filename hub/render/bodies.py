"""Bodies of ideas and guidelines as HTML, rendered once per build for the pages and feed items that show them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from hub.content.references import references
from hub.models import Guideline, Idea
from hub.plan import SitePlan, relative_url, source_key
from hub.render import cache
from hub.render.markup import sanitize, to_html

BodyKey = tuple[str, str]
"""A rendered body, by its source path (posix) and the URL of the page or item that shows it."""


def _is_relative(href: str) -> bool:
    return not re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", href, re.IGNORECASE)


class Bodies:
    """The bodies of one plan, each rendered once for every page and feed item of one build that shows it.

    A build makes one (`hub.build.build_site`, each preview build) and passes it to the pages and feed items it
    renders; it dies with the build. `cache` is the render cache's folder (hub.render.cache), or None to neither
    read nor write it (`--no-cache`)."""

    def __init__(self, plan: SitePlan, cache: Path | None = None) -> None:
        self.plan = plan
        self.cache = cache
        self._memo: dict[BodyKey, str] = {}

    def rendered(self) -> Mapping[BodyKey, str]:
        """The bodies rendered so far, by (source path, page URL)."""
        return self._memo

    def remember(self, rendered: Mapping[BodyKey, str]) -> None:
        """Bodies of this plan rendered elsewhere (by another process), to be reused here."""
        self._memo.update(rendered)

    def _link_targets(self, model: Idea | Guideline) -> list[tuple[str, str | None]]:
        """Each Markdown file the body links to, with the URL of its page in this plan (or None)."""
        folder = model.source.path.parent
        paths = {ref.path for ref in references(model) if ref.path and ref.path.lower().endswith(".md")}
        return sorted((path, self.plan.source_urls.get(source_key(folder / path))) for path in paths)

    def html(self, model: Idea | Guideline, from_url: str) -> str:
        """A guideline's or idea's body as HTML; links to other Markdown files point at their pages.

        A guideline's body sits under the page title (its headings start at h2), an idea's under
        its "Context" heading (they start at h3). A link to a file that gets no page keeps its words, not its link.
        """
        plan = self.plan

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

        memo = self._memo
        key = (model.source.path.as_posix(), from_url)
        if key not in memo:
            top = 3 if isinstance(model, Idea) else 2
            if self.cache is None:
                memo[key] = sanitize(to_html(model.body, rewrite, top_heading=top))
                return memo[key]
            # The body's own links to other Markdown files, and where each leads now (None: to no page): an idea
            # going live or expiring misses only the bodies that link to it, so a daily deploy keeps the rest.
            targets = self._link_targets(model)
            digest = cache.key(model.body, str(top), key[0], from_url, repr(targets))
            html = cache.load(self.cache, digest)
            if html is None:
                html = to_html(model.body, rewrite, top_heading=top)
                cache.store(self.cache, digest, html)
            # Sanitized after the cache, on every read: what is on disk is trusted no more than content.
            memo[key] = sanitize(html)
        return memo[key]
