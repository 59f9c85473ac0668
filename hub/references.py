"""Files a guideline or idea refers to by a relative path: images, attachments, other Markdown pages."""

from __future__ import annotations

import re
from urllib.parse import unquote

from hub.models import Guideline, Idea

# Three patterns that each start with a literal, so scanning a long body stays cheap.
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")
"""Markdown links and images: `[text](path)`, `![alt](path)`."""
_ATTRIBUTE = re.compile(r"\b(?:src|href)\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
"""Raw HTML: `<img src="path">`, `<a href="path">`."""
_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?([^\s>]+)>?[ \t]*$", re.MULTILINE)
"""Reference definitions `[name]: path` (footnotes `[^1]: text` are not files)."""
_NOT_LOCAL = re.compile(r"^([a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)


def local_references(model: Idea | Guideline) -> set[str]:
    """Relative paths in a body (Markdown links and images, raw HTML src/href) and an idea's `image`."""
    body = model.body
    refs = set(_INLINE.findall(body)) if "](" in body else set()
    if "=" in body:
        refs.update(_ATTRIBUTE.findall(body))
    if "]:" in body:
        refs.update(_DEFINITION.findall(body))
    if isinstance(model, Idea) and model.image:
        refs.add(model.image)
    return {unquote(r.split("#", 1)[0].split("?", 1)[0]) for r in refs if not _NOT_LOCAL.match(r)} - {""}
