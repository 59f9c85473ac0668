"""The preview's MkDocs project, kept between builds: only the changed pages' sources are rewritten, then MkDocs'
own dirty build renders just those (`mkdocs.commands.build.build(config, dirty=True)`).

`job.work_dir` holds the staged project and `job.out_dir` MkDocs' site; both stay from one build to the next and
belong to the preview alone (the served site is a copy). A page rewritten here also loses its output, so MkDocs
renders it whatever the files' times say.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import yaml
from jinja2.bccache import Bucket, BytecodeCache

from hub.engines import RenderedPage, RenderJob
from hub.engines.mkdocs import CONFIG_FILE, DOCS_DIR, page_source, run_mkdocs, source_path, staged_config
from hub.engines.mkdocs_preview_hooks import NAME, PreviewEvents
from hub.plan import Page, PageKind


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates, in memory, for the life of the preview that owns it (keyed by name and source
    checksum); MkDocs' builds get it through the preview's events (hub.engines.mkdocs_preview_hooks)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


def config_text(job: RenderJob) -> str:
    """The staged `mkdocs.yml` of the kept project: when it changes, the next build is a full one."""
    settings = staged_config(job, (job.work_dir / DOCS_DIR).resolve())
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=10_000)


def remove_output(site: Path, page: Page) -> None:
    """Remove a page's output file from a site, and the folders it leaves empty."""
    target = site / page.output_path
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != site and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def _write_source(job: RenderJob, rendered: RenderedPage) -> None:
    """Stage one page's source, unless it is the same as the one staged already; then MkDocs renders it again."""
    target = job.work_dir / DOCS_DIR / source_path(rendered.page)
    text = page_source(rendered, job.plan.config.lang)
    try:
        if target.read_text(encoding="utf-8") == text:
            return
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    remove_output(job.out_dir, rendered.page)


def render_full(job: RenderJob, config: str, templates: TemplateCache) -> None:
    """Stage every page afresh and run a full MkDocs build (it empties `job.out_dir` first)."""
    templates.clear()  # a new theme or configuration may compile templates differently
    shutil.rmtree(job.work_dir / DOCS_DIR, ignore_errors=True)
    job.out_dir.mkdir(parents=True, exist_ok=True)
    render_dirty(job, job.pages, (), config, templates, dirty=False)


def render_dirty(job: RenderJob, changed: Iterable[RenderedPage], removed: Iterable[Page], config: str,
                 templates: TemplateCache, *, dirty: bool = True) -> None:
    """Restage the changed pages, drop the removed ones, and let MkDocs render what is out of date, with the
    preview's compiled `templates`."""
    for rendered in changed:
        if rendered.page.kind is not PageKind.NOT_FOUND:  # 404.html comes from the config (see staged_config)
            _write_source(job, rendered)
    for page in removed:
        (job.work_dir / DOCS_DIR / source_path(page)).unlink(missing_ok=True)
        remove_output(job.out_dir, page)
    config_file = job.work_dir / CONFIG_FILE
    config_file.write_text(config, encoding="utf-8")
    run_mkdocs(config_file, int(job.plan.now.timestamp()), job.plan.config.root.resolve(), dirty=dirty,
               events={NAME: PreviewEvents(templates)})
