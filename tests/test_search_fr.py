"""French search on both engines: a word typed without its accents, or after an elision, finds the accented form."""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.engines.search_fold import fold, folded_words
from tests.browser import SUB_PATH, SubPathHandler, require_browser, run_driver
from tests.conftest import ARTIFACTS, ENGINES, NOW, copy_project

IDEA_FILE = "content/ideas/2026/benevolat-competences.md"
IDEA_URL = "ideas/benevolat-competences/"
TITLE = "Le bénévolat de compétences au service de la transition"
IDEA = f"""---
id: 0b5f3c0e-61a4-4a39-9a57-3c1d0f3f6a11
title: {TITLE}
summary: Six collègues aident une coopérative citoyenne à suivre sa production.
date: 2026-10-05 10:00
topics: [community, sustainability]
audiences: [everyone]
channels: [linkedin]
lang: fr
sensitivity: open
angles:
  - Qu'avez-vous appris en travaillant avec des bénévoles ?
facts:
  - Six collègues y consacrent une demi-journée par mois.
---

## Ce que nous faisons

La coopérative produit de l'énergie solaire sur les toits d'écoles du quartier. Le bénévolat de compétences
consiste à l’aider à lire ses relevés : l’énergie produite chaque mois, et ce qu'elle rapporte aux écoles.
"""
"""A French idea whose body has "l'énergie", "l’énergie" and "bénévolat", and whose title says "bénévolat"."""
ENGLISH_WORD, ENGLISH_TITLE = "parallelism", "Our CI now runs on 40% less energy"
"""A word found only in the body of an English idea of the example, and that idea's title."""


@pytest.fixture(scope="module")
def french_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Path]]:
    """The example project with the French idea added, built once per engine on first use; yields the site folder."""
    base = tmp_path_factory.mktemp("search-fr")
    project = copy_project(base / "project")
    (project / IDEA_FILE).write_text(IDEA, encoding="utf-8")
    sites: dict[str, Path] = {}

    def get(engine: str, name: str = "") -> Path:
        key = engine + name
        if key not in sites:
            site = base / f"site-{key}"
            old = Path.cwd()
            os.chdir(project)
            try:
                result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(site), "--now", NOW],
                                            catch_exceptions=False)
            finally:
                os.chdir(old)
            assert result.exit_code == 0, result.output
            sites[key] = site
        return sites[key]

    yield get


@pytest.mark.parametrize(("word", "expected"), [
    ("Bénévolat", "benevolat"), ("énergie", "energie"), ("cœur", "coeur"), ("ÇA", "ca"), ("naïve", "naive"),
    ("energy", "energy"),
])
def test_fold_drops_accents_and_case(word: str, expected: str) -> None:
    assert fold(word) == expected


def test_folded_words_split_elisions_and_skip_markup_and_unaccented_words() -> None:
    markup = "<p>Produire de l'énergie, l’énergie <a href=\"/é\">bénévolat</a> &eacute;t&eacute; energy</p>"
    assert folded_words(markup) == "energie, energie benevolat ete"


def _index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data


def test_material_index_carries_folded_words_of_the_french_idea(french_sites: Callable[..., Path]) -> None:
    data = _index(french_sites("mkdocs"))
    config = data["config"]
    assert config["lang"] == ["en", "fr"]
    assert "'" in config["separator"] and "’" in config["separator"]
    assert {"title_folded", "text_folded"} <= set(config["fields"])
    entries = [d for d in data["docs"] if d["location"].startswith(IDEA_URL)]
    assert entries, "the French idea is in the index"
    assert "benevolat" in entries[0]["title_folded"].split()
    words = " ".join(d.get("text_folded", "") for d in entries).split()
    assert {"benevolat", "energie", "ecoles"} <= set(words)
    assert "bénévolat" in " ".join(d["text"] for d in entries), "the shown text keeps its accents"
    english = next(d for d in data["docs"] if d["location"].startswith("ideas/ci-energy/"))
    assert "text_folded" not in english and "title_folded" not in english, "no folded words for English text"


def test_material_index_is_byte_identical_across_builds(french_sites: Callable[..., Path]) -> None:
    first = (french_sites("mkdocs") / "search" / "search_index.json").read_bytes()
    assert (french_sites("mkdocs", "again") / "search" / "search_index.json").read_bytes() == first


def test_pagefind_keeps_one_index_for_every_language(french_sites: Callable[..., Path]) -> None:
    entry = json.loads((french_sites("pelican") / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"], "French ideas are in the site's one index, found from any page"


@pytest.fixture(params=ENGINES)
def served_fr(request: pytest.FixtureRequest, french_sites: Callable[..., Path]) -> Iterator[tuple[str, str]]:
    """The French-idea site of each engine on a free localhost port under the sub-path; yields (engine, base URL)."""
    engine = str(request.param)
    handler = functools.partial(SubPathHandler, directory=str(french_sites(engine)))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield engine, f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


SEARCH_UI = {
    "pelican": {"button": None, "input": "input.pagefind-ui__search-input", "result": ".pagefind-ui__result"},
}
"""Pagefind's search box and results (Pelican's theme); Material's are the driver's default."""


@pytest.mark.browser
def test_search_in_chromium_finds_french_words_without_accents(served_fr: tuple[str, str], tmp_path: Path) -> None:
    engine, base = served_fr
    queries = [("./", "benevolat", TITLE), ("./", "energie", TITLE), ("./", "bénévolat", TITLE),
               ("./", "énergie", TITLE), ("./", ENGLISH_WORD, ENGLISH_TITLE), (IDEA_URL, ENGLISH_WORD, ENGLISH_TITLE)]
    plan = {
        "chromium": require_browser(), "base": base, "screenshots": str(ARTIFACTS / f"search-fr-{engine}"),
        "searches": [{"path": path, "query": q, "expect": e, "selectors": SEARCH_UI.get(engine, {})}
                     for path, q, e in queries],
    }
    report = run_driver("search_queries.mjs", plan, tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"search-fr-{engine}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert report["blocked"] == [], "requests beyond localhost"
    assert report["failed"] == [] and report["errors"] == []
    missed = [s for s in report["searches"] if not s["found"]]
    assert missed == [], missed
