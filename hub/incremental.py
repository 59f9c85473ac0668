"""The preview's builds: the first one whole, then only what an edit changes.

After an edit the content is read and planned again (the plan is cheap), then each page's inputs are compared with
the last good build's: the page itself (its idea, the cards it lists, their statuses at `now`), plus what its template
reads from the rest of the plan. Only the pages whose inputs differ are rendered again, and MkDocs renders only
those (see hub.engines.mkdocs_dirty); a page whose body links to a file that came, went or moved is rendered again
too. Feeds are compared the same way. The new site is the served one with those files replaced, swapped in whole,
so the preview serves the last good build until then, and keeps it when a build fails (the next build is whole).
A change of the configuration, the theme, or the staged MkDocs configuration, or Pelican, means a full build.
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

from hub.build import BuildResult, check_output_folder, checked_content, copy_theme_assets
from hub.config import SiteConfig
from hub.content.references import references
from hub.engines import RenderedPage, RenderJob
from hub.feeds.items import FeedItem, change_item, idea_item
from hub.feeds.opml import OPML_PATH, feed_outlines, opml_bytes
from hub.feeds.xml import feed_files, render_feed
from hub.models import Guideline, Idea
from hub.plan import FEED_EPOCH, Page, PageKind, SitePlan, make_plan, source_key
from hub.publish.files import publish_assets
from hub.publish.site import MANIFEST, publishing, swap_into_place, write_files, writing_site
from hub.render.cache import cache_dir, prune
from hub.render.cache import enabled as cache_enabled
from hub.render.pages import page_description, page_html

ALWAYS_COPIED = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")
"""Files MkDocs writes on every build, dirty or not, whatever their times say."""


@dataclass(frozen=True, slots=True)
class Kept:
    """What the last good build leaves for the next one."""

    plan: SitePlan
    rendered: Mapping[str, RenderedPage]
    """Each page's fragment, by URL."""
    keys: Mapping[str, Any]
    """What each page's fragment depends on, by URL."""
    feed_keys: Mapping[str, Any]
    """What each feed depends on, by its key."""
    config: str
    """The staged mkdocs.yml."""
    engine_files: Mapping[str, tuple[int, int, int]]
    """MkDocs' output files, with their inode, mtime and size: what a build changed is what differs."""


def page_key(plan: SitePlan, page: Page) -> Any:
    """Everything a page's fragment reads besides the guidelines (compared once for all pages) and its bodies' links."""
    extra: Any = ()
    if page.kind is PageKind.CHARTER:
        extra = plan.charter_changes
    elif page.kind is PageKind.IDEAS:
        extra = tuple((p.url, p.title, p.term, len(p.ideas)) for p in plan.pages if p.kind is PageKind.FACET)
    elif page.kind is PageKind.SUBSCRIBE:
        extra = plan.feed_refs
    return page, tuple(i.status(plan.now) for i in page.ideas), extra


def feed_keys(plan: SitePlan) -> dict[str, Any]:
    keys: dict[str, Any] = {f.ref.key: f for f in plan.idea_feeds}
    keys[plan.charter_feed.key] = (plan.charter_feed, plan.charter_changes[: plan.config.feed_items])
    return keys


class Links:
    """The Markdown files each body links to, remembered by body, to find the bodies a new or gone page affects."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, str], frozenset[Path]] = {}

    def targets(self, model: Idea | Guideline) -> frozenset[Path]:
        key = (model.source.path.as_posix(), model.body)
        if key not in self._memo:
            folder = model.source.path.parent
            self._memo[key] = frozenset(source_key(folder / ref.path) for ref in references(model)
                                        if ref.path and ref.path.lower().endswith(".md"))
        return self._memo[key]

    def affected(self, old: SitePlan, new: SitePlan) -> set[str]:
        """The source paths (as posix) of the bodies that link to a file whose page came, went or moved."""
        moved = {k for k in old.source_urls.keys() | new.source_urls.keys()
                 if old.source_urls.get(k) != new.source_urls.get(k)}
        if not moved:
            return set()
        models = [*(p.idea or p.guideline for p in new.pages if p.idea or p.guideline), *new.charter_changes]
        return {m.source.path.as_posix() for m in models if m and self.targets(m) & moved}


def _model_path(page: Page) -> str | None:
    model = page.idea or page.guideline
    return model.source.path.as_posix() if model else None


def render_changed(plan: SitePlan, kept: Kept | None, affected: set[str]) -> tuple[dict[str, RenderedPage], list[str]]:
    """Every page's fragment, rendering only those whose inputs changed; and the URLs of those rendered."""
    rendered: dict[str, RenderedPage] = {}
    changed: list[str] = []
    for page in plan.pages:
        old = kept.rendered.get(page.url) if kept else None
        if old is None or kept is None or kept.keys[page.url] != page_key(plan, page) or _model_path(page) in affected:
            old = RenderedPage(page, page_html(plan, page), page_description(page))
            changed.append(page.url)
        rendered[page.url] = old
    return rendered, changed


def changed_feeds(plan: SitePlan, kept: Kept | None, affected: set[str]) -> dict[str, bytes]:
    """The feed files whose feed changed (all of them without `kept`), and the OPML."""
    if kept is None:
        return feed_files(plan)
    old, items, files = kept.feed_keys, {}, {}

    def item_of(idea: Idea) -> FeedItem:
        if idea.id not in items:
            items[idea.id] = idea_item(idea, plan)
        return items[idea.id]

    for feed in plan.idea_feeds:
        if old.get(feed.ref.key) != feed or any(i.source.path.as_posix() in affected for i in feed.ideas):
            files.update(render_feed(plan, feed.ref, feed.lang or plan.config.lang, [item_of(i) for i in feed.ideas],
                                     feed.updated))
    charter = plan.charter_changes[: plan.config.feed_items]
    if old.get(plan.charter_feed.key) != (plan.charter_feed, charter) or \
            any(g.source.path.as_posix() in affected for g in charter):
        changes = [change_item(g, plan) for g in charter]
        files.update(render_feed(plan, plan.charter_feed, plan.config.lang, changes,
                                 max((c.updated for c in changes), default=FEED_EPOCH)))
    files[OPML_PATH] = opml_bytes(f"{plan.config.name}: all feeds", feed_outlines(plan))
    return files


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
    """Builds the preview into `out` with an engine, keeping in `folder` what the next build can reuse."""

    def __init__(self, folder: Path, engine: str) -> None:
        self.engine = engine
        self.work, self.engine_site, self.trash = folder / "work", folder / "engine", folder / "trash"
        self.kept: Kept | None = None
        self.links = Links()

    def build(self, config: SiteConfig, now: datetime, out: Path, *, full: bool = False) -> BuildResult:
        """Build the preview at `now`: only what changed since the last good build, unless `full`."""
        if self.engine != "mkdocs":  # Pelican has no dirty build: every preview build is a full one
            from hub.build import build_site

            return build_site(config, now, out, engine=self.engine, preview=True)
        kept, self.kept = (None if full else self.kept), None  # a build that fails keeps nothing: the next is whole
        check_output_folder(config, out)
        out = out.resolve()
        with publishing(out) as stage:
            loaded = checked_content(config)
            plan = make_plan(loaded.content, config, now, preview=True)
            if kept and (kept.plan.config != plan.config or kept.plan.guidelines != plan.guidelines):
                kept = None  # every page and feed reads these
            if cache_enabled():
                prune(cache_dir(config.root))
            with writing_site(stage):
                new = self._render(plan, kept, stage.site, out)
            files = sum(len(names) for _, _, names in os.walk(stage.site))
            swap_into_place(stage.site, out)
            self._discard(stage.site)
        self.kept = new
        return BuildResult(plan, out, loaded.problems, files)

    def _discard(self, old: Path) -> None:
        """Remove the previous site (now at `old`) in the background: the new one is served already."""
        self.trash.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(dir=self.trash))
        try:
            os.rename(old, target / "site")
        except OSError:
            return  # publishing removes it, in the foreground
        threading.Thread(target=shutil.rmtree, args=(target,), kwargs={"ignore_errors": True}, daemon=True).start()

    def _render(self, plan: SitePlan, kept: Kept | None, site: Path, out: Path) -> Kept:
        from hub.engines.mkdocs_dirty import config_text, render_dirty, render_full

        affected = self.links.affected(kept.plan, plan) if kept else set()
        rendered, changed = render_changed(plan, kept, affected)
        job = RenderJob(plan, tuple(rendered.values()), plan.config.theme_dir, self.work, self.engine_site)
        text = config_text(job)
        if kept is None or kept.config != text:
            render_full(job, text)
            shutil.copytree(self.engine_site, site, dirs_exist_ok=True)
            write_files(site, feed_files(plan))
            copy_theme_assets(plan.config, site)
            engine_files = scan(self.engine_site)
        else:
            removed = [r.page for url, r in kept.rendered.items() if url not in rendered]
            render_dirty(job, [rendered[url] for url in changed], removed, text)
            engine_files = self._update(site, out, kept, plan, affected)
        publish_assets(plan.assets, plan.config.content_dir, site)
        return Kept(plan, rendered, {p.url: page_key(plan, p) for p in plan.pages}, feed_keys(plan), text, engine_files)

    def _update(self, site: Path, out: Path, kept: Kept, plan: SitePlan,
                affected: set[str]) -> dict[str, tuple[int, int, int]]:
        """The served site with the files MkDocs wrote and the changed feeds (the content's files are copied again
        after); MkDocs' files as they are now."""
        clone(out, site)
        after = scan(self.engine_site)
        for rel in kept.engine_files.keys() - after.keys():
            drop(site, rel)
        for rel, stat in after.items():
            if kept.engine_files.get(rel) != stat or rel in ALWAYS_COPIED:
                replace(site, rel, source=self.engine_site / rel)
        for asset in kept.plan.assets:
            drop(site, asset.url)
        for rel, data in changed_feeds(plan, kept, affected).items():
            replace(site, rel, data=data)
        return after
