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


def _check_terms(values: tuple[str, ...], vocabulary: Vocabulary, option: str) -> None:
    """Each value is a key of the vocabulary; the first that is not is a usage error with "did you mean"."""
    from hub.commands.choices import choose

    for value in values:
        choose(option, value, list(vocabulary.terms))


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


def _file_text(config: SiteConfig, name: str, words_lang: str, **context: object) -> str:
    """A new file from `theme/templates/new/<name>`, its comments and placeholders from the catalog of `words_lang`."""
    from hub.render.templates import environment, render_template, words

    text = words(config, words_lang)
    todo = text("new.todo", placeholder=PLACEHOLDER)
    return render_template(environment(config, words_lang), f"new/{name}", todo=todo, **context) + "\n"


def _idea_text(config: SiteConfig, request: NewIdea, lang: str, local: datetime) -> str:
    """The new idea's file, its comments and placeholders in the idea's language (English where the catalog has none)."""
    return _file_text(
        config, "idea.md", lang, id=new_id(), title=_yaml_text(request.title), local=local, zone=config.timezone.key,
        topics=request.topics, audiences=request.audiences or tuple(config.audiences.terms)[:1], channels=request.channels,
        lang=lang, all_topics=tuple(config.topics.terms), all_audiences=tuple(config.audiences.terms),
        all_channels=tuple(config.channels.terms), all_languages=tuple(config.languages.terms),
    )


def new_guideline(config: SiteConfig, title: str, today: datetime) -> Path:
    """Write `content/guidelines/<slug>.md`; refuse an empty or taken slug."""
    title = title.strip()
    path = _target(config.content_dir / GUIDELINES_DIR, title)
    text = _file_text(config, "guideline.md", config.lang, title=_yaml_text(title),
                      local=today.astimezone(config.timezone))
    return _write_new(path, text)
