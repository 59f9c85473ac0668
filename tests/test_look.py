"""A company's look on every engine: `theme.logo`, `theme.favicon`, `theme.palette` (light, and dark following the
system setting) and its own stylesheet in `theme/overrides/assets/extra.css`, each linked by every page of both
engines and published; a logo or favicon that is missing, or not an image hub publishes, or colours that do not
read, stop `hub check` with exit 2 naming the key and the fix.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from typer.testing import CliRunner, Result

from hub.cli import app
from hub.config import DARK_SURFACE, LIGHT_SURFACE, contrast
from tests.conftest import ENGINES, NOW, ROOT

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#123"/></svg>'
EXTRA_CSS = b".site-name, .md-header__title { letter-spacing: 0.02em; } /* kestrel-extra */\n"

CONFIG = """\
site_name: Kestrel hub
site_url: https://intranet.example/hub/
theme:
  name: material
  language: en
  logo: assets/brand/logo.svg
  favicon: assets/favicon.png
  palette:
    primary: "#6a1b4d"
    accent: "#8a2063"
    dark:
      primary: "#4a1236"
      accent: "#f4a7d3"
extra:
  hub:
    topics: {community: Community}
    audiences: {everyone: Everyone}
    channels: {blog: Personal blog}
"""

GUIDELINE = "---\ntitle: Be yourself\nsummary: Write as you.\n---\n\nWrite as you speak.\n"
IDEA = """\
---
id: 2c1f6b0e-8a3d-4f7e-9b2a-1d5c3e7f9a01
title: Our neighbourhood meetup
summary: We host the local meetup.
date: 2026-11-20 09:00
topics: [community]
audiences: [everyone]
channels: [blog]
angles:
  - What did you learn from a neighbour?
  - Which talk surprised you?
---

The context, in a few lines.
"""


def look_project(root: Path, config: str = CONFIG) -> Path:
    """A small company project, written here: its config, one guideline, one idea, and its overrides."""
    (root / "content" / "guidelines").mkdir(parents=True)
    (root / "content" / "ideas").mkdir()
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "content" / "guidelines" / "be-yourself.md").write_text(GUIDELINE, encoding="utf-8")
    (root / "content" / "ideas" / "meetup.md").write_text(IDEA, encoding="utf-8")
    shutil.copytree(ROOT / "theme", root / "theme", ignore=shutil.ignore_patterns("overrides"))
    assets = root / "theme" / "overrides" / "assets"
    (assets / "brand").mkdir(parents=True)
    (assets / "brand" / "logo.svg").write_bytes(SVG)
    (assets / "favicon.png").write_bytes(PNG)
    (assets / "extra.css").write_bytes(EXTRA_CSS)
    return root


def _build(project: Path, engine: str, out: Path) -> Result:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        return CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(out), "--now", NOW],
                                  catch_exceptions=False)


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    engine = str(request.param)
    project = look_project(tmp_path_factory.mktemp(f"look-{engine}"))
    out = project.parent / "site"
    result = _build(project, engine, out)
    assert result.exit_code == 0, result.output
    return engine, out


PAGES = ("", "ideas/", "ideas/meetup/", "topics/community/", "subscribe/", "charter/be-yourself/")


def _resolved(site: Path, page: str, href: str) -> Path:
    """The file a page's relative link reaches in the built site."""
    url = urljoin(f"https://intranet.example/hub/{page}", href)
    assert url.startswith("https://intranet.example/hub/"), f"{page}: {href} leaves the site"
    return site / url.removeprefix("https://intranet.example/hub/")


def test_every_page_links_the_logo_favicon_palette_and_company_stylesheet(site: tuple[str, Path]) -> None:
    engine, out = site
    for page in PAGES:
        tree = lxml.html.fromstring((out / page / "index.html").read_bytes())
        sheets = tree.xpath('//head/link[@rel="stylesheet"]/@href')
        ours = [_resolved(out, page, h).relative_to(out).as_posix() for h in sheets]
        assert ours[-2:] == ["assets/hub/palette.css", "assets/hub/extra.css"], (
            f"{engine} {page}: the palette, then the company's stylesheet, come last: {ours}")
        icons = tree.xpath('//link[@rel="icon"]/@href')
        assert [_resolved(out, page, h) for h in icons] == [out / "assets/hub/favicon.png"], (engine, page, icons)
        logos = [_resolved(out, page, src) for src in tree.xpath("//header//img/@src")]
        assert logos == [out / "assets/hub/brand/logo.svg"], (engine, page, logos)
    assert (out / "assets/hub/favicon.png").read_bytes() == PNG
    assert b'<rect width="10" height="10" fill="#123"/></svg>' in (out / "assets/hub/brand/logo.svg").read_bytes()
    assert (out / "assets/hub/extra.css").read_bytes() == EXTRA_CSS


def _custom_properties(css: str) -> tuple[dict[str, str], dict[str, str]]:
    light_part, _, dark_part = css.partition("@media (prefers-color-scheme: dark)")
    pairs = re.compile(r"(--[\w-]+):\s*([^;]+);")
    return dict(pairs.findall(light_part)), dict(pairs.findall(dark_part))


def test_the_palette_sets_both_schemes_for_every_engine(site: tuple[str, Path]) -> None:
    engine, out = site
    light, dark = _custom_properties((out / "assets/hub/palette.css").read_text(encoding="utf-8"))
    # Material reads --md-*, the Pelican theme --site-*, the shared content styles --hub-*.
    assert light["--md-primary-fg-color"] == light["--hub-primary"] == "#6a1b4d"
    assert light["--md-typeset-a-color"] == light["--site-link"] == light["--hub-link"] == "#8a2063"
    assert dark["--md-primary-fg-color"] == dark["--hub-primary"] == "#4a1236"
    assert dark["--md-typeset-a-color"] == dark["--site-link"] == dark["--hub-link"] == "#f4a7d3"
    assert contrast(dark["--hub-text"], dark["--hub-surface"]) >= 4.5
    assert contrast(dark["--site-text"], dark["--site-bg"]) >= 4.5
    assert contrast(dark["--hub-muted"], dark["--hub-surface"]) >= 4.5
    for flag in ("open", "care", "ask", "preview"):
        assert contrast(dark[f"--hub-{flag}-fg"], dark[f"--hub-{flag}-bg"]) >= 4.5, flag
    # Every stylesheet that sets a variable the dark scheme changes is linked before the palette.
    used = set(re.findall(r"var\((--[\w-]+)", "".join(
        p.read_text(encoding="utf-8") for p in [*(out / "assets").rglob("*.css")] if p.name != "palette.css"
        and "hub" in p.parts or p.name in ("pelican.css", "hub-material.css"))))
    hub_colours = {v for v in used if v.startswith(("--hub-", "--site-"))} - {"--hub-primary"}
    assert hub_colours <= set(dark), f"{engine}: colours the dark scheme leaves light: {hub_colours - set(dark)}"


def _check(tmp_path: Path, hub: Callable[..., Result], config: str) -> Result:
    project = look_project(tmp_path / "p", config)
    return hub("check", cwd=project)


def test_the_example_of_the_look_passes_check_strict(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project = look_project(tmp_path / "p")
    result = hub("check", "--strict", "--now", NOW, cwd=project)
    assert result.exit_code == 0, result.output


def test_a_missing_logo_is_a_config_error_naming_the_key(tmp_path: Path, hub: Callable[..., Result]) -> None:
    result = _check(tmp_path, hub, CONFIG.replace("assets/brand/logo.svg", "assets/logo.svg"))
    assert result.exit_code == 2, result.output
    assert re.search(r"mkdocs\.yml:6: theme\.logo: no file theme/overrides/assets/logo\.svg; put the image there",
                     result.output), result.output


@pytest.mark.parametrize(("value", "says"), [
    ("assets/favicon.ico", "not an image type hub publishes"),
    ("https://cdn.example/favicon.png", "not a path under theme/overrides/assets/"),
    ("assets/../../../mkdocs.yml", "not a path under theme/overrides/assets/"),
    ("assets/brand/logo.svg.png", "no file theme/overrides/assets/brand/logo.svg.png"),
])
def test_a_wrong_favicon_is_a_config_error_naming_the_key(tmp_path: Path, hub: Callable[..., Result], value: str,
                                                          says: str) -> None:
    result = _check(tmp_path, hub, CONFIG.replace("assets/favicon.png", value))
    assert result.exit_code == 2, result.output
    assert "mkdocs.yml:7: theme.favicon: " in result.output and says in result.output, result.output


def test_an_image_that_is_not_what_its_name_says_is_refused(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project = look_project(tmp_path / "p")
    (project / "theme/overrides/assets/favicon.png").write_bytes(b"<html><script>alert(1)</script></html>")
    result = hub("check", cwd=project)
    assert result.exit_code == 2 and "theme.favicon: " in result.output and "named as PNG" in result.output, (
        result.output)


def test_colours_that_do_not_read_are_refused_with_the_ratio(tmp_path: Path, hub: Callable[..., Result]) -> None:
    config = (CONFIG.replace('primary: "#6a1b4d"', 'primary: "#9ecbff"').replace('accent: "#f4a7d3"', 'accent: "#4a1236"')
              .replace('accent: "#8a2063"', "accent: blue"))
    result = _check(tmp_path, hub, config)
    assert result.exit_code == 2, result.output
    out = result.output
    assert re.search(r"mkdocs\.yml:9: theme\.palette\.primary: #9ecbff gives white text on the header a contrast "
                     r"of 1\.\d:1, under the 4\.5:1 that WCAG AA asks; choose a darker colour", out), out
    assert "theme.palette.accent: 'blue' is not a colour" in out
    assert re.search(r"theme\.palette\.dark\.accent: #4a1236 gives links on #262a33, .* choose a lighter colour", out), out


def test_the_reference_backgrounds_are_the_themes_own() -> None:
    """The colours a palette is measured against are the ones the stylesheets use."""
    assert LIGHT_SURFACE in (ROOT / "theme/pelican/static/pelican.css").read_text(encoding="utf-8")
    from hub.config import DARK, Look
    from hub.render.look import palette_css

    assert DARK_SURFACE in palette_css(Look(dark=DARK))


SCHEME_PAGES = ["./", "ideas/", "ideas/meetup/", "topics/community/", "subscribe/", "charter/be-yourself/"]


@pytest.mark.browser
def test_both_schemes_read_in_chromium_and_dark_follows_the_system(site: tuple[str, Path], tmp_path: Path) -> None:
    """axe-core (contrast included) finds nothing in either system setting, and the dark setting really shows the
    dark scheme: the page's background, its links and the header take the palette's dark colours."""
    import functools
    import json
    import threading
    from http.server import ThreadingHTTPServer

    from tests.browser import JS, SUB_PATH, SubPathHandler, require_browser, run_driver
    from tests.conftest import ARTIFACTS
    from tests.test_a11y import AXE_TAGS

    engine, out = site
    chromium = require_browser("axe-core")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        plan = {"chromium": chromium, "base": f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}",
                "axe": str(JS / "node_modules" / "axe-core" / "axe.min.js"), "tags": AXE_TAGS,
                "paths": SCHEME_PAGES, "artifacts": str(ARTIFACTS / f"look-{engine}")}
        report = run_driver("look_schemes.mjs", plan, tmp_path, timeout=300)
    finally:
        server.shutdown()
        server.server_close()
    (ARTIFACTS / f"look-{engine}" / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert report["errors"] == [] and report["blocked"] == [] and report["failed"] == [], report
    found = {f"{p['scheme']} {p['path']}": p["violations"] for p in report["pages"] if p["violations"]}
    assert found == {}, json.dumps(found, indent=2)

    def rgb(colour: str) -> str:
        return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))

    from hub.config import DARK_BACKGROUND

    for page in report["pages"]:
        shown = page["colours"]
        light = page["scheme"] == "light"
        assert shown["body"] == (rgb("#ffffff") if light else rgb(DARK_BACKGROUND)), page
        assert shown["header"] == rgb("#6a1b4d" if light else "#4a1236"), page
        if shown["link"]:
            assert shown["link"] == rgb("#8a2063" if light else "#f4a7d3"), page


def test_an_svg_logo_is_published_sanitized(tmp_path: Path) -> None:
    """A logo opened on its own runs nothing, even from the reviewed theme folder: it is published as a content
    image would be."""
    project = look_project(tmp_path / "p")
    (project / "theme/overrides/assets/brand/logo.svg").write_bytes(
        SVG.replace(b"</svg>", b'<script>alert(document.cookie)</script><rect onclick="alert(1)"/></svg>'))
    out = tmp_path / "site"
    result = _build(project, "pelican", out)
    assert result.exit_code == 0, result.output
    published = (out / "assets/hub/brand/logo.svg").read_bytes()
    assert b"<rect" in published and b"script" not in published and b"onclick" not in published, published


@pytest.mark.parametrize(("palette", "dark"), [("", None), ("  palette: {dark: true}\n", "#8cb8ff"),
                                                ("  palette: {dark: false}\n", None),
                                                ('  palette: {dark: {accent: "#ffd08a"}}\n', "#ffd08a")])
def test_dark_is_on_only_when_asked(tmp_path: Path, palette: str, dark: str | None) -> None:
    from hub.config import load_config
    from hub.render.look import palette_css

    (tmp_path / "mkdocs.yml").write_text("site_name: S\nsite_url: https://intranet.example/\ntheme:\n"
                                         + palette, encoding="utf-8")
    look = load_config(tmp_path).look
    assert (look.dark.accent if look.dark else None) == dark
    css = palette_css(look)
    assert ("@media (prefers-color-scheme: dark)" in css) is (dark is not None)
    assert ("color-scheme: light dark" in css) is (dark is not None)
