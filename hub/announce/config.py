"""The announce targets of `extra.hub.announce`: parsed into typed values, every problem reported at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses, parseaddr
from enum import StrEnum
from typing import Any

from hub.config import KEY_PATTERN, SiteConfig, Vocabulary
from hub.errors import ConfigError
from hub.models import Sensitivity
from hub.problems import counted, did_you_mean

ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
FILTERS = ("topics", "audiences", "languages", "channels")
COMMON_KEYS = ("name", "kind", *FILTERS, "sensitivity")
KIND_KEYS = {
    "teams": ("webhook_env",),
    "slack": ("webhook_env",),
    "email": ("smtp_env", "from", "to", "every", "contact", "language"),
}


class Kind(StrEnum):
    """Where a target's messages go."""

    TEAMS = "teams"
    SLACK = "slack"
    EMAIL = "email"


class Every(StrEnum):
    """How often an email digest goes: on the first run of each day, or of each week (Monday)."""

    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class Target:
    """One place that hears about new ideas; its filters are empty when it takes everything."""

    name: str
    kind: Kind
    secret_env: str
    """The environment variable holding the webhook URL or the SMTP URL; never its value."""
    topics: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    sensitivity: tuple[Sensitivity, ...] = ()
    sender: str = ""
    """Email: the From address, `Comms <comms@example.com>`."""
    to: tuple[str, ...] = ()
    every: Every = Every.WEEK
    contact: str = ""
    """Email: whom readers write to stop (default: the sender)."""
    language: str = ""
    """Email: the language of the digest's own words (default: the site's)."""


class _Reader:
    """Reads one target's mapping; each mistake is noted with its key, never raised."""

    def __init__(self, raw: dict[str, Any], where: str, problems: list[str]) -> None:
        self.raw, self.where, self.problems = raw, where, problems

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where}.{key}: {message}")

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, "required")
            return ""
        if not isinstance(value, str):
            self.problem(key, f"expected text, got {type(value).__name__}")
            return ""
        return value.strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, "expected a list of text, such as [engineering, design]")
            return ()
        return tuple(v.strip() for v in value)

    def terms(self, key: str, vocabulary: Vocabulary) -> tuple[str, ...]:
        keys = self.texts(key)
        for item in keys:
            if item not in vocabulary:
                self.problem(key, f"unknown value {item!r}; {did_you_mean(item, list(vocabulary.terms))}")
        return tuple(k for k in keys if k in vocabulary)

    def env(self, key: str) -> str:
        name = self.text(key, required=True)
        if name and not ENV_NAME.match(name):
            self.problem(key, f"{name!r} is not an environment variable name; write its name (HUB_TEAMS_ENG), "
                              "never the secret itself")
        return name


def _address(reader: _Reader, key: str, text: str) -> None:
    if text and "@" not in parseaddr(text)[1]:
        reader.problem(key, f"{text!r} is not an email address, such as Comms <comms@example.com>")


def _choice(reader: _Reader, key: str, choices: type[StrEnum], default: str) -> str:
    value = reader.text(key) or default
    if value not in {c.value for c in choices}:
        reader.problem(key, f"{value!r} is not one of {', '.join(c.value for c in choices)}")
        return default
    return value


def _email_fields(reader: _Reader, config: SiteConfig) -> dict[str, Any]:
    sender = reader.text("from", required=True)
    _address(reader, "from", sender)
    to = reader.texts("to")
    if not to:
        reader.problem("to", "required: the list of addresses, such as [everyone@example.com]")
    for _, address in getaddresses(list(to)):
        _address(reader, "to", address)
    contact = reader.text("contact")
    _address(reader, "contact", contact)
    language = reader.text("language") or config.lang
    if language not in config.languages:
        reader.problem("language", f"unknown language {language!r}; {did_you_mean(language, list(config.languages.terms))}")
        language = config.lang
    return {"sender": sender, "to": to, "contact": contact or sender, "language": language,
            "every": Every(_choice(reader, "every", Every, Every.WEEK.value))}


def _sensitivity(reader: _Reader) -> tuple[Sensitivity, ...]:
    levels = reader.texts("sensitivity")
    known = {s.value for s in Sensitivity}
    for level in levels:
        if level not in known:
            reader.problem("sensitivity", f"unknown level {level!r}; {did_you_mean(level, sorted(known))}")
    return tuple(Sensitivity(level) for level in levels if level in known)


def _target(raw: dict[str, Any], where: str, config: SiteConfig, problems: list[str]) -> Target | None:
    reader = _Reader(raw, where, problems)
    name = reader.text("name", required=True)
    if name and not KEY_PATTERN.match(name):
        reader.problem("name", f"{name!r}: lowercase letters, digits and hyphens, such as teams-engineering")
    kind_text = reader.text("kind", required=True)
    kind = Kind(kind_text) if kind_text in {k.value for k in Kind} else None
    if kind_text and kind is None:
        reader.problem("kind", f"{kind_text!r} is not one of {', '.join(k.value for k in Kind)}")
    allowed = COMMON_KEYS + (KIND_KEYS[kind.value] if kind else tuple(k for keys in KIND_KEYS.values() for k in keys))
    for key in sorted(set(map(str, raw)) - set(allowed)):
        reader.problem(key, f"unknown key for a {kind or 'target'}; {did_you_mean(key, list(allowed))}")
    vocabularies = config.vocabularies() | {"languages": config.languages}
    filters = {key: reader.terms(key, vocabularies[key]) for key in FILTERS}
    sensitivity = _sensitivity(reader)
    if kind is None:
        return None
    secret = reader.env("smtp_env" if kind is Kind.EMAIL else "webhook_env")
    extra = _email_fields(reader, config) if kind is Kind.EMAIL else {}
    return Target(name, kind, secret, topics=filters["topics"], audiences=filters["audiences"],
                  languages=filters["languages"], channels=filters["channels"], sensitivity=sensitivity, **extra)


def parse_targets(raw: Any, config: SiteConfig) -> tuple[tuple[Target, ...], list[str]]:
    """The targets that are right, and one line per problem, each naming its key."""
    where = "extra.hub.announce"
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [f"{where}: expected a list of targets (`- name: …`), got {type(raw).__name__}"]
    problems: list[str] = []
    targets: list[Target] = []
    for index, item in enumerate(raw):
        label = f"{where}[{index}]" + (f" ({item['name']})" if isinstance(item, dict) and item.get("name") else "")
        if not isinstance(item, dict):
            problems.append(f"{label}: expected a mapping with name, kind and the target's keys")
            continue
        target = _target(item, label, config, problems)
        if target is not None:
            targets.append(target)
    names = [t.name for t in targets]
    problems += [f"{where}: the name {n!r} is used twice; names keep each target's state apart"
                 for n in sorted({n for n in names if names.count(n) > 1})]
    return tuple(targets), problems


def announce_targets(config: SiteConfig) -> tuple[Target, ...]:
    """The configured targets; ConfigError listing every problem with its key."""
    targets, problems = parse_targets(config.announce, config)
    if problems:
        path = config.config_path
        raise ConfigError(f"{counted(len(problems), 'problem')} in extra.hub.announce:\n"
                          + "\n".join(f"{path}: {line}" for line in problems))
    return targets
