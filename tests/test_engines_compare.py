"""Both engines render the same plan: the same page URLs (ideas above all) and byte-identical feeds, for the
example content and for a generated set of 500 ideas."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.corpus import NOW as CORPUS_NOW
from bench.corpus import generate
from hub.build import build_site
from hub.config import load_config
from hub.feeds.xml import STYLESHEET_URL
from hub.plan import PageKind, SitePlan
from hub.timeparse import parse_instant
from tests.conftest import ENGINES, ROOT, Built
from tests.test_site import example_plan

CORPUS_IDEAS = 500


def page_urls(site: Path) -> set[str]:
    """The URL of every HTML page of a built site (`ideas/x/` for `ideas/x/index.html`), the engines' own
    search bundles and the feeds' pages (hub's own files, compared with the feeds) aside."""
    urls = set()
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("pagefind/", "assets/", "feeds/")):
            continue
        urls.add(rel.removesuffix("index.html"))
    return urls


def idea_urls(urls: set[str]) -> set[str]:
    return {u for u in urls if u.startswith("ideas/") and u != "ideas/"}


def feed_files(site: Path) -> dict[str, bytes]:
    """Every file under `feeds/`, by site-relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "feeds").rglob("*")) if p.is_file()}


def assert_same_site(plan: SitePlan, sites: dict[str, Path]) -> None:
    """The engines built every planned page and nothing else, at the same URLs, with byte-identical feeds."""
    planned = {p.url for p in plan.pages}
    planned_ideas = {p.url for p in plan.pages if p.kind is PageKind.IDEA}
    urls = {engine: page_urls(site) for engine, site in sites.items()}
    for engine, found in urls.items():
        assert sorted(planned - found) == [], f"{engine} lacks planned pages"
        assert sorted(found - planned) == [], f"{engine} wrote pages the plan does not list"
        assert idea_urls(found) == planned_ideas, engine
    first, *others = ENGINES
    for engine in others:
        assert idea_urls(urls[first]) == idea_urls(urls[engine]), engine
        assert urls[first] == urls[engine], engine

    feeds = {engine: feed_files(site) for engine, site in sites.items()}
    for engine, files in feeds.items():
        assert "feeds/ideas.atom.xml" in files, f"{engine}: no feeds/ideas.atom.xml"
        assert "feeds/ideas.rss.xml" in files, f"{engine}: no feeds/ideas.rss.xml"
    for engine in others:
        assert sorted(feeds[first]) == sorted(feeds[engine]), engine
        assert [path for path in feeds[first] if feeds[first][path] != feeds[engine][path]] == [], engine
    assert len({(site / STYLESHEET_URL).read_bytes() for site in sites.values()}) == 1, "the feeds' style sheet differs"


def test_example_content_gives_the_same_site_in_both_engines(built_sites: Callable[[str], Built]) -> None:
    builds = {engine: built_sites(engine) for engine in ENGINES}
    plan = example_plan(builds["mkdocs"].project)
    assert len([p for p in plan.pages if p.kind is PageKind.IDEA]) >= 10, "the example lost its ideas"
    assert_same_site(plan, {engine: b.site for engine, b in builds.items()})


@pytest.fixture(scope="module")
def corpus_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[SitePlan, dict[str, Path]]:
    """500 generated ideas (bench/corpus.py, seed 1) built once with each engine."""
    root = tmp_path_factory.mktemp("corpus") / "project"
    generate(root, CORPUS_IDEAS, seed=1)
    shutil.copytree(ROOT / "theme", root / "theme")
    config = load_config(root)
    now = parse_instant(CORPUS_NOW, config.timezone)
    sites = {}
    plan = None
    for engine in ENGINES:
        result = build_site(config, now, root / f"site-{engine}", engine=engine)
        plan = result.plan
        sites[engine] = result.out
    assert plan is not None
    return plan, sites


def test_500_generated_ideas_give_the_same_site_in_both_engines(
    corpus_builds: tuple[SitePlan, dict[str, Path]],
) -> None:
    plan, sites = corpus_builds
    ideas = [p for p in plan.pages if p.kind is PageKind.IDEA]
    assert 300 <= len(ideas) <= CORPUS_IDEAS, "the corpus no longer has mostly live ideas"
    assert_same_site(plan, sites)
