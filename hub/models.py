"""Typed, frozen models of the content: guidelines (the charter) and ideas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class Sensitivity(StrEnum):
    """How freely an idea may be shared."""

    OPEN = "open"
    """Share freely."""
    CARE = "care"
    """Re-read the named guidelines first."""
    ASK = "ask"
    """Talk to the contact first; regulated or sensitive topics."""


class Status(StrEnum):
    """Where an idea stands at a given instant."""

    LIVE = "live"
    SCHEDULED = "scheduled"
    EXPIRED = "expired"
    DRAFT = "draft"
    UNREADABLE = "unreadable"
    """Its `date` or `expires` could not be read (`hub check` says why): never shown as live, nor anything else."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a model came from: its file (relative to the project root) and body position."""

    path: Path
    """Absolute path of the Markdown file."""
    display: str
    """The path as shown to editors (relative, forward slashes)."""
    body_line: int
    """Line of the file where the Markdown body starts."""


@dataclass(frozen=True, slots=True)
class Link:
    """A source someone may cite."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Guideline:
    """One page of the charter."""

    slug: str
    title: str
    summary: str
    order: int
    lang: str
    updated: datetime | None
    changes: str
    body: str
    source: Source


@dataclass(frozen=True, slots=True)
class Idea:
    """An optional story idea: context, facts, sources and angles, never a post to copy."""

    id: str
    slug: str
    title: str
    summary: str
    date: datetime
    expires: datetime | None
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    channels: tuple[str, ...]
    lang: str
    angles: tuple[str, ...]
    facts: tuple[str, ...]
    links: tuple[Link, ...]
    sensitivity: Sensitivity
    guidelines: tuple[str, ...]
    contact: str
    image: str | None
    draft: bool
    body: str
    source: Source
    updated: datetime | None = None
    """When a fact was fixed after publication; feeds show the same item as changed."""
    correction: str = ""
    """One line saying what that fix was; given with `updated`, never alone."""
    unreadable: tuple[str, ...] = ()
    """`date` and/or `expires` when they could not be read (reported by `hub check`): the status says so."""

    def status(self, now: datetime) -> Status:
        """Live, scheduled, expired or draft at the instant `now` (timezone-aware)."""
        if self.unreadable:
            return Status.UNREADABLE
        if self.draft:
            return Status.DRAFT
        if self.date > now:
            return Status.SCHEDULED
        if self.expires is not None and self.expires <= now:
            return Status.EXPIRED
        return Status.LIVE


@dataclass(frozen=True, slots=True)
class Content:
    """Everything loaded from `content/`, sorted: guidelines by order, ideas newest first."""

    guidelines: tuple[Guideline, ...]
    ideas: tuple[Idea, ...]
    assets: tuple[Path, ...] = ()
    """Non-Markdown files beside the content (images and the like), absolute paths."""
