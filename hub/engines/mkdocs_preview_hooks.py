"""MkDocs hooks for the preview's kept project: compiled templates kept in memory, and a search index that keeps the
pages a dirty build does not render.

MkDocs makes a new Jinja environment for each build, which compiles every template it renders again (half a second);
the preview gives it a bytecode cache that lives as long as the process (Jinja checks each template's source against
it, so an edited template is compiled again).

A dirty build renders only the pages whose source changed, so Material's search plugin indexes only those. This hook
reads the previous index before the build, and afterwards puts each page's entries back in the order a full build
writes them (the order of MkDocs' documentation files): the old entries of the pages not rebuilt, the new ones of
those rebuilt, none of the pages gone. After a full build (every page rendered) it changes nothing.
"""

from __future__ import annotations

import json
import os
from typing import Any

_state: dict[str, Any] = {"old": None, "built": set(), "order": []}


def _index_path(config: Any) -> str:
    return os.path.join(config.site_dir, "search", "search_index.json")


def _read(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def on_pre_build(config: Any, **_: Any) -> None:
    """Keep the previous index: Material writes the new one over it."""
    _state.update(old=_read(_index_path(config)), built=set(), order=[])


def on_env(env: Any, config: Any, files: Any, **_: Any) -> Any:
    from hub.engines.mkdocs_dirty import TEMPLATE_CACHE

    env.bytecode_cache = TEMPLATE_CACHE
    _state["order"] = [f.url for f in files.documentation_pages()]
    return env


def on_page_context(context: Any, page: Any, **_: Any) -> Any:
    _state["built"].add(page.url)
    return context


def _page_of(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]


def on_post_build(config: Any, **_: Any) -> None:
    """Merge the previous index's entries of the pages not rebuilt into the new index, in a full build's order."""
    old, built, order = _state["old"], _state["built"], _state["order"]
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
