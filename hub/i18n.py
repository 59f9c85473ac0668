"""Word catalogs: Babel `.po` files in `<theme>/locales/<lang>/LC_MESSAGES/messages.po`, read at run time.

Keys are symbolic and dotted (`idea.angles.title`), placeholders are `%(name)s`, counts go through ngettext.

Every word is looked up in one order (`catalog_order`), the first catalog that defines the key giving it:

1. the project's override of the language (`theme/overrides/locales/fr-CA/…`),
2. the theme's catalog of the language,
3. its base language, for a region tag (`fr` for `fr-CA`): override, then theme,
4. the project's override of English,
5. the theme's English catalog, which is complete.

So an English-only override changes the word on English pages and on pages whose own catalogs lack the key, never
a word a French catalog has. Templates' gettext, `Words`, `catalog_keys` and `missing_keys` follow this order, and
labels of the configuration (`localized`) the same languages in the same order.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from hub.errors import ConfigError
from hub.problems import Problem, Severity, counted, relative

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


def catalog_order(locale_dirs: tuple[Path, ...], lang: str) -> tuple[Path, ...]:
    """The catalogs that may hold a word of `lang`, first found first: for each language of `_languages` in turn,
    each locales folder in turn (the project's overrides, then the theme). The one place this order is decided."""
    return tuple(catalog_path(folder, code) for code in _languages(lang) for folder in locale_dirs)


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
    for path in catalog_order(locale_dirs, lang):
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


def catalog_keys(locale_dirs: tuple[Path, ...], lang: str, *, english: bool = True) -> frozenset[str]:
    """Every key a reader of `lang` gets a word for (singular keys of plural entries included), for checks: the
    catalogs of `catalog_order`, those of English left out when `english` is False (what falls back to English)."""
    keys: set[str] = set()
    for path in catalog_order(locale_dirs, lang):
        if not english and lang != DEFAULT_LANG and path.parent.parent.name == DEFAULT_LANG:
            continue
        catalog = read_catalog(path)
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
        missing = sorted(english - catalog_keys(folders, lang, english=False))
        if not missing:
            continue
        shown = ", ".join(missing[:MISSING_SHOWN]) + (f" and {len(missing) - MISSING_SHOWN} more"
                                                     if len(missing) > MISSING_SHOWN else "")
        path = catalog_path(folders[0], lang.split("-")[0])
        problems.append(Problem(
            relative(path, Path.cwd()), None, None,
            f"the {lang!r} catalog lacks {counted(len(missing), 'key')} of the English one: {shown}",
            f"add them to {path.name} (they show in English until then)", Severity.WARNING))
    return tuple(problems)


TEMPLATE_KEY = re.compile(r"""\b(?:_|gettext|ngettext)\(\s*(['"])([\w.\-]{1,200})\1(?:\s*,\s*(['"])([\w.\-]{1,200})\3)?""")
"""A key written in a template: `_("key")`, `gettext("key")`, `ngettext("key", "key.plural", n)`. One pass, no
backtracking across the text (bounded runs of one class), and no Jinja: `hub check` does not load it."""


def _templates_in_use(theme_dirs: tuple[Path, ...]) -> dict[str, Path]:
    """Each template by its name, from the first theme folder that has it (the project's overrides win)."""
    found: dict[str, Path] = {}
    for folder in theme_dirs:
        for path in sorted(p for p in (folder / "templates").rglob("*") if p.is_file()):
            found.setdefault(path.relative_to(folder / "templates").as_posix(), path)
    return found


def unknown_template_keys(theme_dirs: tuple[Path, ...], langs: Iterable[str]) -> tuple[Problem, ...]:
    """A warning for each key a template in use writes that no catalog of a language in use has: the page would show
    the key itself. It names the template, its line and the key, and the project's English catalog to add it to."""
    folders = tuple(d / "locales" for d in theme_dirs)
    known = {lang: catalog_keys(folders, lang) for lang in sorted(set(langs))}
    problems = []
    for path in _templates_in_use(theme_dirs).values():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for match in TEMPLATE_KEY.finditer(text):
            for key in filter(None, (match.group(2), match.group(4))):
                lacking = [lang for lang, keys in known.items() if key not in keys]
                if lacking:
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(Problem(
                        relative(path, Path.cwd()), line, None,
                        f"the key {key!r} is in no catalog of {', '.join(map(repr, lacking))}: the page shows the key",
                        f"add msgid \"{key}\" with its words to {relative(catalog_path(folders[0], DEFAULT_LANG), Path.cwd())} "
                        "(and to the "
                        "catalog of each other language)", Severity.WARNING))
    return tuple(problems)
