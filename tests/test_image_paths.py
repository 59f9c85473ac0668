"""A local file is a file beside the content (issue 22, point 8): an image from content is shown only when its
address is a relative path down from its page's folder, with no `..`, query, fragment or root, in every spelling a
browser reads; `hub check` reports any other as an error with its file, line and field; a line of Markdown
(summary, angles, facts…) shows its images as text, since it also shows on list pages and in feeds. On a real build of
each engine, every `<img>` of every page names a file the site publishes, and Chromium requests nothing else.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import threading
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from typer.testing import Result

import hub.build
from hub.build import build_site
from hub.config import load_config
from hub.content.load import load_content
from hub.content.references import file_path_problem
from hub.render.markup import inline, render, sanitize
from hub.timeparse import parse_instant
from tests.browser import SUB_PATH, SubPathHandler, require_browser, run_driver
from tests.conftest import ENGINES, NOW
from tests.test_engine_syntax import small_project
from tests.test_markup_safety import PNG

FILES = ["chart.png", "./chart.png", "img/chart.png", "img/./chart.png", "my%20chart.png", "chart.PNG",
         "&#99;hart.png"]
"""Paths of files beside the page."""
NOT_FILES = [
    "../chart.png", "../../../../api/v1/delete?confirm=yes", "img/../../chart.png", "img/..", "..",
    "%2e%2e/chart.png", ".%2E/chart.png", "%2E./chart.png", "&#46;&#46;/chart.png", "..\\chart.png",
    "img\\..\\..\\chart.png", "\t../chart.png", ".\n./chart.png",
    "chart.png?v=1", "chart.png%3Fv=1", "chart.png#x", "chart.png&#63;x=1",
    "/api/v1/delete", "/chart.png", "//evil.example/x.png", "https://evil.example/x.png", "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=", "{attach}chart.png", "|static|chart.png", "%7Battach%7Dchart.png",
    "my chart.png", "chart%00.png", "",
]
"""Addresses a browser would resolve to something other than a file beside the page (or that is no file at all)."""


@pytest.mark.parametrize("src", FILES)
def test_a_file_beside_the_page_is_an_image(src: str) -> None:
    assert file_path_problem(src) is None
    assert "<img" in sanitize(f'<p><img src="{src}" alt="A chart"></p>')


@pytest.mark.parametrize("src", NOT_FILES)
def test_any_other_address_is_no_image(src: str) -> None:
    assert file_path_problem(src) is not None
    html = sanitize(f'<p><img src="{src}" alt="A chart"></p>')
    # Text in its place; for a scheme nh3 does not know, an `img` with no `src` at all, which requests nothing.
    assert "src=" not in html and "A chart" in html, html


@pytest.mark.parametrize("src", ["../../../../api/v1/delete?confirm=yes", "%2e%2e/x.png", "x.png?y"])
def test_a_markdown_image_is_no_image_either(src: str) -> None:
    html = render(f"![A chart]({src})\n\n[ref]: x\n\n![Also][img]\n\n[img]: {src}\n")
    assert "<img" not in html and html.count("A chart") == 1 and "Also" in html, html


def test_a_line_of_markdown_shows_its_images_as_text() -> None:
    assert inline("See ![the chart](chart.png) and <img src=\"chart.png\" alt=\"this\">.", "image") == (
        "See the chart and this.")
    assert inline("![](chart.png)", "image") == "image"


# hub check: an error on the line of the field that holds it

GUIDELINE = """---
title: Pictures
summary: "Read ![the summary's](chart.png) first."
order: 2
changes: "Now <img src='../ideas/x/chart.png' alt='changes'>."
updated: 2026-11-20
---

Body.
"""


def _idea(summary: str, body: str, **front: str) -> str:
    lines = [
        "---", "id: 2fc21285-708d-40f2-9461-7d82e4a21cd7", "title: Pictures", f"summary: '{summary}'",
        "date: 2026-11-14 09:00", "topics: [community]", "audiences: [everyone]", "channels: [blog]", "lang: en",
        "sensitivity: open", "angles:", "  - What now?", "  - 'And <img src=\"chart.png\" alt=\"angle\">?'",
        "facts:", "  - '![fact](chart.png)'", *(f"{k}: '{v}'" for k, v in front.items()), "---", "", body, "",
    ]
    return "\n".join(lines)


HOSTILE = _idea(
    "It shows <img src=\"../../../../api/v1/delete?confirm=yes\" alt=\"x\">.",
    "Fine: ![A chart](chart.png)\n\n"
    "Up: ![Up](../../../../api/v1/delete?confirm=yes)\n\n"
    "Query: <img src=\"chart.png?confirm=yes\" alt=\"q\">\n\n"
    "Encoded: <img src=\"%2e%2e/%2e%2e/api/v1/delete\" alt=\"e\">\n\n"
    "Root: ![Root](/api/v1/delete)\n",
    contact="Ask ![me](me.png)",
    image="../x/chart.png",
)


def test_hub_check_reports_every_image_that_is_no_file_beside_it(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project = small_project(tmp_path, HOSTILE, {"chart.png": PNG, "me.png": PNG})
    (project / "content" / "guidelines" / "pictures.md").write_text(GUIDELINE, encoding="utf-8")
    result = hub("check", "content", "--format", "json", cwd=project)
    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)["problems"]
    errors = {(p["path"].rsplit("/", 1)[-1], p["line"], p["field"]) for p in problems if p["severity"] == "error"}
    lines = HOSTILE.split("\n")
    body = [i for i, line in enumerate(lines, 1) if line.startswith(("Up:", "Query:", "Encoded:", "Root:"))]
    at = {key: next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))
          for key in ("summary", "angles", "facts", "contact", "image")}
    expected = {("x.md", line, None) for line in body} | {("x.md", at[key], key) for key in at} | {
        ("pictures.md", 3, "summary"), ("pictures.md", 5, "changes")}
    assert expected <= errors, sorted(expected - errors)
    fine = next(i for i, line in enumerate(lines, 1) if line.startswith("Fine:"))
    assert not [p for p in problems if p["line"] == fine], "an image beside the idea is fine"
    messages = [p for p in problems if p["line"] in body]
    assert all("every reader's browser would request" in p["message"] and "chart.png" in p["hint"]
               for p in messages), messages


# Real builds, the check skipped: every image of every page is a file of the site, and nothing else is requested

@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp(f"images-{request.param}")
    project = small_project(base, HOSTILE, {"chart.png": PNG, "me.png": PNG})
    config = load_config(project)
    old = Path.cwd()
    os.chdir(project)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(hub.build, "checked_content", lambda config, **_: load_content(config))
            build_site(config, parse_instant(NOW, config.timezone), base / "site", engine=str(request.param))
    finally:
        os.chdir(old)
    return base / "site"


def test_every_image_of_every_page_is_a_published_file(site: Path) -> None:
    shown = 0
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        url = page.relative_to(site).parent.as_posix()
        for src in lxml.html.fromstring(page.read_bytes()).xpath("//img/@src"):
            parts = urlsplit(src)
            assert not parts.scheme and not parts.netloc and not parts.query and not parts.fragment, (page, src)
            target = posixpath.normpath(posixpath.join(url, unquote(parts.path)))
            assert not target.startswith(".."), (page, src)
            assert (site / target).is_file(), (page, src)
            shown += 1
    assert shown >= 1, "the image beside the idea is shown"
    idea = lxml.html.fromstring((site / "ideas" / "x" / "index.html").read_bytes())
    assert not [src for src in idea.xpath("//@src") if "api" in src]
    assert "It shows x." in idea.text_content(), "the summary's image is its text"


@pytest.mark.browser
def test_chromium_requests_no_address_but_the_sites_files(site: Path, tmp_path: Path) -> None:
    chromium = require_browser()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
        report = run_driver("file_requests.mjs", {"chromium": chromium, "base": base,
                                                  "paths": ["./", "ideas/x/", "ideas/", "charter/"]}, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert report["blocked"] == [] and report["dialogs"] == []
    assert report["failed"] == [], "a page requested an address the site does not publish"
