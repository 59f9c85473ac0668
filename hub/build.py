"""The build: check, plan, render through an engine, add feeds and files, then publish atomically."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub.config import SiteConfig
from hub.content.load import Loaded, load_content
from hub.engines import RenderedPage, RenderJob, get_engine
from hub.errors import ContentError, UsageError
from hub.feeds.view import feed_style
from hub.feeds.xml import STYLESHEET_URL, feed_files
from hub.plan import SitePlan, make_plan
from hub.problems import Problem
from hub.publish.files import publish_assets
from hub.publish.site import copy_file, publishing, swap_into_place, write_files, writing_site
from hub.render.bodies import Bodies
from hub.render.cache import cache_dir, prune
from hub.render.look import ASSETS_URL, PALETTE_URL, image_files, overrides_assets, palette_css
from hub.render.pages import page_description, page_html
from hub.render.parallel import render_fragments
from hub.themes import project_theme

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How a build runs, never what it makes: the output is the same bytes whatever these say. The command line
    makes them (from `--jobs`, `--no-cache` and hub's environment variables); everything below receives them."""

    jobs: int = 1
    """How many processes render pages (1: this one only); see hub.render.parallel."""
    cache: bool = True
    """Whether bodies are read from and written to the render cache (hub.render.cache)."""

    def bodies(self, plan: SitePlan) -> Bodies:
        """A build's bodies of `plan`, with the project's render cache unless the cache is off."""
        return Bodies(plan, cache_dir(plan.config.root) if self.cache else None)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced, for the CLI's summary."""

    plan: SitePlan
    out: Path
    problems: tuple[Problem, ...]
    files: int


def checked_content(config: SiteConfig, *, strict: bool = False, drafting: bool = False) -> Loaded:
    """Load the content; raise ContentError with every problem when any would stop a build.

    While drafting (the preview), a file whose only errors are the placeholders `hub new` wrote is built.
    """
    loaded = load_content(config)
    if loaded.blocking(drafting=drafting) or (strict and loaded.problems):
        raise ContentError(list(loaded.problems))
    return loaded


def _fragment(bodies: Bodies, index: int) -> tuple[str, str]:
    page = bodies.plan.pages[index]
    return page_html(bodies.plan, page, bodies), page_description(page)


def render_pages(plan: SitePlan, jobs: int = 1, bodies: Bodies | None = None) -> tuple[RenderedPage, ...]:
    """Every planned page's content HTML, engine-neutral, on `jobs` processes (see hub.render.parallel); the bodies
    rendered join `bodies` (default: bodies of this call alone, without the render cache)."""
    fragments = render_fragments(bodies or Bodies(plan), _fragment, jobs)
    return tuple(RenderedPage(page, html, text) for page, (html, text) in zip(plan.pages, fragments, strict=True))


def _count_files(root: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(root))


def copy_theme_assets(config: SiteConfig, site: Path) -> None:
    """The theme's shared files (CSS, scripts) under `ASSETS_URL`, then the company's (`theme/overrides/assets/`:
    its logo, favicon, `extra.css`) over them, the palette's stylesheet, and the feeds' style sheet in the site's
    language. No symlink is followed: a file of the site is a file of the theme. The files hub makes (the logo and
    favicon as inspected, the two stylesheets) are written once, in place of a copy."""
    made = {STYLESHEET_URL: feed_style(config), PALETTE_URL: palette_css(config.look).encode(), **image_files(config)}
    for shared in (config.theme_dir / "assets", overrides_assets(config.overrides_dir)):
        if shared.is_dir() and not shared.is_symlink():
            for source in sorted(shared.rglob("*")):
                rel = ASSETS_URL + source.relative_to(shared).as_posix()
                if source.is_file() and not source.is_symlink() and rel not in made:
                    copy_file(source, site, rel)
    write_files(site, made)


def check_output_folder(config: SiteConfig, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources: the project, content/ or theme/."""
    target, root = out.resolve(), config.root.resolve()
    sources = (config.content_dir.resolve(), project_theme(config.root).resolve())
    if root.is_relative_to(target) or any(target.is_relative_to(source) for source in sources):
        raise UsageError(f"--out {out}: each build replaces the output folder whole, so it must not be the project "
                         "folder, hold it, or be inside content/ or theme/; choose another, such as site/")


def build_site(
    config: SiteConfig,
    now: datetime,
    out: Path,
    *,
    engine: str = "mkdocs",
    strict: bool = False,
    preview: bool = False,
    progress: Progress = lambda _: None,
    options: BuildOptions = BuildOptions(),
) -> BuildResult:
    """Build the whole site into `out`, under a lock, and swap it in; on any failure the previous `out` is left as
    it was. `out` must be missing, empty or a site hub built (see hub.publish.site). `options` say how many
    processes render the pages and whether the render cache is used."""
    check_output_folder(config, out)
    out = out.resolve()  # a symlink to the output folder stays; the folder it points to is replaced
    adapter = get_engine(engine)
    with publishing(out) as stage:
        progress("Checking content")
        loaded = checked_content(config, strict=strict, drafting=preview)
        progress(f"Planning: {len(loaded.content.ideas)} ideas, {len(loaded.content.guidelines)} guidelines")
        plan = make_plan(loaded.content, config, now, preview=preview, placeholders=loaded.placeholders)
        bodies = options.bodies(plan)
        pages = render_pages(plan, options.jobs, bodies)
        if bodies.cache:
            prune(bodies.cache)
        site = stage.site
        with writing_site(stage):
            progress(f"Rendering {len(pages)} pages with {adapter.name}")
            adapter.render(RenderJob(plan, pages, config.theme_dir, stage.work, site))
            progress(f"Writing {len(plan.feed_refs) * 3} feeds")
            write_files(site, feed_files(plan, bodies=bodies))
            copy_theme_assets(config, site)
            publish_assets(plan.assets, config.content_dir, site)
        files = _count_files(site)
        progress(f"Publishing {files} files to {out}")
        swap_into_place(site, out)
    return BuildResult(plan, out, loaded.problems + config.warnings, files)
