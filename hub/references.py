"""Files a guideline or idea refers to by a relative path: images, attachments, other Markdown pages."""

from __future__ import annotations

import re
from urllib.parse import unquote

from hub.models import Guideline, Idea

_REFERENCE = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)|^\s*\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?\s*$",
                        re.MULTILINE)
_NOT_LOCAL = re.compile(r"^([a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)


def local_references(model: Idea | Guideline) -> set[str]:
    """Relative paths in a body (Markdown links and images, raw HTML src/href) and an idea's `image`."""
    refs = {next(g for g in m.groups() if g) for m in _REFERENCE.finditer(model.body)}
    if isinstance(model, Idea) and model.image:
        refs.add(model.image)
    return {unquote(r.split("#", 1)[0].split("?", 1)[0]) for r in refs if not _NOT_LOCAL.match(r)} - {""}
