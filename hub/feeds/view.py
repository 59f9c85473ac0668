"""The feeds' browser view: the XSL each feed points at, rendered from `feed/view.xsl` in the site's language.

A feed opened in a browser shows as a readable page. Its words come from the catalogs (and a company's overrides),
its dates follow the catalog's `date.day` format, with month names from Babel; the feeds themselves stay the same
whatever the language, so both engines publish the same feeds and the same XSL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from babel.dates import get_date_format, get_month_names, tokenize_pattern

from hub.config import SiteConfig
from hub.render.templates import environment, render_template, words
from hub.render.typography import typeset

TEMPLATE = "feed/view.xsl"
_NAMED_FORMATS: dict[str, Literal["full", "long", "medium", "short"]] = {
    "full": "full", "long": "long", "medium": "medium", "short": "short"}
_ISO = "yyyy-MM-dd"


@dataclass(frozen=True, slots=True)
class DatePart:
    """One piece of a day as the view writes it: `kind` is "text" (`value` as is), "day", "month", "year"."""

    kind: str
    value: str = ""
    width: int = 1


_FIELDS = {"d": "day", "M": "month", "y": "year"}


def _parts(pattern: str) -> tuple[DatePart, ...] | None:
    parts = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            parts.append(DatePart("text", str(value)))
            continue
        letter, width = (str(value[0]), int(value[1])) if kind == "field" else ("", 0)
        if letter not in _FIELDS or (letter == "d" and width > 2):
            return None  # a weekday, an era…: the XSL cannot write it, the day is shown in ISO form
        parts.append(DatePart(_FIELDS[letter], width=width))
    return tuple(parts)


def date_parts(pattern: str, locale: str) -> tuple[DatePart, ...]:
    """The catalog's `date.day` format (a Babel pattern, or full/long/medium/short) as parts the XSL can write."""
    if pattern in _NAMED_FORMATS:
        pattern = get_date_format(_NAMED_FORMATS[pattern], locale=locale).pattern
    return _parts(pattern) or _parts(_ISO) or ()


def feed_view(config: SiteConfig) -> bytes:
    """The XSL of the site's feeds, in the site's language, with its French typography where the site is French."""
    lang = config.lang
    locale = lang.replace("-", "_")
    months = get_month_names("wide", context="format", locale=locale)
    short = get_month_names("abbreviated", context="format", locale=locale)
    text = render_template(
        environment(config, lang), TEMPLATE, lang=lang,
        date_parts=date_parts(words(config, lang)("date.day"), locale),
        months=[months[m] for m in range(1, 13)], short_months=[short[m] for m in range(1, 13)])
    return (typeset(text, "en") + "\n").encode("utf-8")
