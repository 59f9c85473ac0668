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
from hub.feeds.view import feed_view
from hub.feeds.xml import STYLESHEET_URL, feed_files
from hub.plan import SitePlan, make_plan
from hub.problems import Problem
from hub.publish.files import publish_assets
from hub.publish.site import copy_file, publishing, swap_into_place, write_files, writing_site
from hub.render.cache import cache_dir, prune
from hub.render.cache import enabled as cache_enabled
from hub.render.look import ASSETS_URL, PALETTE_URL, image_files, overrides_assets, palette_css
from hub.render.pages import page_description, page_html
from hub.render.parallel import default_jobs, render_fragments

Progress = Callable[[str], None]


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


def _fragment(plan: SitePlan, index: int) -> tuple[str, str]:
    page = plan.pages[index]
    return page_html(plan, page), page_description(page)


def render_pages(plan: SitePlan, jobs: int = 1) -> tuple[RenderedPage, ...]:
    """Every planned page's content HTML, engine-neutral, on `jobs` processes (see hub.render.parallel)."""
    fragments = render_fragments(plan, _fragment, jobs)
    return tuple(RenderedPage(page, html, text) for page, (html, text) in zip(plan.pages, fragments, strict=True))


def _count_files(root: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(root))


def copy_theme_assets(config: SiteConfig, site: Path) -> None:
    """The theme's shared files (CSS, scripts) under `ASSETS_URL`, then the company's (`theme/overrides/assets/`:
    its logo, favicon, `extra.css`) over them, the palette's stylesheet, and the feeds' XSL view in the site's
    language. No symlink is followed: a file of the site is a file of the theme."""
    for shared in (config.theme_dir / "assets", overrides_assets(config.theme_dir)):
        if shared.is_dir() and not shared.is_symlink():
            for source in sorted(shared.rglob("*")):
                if source.is_file() and not source.is_symlink():
                    copy_file(source, site, ASSETS_URL + source.relative_to(shared).as_posix())
    write_files(site, {STYLESHEET_URL: feed_view(config), PALETTE_URL: palette_css(config.look).encode(),
                       **image_files(config)})


def check_output_folder(config: SiteConfig, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources: the project, content/ or theme/."""
    target, root = out.resolve(), config.root.resolve()
    sources = (config.content_dir.resolve(), config.theme_dir.resolve())
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
    jobs: int | None = None,
) -> BuildResult:
    """Build the whole site into `out`, under a lock, and swap it in; on any failure the previous `out` is left as
    it was. `out` must be missing, empty or a site hub built (see hub.publish.site). Pages render on `jobs`
    processes (default: `HUB_JOBS`, else the usable cores; 1: this process only)."""
    jobs = default_jobs() if jobs is None else jobs
    check_output_folder(config, out)
    out = out.resolve()  # a symlink to the output folder stays; the folder it points to is replaced
    adapter = get_engine(engine)
    with publishing(out) as stage:
        progress("Checking content")
        loaded = checked_content(config, strict=strict, drafting=preview)
        progress(f"Planning: {len(loaded.content.ideas)} ideas, {len(loaded.content.guidelines)} guidelines")
        plan = make_plan(loaded.content, config, now, preview=preview, placeholders=loaded.placeholders)
        pages = render_pages(plan, jobs)
        if cache_enabled():
            prune(cache_dir(config.root))
        site = stage.site
        with writing_site(stage):
            progress(f"Rendering {len(pages)} pages with {adapter.name}")
            adapter.render(RenderJob(plan, pages, config.theme_dir, stage.work, site))
            progress(f"Writing {len(plan.feed_refs) * 2} feeds")
            write_files(site, feed_files(plan))
            copy_theme_assets(config, site)
            publish_assets(plan.assets, config.content_dir, site)
        files = _count_files(site)
        progress(f"Publishing {files} files to {out}")
        swap_into_place(site, out)
    return BuildResult(plan, out, loaded.problems + config.warnings, files)
