"""The preview's builds: the first one whole, then only what an edit changes.

After an edit, or when the clock moves, the content is read and planned again, then each page's input
(`hub.render.pages.page_input`: everything its template reads, from its cards' statuses at `now` to where its body's
links lead) is compared with the last good build's. Only the pages whose input differs are rendered again, and
MkDocs renders only those (hub.engines.mkdocs_dirty); the feeds likewise (`hub.feeds.xml.feed_inputs`, written by
the full build's own `feed_files`). The new site is swapped in whole,
so the last good build is served until then, and kept when a build fails (the next build is then whole). A change
of the configuration, the guidelines, the theme or the staged mkdocs.yml, or Pelican, means a full build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hub.build import BuildOptions, BuildResult, check_output_folder, checked_content, copy_theme_assets, render_pages
from hub.config import SiteConfig
from hub.engines import RenderedPage, RenderJob
from hub.engines.mkdocs_dirty import TemplateCache, config_text, render_dirty, render_full
from hub.feeds.items import FeedItem, idea_item
from hub.feeds.xml import feed_files, feed_inputs, item_input
from hub.models import Guideline, Idea
from hub.plan import SitePlan, make_plan
from hub.publish.files import publish_assets
from hub.publish.site import MANIFEST, publishing, swap_into_place, write_files, writing_site
from hub.render import parallel
from hub.render.bodies import Bodies
from hub.render.cache import prune
from hub.render.pages import linked_files, page_description, page_html, page_input

Items = dict[str, tuple[Any, FeedItem]]
"""Feed items kept between builds, by the idea's source path, with the input they were made from."""
ALWAYS_COPIED = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")
"""Files MkDocs writes on every build, dirty or not, whatever their times say."""


@dataclass(frozen=True, slots=True)
class Kept:
    """What the last good build leaves for the next one."""

    plan: SitePlan
    rendered: Mapping[str, RenderedPage]  # each page's fragment, by URL
    inputs: Mapping[str, Any]  # each page's input (`page_input`), by URL
    feed_inputs: Mapping[str, Any]  # each feed's input (`feed_inputs`), by its key
    config: str  # the staged mkdocs.yml
    engine_files: Mapping[str, tuple[int, int, int]]
    """MkDocs' output files, with their inode, mtime and size: what a build changed is what differs."""
    written: frozenset[str] | None
    """The files this build wrote or removed, to bring the spare site up to date (None after a full build)."""
    files: int


class Links:
    """The Markdown files each body links to (`linked_files`), remembered by body from build to build."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, str], frozenset[Path]] = {}

    def targets(self, model: Idea | Guideline) -> frozenset[Path]:
        key = (model.source.path.as_posix(), model.body)
        if key not in self._memo:
            self._memo[key] = linked_files(model)
        return self._memo[key]


def render_changed(plan: SitePlan, kept: Kept | None, inputs: Mapping[str, Any],
                   jobs: int, bodies: Bodies) -> tuple[dict[str, RenderedPage], list[str]]:
    """Every page's fragment, rendering only those whose input changed; and the URLs of those rendered.

    When enough pages changed for several processes to pay (`hub.render.parallel.MIN_PAGES`: the first build, a
    clock move past many ideas), they render as `hub build` renders them, on `jobs` processes."""
    changed = [p.url for p in plan.pages
               if kept is None or p.url not in kept.rendered or kept.inputs.get(p.url) != inputs[p.url]]
    if jobs > 1 and len(changed) >= parallel.MIN_PAGES:
        return {r.page.url: r for r in render_pages(plan, jobs, bodies)}, [p.url for p in plan.pages]
    rendered, pages = dict(kept.rendered) if kept else {}, {p.url: p for p in plan.pages}
    for url in changed:
        page = pages[url]
        rendered[url] = RenderedPage(page, page_html(plan, page, bodies), page_description(page))
    return {p.url: rendered[p.url] for p in plan.pages}, changed


def changed_feeds(plan: SitePlan, kept: Kept, inputs: Mapping[str, Any], items: Items,
                  links: Links, bodies: Bodies) -> dict[str, bytes]:
    """The files of the feeds whose input changed, the OPML and the calendars, by the full build's `feed_files`;
    `items` keeps each idea's item from build to build (the configuration and guidelines are the same, or the build
    is a full one)."""

    def item_of(idea: Idea) -> FeedItem:
        path, key = idea.source.path.as_posix(), item_input(plan, idea, links.targets)
        if path not in items or items[path][0] != key:
            items[path] = (key, idea_item(idea, plan, bodies))
        return items[path][1]

    return feed_files(plan, wanted=lambda key: kept.feed_inputs.get(key) != inputs[key], item_of=item_of,
                      bodies=bodies)


def scan(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under `root`, by relative path, with its inode, mtime and size."""
    found: dict[str, tuple[int, int, int]] = {}
    for parent, _, files in os.walk(root):
        for name in files:
            st = os.stat(os.path.join(parent, name))
            found[os.path.relpath(os.path.join(parent, name), root)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return found


def clone(source: Path, target: Path) -> None:
    """A copy of the served site made of hard links (the served files are never written again: see `replace`)."""
    for parent, dirs, files in os.walk(source):
        here = target / os.path.relpath(parent, source)
        for name in dirs:
            (here / name).mkdir()
        for name in files:
            if parent != str(source) or name != MANIFEST:
                os.link(os.path.join(parent, name), here / name)


def replace(site: Path, rel: str, source: Path | None = None, data: bytes | None = None) -> None:
    """Put a new file at `rel`: the hard link to the served file is removed first, so that file stays as it was."""
    target = site / rel
    target.unlink(missing_ok=True)
    if source is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    elif data is not None:
        write_files(site, {rel: data})


def drop(site: Path, rel: str) -> None:
    """Remove a file from the new site, and the folders it leaves empty."""
    target = site / rel
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != site and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


class PreviewBuilder:
    """Builds the preview into `out` with an engine, keeping in `folder` what the next build can reuse.

    Two sites take turns: the served one, and the one before it (`spare`), which the next incremental build brings
    up to date (the files the last build changed, then its own changes) and swaps in; the served site then becomes
    the spare. No file is ever written in place, so a file the server still reads from the previous site stays whole.
    Every build runs with `options` (default: one process, the render cache) and bodies of its own.
    """

    def __init__(self, folder: Path, engine: str, options: BuildOptions | None = None) -> None:
        self.engine = engine
        self.options = options or BuildOptions()
        self.templates = TemplateCache()
        """MkDocs' compiled templates, kept for the preview's life."""
        self.work, self.engine_site, self.trash = folder / "work", folder / "engine", folder / "trash"
        self.spare = folder / "spare"
        self.kept: Kept | None = None
        self.links = Links()
        self.items: Items = {}

    def build(self, config: SiteConfig, now: datetime, out: Path, *, full: bool = False) -> BuildResult:
        """Build the preview at `now`: only what changed since the last good build, unless `full`."""
        if self.engine != "mkdocs":  # Pelican has no dirty build: every preview build is a full one
            from hub.build import build_site

            return build_site(config, now, out, engine=self.engine, preview=True, options=self.options)
        kept, self.kept = (None if full else self.kept), None  # a build that fails keeps nothing: the next is whole
        check_output_folder(config, out)
        out = out.resolve()
        with publishing(out) as stage:
            loaded = checked_content(config, drafting=True)
            plan = make_plan(loaded.content, config, now, preview=True, placeholders=loaded.placeholders)
            if kept and (kept.plan.config != plan.config or kept.plan.guidelines != plan.guidelines):
                kept = None  # every page and feed reads these
            bodies = self.options.bodies(plan)
            if bodies.cache:
                prune(bodies.cache)
            with writing_site(stage):
                new, site = self._render(plan, kept, stage.site, out, bodies)
            swap_into_place(site, out)
            if site == stage.site:
                self._discard(stage.site)
        self.kept = new
        return BuildResult(plan, out, loaded.problems, new.files)

    def _discard(self, old: Path) -> None:
        """Remove a site that is no longer served in the background (it is moved aside first)."""
        self.trash.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(dir=self.trash))
        try:
            os.rename(old, target / "site")
        except OSError:
            return  # publishing removes it, in the foreground
        threading.Thread(target=shutil.rmtree, args=(target,), kwargs={"ignore_errors": True}, daemon=True).start()

    def _render(self, plan: SitePlan, kept: Kept | None, staged: Path, out: Path, bodies: Bodies) -> tuple[Kept, Path]:
        """Render what changed and write the new site: in `staged` after a full build, else in the spare site."""
        inputs = {p.url: page_input(plan, p, self.links.targets) for p in plan.pages}
        feeds = feed_inputs(plan, self.links.targets)
        rendered, changed = render_changed(plan, kept, inputs, self.options.jobs, bodies)
        job = RenderJob(plan, tuple(rendered.values()), plan.config.theme_dir, self.work, self.engine_site)
        text = config_text(job)
        if kept is None or kept.config != text:
            self.items.clear()
            if self.spare.exists():
                self._discard(self.spare)
            render_full(job, text, self.templates)
            site, written = staged, None
            shutil.copytree(self.engine_site, site, dirs_exist_ok=True)
            write_files(site, feed_files(plan, bodies=bodies))
            copy_theme_assets(plan.config, site)
            engine_files = scan(self.engine_site)
        else:
            removed = [r.page for url, r in kept.rendered.items() if url not in rendered]
            render_dirty(job, [rendered[url] for url in changed], removed, text, self.templates)
            site = self.spare
            engine_files, written = self._update(site, out, kept, plan, feeds, bodies)
        publish_assets(plan.assets, plan.config.content_dir, site)
        done = None if written is None else frozenset(written | {a.url for a in plan.assets})
        files = sum(len(names) for _, _, names in os.walk(site)) + (not (site / MANIFEST).exists())  # the swap's
        return Kept(plan, rendered, inputs, feeds, text, engine_files, done, files), site

    def _catch_up(self, site: Path, out: Path, kept: Kept) -> None:
        """Make `site` the served site again: the spare one with the last build's changes, else a copy."""
        if kept.written is not None and site.is_dir():
            for rel in sorted(kept.written):
                drop(site, rel)
                if os.path.isfile(out / rel):
                    (site / rel).parent.mkdir(parents=True, exist_ok=True)
                    os.link(out / rel, site / rel)
            return
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir(parents=True)
        clone(out, site)

    def _update(self, site: Path, out: Path, kept: Kept, plan: SitePlan, feeds: Mapping[str, Any],
                bodies: Bodies) -> tuple[dict[str, tuple[int, int, int]], set[str]]:
        """The served site with the files MkDocs wrote and the changed feeds (the content's files are copied again
        after); MkDocs' files as they are now, and every file written or removed."""
        self._catch_up(site, out, kept)
        written: set[str] = set()
        after = scan(self.engine_site)
        for rel in kept.engine_files.keys() - after.keys():
            drop(site, rel)
            written.add(rel)
        for rel, stat in after.items():
            if kept.engine_files.get(rel) != stat or rel in ALWAYS_COPIED:
                replace(site, rel, source=self.engine_site / rel)
                written.add(rel)
        for asset in kept.plan.assets:
            drop(site, asset.url)
            written.add(asset.url)
        for rel, data in changed_feeds(plan, kept, feeds, self.items, self.links, bodies).items():
            replace(site, rel, data=data)
            written.add(rel)
        return after, written
