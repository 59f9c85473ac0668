"""Rendering the message templates with the words of one language.

A stand-in until the shared Jinja2 environment of hub/render/ lands: the same layout
(`theme/templates/messages/`, `theme/locales/<lang>/LC_MESSAGES/messages.po`), read with
Babel, compiled in memory, and handed to Jinja2's i18n extension with newstyle gettext.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from hub.errors import ConfigError

FALLBACK = "en"


def slack_text(text: str) -> str:
    """Text for Slack's mrkdwn: `&`, `<` and `>` escaped, so no text can mention @channel or make a link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.cache
def _compiled(theme: Path, lang: str) -> bytes | None:
    path = theme / "locales" / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return None
    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=lang)
    except Exception as exc:  # Babel raises several kinds for a broken file
        raise ConfigError(f"{path}: cannot be read as a catalog: {exc}") from None
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


def _catalog(theme: Path, lang: str) -> gettext.NullTranslations | None:
    compiled = _compiled(theme, lang)
    return gettext.GNUTranslations(io.BytesIO(compiled)) if compiled is not None else None


def translations(theme: Path, lang: str) -> gettext.NullTranslations:
    """The words of `lang`, falling back to English, then to the message id itself."""
    chosen = _catalog(theme, lang) or gettext.NullTranslations()
    fallback = _catalog(theme, FALLBACK) if lang != FALLBACK else None
    if fallback is not None:
        chosen.add_fallback(fallback)
    return chosen


@functools.cache
def _environment(theme: Path, lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(theme / "templates" / "messages"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["slack"] = slack_text
    env.install_gettext_translations(translations(theme, lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def render(theme: Path, name: str, lang: str, **context: Any) -> str:
    """Template `name` of theme/templates/messages/, in `lang`."""
    return _environment(theme.resolve(), lang).get_template(name).render(lang=lang, **context)
