"""Word catalogs: Babel `.po` files in `<theme>/locales/<lang>/LC_MESSAGES/messages.po`, read at run time.

Keys are symbolic and dotted (`idea.angles.title`), placeholders are `%(name)s`, counts go through ngettext.
A key missing in a language falls back to English; English is the complete catalog.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from hub.errors import ConfigError
from hub.problems import Problem, Severity, relative

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DEFAULT_LANG = "en"
"""The language whose catalog is complete, and the last fallback of every other."""
DOMAIN = "messages"


def catalog_path(locales: Path, lang: str) -> Path:
    """Where the catalog of one language sits in a locales folder."""
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


Stamp = tuple[tuple[Path, int, int], ...]
"""The catalog files that exist, with their modification time and size: a rebuild after an edit reads them again."""


def _languages(lang: str) -> tuple[str, ...]:
    """The fallback order of every word: the language, its base language (`fr` for `fr-CA`), then English."""
    return tuple(dict.fromkeys((lang, lang.split("-")[0], DEFAULT_LANG)))


Texts = tuple[tuple[str, str], ...]
"""One text of the configuration by language, in the order written, such as a topic's label
`(("en", "Community"), ("fr", "Communauté"))`; a text written once, for every language, is `(("", "Community"),)`."""


def localized(texts: Texts, lang: str) -> str:
    """The text a reader of `lang` sees, falling back as the catalogs do (the language, its base language, then
    English), then to the first one written; "" when there is none. The one place a label's language is chosen."""
    by_lang = dict(texts)
    return next((by_lang[code] for code in _languages(lang) if code in by_lang), texts[0][1] if texts else "")


def catalog_stamp(locale_dirs: tuple[Path, ...], lang: str) -> Stamp:
    """Which catalogs make up the words of `lang`, in fallback order, and their state on disk."""
    stamps = []
    for code in _languages(lang):
        for folder in locale_dirs:
            path = catalog_path(folder, code)
            try:
                stat = path.stat()
            except OSError:
                continue
            stamps.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@cache
def _read(path: Path, mtime_ns: int, size: int) -> Catalog:
    from babel.messages.pofile import PoFileError, read_po  # Babel only when a catalog is read: not at start-up

    lang = path.parent.parent.name
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang.replace("-", "_"), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: not a valid catalog: {exc}") from None


def read_catalog(path: Path) -> Catalog | None:
    """One `.po` file as a Babel catalog, or None when there is none; a broken file is a ConfigError."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(path, stat.st_mtime_ns, stat.st_size)


def _compiled(catalog: Catalog) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo

    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def _translations(stamp: Stamp) -> gettext.NullTranslations:
    chain = [_compiled(_read(*entry)) for entry in stamp]
    if not chain:
        return gettext.NullTranslations()
    for fallback in chain[1:]:
        chain[0].add_fallback(fallback)
    return chain[0]


def translations(locale_dirs: tuple[Path, ...], lang: str) -> gettext.NullTranslations:
    """The words of `lang`: each locales folder in turn (overrides first), then the same for English."""
    return _translations(catalog_stamp(locale_dirs, lang))


def catalog_keys(locale_dirs: tuple[Path, ...], lang: str) -> frozenset[str]:
    """Every key a language's catalogs define (singular keys of plural entries included), for checks."""
    keys: set[str] = set()
    for folder in locale_dirs:
        catalog = read_catalog(catalog_path(folder, lang))
        for message in catalog or ():
            if message.id and message.string:
                keys.update([message.id] if isinstance(message.id, str) else message.id)
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Words:
    """The words of one language for text outside templates (titles of pages and feeds): `words(key, name=value)`.

    It holds the catalogs' stamp and reads them at the first word asked for: `hub check` reads the configuration
    (which carries the site's words) but needs none, so neither Babel nor a catalog is loaded for it."""

    stamp: Stamp = ()

    @property
    def translations(self) -> gettext.NullTranslations:
        return _translations(self.stamp)

    def __call__(self, key: str, /, **values: object) -> str:
        return self.translations.gettext(key) % values

    def plural(self, key: str, n: int, /, **values: object) -> str:
        """The form of `key` (singular) or `key.plural` for `n`, as templates' ngettext gives it."""
        return self.translations.ngettext(key, key + ".plural", n) % {"num": n, **values}


def words(theme_dirs: tuple[Path, ...], lang: str) -> Words:
    """The words of a language from theme folders (the overrides first, then the theme)."""
    return Words(catalog_stamp(tuple(d / "locales" for d in theme_dirs), lang))


MISSING_SHOWN = 8
"""How many missing keys a catalog warning names before it says how many more there are."""


def missing_keys(theme_dirs: tuple[Path, ...], langs: Iterable[str]) -> tuple[Problem, ...]:
    """A warning for each language in use whose catalogs lack keys of the English one (they fall back to English);
    it names the catalog of the first folder (the project's overrides), where the project can add them."""
    folders = tuple(d / "locales" for d in theme_dirs)
    english = catalog_keys(folders, DEFAULT_LANG)
    problems = []
    for lang in sorted(set(langs) - {DEFAULT_LANG}):
        codes = tuple(code for code in _languages(lang) if code != DEFAULT_LANG)
        missing = sorted(english - frozenset().union(*(catalog_keys(folders, code) for code in codes)))
        if not missing:
            continue
        shown = ", ".join(missing[:MISSING_SHOWN]) + (f" and {len(missing) - MISSING_SHOWN} more"
                                                     if len(missing) > MISSING_SHOWN else "")
        path = catalog_path(folders[0], codes[-1])
        problems.append(Problem(
            relative(path, Path.cwd()), None, None,
            f"the {lang!r} catalog lacks {len(missing)} key(s) of the English one: {shown}",
            f"add them to {path.name} (they show in English until then)", Severity.WARNING))
    return tuple(problems)
