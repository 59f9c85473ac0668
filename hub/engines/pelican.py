"""The Pelican adapter: stages a plain Pelican project from the plan, runs Pelican, then indexes it for search."""

from __future__ import annotations

import json
import locale
import logging
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.engines import RenderedPage, RenderJob, chrome_words
from hub.engines.inert import inert
from hub.engines.logs import LogCollector, collected_logs, describe
from hub.errors import BuildError
from hub.plan import Page, PageKind, SitePlan, relative_url
from hub.problems import counted
from hub.render.look import published_url, stylesheets
from hub.render.typography import typeset


@contextmanager
def pelican_logging() -> Iterator[None]:
    """Pelican's logging for a span of time (its import, each of its runs), then the process's own again.

    Pelican makes its logger class (which drops repeated messages) the default for every logger made afterwards, and
    turns the root logger into one, when it is imported (`pelican.log`). Here it does so for the span only: the
    logger class and the root logger's class that were there before come back after."""
    saved = logging.getLoggerClass(), type(logging.getLogger())
    try:
        import pelican.log

        logging.setLoggerClass(pelican.log.FatalLogger)
        logging.getLogger().__class__ = pelican.log.FatalLogger
        yield
    finally:
        logging.setLoggerClass(saved[0])
        logging.getLogger().__class__ = saved[1]


with pelican_logging():
    import pelican
    import pelican.settings
    from pelican.readers import BaseReader

CONFIG_NAME = "pelicanconf.py"
THEME_NAME = "pelican"
"""The Pelican theme, in `<theme_dir>/pelican/`."""
STATIC_URL = "assets/pelican"
"""Where Pelican copies the theme's `static/` folder."""

TOLERATED = ("Empty alt attribute for image",)
"""Pelican warnings that are opinions, not broken pages: an empty `alt` marks a decorative image, which MkDocs
builds too. Both engines must accept the same content; hub's checks, not an engine, decide what is wrong."""

NO_INTRASITE_LINKS = "(?!)"
"""Pelican's `INTRASITE_LINK_REGEX` (default `[{|](?P<what>.*?)[|}]`) as a pattern that matches nothing."""

SUFFIX = "hub"
"""Staged pages are `*.hub` files: one line of JSON metadata, then the page's content HTML as hub rendered it."""

_CONFIG_HEADER = f'''"""Pelican settings staged by hub from mkdocs.yml: generated for each build, never edited."""

from hub.engines.pelican import HubReader

READERS = {{"{SUFFIX}": HubReader}}
'''


class HubReader(BaseReader):
    """Pelican reader for a staged page: metadata from the JSON first line, the content passed through untouched."""

    enabled = True
    file_extensions = [SUFFIX]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        with open(source_path, encoding="utf-8", newline="") as staged:
            head, _, body = staged.read().partition("\n")
        metadata = json.loads(head)
        return body, {key: self.process_metadata(key, value) for key, value in metadata.items()}


@dataclass(frozen=True, slots=True)
class StagedProject:
    """A Pelican project ready to run: its settings, the same settings as a `pelicanconf.py`, and the project
    folder its errors name theme files from."""

    settings: dict[str, Any]
    config_path: Path
    content_dir: Path
    root: Path


def page_root(plan: SitePlan, page: Page) -> str:
    """The prefix that leads from a page to the site's root; the 404 page, served anywhere, uses the root path."""
    if page.kind is PageKind.NOT_FOUND:
        return plan.config.base_path
    return relative_url(page.url, "")


def source_path(page: Page) -> str:
    """Where a page's staged file goes: ideas are articles, everything else a page; the tree mirrors the output."""
    folder = "ideas" if page.kind is PageKind.IDEA else "pages"
    return f"{folder}/{page.output_path.removesuffix('.html')}.{SUFFIX}"


def staged_page(plan: SitePlan, rendered: RenderedPage) -> str:
    """One page as Pelican reads it through HubReader: its metadata as one line of JSON, then its content HTML,
    inert (Pelican would rewrite `{attach}`, `{static}`… links in it; the theme prints the metadata escaped)."""
    page = rendered.page
    root = page_root(plan, page)
    meta: dict[str, Any] = {
        "title": page.title,
        "url": page.url,
        "save_as": page.output_path,
        "status": "published",
        "lang": page.lang,
        "slug": page.url.strip("/").replace("/", "-").replace(".", "-") or "index",
        "hub_kind": str(page.kind),
        "hub_root": root,
        "hub_description": rendered.description,
        "hub_feeds": [{"title": f.title, "atom": root + f.atom_path, "rss": root + f.rss_path,
                       "json": root + f.json_path} for f in page.feeds],
        "hub_search": page.searchable,
    }
    if page.idea is not None:
        meta["date"] = page.idea.date.isoformat()
    return json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n" + inert(rendered.html)


def _nothing_of_its_own() -> dict[str, Any]:
    """The settings that are the same for every site, made afresh for each build (Pelican may change them): the C
    locale (hub formats dates itself), the staged folders only, no file name metadata or categories, no intrasite
    links, and no pages, archives, feeds or cache of Pelican's own."""
    return {
        "LOCALE": ["C.UTF-8", "C.utf8", ""],
        "ARTICLE_PATHS": ["ideas"],
        "PAGE_PATHS": ["pages"],
        "STATIC_PATHS": [],
        "PLUGINS": [],
        "DIRECT_TEMPLATES": [],
        "PAGINATED_TEMPLATES": {},
        "TEMPLATE_PAGES": {},
        "ARTICLE_TRANSLATION_ID": None,
        "PAGE_TRANSLATION_ID": None,
        "FILENAME_METADATA": r"(?!)",
        "USE_FOLDER_AS_CATEGORY": False,
        "DEFAULT_CATEGORY": "ideas",
        **{f"{name}_SAVE_AS": "" for name in (
            "INDEX", "CATEGORY", "CATEGORIES", "TAG", "TAGS", "AUTHOR", "AUTHORS", "ARCHIVES", "YEAR_ARCHIVE",
            "MONTH_ARCHIVE", "DAY_ARCHIVE", "DRAFT", "DRAFT_PAGE")},
        **{f"{name}_{kind}": None for name in ("FEED", "FEED_ALL", "CATEGORY_FEED", "AUTHOR_FEED", "TAG_FEED",
                                               "TRANSLATION_FEED") for kind in ("ATOM", "RSS")},
        "DELETE_OUTPUT_DIRECTORY": False,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        # No intrasite links: Pelican would copy any file named by `{attach}`, `{static}` or `{filename}` (`..` and
        # all) and rewrite `{tag}`, `{index}`… links in the content and in these metadata. hub writes every URL itself.
        "INTRASITE_LINK_REGEX": NO_INTRASITE_LINKS,
        "FORMATTED_FIELDS": [],
    }


def pelican_settings(job: RenderJob, content_dir: Path) -> dict[str, Any]:
    """Pelican's settings, all derived from the site configuration: hub's URLs, no feeds or archives of its own."""
    config = job.plan.config
    return {
        "PATH": str(content_dir),
        "OUTPUT_PATH": str(job.out_dir),
        "THEME": str(job.theme_dir / THEME_NAME),
        "THEME_STATIC_DIR": STATIC_URL,
        "SITENAME": config.name,
        "SITEURL": config.base_url.rstrip("/"),
        "RELATIVE_URLS": True,
        "TIMEZONE": config.timezone.key,
        "DEFAULT_LANG": config.lang,
        "HUB_LANG": config.lang,  # the tag as written (fr-CA): Pelican lowercases DEFAULT_LANG
        "HUB_WORDS": chrome_words(config),
        # The company's look, site-relative (the layout puts each page's way to the root in front).
        "HUB_LOOK": {"logo": published_url(config.look.logo) if config.look.logo else "",
                     "favicon": published_url(config.look.favicon) if config.look.favicon else "",
                     "stylesheets": list(stylesheets(config))},
        **_nothing_of_its_own(),
        "CACHE_PATH": str(job.work_dir / "cache"),
    }


def _config_source(settings: dict[str, Any]) -> str:
    lines = [f"{key} = {value!r}" for key, value in sorted(settings.items())]
    return _CONFIG_HEADER + "\n" + "\n".join(lines) + "\n"


def stage_project(job: RenderJob) -> StagedProject:
    """Write a plain Pelican project in `job.work_dir`: one `.hub` file per page and a `pelicanconf.py`.

    `pelican -s <work_dir>/pelicanconf.py` builds the same site without hub (the benchmark times that).
    """
    content_dir = job.work_dir / "content"
    for rendered in job.pages:
        target = content_dir / source_path(rendered.page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(staged_page(job.plan, rendered), encoding="utf-8", newline="")
    settings = pelican_settings(job, content_dir)
    config_path = job.work_dir / CONFIG_NAME
    config_path.write_text(_config_source(settings), encoding="utf-8")
    return StagedProject({**settings, "READERS": {SUFFIX: HubReader}}, config_path, content_dir,
                         job.plan.config.root.resolve())


@contextmanager
def _pelican_quiet() -> Iterator[LogCollector]:
    """Route Pelican's log to us instead of the terminal, undoing its global side effects afterwards."""
    saved = (pelican.log.console.quiet, pelican.log.LimitFilter.LOGS_DEDUP_MIN_LEVEL, locale.setlocale(locale.LC_ALL))
    pelican.log.console.quiet = True
    # Pelican drops a warning it has already seen in this process: a rebuild must see it again.
    pelican.log.LimitFilter.LOGS_DEDUP_MIN_LEVEL = logging.DEBUG
    try:
        with collected_logs("pelican", TOLERATED) as collect:
            yield collect
    finally:
        pelican.log.console.quiet, pelican.log.LimitFilter.LOGS_DEDUP_MIN_LEVEL = saved[:2]
        locale.setlocale(locale.LC_ALL, saved[2])


def run_pelican(staged: StagedProject) -> None:
    """Run Pelican on a staged project; BuildError for any error or warning it logs (it would exit 0)."""
    with pelican_logging(), _pelican_quiet() as log:
        try:
            settings = pelican.settings.read_settings(override=dict(staged.settings))
            pelican.Pelican(settings).run()
        except Exception as exc:  # Pelican raises whatever its templates or readers raise
            raise BuildError(f"pelican failed: {describe(exc, staged.root)}") from exc
    if log.messages:
        shown = "\n  ".join(log.messages[:10])
        more = f"\n  …and {len(log.messages) - 10} more" if len(log.messages) > 10 else ""
        raise BuildError(f"pelican reported {counted(len(log.messages), 'problem')}:\n  {shown}{more}")


def run_pagefind(site: Path, lang: str) -> None:
    """Index the built site for client-side search (Pagefind writes `pagefind/` into it); offline.

    One index for every language, in the site's (`--force-language`): a search box on any page finds ideas in
    every language. Pagefind folds accents and splits elisions itself, so "benevolat" finds "bénévolat" and
    "energie" finds "l'énergie"; per-language indexes would hide a French idea from a search on an English page.
    """
    try:
        import pagefind_bin

        done = subprocess.run([str(pagefind_bin.get_executable()), "--site", str(site), "--force-language", lang,
                               "--quiet"],
                              capture_output=True, text=True, check=False)
    except (ImportError, OSError) as exc:
        raise BuildError(f"pagefind could not run: {exc}; install it with pip install 'pagefind[bin]'") from exc
    if done.returncode != 0 or not (site / "pagefind" / "pagefind-ui.js").is_file():
        raise BuildError(f"pagefind failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()}")


def typeset_site(job: RenderJob) -> None:
    """The site language's typography on every written page, the layout's words included (hub's fragments
    already have it: they do not change). On an English site, only a page in another language (a French idea,
    whose `<h1>` follows its language)."""
    lang = job.plan.config.lang
    english = lang.split("-")[0] == "en"
    for rendered in job.pages:
        if english and rendered.page.lang == lang:
            continue
        path = job.out_dir / rendered.page.output_path
        html = path.read_text(encoding="utf-8")
        typeset_html = typeset(html, lang)
        if typeset_html != html:
            path.write_text(typeset_html, encoding="utf-8", newline="")


def _check_output(job: RenderJob) -> None:
    missing = [p.page.output_path for p in job.pages if not (job.out_dir / p.page.output_path).is_file()]
    if missing:
        raise BuildError(f"pelican wrote no file for {counted(len(missing), 'planned page')}: {', '.join(missing[:10])}")


class PelicanEngine:
    """Renders the plan with Pelican and the theme in `theme/pelican/`, plus Pagefind for search."""

    name = "pelican"

    def render(self, job: RenderJob) -> None:
        staged = stage_project(job)
        run_pelican(staged)
        _check_output(job)
        typeset_site(job)
        run_pagefind(job.out_dir, job.plan.config.lang)
