"""The feeds: RSS 2.0 and Atom per facet value, the charter's changes and an OPML, from the plan."""

from __future__ import annotations

from hub.plan import SitePlan


def feed_files(plan: SitePlan) -> dict[str, bytes]:
    """Every feed file of the plan, by site-relative path (filled in by the feeds issue)."""
    return {}
