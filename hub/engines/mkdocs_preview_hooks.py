"""MkDocs events for the preview's kept project: compiled templates kept in memory, and a search index that keeps
the pages a dirty build does not render.

MkDocs makes a new Jinja environment for each build, which compiles every template it renders again (half a second);
the preview gives it a bytecode cache that lives as long as the preview (Jinja checks each template's source against
it, so an edited template is compiled again).

A dirty build renders only the pages whose source changed, so Material's search plugin indexes only those. These
events read the previous index before the build, and afterwards put each page's entries back in the order a full
build writes them (the order of MkDocs' documentation files): the old entries of the pages not rebuilt, the new ones
of those rebuilt, none of the pages gone. After a full build (every page rendered) they change nothing.

`PreviewEvents` is made for one build and added to that build's plugins (hub.engines.mkdocs.run_mkdocs): what it
learns during the build is its own, and goes with it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from jinja2.bccache import BytecodeCache

NAME = "hub-preview"
"""The name of the events among the build's plugins."""


def _index_path(config: Any) -> str:
    return os.path.join(config.site_dir, "search", "search_index.json")


def _read(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _page_of(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]


class PreviewEvents:
    """The preview's MkDocs events for one build, with the preview's compiled templates (`templates`)."""

    def __init__(self, templates: BytecodeCache) -> None:
        self.templates = templates
        self.old: Any = None
        self.built: set[str] = set()
        self.order: list[str] = []

    def on_pre_build(self, config: Any, **_: Any) -> None:
        """Keep the previous index: Material writes the new one over it."""
        self.old = _read(_index_path(config))

    def on_env(self, env: Any, config: Any, files: Any, **_: Any) -> Any:
        env.bytecode_cache = self.templates
        self.order = [f.url for f in files.documentation_pages()]
        return env

    def on_page_context(self, context: Any, page: Any, **_: Any) -> Any:
        self.built.add(page.url)
        return context

    def on_post_build(self, config: Any, **_: Any) -> None:
        """Merge the previous index's entries of the pages not rebuilt into the new index, in a full build's order."""
        old, built, order = self.old, self.built, self.order
        if not isinstance(old, dict) or built >= set(order):
            return
        path = _index_path(config)
        new = _read(path)
        if not isinstance(new, dict):
            return
        groups: dict[str, list[Any]] = {}
        for entry in old.get("docs", []):
            if _page_of(entry) not in built:
                groups.setdefault(_page_of(entry), []).append(entry)
        for entry in new.get("docs", []):
            groups.setdefault(_page_of(entry), []).append(entry)
        new["docs"] = [entry for url in order for entry in groups.get(url, [])]
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(new, separators=(",", ":"), default=str))
