"""`hub new`: a new idea or guideline file, never overwriting, with hints for the editor."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub.config import SiteConfig, Vocabulary
from hub.errors import UsageError
from hub.fields import PLACEHOLDER
from hub.load import GUIDELINES_DIR, IDEAS_DIR
from hub.schema import slugify


@dataclass(frozen=True, slots=True)
class NewIdea:
    """What the editor asked for on the command line."""

    title: str
    topics: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    lang: str | None = None


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _hint(vocabulary: Vocabulary) -> str:
    return "# one or more of: " + ", ".join(vocabulary.terms)


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
    _check_terms(request.topics, config.topics, "--topic")
    _check_terms(request.audiences, config.audiences, "--audience")
    _check_terms(request.channels, config.channels, "--channel")
    lang = request.lang or config.lang
    _check_terms((lang,), config.languages, "--lang")
    path = _target(config.content_dir / IDEAS_DIR, request.title)
    local = today.astimezone(config.timezone)
    text = f"""---
id: {uuid.uuid4()}  # never change it: feed readers know the idea by it
title: {_yaml_text(request.title)}
summary: "{PLACEHOLDER}: one or two sentences on what the story is"
date: {local:%Y-%m-%d %H:%M}  # when it goes live ({config.timezone.key}); a future date schedules it
# expires: {local.year + 1}-{local:%m-%d}  # optional: after it, the idea leaves the site and feeds
topics: [{", ".join(request.topics)}]  {_hint(config.topics)}
audiences: [{", ".join(request.audiences) or next(iter(config.audiences.terms), "")}]  {_hint(config.audiences)}
channels: [{", ".join(request.channels)}]  {_hint(config.channels)}
lang: {lang}  {_hint(config.languages).replace("one or more", "one")}
sensitivity: open  # open: share freely · care: re-read the guidelines below · ask: talk to the contact first
guidelines: []  # charter pages to re-read before posting, such as [confidential]
# contact: Name, team (email)  # required with sensitivity: ask
angles:  # ways in, phrased as prompts about the reader's own experience; never a post to copy
  - "{PLACEHOLDER}: What surprised you when…?"
  - "{PLACEHOLDER}: What would you tell a friend who…?"
facts:  # short facts someone may cite
  - "{PLACEHOLDER}: a number, a date, a name that is public"
links:  # public sources (https)
  - title: "{PLACEHOLDER}: where the facts come from"
    url: https://example.com/
---

{PLACEHOLDER}: the context. What happened, why it matters, what is public and what is not yet.
"""
    return _write_new(path, text)


def new_guideline(config: SiteConfig, title: str, today: datetime) -> Path:
    """Write `content/guidelines/<slug>.md`; refuse an empty or taken slug."""
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
