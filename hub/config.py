"""The site configuration: read once from `mkdocs.yml`, checked, and frozen."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from hub.errors import ConfigError
from hub.facets import FACETS

CONFIG_NAME = "mkdocs.yml"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DEFAULT_FEED_ITEMS = 50


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a controlled vocabulary (a topic, audience, channel or language)."""

    key: str
    label: str
    description: str = ""
    compose: str | None = None
    """For channels: a composer URL with `{url}`, opened with the idea's public link only."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A closed set of terms, in the order the config gives them."""

    name: str
    terms: Mapping[str, Term]

    def __contains__(self, key: object) -> bool:
        return key in self.terms

    def label(self, key: str) -> str:
        return self.terms[key].label


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything about the site that is stated once, for both engines."""

    root: Path
    name: str
    description: str
    base_url: str
    lang: str
    timezone: ZoneInfo
    feed_items: int
    topics: Vocabulary
    audiences: Vocabulary
    channels: Vocabulary
    languages: Vocabulary
    config_path: Path = field(default=Path(CONFIG_NAME))

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def theme_dir(self) -> Path:
        return self.root / "theme"

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, such as `/comms/hub/`."""
        rest = self.base_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    def with_base_url(self, url: str) -> SiteConfig:
        """The same configuration published at another address."""
        from dataclasses import replace

        return replace(self, base_url=_check_url(url, "--base-url"))

    def vocabularies(self) -> dict[str, Vocabulary]:
        """The vocabularies by the front-matter field that uses them."""
        return {f.field: f.vocabulary(self) for f in FACETS}


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that skips MkDocs' tags (`!ENV`, `!!python/name:`) instead of failing."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def _check_url(url: str, key: str) -> str:
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", url or ""):
        raise ConfigError(f"{key}: {url!r} is not an absolute http(s) URL, such as https://intranet.example/hub/")
    return url if url.endswith("/") else url + "/"


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a mapping of keys to values, got {type(value).__name__}")
    return value


def _vocabulary(name: str, raw: Any, key: str) -> Vocabulary:
    terms: dict[str, Term] = {}
    for term_key, spec in _mapping(raw, key).items():
        where = f"{key}.{term_key}"
        if not isinstance(term_key, str) or not KEY_PATTERN.match(term_key):
            raise ConfigError(f"{where}: keys are lowercase letters, digits and hyphens, such as open-source")
        if isinstance(spec, str):
            spec = {"label": spec}
        spec = _mapping(spec, where)
        unknown = set(spec) - {"label", "description", "compose"}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: label, description, compose")
        label = spec.get("label") or term_key
        compose = spec.get("compose")
        if compose is not None and (not isinstance(compose, str) or "{url}" not in compose
                                    or not compose.startswith("https://")):
            raise ConfigError(f"{where}.compose: must be an https URL containing {{url}}")
        terms[term_key] = Term(term_key, str(label), str(spec.get("description") or ""), compose)
    return Vocabulary(name, MappingProxyType(terms))


def load_config(root: Path, config_path: Path | None = None) -> SiteConfig:
    """Read and check the configuration; raise ConfigError naming the first wrong key."""
    path = config_path or root / CONFIG_NAME
    try:
        raw = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no configuration file; hub runs from a folder with {CONFIG_NAME}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    raw = _mapping(raw, str(path))
    hub = _mapping(_mapping(raw.get("extra"), "extra").get("hub"), "extra.hub")
    name = raw.get("site_name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{path}: site_name: required, the site's name as employees see it")
    theme = raw.get("theme")
    lang = (theme.get("language") if isinstance(theme, dict) else None) or "en"
    tz_name = hub.get("timezone", "UTC")
    try:
        timezone = ZoneInfo(str(tz_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: extra.hub.timezone: unknown timezone {tz_name!r}; use a name such as Europe/Paris") from None
    feed_items = hub.get("feed_items", DEFAULT_FEED_ITEMS)
    if not isinstance(feed_items, int) or isinstance(feed_items, bool) or feed_items < 1:
        raise ConfigError(f"{path}: extra.hub.feed_items: expected a whole number of at least 1, got {feed_items!r}")
    languages = _vocabulary("languages", hub.get("languages") or {lang: {"label": lang}}, "extra.hub.languages")
    if lang not in languages:
        raise ConfigError(f"{path}: theme.language: {lang!r} is not one of extra.hub.languages ({', '.join(languages.terms)})")
    unknown = set(hub) - {"timezone", "feed_items", *(f.key for f in FACETS)}
    if unknown:
        raise ConfigError(f"{path}: extra.hub: unknown key(s) {sorted(unknown)}")
    try:
        base_url = _check_url(str(raw.get("site_url") or ""), "site_url")
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    vocabularies = {f.key: _vocabulary(f.key, hub.get(f.key), f"extra.hub.{f.key}") for f in FACETS if f.key != "languages"}
    return SiteConfig(
        root=root,
        name=name.strip(),
        description=str(raw.get("site_description") or "").strip(),
        base_url=base_url,
        lang=str(lang),
        timezone=timezone,
        feed_items=feed_items,
        topics=vocabularies["topics"],
        audiences=vocabularies["audiences"],
        channels=vocabularies["channels"],
        languages=languages,
        config_path=path,
    )
