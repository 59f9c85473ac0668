"""The MkDocs adapter: stage a plain MkDocs + Material project from the plan, then run a real MkDocs build."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

import yaml

from hub.engines import RenderedPage, RenderJob, chrome_words, search_fold
from hub.engines.inert import inert
from hub.engines.logs import collected_logs, describe
from hub.errors import BuildError
from hub.plan import Page, PageKind, relative_url
from hub.render.look import published_url, stylesheets

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"
CUSTOM_DIR = "mkdocs"
"""The Material overrides, a folder of the project's `theme/`."""
EXTRA_CSS = ("assets/hub/hub.css", "assets/stylesheets/hub-material.css")
"""The shared styles (`hub.build` copies `theme/assets/*` to `assets/hub/`), then the Material-only ones (in `theme/mkdocs/`)."""
NAV_KINDS = ((PageKind.HOME, "nav_home"), (PageKind.CHARTER, None), (PageKind.IDEAS, "nav_ideas"),
             (PageKind.SUBSCRIBE, None))
"""The only pages in the navigation, with the chrome word of their label (None: the page's title): Material renders
the whole tree into every page, so ideas stay out."""
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")
"""Hands each page's HTML to the theme without a second Markdown pass (45 % of a build at 5,000 ideas)."""
SEARCH_FOLD = Path(search_fold.__file__)
"""Adds accent-folded words to Material's search index, so "benevolat" finds "bénévolat"."""
FEED_TYPES = (("atom_path", "application/atom+xml", "Atom"), ("rss_path", "application/rss+xml", "RSS"),
              ("json_path", "application/feed+json", "JSON Feed"))
DIRTY_WARNING = "A 'dirty' build is being performed"
_URL_MARKUP = re.compile(r"[\"'<>&`\\{}|^]")
"""Characters of a URL that mean something in HTML or XML: MkDocs and Material print `site_url` as it is."""


def url_for_markup(url: str) -> str:
    """The URL with each character HTML or XML would read as markup percent-encoded: the same address."""
    return _URL_MARKUP.sub(lambda m: f"%{ord(m.group()):02X}", url)


def source_path(page: Page) -> str:
    """The Markdown file that MkDocs (use_directory_urls) turns into the page's URL: `ideas/a/` is `ideas/a/index.md`."""
    return f"{page.url}index.md"


def feed_links(page: Page) -> list[dict[str, str]]:
    return [
        {"type": mime, "title": escape(f"{ref.title} ({label})"), "href": escape(relative_url(page.url, getattr(ref, attr)))}
        for ref in page.feeds
        for attr, mime, label in FEED_TYPES
    ]


def page_source(rendered: RenderedPage, default_lang: str, *, escape_description: bool = True) -> str:
    """A page as Markdown: front matter for the theme, then the fragment (inert, see hub.engines.inert) as one raw
    HTML block MkDocs leaves alone."""
    page = rendered.page
    meta: dict[str, Any] = {
        # MkDocs' templates print these unescaped: they are stored as HTML text.
        "title": escape(page.title),
        "description": (escape if escape_description else str)(rendered.description.strip()),
        "hub_kind": str(page.kind),
        "hub_feeds": feed_links(page),
        # The content has no Markdown headings, so no table of contents: give its column to the content.
        "hide": ["toc"],
    }
    if page.lang != default_lang:
        meta["hub_lang"] = page.lang
    if not page.searchable:
        meta["search"] = {"exclude": True}
    if not meta["description"]:
        del meta["description"]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f'---\n{front}---\n\n<div class="hub-page">\n{inert(rendered.html)}\n</div>\n'


def nav(pages: tuple[RenderedPage, ...], chrome: dict[str, str]) -> list[dict[str, str]]:
    by_kind = {r.page.kind: r.page for r in pages}
    # Material and Zensical print navigation titles as they are: stored as HTML text, like the pages' own titles.
    return [{escape(chrome[label] if label else by_kind[kind].title): source_path(by_kind[kind])}
            for kind, label in NAV_KINDS if kind in by_kind]


OWN_TOKENIZER = frozenset({"hi", "ja", "kn", "sa", "ta", "te", "th", "zh"})
"""Languages whose lunr support cuts words with a tokenizer of its own (Material's `lunr/min/lunr.<lang>.min.js` sets
`tokenizer`): mixed with other languages, a Japanese site's search found neither its English nor its French words."""


def search_languages(job: RenderJob) -> list[str]:
    """lunr's languages: the site's first, then each other language of a searchable page that Material can stem;
    a site in a language with its own tokenizer keeps Material's choice, that language alone (folding still works)."""
    import material

    lunr = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    site = material_language(job.plan.config.lang)
    if site.split("-")[0] in OWN_TOKENIZER:
        return [site]

    def stemmed(lang: str) -> str | None:  # a region tag (fr-CA) takes its base language's stemmer
        return next((c for c in (lang, lang.split("-")[0]) if c == "en" or (lunr / f"lunr.{c}.min.js").is_file()), None)

    others = {stemmed(r.page.lang) for r in job.pages if r.page.searchable}
    return [site, *sorted(lang for lang in others if lang and lang != site)]


def material_language(lang: str) -> str:
    """The language Material's own words come from: the site's tag when Material has it (`pt-BR`), else its base
    language (`fr` for `fr-CA`), else English. The page's `lang` stays the site's tag (partials/language.html)."""
    import material

    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return next((code for code in (lang, lang.split("-")[0]) if (partials / f"{code}.html").is_file()), "en")


def material_separator(lang: str, theme_dir: Path) -> str:
    """The separator Material's search gives a site in `lang` (its language partial, then English's), as Material
    reads it: from the templates of the theme's `mkdocs/` overrides, then Material's own."""
    import jinja2
    import material

    folders = [str(theme_dir / CUSTOM_DIR), str(Path(material.__file__).parent / "templates")]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=False)  # noqa: S701 - not HTML
    try:
        template = env.get_template("partials/language.html", globals={"config": {"theme": {"language": lang}}})
        return str(template.module.t("search.config.separator")).strip()  # type: ignore[attr-defined]
    except jinja2.TemplateError:
        return str(env.get_template("partials/languages/en.html").module.t(  # type: ignore[attr-defined]
            "search.config.separator")).strip()


def search_plugin(job: RenderJob) -> dict[str, Any]:
    """Material's search, in every language of the site, with its language's separator, elisions split, and the
    folded fields indexed; Material keeps choosing the rest (its pipeline and stemmers per language)."""
    separator = search_fold.with_elisions(material_separator(material_language(job.plan.config.lang), job.theme_dir))
    return {"search": {"lang": search_languages(job), "separator": separator,
                       "fields": {name: dict(spec) for name, spec in search_fold.FIELDS.items()}}}


def _theme(job: RenderJob) -> dict[str, Any]:
    """Material's `theme`: hub's overrides, no web font, the site's language, and the company's logo and favicon
    (published by `hub.build` beside the theme's files); the colours come from hub's palette stylesheet."""
    config = job.plan.config
    theme: dict[str, Any] = {"name": "material", "custom_dir": str((job.theme_dir / CUSTOM_DIR).resolve()),
                             "font": False, "language": material_language(config.lang)}
    for key, path in (("logo", config.look.logo), ("favicon", config.look.favicon)):
        if path:
            theme[key] = published_url(path)
    return theme


def staged_config(job: RenderJob, docs_dir: Path) -> dict[str, Any]:
    """The staged `mkdocs.yml`, written whole from the site configuration: what hub reads of the project's own
    (hub.config.USED_KEYS), never the rest of it, which no engine sees (`hub check` warns about it)."""
    not_found = next((r for r in job.pages if r.page.kind is PageKind.NOT_FOUND), None)
    chrome = chrome_words(job.plan.config)
    return {
        "site_name": job.plan.config.name,
        # site_name and site_description reach Material's templates escaped through the hooks' on_config.
        "site_description": job.plan.config.description,
        "site_url": url_for_markup(job.plan.config.base_url),
        "docs_dir": str(docs_dir),
        "site_dir": str(job.out_dir.resolve()),
        "use_directory_urls": True,
        "strict": False,
        "nav": nav(job.pages, chrome),
        "theme": _theme(job),
        "plugins": [search_plugin(job)],
        "hooks": [str(HOOKS), str(SEARCH_FOLD)],
        # hub renders all Markdown itself; extensions such as snippets must not touch its HTML.
        "markdown_extensions": [],
        "extra_css": [*EXTRA_CSS, *stylesheets(job.plan.config)],
        "extra_javascript": [],
        "extra": {
            # No "Made with Material" link: the site links to no host of its own accord.
            "generator": False,
            "hub_not_found": {"title": escape(not_found.page.title), "html": inert(not_found.html)} if not_found else None,
            # The footer's words, in the site's language (main.html escapes them).
            "hub_words": chrome,
            # The page's `lang`, the site's tag as written (fr-CA), whichever language the theme's words are in.
            "hub_lang": job.plan.config.lang,
        },
        # Every page's links are relative and were written by hub: MkDocs has nothing to check.
        "validation": {"links": {"not_found": "info", "absolute_links": "info", "unrecognized_links": "info"},
                       "nav": {"omitted_files": "info", "not_found": "info"}},
    }


def stage_project(job: RenderJob) -> Path:
    """Write a plain MkDocs project (pages and config) into `job.work_dir`; return its `mkdocs.yml`."""
    docs = job.work_dir / DOCS_DIR
    for rendered in job.pages:
        if rendered.page.kind is PageKind.NOT_FOUND:
            continue  # Material renders 404.html from its template; ours shows hub's fragment.
        target = docs / source_path(rendered.page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_source(rendered, job.plan.config.lang), encoding="utf-8")
    config_file = job.work_dir / CONFIG_FILE
    config_file.write_text(
        yaml.safe_dump(staged_config(job, docs.resolve()), allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )
    return config_file


@contextmanager
def build_environment(epoch: int) -> Iterator[None]:
    """Environment variables for a reproducible, quiet MkDocs build, restored afterwards."""
    wanted = {"SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
    saved = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_mkdocs(config_file: Path, epoch: int, root: Path, *, dirty: bool = False,
               events: Mapping[str, object] | None = None) -> None:
    """Run a MkDocs build of a staged project (a full one, unless `dirty`: only the pages whose source is newer than
    their output); BuildError with MkDocs' own words when it fails. `events` are objects whose `on_<event>` methods
    MkDocs calls like a plugin's, added to this build's plugins after the configured ones, by name."""
    with build_environment(epoch):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        with collected_logs("mkdocs") as log:
            try:
                config = load_config(str(config_file))
                for name, plugin in (events or {}).items():
                    config.plugins[name] = plugin  # type: ignore[assignment]
                build(config, dirty=dirty)
            except Exception as exc:  # MkDocs, its plugins and Jinja raise many kinds: all end the build
                details = "".join(f"\n  {m}" for m in log.messages
                                  if m and m not in str(exc) and not (dirty and m.startswith(DIRTY_WARNING)))
                told = describe(exc, root, plain=(MkDocsException,))
                raise BuildError(f"MkDocs build failed: {told}{details}") from exc
    for message in log.messages:
        if not (dirty and message.startswith(DIRTY_WARNING)):  # the preview's dirty builds are dirty on purpose
            sys.stderr.write(f"mkdocs: warning: {message}\n")


class MkDocsEngine:
    """Renders the plan with MkDocs and mkdocs-material."""

    name = "mkdocs"

    def render(self, job: RenderJob) -> None:
        """Stage the project in `job.work_dir` and build it into `job.out_dir`."""
        run_mkdocs(stage_project(job), int(job.plan.now.timestamp()), job.plan.config.root.resolve())
