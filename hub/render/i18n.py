"""Word catalogs: Babel `.po` files in `<theme>/locales/<lang>/LC_MESSAGES/messages.po`, read at run time.

Keys are symbolic and dotted (`idea.angles.title`), placeholders are `%(name)s`, counts go through ngettext.
A key missing in a language falls back to English; English is the complete catalog.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from hub.errors import ConfigError

DEFAULT_LANG = "en"
"""The language whose catalog is complete, and the last fallback of every other."""
DOMAIN = "messages"


def catalog_path(locales: Path, lang: str) -> Path:
    """Where the catalog of one language sits in a locales folder."""
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def read_catalog(path: Path) -> Catalog | None:
    """One `.po` file as a Babel catalog, or None when there is none; a broken file is a ConfigError."""
    if not path.is_file():
        return None
    lang = path.parent.parent.name
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang.replace("-", "_"), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid catalog: {exc}") from None


def _compiled(catalog: Catalog) -> gettext.GNUTranslations:
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def translations(locale_dirs: tuple[Path, ...], lang: str) -> gettext.NullTranslations:
    """The words of `lang`: each locales folder in turn (overrides first), then the same for English."""
    chain: list[gettext.NullTranslations] = []
    for code in dict.fromkeys((lang, lang.split("-")[0], DEFAULT_LANG)):
        for folder in locale_dirs:
            catalog = read_catalog(catalog_path(folder, code))
            if catalog is not None:
                chain.append(_compiled(catalog))
    if not chain:
        return gettext.NullTranslations()
    first = chain[0]
    for fallback in chain[1:]:
        first.add_fallback(fallback)
    return first


def catalog_keys(locale_dirs: tuple[Path, ...], lang: str) -> frozenset[str]:
    """Every key a language's catalogs define (singular keys of plural entries included), for checks."""
    keys: set[str] = set()
    for folder in locale_dirs:
        catalog = read_catalog(catalog_path(folder, lang))
        for message in catalog or ():
            if message.id and message.string:
                keys.update([message.id] if isinstance(message.id, str) else message.id)
    return frozenset(keys)
