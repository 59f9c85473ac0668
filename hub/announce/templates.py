"""The messages' templates (`theme/templates/messages/`), rendered with the theme's shared environment and words.

The messages' own filters (each format's escaping, and `clip` for a field's hard limit) sit on an overlay of the
theme's environment: the pages' templates never see them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from hub.announce.escape import card_text, slack_text, ssml_text
from hub.announce.fit import clip
from hub.render.templates import render_template, theme_environment


@cache
def _messages(env: jinja2.Environment) -> jinja2.Environment:
    overlay = env.overlay()
    # A new dict: an overlay shares its parent's (the pages' environment must not gain these filters).
    overlay.filters = {**env.filters, "card": card_text, "slack": slack_text, "ssml": ssml_text, "clip": clip}
    return overlay


def render(theme: Path, name: str, lang: str, **context: Any) -> str:
    """Template `name` of theme/templates/messages/, in `lang` (the words fall back to English key by key)."""
    return render_template(_messages(theme_environment(theme, lang)), f"messages/{name}", lang=lang, **context)
