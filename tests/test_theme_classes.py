"""Content may not borrow the theme's behaviour (issue 22, point 3): a class, a `data-*`, `role` or `aria-*`
attribute from content never reaches a page, but the classes hub's own Markdown writes; in headless Chromium, on a
real build of each engine, no element from content matches a selector Material, the Pelican theme or hub's scripts
act on, nothing is fetched from another host (Material loads mermaid from unpkg for a `pre.mermaid`) and nothing
from content runs.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest
from typer.testing import Result

from hub.render.markup import CLASSES, render, sanitize
from tests.browser import SUB_PATH, SubPathHandler, require_browser, run_driver
from tests.conftest import ENGINES, NOW
from tests.test_engine_syntax import small_project

MARK = 'lang="x-hostile"'
"""Every payload element carries it (content keeps `lang`), so the browser test finds what came from content."""
PAYLOADS = [
    f'<pre class="mermaid" {MARK}>graph TD; A--&gt;B</pre>',
    f'<a class="md-consent__overlay" {MARK} href="https://evil.example/sso">Sign in again</a>',
    f'<div class="md-dialog md-dialog--active" role="dialog" aria-modal="true" {MARK}>'
    '<div class="md-dialog__inner md-typeset">Your session expired</div></div>',
    f'<div class="annotate highlight tabbed-set" data-tabs="1:2" data-md-component="toc" {MARK}>'
    '<span class="md-annotation" data-md-annotation-id="1">1</span></div>',
    f'<span class="hub-copy" data-hub-copy="https://evil.example/" {MARK}>copy</span>',
    f'<div class="hub-picker" data-hub-picker data-opml-title="x" {MARK}>pick</div>',
    f'<div data-pagefind-body data-pagefind-meta="image:https://evil.example/x.png" {MARK}>indexed</div>',
    f'<p id="search" class="site-search skip-link" aria-hidden="true" {MARK}>search</p>',
    f'<details class="md-typeset" {MARK} open><summary class="admonition">More</summary>text</details>',
]
SUMMARY = (f'Read <pre class="mermaid" {MARK}>graph TD; A--&gt;B</pre> and '
           f'<a class="md-consent__overlay" {MARK} href="https://evil.example/sso">sign in</a>.')
IDEA = f"""---
id: 2fc21285-708d-40f2-9461-7d82e4a21cd7
title: Borrowed behaviours
summary: '{SUMMARY}'
date: 2026-11-14 09:00
topics: [community]
audiences: [everyone]
channels: [blog]
lang: en
sensitivity: open
angles:
  - 'What would <span class="md-dialog md-dialog--active" {MARK}>you</span> do?'
  - Why now?
facts:
  - 'A fact <span class="mermaid md-tooltip" data-md-state="lock" {MARK}>here</span>.'
---

Intro with a note[^1].

{chr(10).join(PAYLOADS)}

A paragraph that asks for classes in Markdown.
{{: .mermaid .md-dialog--active {MARK} }}

```mermaid
graph TD; A-->B
```

[^1]: The note.
"""
SELECTORS = [
    # Material (its bundle's mountContent and components) and its CSS that covers the page
    "pre.mermaid", ".mermaid", ".annotate", ".highlight", ".tabbed-set", ".tabbed-labels", ".md-annotation",
    "[data-tabs]", "[data-md-component]", "[data-md-toggle]", "[data-md-scrollfix]", "[data-md-state]", "[data-copy]",
    "[data-preview]", "[class*='md-']", ".admonition",
    # hub's scripts and the Pelican theme's
    "[data-hub-picker]", "[data-hub-copy]", ".hub-copy", ".hub-picker", "#search", ".site-search", ".skip-link",
    # Pagefind, which both engines' search runs on or beside
    "[data-pagefind-body]", "[data-pagefind-meta]", "[data-pagefind-ignore]", "[data-pagefind-filter]",
    # roles and states a script or assistive technology acts on
    "[role]", "[aria-modal]", "[aria-hidden]", "[id^='__']",
]
KEPT_ATTRIBUTES = {"id", "class", "lang", "dir", "title", "href", "hreflang", "src", "alt", "width", "height",
                   "colspan", "rowspan", "align", "style", "scope", "start", "type", "datetime", "rel", "open"}
"""Every attribute content may keep (hub.render.markup's list, and the `rel` nh3 writes on links)."""
_LANGUAGE = re.compile(r"^language-[A-Za-z0-9_+#.-]+$")


def _allowed(tag: str, name: str) -> bool:
    return name in CLASSES.get(tag, frozenset()) or (tag == "code" and bool(_LANGUAGE.match(name)))


# The sanitizer, alone

@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_class_or_theme_attribute_from_content_survives(payload: str) -> None:
    html = sanitize(payload)
    assert MARK in html, "the payload's element is still there, marked"
    for tag, attributes in re.findall(r"<([a-z0-9]+)([^>]*)>", html):
        for name in re.findall(r'\s([a-z-]+)=', attributes):
            assert name in KEPT_ATTRIBUTES, (name, html)
        for classes in re.findall(r'class="([^"]*)"', attributes):
            assert all(_allowed(tag, c) for c in classes.split()), html


def test_the_classes_hub_markdown_writes_are_kept() -> None:
    html = render("A note[^1].\n\n[TOC]\n\n## Part\n\n```python\nx = 1\n```\n\n[^1]: The note.\n")
    for kept in ('class="footnote-ref"', 'class="footnote-backref"', 'class="footnote"', 'class="toc"',
                 'class="language-python"'):
        assert kept in html, (kept, html)


def test_a_class_is_kept_only_on_the_element_hub_writes_it_on() -> None:
    assert sanitize('<pre class="footnote-ref language-python"><code class="toc language-js">x</code></pre>') == (
        '<pre><code class="language-js">x</code></pre>')


# Real builds in headless Chromium

@pytest.fixture(scope="module", params=ENGINES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    engine = str(request.param)
    base = tmp_path_factory.mktemp(f"behaviours-{engine}")
    project = small_project(base, IDEA)
    from typer.testing import CliRunner

    from hub.cli import app
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(base / "site"), "--now", NOW],
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    yield engine, base / "site"


def test_the_build_holds_no_class_or_attribute_from_content(built: tuple[str, Path]) -> None:
    _, site = built
    for page in ("ideas/x/index.html", "index.html"):
        tree = lxml.html.fromstring((site / page).read_bytes())
        marked = tree.xpath('//*[@lang="x-hostile"]')
        assert len(marked) >= (8 if page.startswith("ideas") else 2), page
        for element in {e for m in marked for e in m.iter() if isinstance(e.tag, str)}:
            assert set(element.attrib) <= KEPT_ATTRIBUTES, (page, element.tag, dict(element.attrib))
            assert all(_allowed(element.tag, c) for c in element.get("class", "").split()), (page, element.tag)
        for xpath in ('//pre[contains(@class, "mermaid")]', '//*[contains(@class, "md-dialog--active")]',
                      '//*[contains(@class, "md-consent__overlay")]', '//*[starts-with(@data-hub-copy, "https")]'):
            assert tree.xpath(xpath) == [], (page, xpath)


@pytest.mark.browser
def test_no_content_element_matches_a_theme_selector_in_chromium(built: tuple[str, Path], tmp_path: Path) -> None:
    chromium = require_browser()
    _, site = built
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
        report = run_driver("theme_behaviours.mjs", {"chromium": chromium, "base": base, "selectors": SELECTORS,
                                                     "pages": ["ideas/x/", "./", "ideas/"]}, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert report["blocked"] == [], "a page fetched from another host"
    assert report["dialogs"] == []
    pages = {page["path"]: page for page in report["pages"]}
    assert pages["ideas/x/"]["marked"] >= 8 and pages["./"]["marked"] >= 2, "the payloads are on the pages"
    for page in pages.values():
        assert page["matches"] == [], (page["path"], page["matches"])
        assert page["globals"] == [] and page["scripts"] == [], page["path"]
        for element in page["elements"]:
            assert set(element["attributes"]) <= KEPT_ATTRIBUTES, (page["path"], element)
            assert all(_allowed(element["tag"], c) for c in element["classes"]), (page["path"], element)


def test_hub_check_accepts_the_page(tmp_path: Path, hub: Callable[..., Result]) -> None:
    """The classes are dropped quietly: they are not an author's mistake, and nothing of them reaches a page."""
    project = small_project(tmp_path, IDEA)
    result = hub("check", "content", cwd=project)
    assert result.exit_code == 0, result.output
