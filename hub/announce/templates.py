"""The messages' templates (`theme/templates/messages/`), rendered with the theme's shared environment and words."""

from __future__ import annotations

from typing import Any

from hub.render.templates import render_template, theme_environment
from hub.themes import ThemeDirs


def render(theme: ThemeDirs, name: str, lang: str, **context: Any) -> str:
    """Template `name` of theme/templates/messages/, in `lang` (the words fall back to English key by key)."""
    return render_template(theme_environment(theme, lang), f"messages/{name}", lang=lang, **context)
