"""The built site, for each engine: every planned page, nothing hidden, links that resolve, no external host,
byte-identical rebuilds, atomic failures and sub-path publishing."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from typer.testing import Result

from hub.build import checked_content
from hub.config import load_config
from hub.plan import SitePlan, make_plan
from hub.timeparse import parse_instant
from tests.conftest import EXAMPLE, NOW, Built, copy_project

BASE_TEMPLATE = {"mkdocs": "theme/mkdocs/main.html", "pelican": "theme/pelican/templates/base.html",
                 "zensical": "theme/zensical/main.html"}
"""The template every page of each engine extends: breaking it breaks the build halfway."""
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".css", ".txt", ".opml", ".xsl", ".gz", ".pf_meta", ".pf_fragment",
                 ".pf_index", ".pagefind"}
LINK_ATTRIBUTES = {"href", "src"}
FAKE_ORIGIN = "http://site.invalid/"
"""Stands for wherever the site is published, to resolve relative links."""


def example_plan(project: Path = EXAMPLE) -> SitePlan:
    """The plan of the example content at NOW, as `hub build` makes it."""
    config = load_config(project)
    now = parse_instant(NOW, config.timezone)
    return make_plan(checked_content(config).content, config, now)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def site_texts(site: Path) -> Iterator[tuple[str, str]]:
    """Each file of the site that holds text, decompressed when gzipped, by site-relative path."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif path.suffix not in TEXT_SUFFIXES:
            continue
        yield path.relative_to(site).as_posix(), data.decode("utf-8", errors="replace")


class _Links(HTMLParser):
    """Collects every href/src and every fragment target (id, a name) of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append((tag, value))
            elif name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


@cache
def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: str, link: str, base_path: str) -> tuple[Path, str] | None:
    """The file and fragment a link of `page` points to inside the site, or None when it leaves the site."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) or link.startswith("//"):
        return None  # another scheme or host: the external-host test judges those
    if link.startswith("/"):
        assert page == "404.html", f"{page}: root-relative link {link} (only 404.html, served anywhere, may use one)"
        assert link.startswith(base_path), f"{page}: {link} is outside the site's path {base_path}"
        link = FAKE_ORIGIN + link[len(base_path):]
    parts = urlsplit(urljoin(FAKE_ORIGIN + page, link))
    path = unquote(parts.path)[len(urlsplit(FAKE_ORIGIN).path):]
    assert not path.startswith("../") and "/../" not in "/" + path, f"{page}: {link} climbs out of the site"
    target = site / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def _content_urls(project: Path) -> set[str]:
    """Every http(s) URL written in the content, and the compose addresses of the configured channels."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((project / "content").rglob("*.md")))
    return set(re.findall(r"https?://[^\s\"'<>()\]]+", text))


EXTERNAL = [
    re.compile(r"""\b(?:src|href|srcset|action|formaction|poster|data|xlink:href)\s*=\s*["']?((?:https?:)?//[^"'\s>)]+)""",
               re.I),
    re.compile(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""", re.I),
    re.compile(r"""@import\s+(?:url\()?\s*["']?((?:https?:)?//[^"')\s;]+)""", re.I),
]


def _allowed(url: str, plan: SitePlan, content_urls: set[str]) -> bool:
    url = unescape(url)
    if url.startswith(plan.config.base_url):
        return True
    if any(url == u or url.rstrip("/") == u.rstrip("/") for u in content_urls):
        return True
    composers = [t.compose.split("{url}")[0] for t in plan.config.channels.terms.values() if t.compose]
    return any(url.startswith(prefix) for prefix in composers)


# The suite, once per engine.


def test_every_planned_page_is_built_with_its_content(built: Built) -> None:
    plan = example_plan(built.project)
    from hub.engines.inert import inert
    from hub.render.pages import page_html

    missing = [p.output_path for p in plan.pages if not (built.site / p.output_path).is_file()]
    assert missing == []
    for page in plan.pages:
        html = (built.site / page.output_path).read_text(encoding="utf-8")
        # As the engines are handed it: `{`, `}` and `|` as character references (hub.engines.inert).
        assert inert(page_html(plan, page)) in html, f"{page.output_path} lacks hub's content fragment"
    for asset in plan.assets:
        source, published = asset.source.read_bytes(), (built.site / asset.url).read_bytes()
        if asset.url.endswith(".svg"):  # rebuilt by the sanitizer: the example's drawing loses nothing
            assert _svg_elements(published) == _svg_elements(source)
        else:
            assert published == source


def _svg_elements(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """Every element of an SVG with its attributes and text, comments left out."""
    from lxml import etree

    return [(e.tag, dict(e.attrib), (e.text or "").strip())
            for e in etree.fromstring(data).iter() if isinstance(e.tag, str)]


def test_no_hidden_idea_appears_anywhere(built: Built) -> None:
    plan = example_plan(built.project)
    hidden = plan.hidden_ideas
    assert {i.status(plan.now).value for i in hidden} == {"scheduled", "expired", "draft"}, "the example lost a case"
    for idea in hidden:
        assert not (built.site / "ideas" / idea.slug).exists()
        needles = {f"ideas/{idea.slug}/", idea.id, idea.title, escape(idea.title), json.dumps(idea.title)[1:-1]}
        for rel, text in site_texts(built.site):
            found = [n for n in needles if n in text]
            assert found == [], f"{idea.status(plan.now)} idea {idea.slug} appears in {rel}: {found}"


def test_every_internal_link_resolves(built: Built) -> None:
    base_path = example_plan(built.project).config.base_path
    pages = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*.html"))
    broken = []
    for page in pages:
        for tag, link in _parse(built.site / page).links:
            target = _target(built.site, page, link, base_path)
            if target is None:
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{page}: <{tag}> {link} (no {path.relative_to(built.site)})")
            elif fragment and path.suffix == ".html" and unquote(fragment) not in _parse(path).ids:
                broken.append(f"{page}: <{tag}> {link} (no #{fragment} there)")
    assert len(pages) > 40
    assert broken == []


def test_no_file_calls_an_external_host(built: Built) -> None:
    plan = example_plan(built.project)
    content_urls = _content_urls(built.project)
    calls, seen = [], 0
    for rel, text in site_texts(built.site):
        if Path(rel).suffix not in {".html", ".css", ".js"}:
            continue
        for pattern in EXTERNAL:
            for match in pattern.finditer(text):
                seen += 1
                if not _allowed(match.group(1), plan, content_urls):
                    calls.append(f"{rel}: {match.group(1)}")
    assert seen > len(content_urls) / 2, "the scan no longer sees the content's own links"
    assert calls == []


SITEMAP = {"mkdocs": "sitemap.xml", "pelican": None, "zensical": "sitemap.xml"}
"""Each engine's sitemap: MkDocs writes one; hub's Pelican build has none (its theme adds no sitemap plugin)."""


def search_locations(built: Built) -> set[str]:
    """The site-relative URLs the engine's search index holds: MkDocs' lunr index, or Pagefind's fragments."""
    if built.engine == "mkdocs":
        docs = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return {d["location"].split("#")[0] for d in docs}
    if built.engine == "zensical":
        items = json.loads((built.site / "search.json").read_text(encoding="utf-8"))["items"]
        return {d["location"].split("#")[0] for d in items}
    fragments = sorted((built.site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "Pagefind wrote no index"
    return {json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"].lstrip("/").split("#")[0]
            for f in fragments}


def test_search_index_and_sitemap_list_planned_pages_only(built: Built) -> None:
    plan = example_plan(built.project)
    planned = {p.url for p in plan.pages}
    sitemap = SITEMAP[built.engine]
    if sitemap is None:
        assert not list(built.site.glob("sitemap*")), "a sitemap appeared: test what it lists"
    else:
        locs = [unescape(loc).removeprefix(plan.config.base_url)
                for loc in re.findall(r"<loc>([^<]*)</loc>", (built.site / sitemap).read_text(encoding="utf-8"))]
        assert len(locs) >= len(plan.live_ideas)
        assert sorted(loc for loc in locs if loc not in planned) == []
    locations = search_locations(built)
    assert locations - planned == set()
    assert {i.url for i in plan.pages if i.kind.value == "idea"} <= locations
    assert locations & {p.url for p in plan.pages if not p.searchable} == set(), "lists stay out of search"


def test_two_builds_at_the_same_instant_are_byte_identical(
    built: Built, engine: str, tmp_path: Path, hub: Callable[..., Result]
) -> None:
    project = copy_project(tmp_path / "elsewhere")
    result = hub("build", "--engine", engine, "--out", str(tmp_path / "again"), "--now", NOW, cwd=project)
    assert result.exit_code == 0, result.output
    first, second = tree_digest(built.site), tree_digest(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_a_failed_build_leaves_the_previous_site_untouched(
    engine: str, project: Path, hub: Callable[..., Result], own_theme: Callable[[Path], None]
) -> None:
    own_theme(project)
    site = project / "site"
    assert hub("build", "--engine", engine, "--now", NOW).exit_code == 0
    before = tree_digest(site)
    template = project / BASE_TEMPLATE[engine]
    template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    result = hub("build", "--engine", engine, "--now", NOW)
    assert result.exit_code == 1, result.output
    assert Path(BASE_TEMPLATE[engine]).name in result.output, result.output
    assert "Traceback" not in result.output
    assert tree_digest(site) == before
    # Nothing hidden is left beside the site but hub's render cache (`.hub/`, kept on purpose).
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".") and p.name != ".hub") == []


def test_links_are_relative_under_any_sub_path(engine: str, project: Path, hub: Callable[..., Result]) -> None:
    base = "https://intranet.example/teams/comms/hub-preview/"
    result = hub("build", "--engine", engine, "--now", NOW, "--base-url", base, "--out", "out")
    assert result.exit_code == 0, result.output
    site = project / "out"
    absolute = []
    for html in sorted(site.rglob("*.html")):
        page = html.relative_to(site).as_posix()
        for tag, link in _parse(html).links:
            if link.startswith("/") and not link.startswith("//") and page != "404.html":
                absolute.append(f"{page}: <{tag}> {link}")
            if page == "404.html" and link.startswith("/") and not link.startswith("//"):
                assert link.startswith("/teams/comms/hub-preview/"), link
            assert not link.startswith("https://intranet.example/comms/hub/"), f"{page}: {link} names the old address"
    assert absolute == []
    assert "/comms/hub/" not in (site / "index.html").read_text(encoding="utf-8").replace(
        "/teams/comms/hub-preview/", "")


def test_content_errors_stop_the_build_with_the_check_messages(
    engine: str, project: Path, hub: Callable[..., Result]
) -> None:
    site = project / "site"
    assert hub("build", "--engine", engine, "--now", NOW).exit_code == 0
    before, content_before = tree_digest(site), tree_digest(project / "content")
    idea = project / "content/ideas/2026/ci-energy.md"
    idea.write_text(idea.read_text(encoding="utf-8").replace("topics: [", "topics: [enginering, "), encoding="utf-8")
    content_before["ideas/2026/ci-energy.md"] = tree_digest(project / "content")["ideas/2026/ci-energy.md"]
    check = hub("check", "content", "--now", NOW)
    result = hub("build", "--engine", engine, "--now", NOW)
    assert result.exit_code == check.exit_code == 1
    assert "content/ideas/2026/ci-energy.md:" in result.output and "unknown topic `enginering`" in result.output
    assert result.output.splitlines()[0] == check.output.splitlines()[0]
    assert tree_digest(site) == before
    assert tree_digest(project / "content") == content_before, "a build never writes under content/"


def test_an_output_folder_that_would_replace_sources_is_refused(project: Path, hub: Callable[..., Result]) -> None:
    before = tree_digest(project)
    for out in (".", "..", "content", "content/site", "theme/out"):
        result = hub("build", "--out", out, "--now", NOW)
        assert result.exit_code == 2, (out, result.output)
        assert "each build replaces the output folder whole" in result.output
    assert tree_digest(project) == before
