"""No engine interprets content (issue 22, point 1): Pelican's `{attach}`, `{static}`, `{filename}`, `|attach|`…
links, template and include syntax from any field reach the engine inert, on both engines, in builds and in the
preview; `hub check` reports each such link as an error on its line.

The hostile idea names a secret file beside the project (and `/proc/self/environ`, `/etc/passwd`) through every
spelling of Pelican's link syntax, in every field that is shown as Markdown, in raw HTML, and hidden inside another
attribute's value (Pelican's pattern reads any `href='…'` after a `<`, even inside a `title`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from pelican.contents import Content
from pelican.settings import DEFAULT_CONFIG
from typer.testing import Result

import hub.build
from hub.build import build_site, render_pages
from hub.commands.incremental import PreviewBuilder
from hub.config import load_config
from hub.content.load import load_content
from hub.engines import RenderJob, mkdocs, pelican
from hub.engines.inert import inert
from hub.engines.pelican import NO_INTRASITE_LINKS
from hub.plan import make_plan
from hub.render.markup import render
from hub.timeparse import parse_instant
from tests.conftest import ENGINES, NOW, ROOT

SECRET = "hub-secret-7f3a9c"
"""What the secret file beside the project holds: it must appear in no published file."""
UP = "../" * 40
"""More `..` than any folder is deep: from anywhere, the root; the absolute path follows."""
WHATS = ("attach", "static", "filename", "tag", "category", "author", "index", "nothing-pelican-knows")
"""Every kind of link Pelican rewrites, and one it does not know (it would log a warning and fail the build)."""

GUIDELINE = """---
title: Respect
summary: Be kind.
order: 1
---

Body.
"""


def _spellings(target: str) -> list[str]:
    """Pelican's link syntax to `target`, in every form it reads: `{what}`, `|what|`, the mixed ones."""
    return [f"{{{what}}}{target}" for what in WHATS] + [f"|attach|{target}", f"|static|{target}",
                                                         f"{{attach|{target}", f"|filename}}{target}"]


def hostile_idea(secret: Path) -> tuple[str, dict[str, int]]:
    """The hostile idea and the line of each field it attacks through."""
    target = UP + str(secret).lstrip("/")
    front = {
        "id": "2fc21285-708d-40f2-9461-7d82e4a21cd9",
        "title": f"Notes {{attach}}{target} and |static|{target}",
        "summary": f"The [notes]({{attach}}{UP}proc/self/environ) are public.",
        "date": "2026-11-14 09:00",
        "topics": ["community"], "audiences": ["everyone"], "channels": ["blog"], "lang": "en", "sensitivity": "open",
        "angles": [f"What would [you]({{filename}}{target}) do?", "Why now?"],
        "facts": ["Nothing to see here.", f"The [passwd](|attach|{UP}etc/passwd) too."],
        "contact": f"[Ask us]({{static}}{target})",
    }
    body = "\n".join([
        "Intro.",
        "",
        " ".join(f"[{n}]({s})" for n, s in enumerate(_spellings(target))),
        "",
        f'<a href="&#123;attach}}{target}">entity</a> <a href="&#x7C;static&#x7C;{target}">hex</a> '
        f'<a href="%7Battach%7D{target}">percent</a>',
        "",
        f"<a title=\"x href='{{attach}}{target}'\" href=\"https://example.com/\">nested</a>",
        f"<span title=\"<img src='|attach|{target}'>\">tag in a title</span>",
        "",
        f'<img src="{{attach}}{target}" alt="img"> {{{{ config.site_name }}}} {{% include "main.html" %}} '
        '--8<-- "/etc/passwd" {!/etc/passwd!}',
        "",
    ])
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n" + body
    lines = text.split("\n")
    at = {key: next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:")) for key in front}
    at["body"] = next(i for i, line in enumerate(lines, 1) if line.startswith("[0]("))
    at["raw"] = at["body"] + 2
    at["nested"] = at["raw"] + 2
    at["img"] = at["nested"] + 3
    return text, at


def small_project(root: Path, idea: str, files: dict[str, bytes] | None = None) -> Path:
    """A small project (the example's configuration and theme) with one guideline and `idea` in content/ideas/x/,
    with `files` beside it."""
    project = root / "project"
    (project / "content" / "guidelines").mkdir(parents=True)
    (project / "content" / "ideas" / "x").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(ROOT / "theme", project / "theme")
    (project / "content" / "guidelines" / "respect.md").write_text(GUIDELINE, encoding="utf-8")
    (project / "content" / "ideas" / "x" / "x.md").write_text(idea, encoding="utf-8")
    for name, data in (files or {}).items():
        (project / "content" / "ideas" / "x" / name).write_bytes(data)
    return project


def hostile_project(root: Path) -> tuple[Path, dict[str, int]]:
    """The hostile idea in a small project, and a secret file beside the project."""
    secret = root / "project" / "secret.env"
    text, lines = hostile_idea(secret)
    project = small_project(root, text)
    secret.write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    return project, lines


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def pelican_pattern(intrasite: str) -> re.Pattern[str]:
    """The pattern Pelican's own code builds to find intrasite links in a page (pelican.contents.Content)."""
    pattern: re.Pattern[str] = Content._get_intrasite_link_regex(  # type: ignore[arg-type]
        SimpleNamespace(settings={"INTRASITE_LINK_REGEX": intrasite}))
    return pattern


# What each engine is handed: nothing Pelican reads as a link.

def test_pelicans_own_pattern_finds_no_link_in_what_hub_hands_an_engine(tmp_path: Path) -> None:
    _, _ = hostile_project(tmp_path)
    text, _ = hostile_idea(tmp_path / "project" / "secret.env")
    body = text.split("---\n", 2)[2]
    pattern = pelican_pattern(DEFAULT_CONFIG["INTRASITE_LINK_REGEX"])
    rendered = render(body)  # the sanitizer drops engine links, but not one hidden in another attribute's value
    assert pattern.findall(rendered), "a payload reaches the HTML in a form Pelican reads"
    unsanitized = markdown.markdown(body)  # as if a fragment held every payload as it is
    assert len(pattern.findall(unsanitized)) >= len(_spellings("x")), "every payload is there before inert"
    for html in (rendered, unsanitized):
        assert pattern.findall(inert(html)) == []
        # The same page in a browser: only the characters' spelling changed.
        assert unescape(inert(html)) == unescape(html)


def test_inert_leaves_script_and_style_as_they_are() -> None:
    html = '<p>{a|b}</p><script src="x.js">var a = {b: 1} || 2;</script><style>p { color: red }</style><i>|</i>'
    assert inert(html) == ('<p>&#123;a&#124;b&#125;</p><script src="x.js">var a = {b: 1} || 2;</script>'
                           '<style>p { color: red }</style><i>&#124;</i>')


def test_the_staged_pelican_settings_read_no_intrasite_link() -> None:
    pattern = pelican_pattern(NO_INTRASITE_LINKS)
    for spelling in _spellings("../secret.env"):
        assert pattern.search(f'<a href="{spelling}">x</a><img src=\'{spelling}\'>') is None, spelling


def _job(project: Path, folder: Path) -> RenderJob:
    """The hostile project's render job (its check skipped), with empty work and output folders."""
    config = load_config(project)
    plan = make_plan(load_content(config).content, config, parse_instant(NOW, config.timezone))
    (folder / "work").mkdir(parents=True)
    (folder / "out").mkdir()
    return RenderJob(plan, render_pages(plan, 1), config.theme_dir, folder / "work", folder / "out")


def test_every_staged_pelican_page_is_inert(tmp_path: Path) -> None:
    project, _ = hostile_project(tmp_path)
    job = _job(project, tmp_path)
    assert any(pelican_pattern(DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]).search(fragment)
               for fragment in (r.html for r in job.pages)), "the fragments hold a link Pelican would read"
    staged = pelican.stage_project(job)
    pattern = pelican_pattern(DEFAULT_CONFIG["INTRASITE_LINK_REGEX"])
    pages = sorted(staged.content_dir.rglob("*.hub"))
    assert len(pages) == len(job.pages)
    for page in pages:
        html = page.read_text(encoding="utf-8").partition("\n")[2]
        assert pattern.findall(html) == [], page
    assert staged.settings["INTRASITE_LINK_REGEX"] == NO_INTRASITE_LINKS and staged.settings["FORMATTED_FIELDS"] == []


def test_every_staged_mkdocs_page_is_inert(tmp_path: Path) -> None:
    project, _ = hostile_project(tmp_path)
    job = _job(project, tmp_path)
    config = yaml.safe_load(mkdocs.stage_project(job).read_text(encoding="utf-8"))
    pages = sorted((tmp_path / "work" / mkdocs.DOCS_DIR).rglob("*.md"))
    assert len(pages) == len(job.pages) - 1  # the 404 page is in the configuration
    for html in [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in pages] + [
            config["extra"]["hub_not_found"]["html"]]:
        assert re.findall(r"[{}|]", re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL)) == []


# Real builds, the check skipped (it stops these payloads first): nothing outside the site is read or written.

def _build(project: Path, engine: str, out: Path) -> None:
    config = load_config(project)
    old = Path.cwd()
    os.chdir(project)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(hub.build, "checked_content", lambda config, **_: load_content(config))
            build_site(config, parse_instant(NOW, config.timezone), out, engine=engine)
    finally:
        os.chdir(old)


def _assert_nothing_leaked(site: Path, before: set[str], root: Path) -> None:
    published = _files(site)
    names = {Path(p).name for p in published}
    assert not names & {"environ", "passwd", "secret.env"}, sorted(names & {"environ", "passwd", "secret.env"})
    for path in sorted(site.rglob("*")):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
            assert b"root:x:0:0" not in path.read_bytes(), path
    written = {p for p in _files(root) - before if not p.startswith(site.relative_to(root).as_posix() + "/")}
    assert {p for p in written if not p.startswith(("kept/", "project/.hub/"))} == set(), "written outside the site"


def _idea_text(site: Path) -> str:
    html = (site / "ideas" / "x" / "index.html").read_text(encoding="utf-8")
    return html


@pytest.mark.parametrize("engine", ENGINES)
def test_a_real_build_publishes_no_file_an_engine_link_names(tmp_path: Path, engine: str) -> None:
    project, _ = hostile_project(tmp_path)
    before = _files(tmp_path)
    _build(project, engine, tmp_path / "site")
    site = tmp_path / "site"
    _assert_nothing_leaked(site, before, tmp_path)
    html = _idea_text(site)
    # The words stay, the engine links do not: no href or src of the page starts with engine syntax, in any spelling.
    for value in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert not re.match(r"\s*(?:[{|]|&#123;|&#124;|&#x7[bc];|%7[bc])", value, re.IGNORECASE), value
    assert ">entity</a>" in html and ">percent</a>" in html and ">nested</a>" in html
    # Template and include syntax is shown as text (a browser reads the references as the characters).
    shown = html.replace("&#123;", "{").replace("&#125;", "}").replace("&#124;", "|")
    assert "{{ config.site_name }}" in shown and '{% include "main.html" %}' in shown
    assert "{!/etc/passwd!}" in shown and "--8&lt;-- &quot;/etc/passwd&quot;" in shown.replace('"', "&quot;")
    # The title is text wherever the theme prints it.
    assert "Notes {attach}" in shown


@pytest.mark.parametrize("engine", ENGINES)
def test_the_preview_builds_of_hub_serve_take_the_same_path(tmp_path: Path, engine: str) -> None:
    project, _ = hostile_project(tmp_path)
    config = load_config(project)
    before = _files(tmp_path)
    builder = PreviewBuilder(tmp_path / "kept", engine)
    old = Path.cwd()
    os.chdir(project)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(hub.build, "checked_content", lambda config, **_: load_content(config))
            patch.setattr("hub.commands.incremental.checked_content", lambda config, **_: load_content(config))
            builder.build(config, parse_instant(NOW, config.timezone), tmp_path / "site")
    finally:
        os.chdir(old)
    _assert_nothing_leaked(tmp_path / "site", before, tmp_path)


# The pull request fails first: `hub check` names each engine link, with its file, line and field.

def test_hub_check_reports_every_engine_link_on_its_line(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project, lines = hostile_project(tmp_path)
    result = hub("check", "content", "--format", "json", cwd=project)
    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)["problems"]
    engine = [(p["line"], p["field"]) for p in problems
              if p["severity"] == "error" and "engine's link syntax" in p["message"]]
    assert all(p["path"].endswith("content/ideas/x/x.md") for p in problems if "engine" in p["message"])
    expected = {(lines["summary"], "summary"), (lines["angles"], "angles"), (lines["facts"], "facts"),
                (lines["contact"], "contact"), (lines["body"], None), (lines["raw"], None), (lines["nested"], None),
                (lines["img"], None)}
    assert expected <= set(engine), sorted(set(engine))
    # One error for each spelling in the body's line of Markdown links, and for each raw one.
    assert engine.count((lines["body"], None)) == len(_spellings("x"))
    assert engine.count((lines["raw"], None)) == 3
    fixes = {p["hint"] for p in problems if "engine's link syntax" in p["message"]}
    assert fixes and all("beside this one by its name" in fix for fix in fixes)


def test_hub_check_names_the_item_of_a_list(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project, _ = hostile_project(tmp_path)
    result = hub("check", "content", cwd=project)
    assert "`facts` item 2: `|attach|" in result.output
    assert "`angles` item 1: `{filename}" in result.output
