"""The theme's Jinja2 environment: page and feed templates with autoescape, words from the catalogs.

A company changes one template or one word without Python: a file under its `theme/overrides/templates/` wins over
the same path in hub's theme (`templates/`), and `theme/overrides/locales/<lang>/LC_MESSAGES/messages.po` over the
theme's catalog, key by key (hub.themes knows where both are).
"""

from __future__ import annotations

import re
from functools import cache, partial
from pathlib import Path

import jinja2
from jinja2.ext import Extension
from markupsafe import Markup

from hub import i18n
from hub.config import SiteConfig
from hub.render.markup import IMAGE_KEY, image, inline

TEXT_SUFFIXES = (".txt", ".json", ".md")
"""Templates of plain text (such as messages): neither HTML-escaped nor joined into one line."""
MULTILINE_SUFFIXES = (*TEXT_SUFFIXES, ".css")
"""Templates whose line breaks are kept: plain text, and the feeds' style sheet (read by people who open it)."""


def _is_html(name: str | None) -> bool:
    return not (name or "").endswith(TEXT_SUFFIXES)


class OneLine(Extension):
    """In HTML templates, line breaks and the indentation after them are not output: fragments are one line of HTML.

    The feeds' style sheet (`.css`) keeps its lines: it is a whole file, not a fragment.

    Both engines pass one-line HTML through untouched (Markdown would read a blank line or an indent as its own).
    Words never sit in templates (they come from the catalogs), so no text needs a line break kept.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return source if (name or "").endswith(MULTILINE_SUFFIXES) else re.sub(r"\n[ \t]*", "", source)


def inline_html(text: str, *, word: str) -> Markup:
    """The `inline` filter: one line of Markdown (from content) as sanitized HTML (`word`: `markup.image`)."""
    return Markup(inline(text, word))  # noqa: S704 - sanitized by hub.render.markup


def image_html(src: str, alt: str = "", *, word: str) -> Markup:
    """The `image` filter: an image of the content, kept only when it is a file of the site, else a link."""
    return Markup(image(src, alt, word))  # noqa: S704 - sanitized by hub.render.markup


def _override_names(dirs: tuple[Path, ...]) -> tuple[str, ...]:
    """The templates of every folder but the last (hub's own): a file added there must replace the theme's at once,
    which the loaders' own check of the files they loaded does not see."""
    return tuple(sorted(str(path) for d in dirs[:-1] for path in (d / "templates").rglob("*") if path.is_file()))


@cache
def _environment(dirs: tuple[Path, ...], lang: str, stamp: i18n.Stamp,
                 overrides: tuple[str, ...] = ()) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(d / "templates") for d in dirs]),
        autoescape=_is_html,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n", OneLine],
        keep_trailing_newline=False,
    )
    translations = i18n.Words(stamp).translations  # the catalogs of `stamp`, in i18n.catalog_order
    image_word = translations.gettext(IMAGE_KEY)
    env.filters["inline"] = partial(inline_html, word=image_word)
    env.filters["image"] = partial(image_html, word=image_word)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def words(config: SiteConfig, lang: str) -> i18n.Words:
    """The catalogs' words of one language, for text that is not HTML (feed titles, messages)."""
    return i18n.words(config.theme_dirs, lang)


def environment(config: SiteConfig, lang: str) -> jinja2.Environment:
    """The theme's environment for one language, made once per theme folders, language and state of its catalogs."""
    return theme_environment(config.theme_dirs, lang)


def theme_environment(dirs: tuple[Path, ...], lang: str) -> jinja2.Environment:
    """The environment of theme folders `dirs` (searched in that order) for one language."""
    return _environment(dirs, lang, i18n.catalog_stamp(tuple(d / "locales" for d in dirs), lang), _override_names(dirs))


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """One template rendered to a string; a template error names the template and its line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        from hub.errors import BuildError

        where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else name
        raise BuildError(f"{where}: {exc}") from None
