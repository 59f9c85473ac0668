"""Engine adapters: each turns a plan's rendered pages into an HTML site, and knows no rules of ours."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from hub.config import SiteConfig
from hub.errors import UsageError
from hub.plan import Page, SitePlan
from hub.render.templates import words

ENGINES = ("mkdocs", "pelican", "zensical")


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


def chrome_words(config: SiteConfig) -> dict[str, str]:
    """The words of the engines' own layout (skip link, navigation, footer) in the site's language, by short name."""
    text = words(config, config.lang)
    return {
        "skip": text("chrome.skip"),
        "nav_label": text("chrome.nav.label"),
        "nav_home": text("chrome.nav.home"),
        "nav_charter": text("chrome.nav.charter"),
        "nav_ideas": text("chrome.nav.ideas"),
        "nav_subscribe": text("chrome.nav.subscribe"),
        "search_label": text("chrome.search.label"),
        "footer_label": text("chrome.footer.label"),
        "footer_charter": text("chrome.footer.charter"),
        "footer_ideas": text("chrome.footer.ideas"),
        "footer_subscribe": text("chrome.footer.subscribe"),
        "footer_stance": text("chrome.footer.stance"),
    }


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
    if name == "zensical":
        from hub.engines.zensical import ZensicalEngine

        return ZensicalEngine()
    raise UsageError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
