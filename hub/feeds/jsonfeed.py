"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the same items, ids and order as the RSS and Atom feeds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hub.feeds.items import FeedItem
from hub.plan import FeedRef, SitePlan

VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json"


def _date(moment: datetime) -> str:
    """RFC 3339, with the offset the item was written in (as Atom gives it)."""
    return moment.isoformat(timespec="seconds")


def _item(item: FeedItem) -> dict[str, Any]:
    # Explicit key order, the order the specification lists them: the bytes never depend on a dict's history.
    fields: dict[str, Any] = {"id": item.guid, "url": item.link, "title": item.title, "content_html": item.content}
    if item.summary:
        fields["summary"] = item.summary
    fields["date_published"] = _date(item.published)
    fields["date_modified"] = _date(item.updated)
    if item.categories:
        fields["tags"] = [c.label for c in item.categories]
    fields["language"] = item.lang
    return fields


def json_feed(plan: SitePlan, ref: FeedRef, lang: str, items: Sequence[FeedItem]) -> bytes:
    """One JSON Feed: UTF-8, two-space indent, and `<`, `>`, `&` written as `\\u` escapes, so that no browser or tool
    that sniffs the file can read markup in it (they only ever occur inside strings, where the escape is the same text)."""
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": ref.title,
        "home_page_url": plan.absolute(ref.page_url),
        "feed_url": plan.absolute(ref.json_path),
        "description": ref.description,
        "language": lang,
        "authors": [{"name": plan.config.name}],
        "items": [_item(i) for i in items],
    }
    text = json.dumps(feed, ensure_ascii=False, indent=2, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")
