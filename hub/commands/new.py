"""`hub new`: a new idea or guideline file, never overwriting, with hints for the editor."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from hub.config import SiteConfig, Vocabulary
from hub.content.fields import PLACEHOLDER
from hub.content.load import GUIDELINES_DIR, IDEAS_DIR
from hub.content.schema import slugify
from hub.errors import UsageError

WROTE = "Wrote {path}. Edit the lines marked TODO, then run: hub check"
"""What `hub new idea` and `hub new guideline` say once the file is written."""


@dataclass(frozen=True, slots=True)
class NewIdea:
    """What the editor asked for on the command line."""

    title: str
    topics: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    lang: str | None = None


def new_id() -> str:
    """A fresh idea id: a random UUID, for a file that has none or a copied one."""
    return str(uuid.uuid4())


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _hint(vocabulary: Vocabulary, words: str) -> str:
    return f"# {words} " + ", ".join(vocabulary.terms)


def _check_terms(values: tuple[str, ...], vocabulary: Vocabulary, option: str) -> None:
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        raise UsageError(f"{option}: unknown {', '.join(unknown)}; choose from {', '.join(vocabulary.terms)}")


def _check_title(title: str) -> None:
    """A title is one line of visible text: no line break, tab or other control character."""
    bad = next((c for c in title if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        kind = "a line break" if bad in "\n\r\x0b\x0c\x85\u2028\u2029" else f"the control character U+{ord(bad):04X}"
        raise UsageError(f"the title contains {kind}: write it on one line (nothing was written)")


def _target(folder: Path, title: str) -> Path:
    _check_title(title)
    slug = slugify(title)
    if not slug:
        raise UsageError(f"the title {title!r} gives an empty file name; use some letters or digits")
    existing = [p for p in folder.rglob(f"{slug}.md")] if folder.is_dir() else []
    if existing:
        raise UsageError(f"{existing[0]} already exists: choose another title (nothing was written)")
    return folder / f"{slug}.md"


def _write_new(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists (nothing was written)") from None
    return path


def new_idea(config: SiteConfig, request: NewIdea, today: datetime) -> Path:
    """Write `content/ideas/<slug>.md`; refuse an empty or taken slug."""
    request = replace(request, title=request.title.strip())
    _check_terms(request.topics, config.topics, "--topic")
    _check_terms(request.audiences, config.audiences, "--audience")
    _check_terms(request.channels, config.channels, "--channel")
    lang = request.lang or config.lang
    _check_terms((lang,), config.languages, "--lang")
    path = _target(config.content_dir / IDEAS_DIR, request.title)
    return _write_new(path, _idea_text(config, request, lang, today.astimezone(config.timezone)))


@dataclass(frozen=True, slots=True)
class _IdeaWords:
    """The comments and placeholders of a new idea, in the idea's language (each placeholder starts with TODO)."""

    todo: str
    id: str
    summary: str
    date: str
    expires: str
    more: str
    one: str
    sensitivity: str
    guidelines: str
    contact: str
    angles: str
    angle_1: str
    angle_2: str
    facts: str
    fact: str
    links: str
    link: str
    body: str


_IDEA_WORDS = {
    "en": _IdeaWords(
        id="never change it: feed readers know the idea by it",
        summary="one or two sentences on what the story is",
        date="when it goes live ({zone}); a future date schedules it",
        expires="optional: after it, the idea leaves the site and feeds",
        more="one or more of:", one="one of:", todo=f"{PLACEHOLDER}:",
        sensitivity="open: share freely · care: re-read the guidelines below · ask: talk to the contact first",
        guidelines="charter pages to re-read before posting, such as [confidential]",
        contact="Name, team (email)  # required with sensitivity: ask",
        angles="ways in, phrased as prompts about the reader's own experience; never a post to copy",
        angle_1="What surprised you when…?", angle_2="What would you tell a friend who…?",
        facts="short facts someone may cite", fact="a number, a date, a name that is public",
        links="public sources (https)", link="where the facts come from",
        body="the context. What happened, why it matters, what is public and what is not yet."),
    "fr": _IdeaWords(
        id="ne le changez jamais : les lecteurs de flux reconnaissent l’idée à lui",
        summary="une ou deux phrases qui disent de quoi parle le sujet",
        date="sa mise en ligne ({zone}) ; une date future la programme",
        expires="facultatif : passé cette date, l’idée quitte le site et les flux",
        more="un ou plusieurs parmi :", one="un parmi :", todo=f"{PLACEHOLDER} :",
        sensitivity="open : à partager librement · care : relire la charte ci-dessous · ask : voir le contact d’abord",
        guidelines="pages de la charte à relire avant de publier, par exemple [confidential]",
        contact="Nom, équipe (e-mail)  # obligatoire avec sensitivity: ask",
        angles="des façons d’entrer dans le sujet, en questions sur l’expérience de chacun ; jamais un post à copier",
        angle_1="Qu’est-ce qui vous a surpris quand… ?", angle_2="Que diriez-vous à un ami qui… ?",
        facts="des faits courts, que chacun peut citer", fact="un chiffre, une date, un nom déjà publics",
        links="des sources publiques (https)", link="d’où viennent les faits",
        body="le contexte. Ce qui s’est passé, pourquoi c’est important, ce qui est public et ce qui ne l’est pas encore."),
}


def _idea_text(config: SiteConfig, request: NewIdea, lang: str, local: datetime) -> str:
    """The new idea's file, its comments and placeholders in the idea's language (English when hub has none)."""
    w = _IDEA_WORDS.get(lang.split("-")[0], _IDEA_WORDS["en"])
    return f"""---
id: {new_id()}  # {w.id}
title: {_yaml_text(request.title)}
summary: "{w.todo} {w.summary}"
date: {local:%Y-%m-%d %H:%M}  # {w.date.format(zone=config.timezone.key)}
# expires: {local.year + 1}-{local:%m-%d}  # {w.expires}
topics: [{", ".join(request.topics)}]  {_hint(config.topics, w.more)}
audiences: [{", ".join(request.audiences) or next(iter(config.audiences.terms), "")}]  {_hint(config.audiences, w.more)}
channels: [{", ".join(request.channels)}]  {_hint(config.channels, w.more)}
lang: {lang}  {_hint(config.languages, w.one)}
sensitivity: open  # {w.sensitivity}
guidelines: []  # {w.guidelines}
# contact: {w.contact}
angles:  # {w.angles}
  - "{w.todo} {w.angle_1}"
  - "{w.todo} {w.angle_2}"
facts:  # {w.facts}
  - "{w.todo} {w.fact}"
links:  # {w.links}
  - title: "{w.todo} {w.link}"
    url: https://example.com/
---

{w.todo} {w.body}
"""


def new_guideline(config: SiteConfig, title: str, today: datetime) -> Path:
    """Write `content/guidelines/<slug>.md`; refuse an empty or taken slug."""
    title = title.strip()
    path = _target(config.content_dir / GUIDELINES_DIR, title)
    local = today.astimezone(config.timezone)
    text = f"""---
title: {_yaml_text(title)}
summary: "{PLACEHOLDER}: one sentence that says what this page asks of people"
order: 100  # position in the charter
updated: {local:%Y-%m-%d}
changes: New page.
---

{PLACEHOLDER}: write the page. Short, concrete, trusting.
"""
    return _write_new(path, text)
