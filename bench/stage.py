"""Stage, once, a project that an engine builds without hub, and write the command that builds it.

Usage: python bench/stage.py mkdocs|pelican|zensical|plain-mkdocs|plain-pelican|plain-hugo PROJECT BASE --now T --json FILE

- `mkdocs`, `pelican`, `zensical`: the very project `hub build` hands to the engine, staged by hub's own adapter (the same
  pages, already rendered to HTML by hub): the engine's own cost of hub's site.
- `plain-mkdocs`, `plain-pelican`: the same live content written as a plain project by hand, as a team would
  without hub: one Markdown page per idea (summary, angles, facts, links, body), per guideline and per index,
  rendered by the engine's own Markdown with the same extensions, a stock theme (Material; Pelican's
  notmyidea), search on, ideas out of the navigation, no feeds.
- `plain-hugo`: the same live ideas and guidelines as a plain Hugo site (an outside speed reference): the same
  Markdown pages, topics, audiences and channels as Hugo taxonomies (a page and an RSS feed per term, as hub
  has), minimal layouts of our own, no theme, no search. Needs Debian's `hugo` on the PATH.

Writes BASE/project and, in FILE, the command that builds it into BASE/site. Run by bench/run.py in its own
process, so that the benchmark's parent stays small (see measure() there).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

MARKDOWN_EXTENSIONS = ["tables", "footnotes", "attr_list", "def_list", "abbr", "fenced_code", "sane_lists", "toc"]
"""hub's own list (hub/render/markup.py), so both sides run the same Markdown."""


def _job(project: Path, work: Path, out: Path, now: str) -> Any:
    """The render job `hub build` gives an engine for this project at `now`."""
    from hub.build import checked_content, render_pages
    from hub.config import load_config
    from hub.engines import RenderJob
    from hub.plan import make_plan
    from hub.timeparse import parse_instant

    config = load_config(project)
    plan = make_plan(checked_content(config).content, config, parse_instant(now, config.timezone))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return RenderJob(plan, render_pages(plan), config.theme_dir, work, out)


def stage_mkdocs(project: Path, base: Path, now: str) -> dict[str, Any]:
    """MkDocs + Material, search on, ideas out of the nav: `mkdocs build -f <staged mkdocs.yml>`."""
    from hub.engines.mkdocs import stage_project

    job = _job(project, base / "project", base / "site", now)
    config_file = stage_project(job)
    return {"argv": ["{python}", "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
            "env": {"SOURCE_DATE_EPOCH": str(int(job.plan.now.timestamp()))},
            "cwd": str(job.work_dir), "clear": str(job.out_dir)}


def stage_pelican(project: Path, base: Path, now: str) -> dict[str, Any]:
    """Pelican with the hub theme, then Pagefind for search (as Material's search is on for MkDocs)."""
    import pagefind_bin

    from hub.engines.pelican import stage_project

    job = _job(project, base / "project", base / "site", now)
    staged = stage_project(job)
    pagefind = str(pagefind_bin.get_executable())
    # One process tree, as with hub: the shell waits for both, so wait4 counts them together.
    script = '"$0" -m pelican -q -s "$1" && "$2" --site "$3" --quiet'
    return {"argv": ["/bin/sh", "-c", script, "{python}", str(staged.config_path), pagefind, str(job.out_dir)],
            "env": {}, "cwd": str(job.work_dir), "clear": str(job.out_dir)}


def stage_zensical(project: Path, base: Path, now: str) -> dict[str, Any]:
    """Zensical with hub's overrides, search on: `zensical build -c -f <staged mkdocs.yml>`, a clean build (no cache
    kept from an earlier run). Zensical builds inside its project: the site is `project/site`, not `base/site`."""
    from hub.engines.zensical import SITE_DIR, stage_project

    job = _job(project, base / "project", base / "site", now)
    config_file = stage_project(job)
    return {"argv": ["{python}", "-m", "zensical", "build", "-c", "-f", str(config_file)],
            "env": {"SOURCE_DATE_EPOCH": str(int(job.plan.now.timestamp()))},
            "cwd": str(job.work_dir), "clear": str(job.work_dir / SITE_DIR)}


def _plan(project: Path, now: str) -> Any:
    from hub.build import checked_content
    from hub.config import load_config
    from hub.plan import make_plan
    from hub.timeparse import parse_instant

    config = load_config(project)
    return make_plan(checked_content(config).content, config, parse_instant(now, config.timezone))


def _facet_pages(plan: Any) -> list[Any]:
    from hub.plan import PageKind

    return [p for p in plan.pages if p.kind is PageKind.FACET]


def _idea_markdown(plan: Any, idea: Any, link: Any) -> str:
    """An idea as plain Markdown: what hub's idea page says, written by hand."""
    labels = []
    for facet, keys in (("topics", idea.topics), ("audiences", idea.audiences), ("channels", idea.channels)):
        vocabulary = getattr(plan.config, facet)
        labels += [f"[{vocabulary.terms[k].label_in(idea.lang)}]({link(f'{facet}/{k}')})" for k in keys]
    parts = [idea.summary, f"*{idea.date:%Y-%m-%d}* · " + " · ".join(labels)]
    if idea.sensitivity != "open":
        parts.append(f"> **{idea.sensitivity}**: " + (f"ask {idea.contact} first" if idea.contact else
                                                      "re-read " + ", ".join(idea.guidelines)))
    parts.append("## Angles\n\n" + "\n".join(f"- {a}" for a in idea.angles))
    if idea.facts:
        parts.append("## Facts you can cite\n\n" + "\n".join(f"- {f}" for f in idea.facts))
    if idea.links:
        parts.append("## Sources\n\n" + "\n".join(f"- [{k.title}]({k.url})" for k in idea.links))
    parts.append("## Context\n\n" + idea.body)
    return "\n\n".join(parts) + "\n"


def _list_markdown(ideas: Any, link: Any) -> str:
    return "\n\n".join(f"### [{i.title}]({link(f'ideas/{i.slug}')})\n\n{i.summary}" for i in ideas) + "\n"


def stage_plain_mkdocs(project: Path, base: Path, now: str) -> dict[str, Any]:
    """The same live content as a plain MkDocs + Material project (Markdown sources, search on)."""
    import yaml

    plan = _plan(project, now)
    work = base / "project"
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"

    def write(rel: str, title: str, text: str) -> None:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n# {title}\n\n{text}",
                          encoding="utf-8")

    def linker(depth: int) -> Any:
        return lambda target: "../" * depth + f"{target}.md"

    write("index.md", plan.config.name, plan.config.description + "\n\n" + _list_markdown(plan.live_ideas[:6], linker(0)))
    write("charter/index.md", "The charter",
          "\n".join(f"- [{g.title}]({g.slug}.md)" for g in plan.guidelines) + "\n")
    for g in plan.guidelines:
        write(f"charter/{g.slug}.md", g.title, g.body)
    write("ideas/index.md", "All ideas", _list_markdown(plan.live_ideas, linker(1)))
    for idea in plan.live_ideas:
        write(f"ideas/{idea.slug}.md", idea.title, _idea_markdown(plan, idea, linker(1)))
    for page in _facet_pages(plan):
        write(page.url.rstrip("/") + ".md", page.title, _list_markdown(page.ideas, linker(1)))
    write("subscribe.md", "Subscribe", "Feeds are not part of a plain MkDocs site.\n")
    config = {
        "site_name": plan.config.name, "site_url": plan.config.base_url, "docs_dir": str(docs),
        "site_dir": str(base / "site"), "use_directory_urls": True,
        "theme": {"name": "material", "font": False, "language": plan.config.lang},
        "plugins": ["search"], "markdown_extensions": MARKDOWN_EXTENSIONS,
        "nav": [{"Home": "index.md"}, {"The charter": "charter/index.md"}, {"Ideas": "ideas/index.md"},
                {"Subscribe": "subscribe.md"}],
        "validation": {"nav": {"omitted_files": "info"}},
    }
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"argv": ["{python}", "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
            "env": {"SOURCE_DATE_EPOCH": str(int(plan.now.timestamp()))}, "cwd": str(work), "clear": str(base / "site")}


def stage_plain_pelican(project: Path, base: Path, now: str) -> dict[str, Any]:
    """The same live content as a plain Pelican project (Markdown reader, notmyidea theme), then Pagefind."""
    import pagefind_bin

    plan = _plan(project, now)
    work = base / "project"
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"

    def write(rel: str, title: str, meta: dict[str, str], text: str) -> None:
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        head = "".join(f"{k}: {v}\n" for k, v in {"Title": title, **meta}.items())
        target.write_text(f"{head}\n{text}", encoding="utf-8")

    def link(target: str) -> str:
        return f"{{filename}}/{target}.md" if target.startswith("ideas/") else f"{{filename}}/pages/{target}.md"

    def page(url: str) -> dict[str, str]:
        return {"URL": url, "Save_as": f"{url}index.html", "Status": "published"}

    write("pages/index.md", plan.config.name, {"URL": "", "Save_as": "index.html"},
          plan.config.description + "\n\n" + _list_markdown(plan.live_ideas[:6], link))
    write("pages/charter.md", "The charter", page("charter/"),
          "\n".join(f"- [{g.title}]({{filename}}/pages/charter/{g.slug}.md)" for g in plan.guidelines) + "\n")
    for g in plan.guidelines:
        write(f"pages/charter/{g.slug}.md", g.title, page(f"charter/{g.slug}/"), g.body)
    write("pages/ideas.md", "All ideas", page("ideas/"), _list_markdown(plan.live_ideas, link))
    for idea in plan.live_ideas:
        write(f"ideas/{idea.slug}.md", idea.title,
              {"Date": f"{idea.date:%Y-%m-%d %H:%M}", "Slug": idea.slug, "Summary": idea.summary},
              _idea_markdown(plan, idea, link))
    for facet_page in _facet_pages(plan):
        write(f"pages/{facet_page.url.rstrip('/')}.md", facet_page.title, page(facet_page.url),
              _list_markdown(facet_page.ideas, link))
    write("pages/subscribe.md", "Subscribe", page("subscribe/"), "Feeds are not part of this plain site.\n")
    off = ["INDEX", "CATEGORY", "CATEGORIES", "TAG", "TAGS", "AUTHOR", "AUTHORS", "ARCHIVES", "YEAR_ARCHIVE",
           "MONTH_ARCHIVE", "DAY_ARCHIVE", "DRAFT", "DRAFT_PAGE"]
    settings: dict[str, Any] = {
        "PATH": str(content), "OUTPUT_PATH": str(base / "site"), "SITENAME": plan.config.name,
        "SITEURL": plan.config.base_url.rstrip("/"), "RELATIVE_URLS": True, "TIMEZONE": plan.config.timezone.key,
        "DEFAULT_LANG": plan.config.lang, "ARTICLE_PATHS": ["ideas"], "PAGE_PATHS": ["pages"],
        "ARTICLE_URL": "ideas/{slug}/", "ARTICLE_SAVE_AS": "ideas/{slug}/index.html",
        "DIRECT_TEMPLATES": [], "DISPLAY_PAGES_ON_MENU": False, "DISPLAY_CATEGORIES_ON_MENU": False,
        "DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
        "ARTICLE_TRANSLATION_ID": None, "PAGE_TRANSLATION_ID": None,
        "MARKDOWN": {"extensions": MARKDOWN_EXTENSIONS, "output_format": "html5"},
        **{f"{name}_SAVE_AS": "" for name in off},
        **{f"{kind}_{fmt}": None for kind in ("FEED", "FEED_ALL", "CATEGORY_FEED", "AUTHOR_FEED", "TAG_FEED",
                                             "TRANSLATION_FEED") for fmt in ("ATOM", "RSS")},
    }
    config_file = work / "pelicanconf.py"
    config_file.write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8")
    script = '"$0" -m pelican -q -s "$1" && "$2" --site "$3" --quiet'
    return {"argv": ["/bin/sh", "-c", script, "{python}", str(config_file), str(pagefind_bin.get_executable()),
                     str(base / "site")], "env": {}, "cwd": str(work), "clear": str(base / "site")}


_HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html><html lang="{{ site.LanguageCode }}"><head><meta charset="utf-8">'
        "<title>{{ .Title }} · {{ site.Title }}</title></head><body>"
        '<nav><a href="{{ "" | relURL }}">{{ site.Title }}</a></nav><main>{{ block "main" . }}{{ end }}</main>'
        "</body></html>\n"),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>'
        "{{ range $tax, $_ := site.Taxonomies }}{{ with $.GetTerms $tax }}<p>{{ range . }}"
        '<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}{{ end }}'
        "{{ .Content }}</article>{{ end }}\n"),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ range .Pages }}<article><h2>'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}{{ end }}\n'),
}


def stage_plain_hugo(project: Path, base: Path, now: str) -> dict[str, Any]:
    """The same live ideas and guidelines as a plain Hugo site: taxonomies for the facets, minimal layouts."""
    plan = _plan(project, now)
    hugo = shutil.which("hugo")
    if hugo is None:
        raise SystemExit("hugo is not installed (Debian: apt-get install hugo)")
    work = base / "project"
    shutil.rmtree(work, ignore_errors=True)

    def write(rel: str, meta: dict[str, Any], text: str) -> None:
        target = work / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n" + text, encoding="utf-8")

    def link(target: str) -> str:
        return "/" + target + "/"

    write("_index.md", {"title": plan.config.name}, plan.config.description + "\n")
    write("charter/_index.md", {"title": "The charter"}, "")
    for g in plan.guidelines:
        write(f"charter/{g.slug}.md", {"title": g.title, "weight": g.order}, g.body)
    write("ideas/_index.md", {"title": "All ideas"}, "")
    for idea in plan.live_ideas:
        meta = {"title": idea.title, "date": idea.date.isoformat(), "slug": idea.slug, "summary": idea.summary,
                "topics": list(idea.topics), "audiences": list(idea.audiences), "channels": list(idea.channels)}
        write(f"ideas/{idea.slug}.md", meta, _idea_markdown(plan, idea, link))
    for rel, text in _HUGO_LAYOUTS.items():
        target = work / "layouts" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = {"baseURL": plan.config.base_url, "languageCode": plan.config.lang, "title": plan.config.name,
              "relativeURLs": True, "disableKinds": ["sitemap", "robotsTXT"],
              "taxonomies": {"topic": "topics", "audience": "audiences", "channel": "channels"},
              "markup": {"goldmark": {"renderer": {"unsafe": True}}}}
    (work / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False), encoding="utf-8")
    return {"argv": [hugo, "--quiet", "--source", str(work), "--destination", str(base / "site")],
            "env": {}, "cwd": str(work), "clear": str(base / "site")}


STAGES = {"mkdocs": stage_mkdocs, "pelican": stage_pelican, "zensical": stage_zensical,
          "plain-mkdocs": stage_plain_mkdocs, "plain-pelican": stage_plain_pelican, "plain-hugo": stage_plain_hugo}


def main(argv: list[str] | None = None) -> int:
    """Stage one engine's bare project and write its build command as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=tuple(STAGES))
    parser.add_argument("project", type=Path)
    parser.add_argument("base", type=Path)
    parser.add_argument("--now", required=True)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args(argv)
    spec = STAGES[args.engine](args.project.resolve(), args.base.resolve(), args.now)
    args.json.write_text(json.dumps(spec), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
