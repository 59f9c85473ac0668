"""The Zensical adapter: stage a plain Zensical project from the plan, run a real Zensical build, then do in Python
what hub's MkDocs hooks do, since Zensical runs no hooks.

Zensical reads a `mkdocs.yml`, renders its templates in Rust and calls Python-Markdown for each page's body. The
staged body is hub's finished HTML: the Markdown extension below (`PassThrough`, loaded by Zensical as
`hub.engines.zensical`) keeps it aside before Markdown reads a line and hands it back as the page's content, so
no Markdown syntax, extension or stash placeholder ever touches it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

import yaml
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from hub.engines import RenderedPage, RenderJob, chrome_words, mkdocs, search_fold
from hub.engines.inert import inert
from hub.engines.logs import collected_logs, describe
from hub.engines.mkdocs import EXTRA_CSS, build_environment, source_path, url_for_markup
from hub.engines.mkdocs_hooks import _HEADER_TOPIC
from hub.errors import BuildError, UsageError
from hub.plan import PageKind
from hub.problems import counted
from hub.render.look import published_url, stylesheets
from hub.render.typography import typeset

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"
SITE_DIR = "site"
"""Zensical refuses a `site_dir` outside its project: it builds here, and the adapter moves the site out."""
CUSTOM_DIR = "zensical"
"""hub's overrides of Zensical's templates, a folder of the project's `theme/`."""
THEME_DIR = "theme"
"""The staged theme overrides, in the staged project."""
INSTALL = "pip install 'hub-charter[zensical]' (or: pip install zensical==0.1.2)"
PROGRESS = ("Build started", "Build finished")
"""Zensical's progress lines: not warnings."""
SEARCH_INDEX = "search.json"
WORKERS = Path("assets") / "javascripts" / "workers"
"""Where Zensical writes its search index and its search worker, in the site folder."""


class _KeepBody(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.hub_body = "\n".join(lines)  # type: ignore[attr-defined]
        return []


class _GiveBody(Postprocessor):
    def run(self, text: str) -> str:
        return str(getattr(self.md, "hub_body", text))


class PassThrough(Extension):
    """Python-Markdown extension: the page's source is its content, as it was staged. The body is taken before the
    first of Markdown's preprocessors and given back after the last of its postprocessors."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_KeepBody(md), "hub_keep_body", 1_000_000)
        md.postprocessors.register(_GiveBody(md), "hub_give_body", -1_000_000)


def makeExtension(**kwargs: Any) -> PassThrough:  # noqa: N802 - the name Python-Markdown looks for
    return PassThrough(**kwargs)


def page_source(rendered: RenderedPage, default_lang: str) -> str:
    """A page as Zensical reads it: front matter for the theme, then the fragment (inert, see hub.engines.inert),
    which PassThrough hands to the theme as it is. Zensical's templates print the title as it is (stored as HTML
    text, as for MkDocs) and the description through `| e` (stored as plain text, or it would show escaped twice)."""
    return mkdocs.page_source(rendered, default_lang, escape_description=False)


def _theme(job: RenderJob) -> dict[str, Any]:
    """Zensical's `theme`: hub's overrides (staged in the project), no web font (else its pages load Google Fonts),
    the site's language, Material's classic look (which hub's Material styles, staged with the overrides, were made
    for: contrast and focus rings), no feature, and the company's logo and favicon as for MkDocs."""
    config = job.plan.config
    theme: dict[str, Any] = {"name": "material", "custom_dir": THEME_DIR, "font": False,
                             "language": mkdocs.material_language(config.lang),
                             "variant": "classic", "features": []}
    for key, path in (("logo", config.look.logo), ("favicon", config.look.favicon)):
        if path:
            theme[key] = published_url(path)
    return theme


def staged_config(job: RenderJob) -> dict[str, Any]:
    """The staged `mkdocs.yml`, written whole from the site configuration, as for MkDocs: no other key of the
    project's reaches Zensical. Paths are relative to the staged project: Zensical wants its folders inside it."""
    config = job.plan.config
    not_found = next((r for r in job.pages if r.page.kind is PageKind.NOT_FOUND), None)
    chrome = chrome_words(config)
    return {
        # Zensical runs no hooks and its templates escape only what they pipe through `| e`: the site's name, which
        # they print as it is, is HTML text; its description, printed through `| e` only, is plain text.
        "site_name": escape(config.name),
        "site_description": config.description,
        "site_url": url_for_markup(config.base_url),
        "docs_dir": DOCS_DIR,
        "site_dir": SITE_DIR,
        "use_directory_urls": True,
        "strict": False,
        "nav": mkdocs.nav(job.pages, chrome),
        "theme": _theme(job),
        "plugins": ["search"],
        # Zensical accepts hooks and never runs them: none, so that no one believes they run.
        "hooks": [],
        # hub renders all Markdown itself: the only extension hands its HTML through (Zensical adds `toc`, which
        # finds no heading in an empty document).
        "markdown_extensions": [__name__],
        "extra_css": [*EXTRA_CSS, *stylesheets(config)],
        "extra_javascript": [],
        "extra": {
            # No "Made with Zensical" link: the site links to no host of its own accord.
            "generator": False,
            "hub_not_found": ({"title": escape(not_found.page.title), "html": inert(not_found.html)}
                              if not_found else None),
            # The footer's words, in the site's language (main.html escapes them).
            "hub_words": chrome,
            # The page's `lang`, the site's tag as written (fr-CA), whichever language the theme's words are in.
            "hub_lang": config.lang,
        },
        # Every page's links are relative and were written by hub: Zensical has nothing to check.
        "validation": {"invalid_links": False, "invalid_link_anchors": False},
    }


def stage_project(job: RenderJob) -> Path:
    """Write a plain Zensical project into `job.work_dir`: the pages, the theme overrides (the shared Material
    assets of `theme/mkdocs/assets/`, then `theme/zensical/`), and a `mkdocs.yml`; return the `mkdocs.yml`."""
    docs = job.work_dir / DOCS_DIR
    for rendered in job.pages:
        if rendered.page.kind is PageKind.NOT_FOUND:
            continue  # 404.html comes from the theme's template, which shows hub's fragment
        target = docs / source_path(rendered.page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_source(rendered, job.plan.config.lang), encoding="utf-8")
    theme = job.work_dir / THEME_DIR
    shutil.copytree(job.theme_dir / mkdocs.CUSTOM_DIR / "assets", theme / "assets")
    shutil.copytree(job.theme_dir / CUSTOM_DIR, theme, dirs_exist_ok=True)
    config_file = job.work_dir / CONFIG_FILE
    config_file.write_text(yaml.safe_dump(staged_config(job), allow_unicode=True, sort_keys=False, width=10_000),
                           encoding="utf-8")
    return config_file


@contextmanager
def _captured_output() -> Iterator[list[str]]:
    """Zensical prints its progress from Rust, straight to the process' standard output and error: keep it aside
    (the list holds it once the block ends), as the other engines' logs are."""
    told: list[str] = []
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(1), os.dup(2)
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield told
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            sink.seek(0)
            told.extend(line.strip() for line in sink.read().decode("utf-8", "replace").splitlines()
                        if line.strip() and not line.startswith(PROGRESS))


def run_zensical(config_file: Path, epoch: int, root: Path) -> None:
    """Run a clean Zensical build of a staged project; BuildError with Zensical's own words when it fails."""
    import zensical

    with build_environment(epoch), collected_logs("zensical") as log, _captured_output() as told:
        try:
            zensical.build(str(config_file), {"clean": True, "strict": False})
            failure: BaseException | None = None
        except BaseException as exc:  # noqa: BLE001 - Rust panics and click's errors end the build too
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = exc
    messages = [*log.messages, *told]
    if failure is not None:
        details = "".join(f"\n  {m}" for m in messages if m not in str(failure))
        raise BuildError(f"Zensical build failed: {describe(failure, root)}{details}") from failure
    for message in messages:
        sys.stderr.write(f"zensical: warning: {message}\n")


def fold_search(site: Path, separator_of: str) -> None:
    """Accent-free search: the index's separator also splits elisions ("l’énergie"), and a two-line worker in place
    of Zensical's loads hub's folding (`hub-search-fold.js`) before Zensical's worker."""
    index = site / SEARCH_INDEX
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        data["config"]["separator"] = search_fold.with_elisions(str(data["config"].get("separator") or separator_of))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    workers = site / WORKERS
    for worker in sorted(workers.glob("search.*.js")) if workers.is_dir() else []:
        kept = worker.with_name(f"zensical-{worker.name}")
        os.replace(worker, kept)
        worker.write_text(f'importScripts("../hub-search-fold.js", "{kept.name}");\n', encoding="utf-8")


def _marked(lang: str) -> Callable[[re.Match[str]], str]:
    return lambda m: f'{m[1]} lang="{escape(lang)}">{m[2]}{m[3]}'


def finish_pages(job: RenderJob, site: Path) -> None:
    """What hub's MkDocs hooks do while rendering, done on the written pages: the site language's typography on
    the whole page, the layout's words included (on an English site only a page in another language, whose title
    follows its language), and the header's copy of such a page's title marked with its language. Zensical's
    header and menu print the site's name, staged as HTML text, through `| e` in their logo's `title`: escaped
    once there too, as everywhere else."""
    lang = job.plan.config.lang
    english = lang.split("-")[0] == "en"
    name = escape(job.plan.config.name)
    twice, once = f' title="{escape(name)}"', f' title="{name}"'
    for output_path, page_lang in [(r.page.output_path, r.page.lang) for r in job.pages]:
        path = site / output_path
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        other = page_lang != lang
        new = _HEADER_TOPIC.sub(_marked(page_lang), html, count=1) if other else html
        new = new.replace(twice, once)
        if other or not english:
            new = typeset(new, lang)
        if new != html:
            path.write_text(new, encoding="utf-8", newline="")


class ZensicalEngine:
    """Renders the plan with Zensical and its built-in theme (Material's successor)."""

    name = "zensical"

    def __init__(self) -> None:
        """UsageError when Zensical is not installed: it is optional, and a build checks for it before anything."""
        try:
            import zensical  # noqa: F401
        except ImportError as exc:
            raise UsageError(f"--engine zensical: Zensical is not installed; install it with {INSTALL}") from exc

    def render(self, job: RenderJob) -> None:
        """Stage the project in `job.work_dir`, build it there (Zensical builds only inside its project), then move
        the site into `job.out_dir` and finish it."""
        config_file = stage_project(job)
        run_zensical(config_file, int(job.plan.now.timestamp()), job.plan.config.root.resolve())
        site = job.work_dir / SITE_DIR
        missing = [r.page.output_path for r in job.pages if not (site / r.page.output_path).is_file()]
        if missing:
            raise BuildError(f"Zensical wrote no file for {counted(len(missing), 'planned page')}: {', '.join(missing[:10])}")
        finish_pages(job, site)
        fold_search(site, search_fold.SEPARATOR)
        for child in sorted(site.iterdir()):
            os.replace(child, job.out_dir / child.name)
        site.rmdir()
