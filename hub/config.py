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

from hub import themes
from hub.errors import ConfigError
from hub.facets import FACETS, Facet
from hub.i18n import Texts, Words, localized, words
from hub.problems import Problem, Severity, did_you_mean, relative
from hub.safefiles.files import EXTENSIONS, FileKind, examine
from hub.themes import OVERRIDES

CONFIG_NAME = "mkdocs.yml"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
"""A key of `extra.hub.languages`: a language tag such as `fr`, or with a region, `fr-CA` (BCP 47's shape)."""
DEFAULT_FEED_ITEMS = 50


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a controlled vocabulary (a topic, audience, channel or language).

    Its label and description are each one text or a text by language; `label_in` and `description_in` give the
    one a reader of `lang` sees (hub.i18n.localized: the language, its base, English, then any)."""

    key: str
    labels: Texts = ()
    descriptions: Texts = ()
    compose: str | None = None
    """For channels: a composer URL with `{url}`, opened with the idea's public link only."""

    def label_in(self, lang: str) -> str:
        return localized(self.labels, lang) or self.key

    def description_in(self, lang: str) -> str:
        return localized(self.descriptions, lang)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A closed set of terms, in the order the config gives them."""

    name: str
    terms: Mapping[str, Term]

    def __contains__(self, key: object) -> bool:
        return key in self.terms


@dataclass(frozen=True, slots=True)
class Colours:
    """One scheme of the palette: the header band (white text on it) and the links and focus ring."""

    primary: str
    accent: str


LIGHT = Colours("#1d4e89", "#0b4f9c")
"""hub's own light scheme (white on the band 8.4:1, links 8.0:1 on white)."""
DARK = Colours("#1d4e89", "#8cb8ff")
"""hub's own dark scheme (white on the band 8.4:1, links 7.1:1 on `DARK_SURFACE`)."""
DARK_BACKGROUND = "#1b1d24"
"""The page's background in the dark scheme, on every engine (hub.render.look)."""
DARK_SURFACE = "#262a33"
"""The lightest background links sit on in the dark scheme (cards, banners): a dark accent is measured on it."""
LIGHT_SURFACE = "#f2f4f7"
"""The darkest background links sit on in the light scheme (Pelican's header band, cards): a light accent is
measured on it."""


@dataclass(frozen=True, slots=True)
class Look:
    """The company's look: images from `theme/overrides/`, and colours in a light and an optional dark scheme."""

    logo: str | None = None
    """The logo's path under `theme/overrides/` (`assets/logo.svg`); published beside the theme's own files."""
    favicon: str | None = None
    light: Colours = LIGHT
    dark: Colours | None = DARK
    """The scheme a reader whose system is set to dark gets (`prefers-color-scheme: dark`): hub's own unless the
    palette gives one; None (`dark: false`): light only, whatever the reader's system says."""


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
    look: Look = field(default_factory=lambda: Look())
    """`theme.logo`, `theme.favicon` and `theme.palette`: the company's look, on every engine."""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    """What `hub check` reports about mkdocs.yml without stopping: keys hub does not use (see `USED_KEYS`)."""
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
        """hub's own theme, installed with it (templates, catalogs, shared assets, the engines' themes)."""
        return themes.shipped_theme()

    @property
    def overrides_dir(self) -> Path:
        """The project's own templates, words and files (`theme/overrides/`), searched before the theme's."""
        return themes.overrides_dir(self.root)

    @property
    def theme_dirs(self) -> tuple[Path, ...]:
        """The theme folders in the order they are searched: the project's overrides, then hub's theme."""
        return themes.theme_dirs(self.root)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, such as `/comms/hub/`."""
        rest = self.base_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    def with_base_url(self, url: str) -> SiteConfig:
        """The same configuration published at another address."""
        from dataclasses import replace

        return replace(self, base_url=_check_url(url, "--base-url"))

    def vocabulary(self, facet: Facet) -> Vocabulary:
        """A facet's controlled vocabulary, under `extra.hub.<facet.key>`."""
        vocabulary: Vocabulary = getattr(self, facet.key)
        return vocabulary

    def vocabularies(self) -> dict[str, Vocabulary]:
        """The vocabularies by the front-matter field that uses them."""
        return {f.field: self.vocabulary(f) for f in FACETS}


HUB_KEYS = {
    "timezone": "where dates without a timezone are read, such as Europe/Paris (default UTC)",
    "feed_items": "how many items each feed carries at most (default 50)",
    "announce": "where new ideas are announced (Teams, Slack, email)",
    "stance": "which stance findings fail the check: {fail: [title, summary, angles], questions: warn}",
    **{f.key: f"the {f.key} ideas may use: key: {{label, description}}" for f in FACETS},
}
"""Every key allowed under `extra.hub`, with what it holds."""
TERM_KEYS = ("label", "description", "compose")

USED_KEYS = {
    "site_name": "the site's name",
    "site_description": "one line under the name on the home page",
    "site_url": "the address the site is published at",
    "theme.language": "the site's language",
    "theme.logo": "an image in theme/overrides/, shown in the header",
    "theme.favicon": "an image in theme/overrides/, the browser tab's icon",
    "theme.palette": "the colours, light and dark",
    "theme.name": "material (the only value: hub chooses each engine's layout)",
    "extra.hub": "the vocabularies, feeds and announce targets",
}
"""Every key of mkdocs.yml hub reads, the same on every engine: the one list. Any other key is reported by
`hub check` as a warning (`INSTEAD` says what to do), and no engine sees it: hub writes each engine's settings."""
INSTEAD = {
    "plugins": "hub chooses each engine's plugins itself (search, in every language of the site); remove it",
    "nav": "hub makes the navigation; order the charter's pages with `order:` in their front matter, and remove it",
    "markdown_extensions": "hub renders the Markdown itself, the same on every engine; remove it",
    "extra_css": f"move its rules into theme/{OVERRIDES}/assets/extra.css, which every engine links after its own "
                 "styles; remove it",
    "extra_javascript": "hub adds no script of the project's to the pages; remove it",
    "hooks": "hub runs no hooks of the project (Pelican could not run them); remove it",
    "docs_dir": "the content is always content/ beside mkdocs.yml; remove it",
    "site_dir": "choose the output folder with `hub build --out DIR`; remove it",
    "use_directory_urls": "every engine gives each page a folder address (ideas/<slug>/); remove it",
    "strict": "use `hub check --strict` (or `hub build --strict`); remove it",
    "dev_addr": "use `hub serve --host HOST --port PORT`; remove it",
    "copyright": "hub prints no copyright line; say it on a charter page in content/guidelines/, and remove it",
    "repo_url": "hub links no repository from its pages; link it from a charter page, and remove it",
    "theme.name": "hub builds with Material for MkDocs or its own Pelican theme; write `name: material` or remove it",
    "theme.features": "hub sets the layout, the same on every engine; remove it",
    "theme.custom_dir": f"put templates in theme/{OVERRIDES}/templates/ and a stylesheet in "
                        f"theme/{OVERRIDES}/assets/extra.css; remove it",
    "theme.font": f"the pages load no font from another server; set font-family in theme/{OVERRIDES}/assets/extra.css",
    "theme.icon": f"set theme.logo to an image in theme/{OVERRIDES}/; remove it",
    "extra": "hub reads only extra.hub; remove it",
}
"""What to do instead of a key hub does not use, by key (`extra` for any key beside `extra.hub`)."""
NOT_USED = "hub does not read it, on any engine; remove it (the keys hub reads are in the README, Its look)"

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


def _yaml_load(path: str, content: str | None = None) -> dict[str, Any]:
    """`mkdocs.utils.yaml.yaml_load` on an open file, step for step: `INHERIT` names a parent file, relative to
    this one, deep-merged under it with mergedeep; the same messages (tests/test_shortcuts.py compares the two).

    `content` is the real path of the project's content folder: a file `INHERIT` names may not lie in it.
    """
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
        if content is not None and _within(os.path.realpath(abspath), content):
            raise ConfigError(f"{path}: INHERIT: {relpath!r} lies under content/, which holds content only; "
                              f"hub takes no configuration from there: move the file beside {CONFIG_NAME}")
        result = mergedeep.merge(_yaml_load(abspath, content), result)
    return result  # type: ignore[no-any-return]


def _read(path: Path, content: Path) -> tuple[Any, dict[KeyPath, int]]:
    """The file as MkDocs reads it (`!ENV`, `INHERIT`), and the line of each key written in the file itself."""
    try:
        raw = _yaml_load(str(path), os.path.realpath(content))
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
    for name in sorted(set(map(str, spec)) - set(allowed)):
        problems.add((*key, name), f"unknown key; {did_you_mean(name, allowed)}")


def _one_text(value: Any, where: KeyPath, problems: _Problems) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value).strip():
        problems.add(where, "expected a text")
        return ""
    return str(value).strip()


def _texts(value: Any, where: KeyPath, langs: list[str], problems: _Problems) -> Texts:
    """A label or description: one text for every language, or a mapping by language (`{en: Community, fr: …}`)
    whose keys are languages of the site (`langs`)."""
    if value is None or value == "":
        return ()
    if not isinstance(value, dict):
        text = _one_text(value, where, problems) if not isinstance(value, list) else ""
        if isinstance(value, list):
            problems.add(where, "expected a text, or a text by language such as {en: Community, fr: Communauté}")
        return (("", text),) if text else ()
    texts = []
    for lang, text in value.items():
        if str(lang) not in langs:
            problems.add((*where, str(lang)), f"not a language of the site; {did_you_mean(str(lang), langs)} "
                         "(the languages are extra.hub.languages)")
        elif text := _one_text(text, (*where, str(lang)), problems):
            texts.append((str(lang), text))
    return tuple(texts)


def _term(term_key: Any, spec: Any, key: KeyPath, langs: list[str], problems: _Problems) -> Term | None:
    where = (*key, str(term_key))
    if key == ("extra", "hub", "languages"):
        if not isinstance(term_key, str) or not LANGUAGE_TAG.match(term_key):
            problems.add(where, "a language is a tag such as fr, or fr-CA for a region")
            return None
    elif not isinstance(term_key, str) or not KEY_PATTERN.match(term_key):
        problems.add(where, "keys are lowercase letters, digits and hyphens, such as open-source")
        return None
    spec = _mapping({"label": spec} if not isinstance(spec, dict) and spec is not None else spec, where, problems)
    _unknown(spec, list(TERM_KEYS), where, problems)
    compose = spec.get("compose")
    if compose is not None and (not isinstance(compose, str) or "{url}" not in compose
                                or not compose.startswith("https://")):
        problems.add((*where, "compose"), "must be an https URL containing {url}")
        compose = None
    return Term(term_key, _texts(spec.get("label"), (*where, "label"), langs, problems),
                _texts(spec.get("description"), (*where, "description"), langs, problems), compose)


def _vocabulary(name: str, raw: Any, langs: list[str], problems: _Problems) -> Vocabulary:
    key = ("extra", "hub", name)
    terms = {k: t for k, spec in _mapping(raw, key, problems).items()
             if (t := _term(k, spec, key, langs, problems))}
    return Vocabulary(name, MappingProxyType(terms))


def _label_languages(raw: Any, site_lang: str) -> list[str]:
    """The language keys a label may have: each language of the site, and the base language of a regional one."""
    codes = [str(k) for k in raw] if isinstance(raw, dict) and raw else [site_lang]
    return list(dict.fromkeys(code for c in codes for code in (c, c.split("-")[0])))


def unused_keys(raw: Mapping[str, Any], lines: Mapping[KeyPath, int], path: Path) -> tuple[Problem, ...]:
    """A warning for each key of mkdocs.yml that hub does not read (`USED_KEYS`), with what to do instead."""
    found: list[tuple[str, Any]] = []
    for name, value in raw.items():
        if str(name) in ("theme", "extra") and isinstance(value, dict):
            found += [(f"{name}.{sub}", v) for sub, v in value.items()]
        elif str(name) == "theme" and value == "material":
            continue
        else:
            found.append((str(name), value))
    shown = relative(path, Path.cwd())
    problems = []
    for key, value in found:
        if key in USED_KEYS and (key != "theme.name" or value == "material"):
            continue
        hint = INSTEAD.get(key) or (INSTEAD["extra"] if key.startswith("extra.") else NOT_USED)
        problems.append(Problem(shown, lines.get(tuple(key.split(".", 1))), key,
                                "not used: hub does not pass it to any engine", hint, Severity.WARNING))
    return tuple(problems)


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


_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
IMAGE_KEYS = ("logo", "favicon")
PALETTE_KEYS = ("primary", "accent", "dark")
MIN_CONTRAST = 4.5
"""WCAG 2.2 AA for text: every colour of the palette is measured against what it sits on or holds."""


def _luminance(colour: str) -> float:
    hex_digits = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:])
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two `#rrggbb` colours (1 to 21)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _image(theme: Mapping[str, Any], name: str, root: Path, problems: _Problems) -> str | None:
    """`theme.logo` or `theme.favicon`: a path under theme/overrides/assets/, to an image hub publishes."""
    value = theme.get(name)
    if value is None:
        return None
    overrides = themes.overrides_dir(root)
    example = f"assets/{name}.svg"
    rel = str(value).strip().replace("\\", "/") if isinstance(value, str) else ""
    kinds = ", ".join(sorted({k.lower().lstrip(".") for k, v in EXTENSIONS.items() if v is not FileKind.PDF}))
    if not rel.startswith("assets/") or ".." in rel.split("/") or "//" in rel or ":" in rel:
        problems.add(("theme", name), f"{value!r} is not a path under theme/{OVERRIDES}/assets/; put the image there "
                     f"and write its path from theme/{OVERRIDES}/, such as `{name}: {example}`")
        return None
    if EXTENSIONS.get(Path(rel).suffix.lower()) in (None, FileKind.PDF):
        problems.add(("theme", name), f"{rel!r} is not an image type hub publishes ({kinds}); "
                     f"export it as PNG or SVG, such as `{name}: {example}`")
        return None
    path = overrides / rel
    if not path.is_file():
        problems.add(("theme", name), f"no file theme/{OVERRIDES}/{rel}; put the image there, or correct the path "
                     f"(it starts at theme/{OVERRIDES}/, such as `{name}: {example}`)")
        return None
    verdict = examine(path, overrides / "assets")
    if verdict.data is None:
        finding = verdict.findings[0]
        hint = "put the file itself there, not a link to a file elsewhere" if "cannot be read" in finding.message \
            else finding.hint
        problems.add(("theme", name), f"theme/{OVERRIDES}/{rel}: {finding.message}; {hint}")
        return None
    return rel


def _colours(raw: Any, key: KeyPath, default: Colours, background: str, problems: _Problems) -> Colours:
    spec = _mapping({} if raw is True else raw, key, problems)
    _unknown(spec, list(PALETTE_KEYS[:2]) + (["dark"] if len(key) == 2 else []), key, problems)
    values = {}
    for name in PALETTE_KEYS[:2]:
        value = spec.get(name, getattr(default, name))
        if not isinstance(value, str) or not _COLOUR.match(value):
            problems.add((*key, name), f"{value!r} is not a colour; write it as \"#rrggbb\", in quotes")
            value = getattr(default, name)
        values[name] = value.lower()
    colours = Colours(values["primary"], values["accent"])
    light = len(key) == 2
    extreme = "darkest" if light else "lightest"
    for name, other, what in (("primary", "#ffffff", "white text on the header"),
                              ("accent", background, f"links on {background}, the {extreme} background they sit on,")):
        ratio = contrast(getattr(colours, name), other)
        if name in spec and ratio < MIN_CONTRAST:
            darker = name == "primary" or light
            problems.add((*key, name), f"{getattr(colours, name)} gives {what} a contrast of {ratio:.1f}:1, under "
                         f"the {MIN_CONTRAST}:1 that WCAG AA asks; choose a {'darker' if darker else 'lighter'} colour")
    return colours


def _look(theme: Mapping[str, Any], root: Path, problems: _Problems) -> Look:
    """`theme.logo`, `theme.favicon` and `theme.palette`, each checked (every engine shows them the same)."""
    raw = theme.get("palette")
    if isinstance(raw, list):
        problems.add(("theme", "palette"), "Material's list of schemes is not read: write `primary` and `accent` as "
                     "\"#rrggbb\", and `dark: {primary: …, accent: …}` for readers whose system is set to dark")
        raw = None
    palette = _mapping(raw, ("theme", "palette"), problems)
    light = _colours(palette, ("theme", "palette"), LIGHT, LIGHT_SURFACE, problems)
    raw_dark = palette.get("dark")
    # The reader's system decides by default (dark: hub's own dark colours); `dark: false` fixes the light scheme.
    dark = None if raw_dark is False else _colours(raw_dark if raw_dark is not None else True,
                                                   ("theme", "palette", "dark"), DARK, DARK_SURFACE, problems)
    logo, favicon = (_image(theme, name, root, problems) for name in IMAGE_KEYS)
    return Look(logo, favicon, light, dark)


def load_config(root: Path, config_path: Path | None = None) -> SiteConfig:
    """Read and check the configuration as MkDocs reads it; raise one ConfigError naming every wrong key."""
    path = config_path or root / CONFIG_NAME
    _outside_content(root, path)
    raw, lines = _read(path, root / "content")
    problems = _Problems(path, lines)
    raw = _mapping(raw, (), problems)
    hub = _mapping(_mapping(raw.get("extra"), ("extra",), problems).get("hub"), ("extra", "hub"), problems)
    _unknown(hub, list(HUB_KEYS), ("extra", "hub"), problems)
    name = raw.get("site_name")
    if not isinstance(name, str) or not name.strip():
        problems.add(("site_name",), "required, the site's name as employees see it")
    theme = raw.get("theme")
    lang = str((theme.get("language") if isinstance(theme, dict) else None) or "en")
    langs = _label_languages(hub.get("languages"), lang)
    vocabularies = {f.key: _vocabulary(f.key, hub.get(f.key), langs, problems) for f in FACETS if f.key != "languages"}
    languages = _vocabulary("languages", hub.get("languages") or {lang: {"label": lang}}, langs, problems)
    if lang not in languages:
        problems.add(("theme", "language"), f"{lang!r} is not one of extra.hub.languages ({', '.join(languages.terms)})")
    base_url = ""
    try:
        base_url = _check_url(str(raw.get("site_url") or ""), "site_url")
    except ConfigError as exc:
        problems.add(("site_url",), str(exc).removeprefix("site_url: "))
    timezone, feed_items = _timezone(hub, problems), _feed_items(hub, problems)
    stance = _stance(hub, problems)
    look = _look(theme if isinstance(theme, dict) else {}, root, problems)
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
        look=look,
        warnings=unused_keys(raw, lines, path),
        announce=hub.get("announce"),
        stance=stance,
        words=words(themes.theme_dirs(root), lang),
    )


def _within(path: str, folder: str) -> bool:
    """Whether the real path `path` is the real folder `folder` or lies under it."""
    return os.path.commonpath([path, folder]) == folder


def _in_content_of(folder: Path, projects: list[Path]) -> bool:
    """Whether `folder` (or the configuration file in it, through a symlink) lies in the content folder of one of
    `projects`: content/ holds content only, so a mkdocs.yml there is never a project, whoever wrote it."""
    places = (os.path.realpath(folder), os.path.realpath(folder / CONFIG_NAME))
    return any(_within(place, os.path.realpath(project / "content")) for project in projects for place in places)


def _outside_content(root: Path, path: Path) -> None:
    """Refuse a configuration or theme that is, through a symlink, in the project's own content folder."""
    content = os.path.realpath(root / "content")
    for what, place in ((CONFIG_NAME, path), ("theme/", themes.project_theme(root))):
        if _within(os.path.realpath(place), content):
            raise ConfigError(f"{place}: the project's {what} leads into content/, which holds content only; "
                              f"hub takes its configuration and theme only from beside content/, never from inside it")


def find_config(config_path: Path | None, content: Path | None, cwd: Path) -> SiteConfig:
    """The configuration given, or the nearest mkdocs.yml, as git finds .git: the folder itself, then each parent.

    The content folder's own parents are looked at first, then the current folder's. A mkdocs.yml that lies in the
    content folder of a project above it is content, not a project: it is passed over (and `hub check` reports it),
    so that running hub from content/ideas/ never takes a configuration or theme written in content/.
    """
    if config_path is not None:
        folder = config_path.parent.resolve()
        if _in_content_of(folder, [p for p in folder.parents if (p / CONFIG_NAME).is_file()]):
            raise ConfigError(f"{config_path}: lies under the content folder of the project above it; content/ holds "
                              f"content only: give that project's {CONFIG_NAME}")
        return load_config(folder, config_path)
    starts = ([content.resolve().parent] if content is not None else []) + [cwd.resolve()]
    for start in starts:
        found = [folder for folder in (start, *start.parents) if (folder / CONFIG_NAME).is_file()]
        for index, folder in enumerate(found):
            if not _in_content_of(folder, found[index + 1:]):
                return load_config(folder)
    return load_config(cwd)  # raises ConfigError naming the missing file
