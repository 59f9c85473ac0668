"""The site configuration: read once from `mkdocs.yml`, checked, and frozen."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import mergedeep  # type: ignore[import-untyped]
import yaml
import yaml_env_tag  # type: ignore[import-untyped]

from hub.errors import ConfigError
from hub.facets import FACETS
from hub.render.i18n import Words, words

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


STANCE_FIELDS = ("title", "summary", "angles", "facts", "links", "body")
"""The fields of an idea the stance lint reads (hub.content.stance.FIELDS)."""
STANCE_FAIL = ("title", "summary", "angles")
"""Where paste-ready text fails the check unless `extra.hub.stance.fail` says otherwise; elsewhere it warns."""
STANCE_LEVELS = ("warn", "fail")


@dataclass(frozen=True, slots=True)
class Stance:
    """`extra.hub.stance`: which stance findings fail the check (and so the pull request); the others warn."""

    fail: frozenset[str] = frozenset(STANCE_FAIL)
    """The fields where text that reads as a post to copy is an error."""
    questions: str = "warn"
    """An angle that is not a question: `warn` or `fail`."""


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
    announce: Any = field(default=None, compare=False)
    """`extra.hub.announce` as written: hub.announce checks it against its own schema."""
    stance: Stance = field(default_factory=Stance)
    """Which stance findings fail the check."""
    words: Words = field(default_factory=Words, compare=False, repr=False)
    """The theme's words in the site's language, read with the configuration, for the plan's titles."""

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


HUB_KEYS = {
    "timezone": "where dates without a timezone are read, such as Europe/Paris (default UTC)",
    "feed_items": "how many items each feed carries at most (default 50)",
    "announce": "where new ideas are announced (Teams, Slack, email)",
    "stance": "which stance findings fail the check: {fail: [title, summary, angles], questions: warn}",
    **{f.key: f"the {f.key} ideas may use: key: {{label, description}}" for f in FACETS},
}
"""Every key allowed under `extra.hub`, with what it holds."""
TERM_KEYS = ("label", "description", "compose")

KeyPath = tuple[str, ...]


class _Problems:
    """Every problem of the configuration, each with its key and, where the file says, its line."""

    def __init__(self, path: Path, lines: Mapping[KeyPath, int]) -> None:
        self.path, self.lines, self.messages = path, lines, list[str]()

    def add(self, key: KeyPath, message: str) -> None:
        where = next((self.lines[key[:n]] for n in range(len(key), 0, -1) if key[:n] in self.lines), None)
        self.messages.append(f"{self.path}{f':{where}' if where else ''}: {'.'.join(key)}: {message}")

    def raise_any(self) -> None:
        if self.messages:
            raise ConfigError("\n".join(self.messages))


def _key_lines(node: yaml.Node | None, prefix: KeyPath = ()) -> Iterator[tuple[KeyPath, int]]:
    """The line of every mapping key in a YAML node tree, by its key path."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            yield path, key.start_mark.line + 1
            yield from _key_lines(value, path)


class _MkDocsLoader(yaml.Loader):
    """The loader of `mkdocs.utils.yaml.get_yaml_loader()`: PyYAML's full loader with pyyaml-env-tag's `!ENV`,
    the package MkDocs itself uses; built here so that reading the configuration does not import MkDocs."""


_MkDocsLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)


class _NotLoaded(Exception):
    """What `mkdocs.exceptions.ConfigurationError` says when `yaml_load` refuses a file."""


def _yaml_load(path: str) -> dict[str, Any]:
    """`mkdocs.utils.yaml.yaml_load` on an open file, step for step: `INHERIT` names a parent file, relative to
    this one, deep-merged under it with mergedeep; the same messages (tests/test_shortcuts.py compares the two)."""
    with open(path, "rb") as handle:
        try:
            result = yaml.load(handle, Loader=_MkDocsLoader)
        except yaml.YAMLError as exc:
            raise _NotLoaded(f"MkDocs encountered an error parsing the configuration file: {exc}") from None
    if result is None:
        return {}
    if isinstance(result, dict) and "INHERIT" in result:  # MkDocs would fail on `.pop` of a list
        relpath = result.pop("INHERIT")
        abspath = os.path.normpath(os.path.join(os.path.dirname(path), relpath))
        if not os.path.exists(abspath):
            raise _NotLoaded(f"Inherited config file '{relpath}' does not exist at '{abspath}'.")
        result = mergedeep.merge(_yaml_load(abspath), result)
    return result  # type: ignore[no-any-return]


def _read(path: Path) -> tuple[Any, dict[KeyPath, int]]:
    """The file as MkDocs reads it (`!ENV`, `INHERIT`), and the line of each key written in the file itself."""
    try:
        raw = _yaml_load(str(path))
        lines = dict(_key_lines(yaml.compose(path.read_bytes(), Loader=_MkDocsLoader)))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no configuration file; hub runs from a folder with {CONFIG_NAME}") from None
    except (yaml.YAMLError, _NotLoaded, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    return raw, lines


def _check_url(url: str, key: str) -> str:
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", url or ""):
        raise ConfigError(f"{key}: {url!r} is not an absolute http(s) URL, such as https://intranet.example/hub/")
    return url if url.endswith("/") else url + "/"


def _mapping(value: Any, key: KeyPath, problems: _Problems) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(key, f"expected a mapping of keys to values, got {type(value).__name__}")
        return {}
    return value


def _unknown(spec: Mapping[str, Any], allowed: list[str], key: KeyPath, problems: _Problems) -> None:
    from hub.content.fields import did_you_mean

    for name in sorted(set(map(str, spec)) - set(allowed)):
        problems.add((*key, name), f"unknown key; {did_you_mean(name, allowed)}")


def _term(term_key: Any, spec: Any, key: KeyPath, problems: _Problems) -> Term | None:
    where = (*key, str(term_key))
    if not isinstance(term_key, str) or not KEY_PATTERN.match(term_key):
        problems.add(where, "keys are lowercase letters, digits and hyphens, such as open-source")
        return None
    spec = _mapping({"label": spec} if isinstance(spec, str) else spec, where, problems)
    _unknown(spec, list(TERM_KEYS), where, problems)
    compose = spec.get("compose")
    if compose is not None and (not isinstance(compose, str) or "{url}" not in compose
                                or not compose.startswith("https://")):
        problems.add((*where, "compose"), "must be an https URL containing {url}")
        compose = None
    return Term(term_key, str(spec.get("label") or term_key), str(spec.get("description") or ""), compose)


def _vocabulary(name: str, raw: Any, problems: _Problems) -> Vocabulary:
    key = ("extra", "hub", name)
    terms = {k: t for k, spec in _mapping(raw, key, problems).items() if (t := _term(k, spec, key, problems))}
    return Vocabulary(name, MappingProxyType(terms))


def _timezone(hub: Mapping[str, Any], problems: _Problems) -> ZoneInfo:
    name = hub.get("timezone", "UTC")
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(("extra", "hub", "timezone"), f"unknown timezone {name!r}; use a name such as Europe/Paris")
        return ZoneInfo("UTC")


def _feed_items(hub: Mapping[str, Any], problems: _Problems) -> int:
    value = hub.get("feed_items", DEFAULT_FEED_ITEMS)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        problems.add(("extra", "hub", "feed_items"), f"expected a whole number of at least 1, got {value!r}")
        return DEFAULT_FEED_ITEMS
    return value


def _stance(hub: Mapping[str, Any], problems: _Problems) -> Stance:
    from hub.content.fields import did_you_mean

    key = ("extra", "hub", "stance")
    spec = _mapping(hub.get("stance"), key, problems)
    _unknown(spec, ["fail", "questions"], key, problems)
    fail = spec.get("fail", list(STANCE_FAIL))
    if fail is None:
        fail = []
    if not isinstance(fail, list) or not all(isinstance(name, str) for name in fail):
        problems.add((*key, "fail"), f"expected a list of fields such as [title, summary, angles], got {fail!r}")
        fail = list(STANCE_FAIL)
    for name in fail:
        if name not in STANCE_FIELDS:
            problems.add((*key, "fail"), f"unknown field {name!r}; {did_you_mean(name, list(STANCE_FIELDS))}")
    questions = spec.get("questions", "warn")
    if questions not in STANCE_LEVELS:
        problems.add((*key, "questions"),
                     f"expected warn or fail, got {questions!r}; {did_you_mean(str(questions), list(STANCE_LEVELS))}")
        questions = "warn"
    return Stance(frozenset(name for name in fail if name in STANCE_FIELDS), str(questions))


def load_config(root: Path, config_path: Path | None = None) -> SiteConfig:
    """Read and check the configuration as MkDocs reads it; raise one ConfigError naming every wrong key."""
    path = config_path or root / CONFIG_NAME
    raw, lines = _read(path)
    problems = _Problems(path, lines)
    raw = _mapping(raw, (), problems)
    hub = _mapping(_mapping(raw.get("extra"), ("extra",), problems).get("hub"), ("extra", "hub"), problems)
    _unknown(hub, list(HUB_KEYS), ("extra", "hub"), problems)
    name = raw.get("site_name")
    if not isinstance(name, str) or not name.strip():
        problems.add(("site_name",), "required, the site's name as employees see it")
    theme = raw.get("theme")
    lang = str((theme.get("language") if isinstance(theme, dict) else None) or "en")
    vocabularies = {f.key: _vocabulary(f.key, hub.get(f.key), problems) for f in FACETS if f.key != "languages"}
    languages = _vocabulary("languages", hub.get("languages") or {lang: {"label": lang}}, problems)
    if lang not in languages:
        problems.add(("theme", "language"), f"{lang!r} is not one of extra.hub.languages ({', '.join(languages.terms)})")
    base_url = ""
    try:
        base_url = _check_url(str(raw.get("site_url") or ""), "site_url")
    except ConfigError as exc:
        problems.add(("site_url",), str(exc).removeprefix("site_url: "))
    timezone, feed_items = _timezone(hub, problems), _feed_items(hub, problems)
    stance = _stance(hub, problems)
    problems.raise_any()
    return SiteConfig(
        root=root,
        name=str(name).strip(),
        description=str(raw.get("site_description") or "").strip(),
        base_url=base_url,
        lang=lang,
        timezone=timezone,
        feed_items=feed_items,
        topics=vocabularies["topics"],
        audiences=vocabularies["audiences"],
        channels=vocabularies["channels"],
        languages=languages,
        config_path=path,
        announce=hub.get("announce"),
        stance=stance,
        words=words(root / "theme", lang),
    )


def find_config(config_path: Path | None, content: Path | None, cwd: Path) -> SiteConfig:
    """The configuration given, or the nearest mkdocs.yml, as git finds .git: the folder itself, then each parent.

    The content folder's own parents are looked at first, then the current folder's.
    """
    if config_path is not None:
        return load_config(config_path.parent.resolve(), config_path)
    starts = ([content.resolve().parent] if content is not None else []) + [cwd.resolve()]
    for start in starts:
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return load_config(folder)
    return load_config(cwd)  # raises ConfigError naming the missing file
