"""Engine adapters: each turns a plan's rendered pages into an HTML site, and knows no rules of ours."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from hub.errors import UsageError
from hub.plan import Page, SitePlan

ENGINES = ("mkdocs", "pelican")


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A planned page with its engine-neutral content HTML."""

    page: Page
    html: str
    description: str


@dataclass(frozen=True, slots=True)
class RenderJob:
    """What an engine gets: the plan, every page's HTML, and two folders of its own."""

    plan: SitePlan
    pages: tuple[RenderedPage, ...]
    theme_dir: Path
    work_dir: Path
    """An empty folder for the engine's staged project."""
    out_dir: Path
    """An empty folder to fill with the site (the engine's output directory)."""


class Engine(Protocol):
    """An engine renders a job's pages into `out_dir`; it raises BuildError when it fails."""

    name: str

    def render(self, job: RenderJob) -> None: ...


def get_engine(name: str) -> Engine:
    """The adapter for an engine name; UsageError for an unknown one."""
    if name == "mkdocs":
        from hub.engines.mkdocs import MkDocsEngine

        return MkDocsEngine()
    if name == "pelican":
        from hub.engines.pelican import PelicanEngine

        return PelicanEngine()
    raise UsageError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
