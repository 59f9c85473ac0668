"""MkDocs hooks for a staged hub project: each page's body is hub's finished HTML, so it skips Markdown."""

from __future__ import annotations

from typing import Any

_bodies: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Keep the page's HTML aside and give Python-Markdown nothing to parse (it would only re-read it)."""
    _bodies[page.file.src_uri] = markdown
    return ""


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Hand the theme hub's HTML, as it was staged."""
    return _bodies.pop(page.file.src_uri)
