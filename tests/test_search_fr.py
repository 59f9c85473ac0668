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
from hub.engines.mkdocs import OWN_TOKENIZER, material_separator
from hub.engines.search_fold import SEPARATOR, fold, folded_words, with_elisions
from tests.browser import SUB_PATH, SubPathHandler, require_browser, run_driver
from tests.conftest import ARTIFACTS, ENGINES, NOW, ROOT, copy_project

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


def test_folded_words_leave_letters_of_other_scripts_as_written() -> None:
    # NFKD would take the dakuten off ガ (another letter, not an accent) and the breve off й: not folded.
    assert folded_words("<p>ガイド の 東京、 семья й café</p>") == "cafe"


def _material_partial_separator(lang: str) -> str:
    """The separator written in Material's own language partial (its templates/partials/languages/<lang>.html)."""
    import material

    text = (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{lang}.html").read_text(
        encoding="utf-8")
    line = next(line for line in text.splitlines() if '"search.config.separator"' in line)
    return json.loads(line.split(":", 1)[1].strip().rstrip(","))


@pytest.mark.parametrize("lang", ["en", "fr", "ja", "zh", "zh-TW"])
def test_the_separator_is_materials_for_the_language_with_apostrophes_added(lang: str) -> None:
    theme = ROOT / "theme"
    separator = material_separator(lang, theme)
    own = _material_partial_separator(lang) if lang in {"en", "ja", "zh", "zh-TW"} else _material_partial_separator("en")
    assert separator == own, "Material's separator for the language, found as Material finds it"
    assert with_elisions(separator) == own[:-2] + "'’]+"
    assert with_elisions(material_separator("en", theme)) == SEPARATOR, "English and French sites keep theirs"
    if lang.startswith("zh"):
        assert "、" in with_elisions(separator) and "\\u200b" in with_elisions(separator)


def test_the_languages_with_their_own_tokenizer_are_those_of_materials_lunr() -> None:
    import material

    lunr = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    own = {p.name.split(".")[1] for p in lunr.glob("lunr.*.min.js") if "tokenizer=" in p.read_text(encoding="utf-8")}
    assert own == OWN_TOKENIZER


def test_a_separator_of_another_shape_is_kept_whole() -> None:
    assert with_elisions(r"[\s\-]+|\.") == r"(?:[\s\-]+|\.|['’])+"
    assert with_elisions("[\\s'’]+") == "[\\s'’]+", "apostrophes already there are not added twice"


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
    # Zensical's search opens a dialog in an open shadow root (Playwright's CSS selectors reach into it).
    "zensical": {"button": ".md-search__button", "input": "dialog input[role=combobox]", "result": "[role=option]"},
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
    if engine == "zensical":  # its search forgives typos, so "energie" finds "energy" too: folded, the exact match
        first = {s["query"]: s["items"][0] for s in report["searches"] if s["items"]}  # comes first
        assert first["energie"] in (TITLE, "Ce que nous faisons"), first


JA_FILE = "content/ideas/2026/kaigi-osaka.md"
JA_TITLE = "大阪で開発者会議を開きます"
JA_IDEA = f"""---
id: 5d0c1f8e-2b7a-4c1e-9a3f-7e6b2d4c8a10
title: {JA_TITLE}
summary: 東京、大阪、名古屋のチームが集まります。
date: 2026-10-06 10:00
topics: [events]
audiences: [everyone]
channels: [linkedin]
lang: ja
sensitivity: open
angles:
  - あなたのチームは何を発表しますか？
---

## 会議について

東京、名古屋、札幌のエンジニアが参加します。テーマはスケジューリング、可観測性、アクセシビリティです。
"""
"""A Japanese idea: its words are split by Japanese punctuation (、), which Material's separator for Japanese has."""


@pytest.fixture(scope="module")
def japanese_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as a Japanese company would set it (theme.language: ja), with a Japanese idea, on MkDocs."""
    base = tmp_path_factory.mktemp("search-ja")
    project = copy_project(base / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  language: en\n" in text and "      fr: {label: Français}\n" in text
    text = text.replace("  language: en\n", "  language: ja\n", 1)
    text = text.replace("      fr: {label: Français}\n", "      fr: {label: Français}\n      ja: {label: 日本語}\n", 1)
    config.write_text(text, encoding="utf-8")
    (project / JA_FILE).write_text(JA_IDEA, encoding="utf-8")
    old = Path.cwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(app, ["build", "--out", str(base / "site"), "--now", NOW], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return base / "site"


def test_a_japanese_site_keeps_materials_japanese_search_and_adds_only_elisions(japanese_site: Path) -> None:
    config = _index(japanese_site)["config"]
    assert config["lang"] == ["ja"], "Material's own choice: lunr's Japanese tokenizer mixes with no other language"
    assert config["separator"] == _material_partial_separator("ja")[:-2] + "'’]+"
    assert "、" in config["separator"] and "。" in config["separator"]
    assert config["pipeline"] == ["stemmer"], "Material's pipeline for Japanese, untouched"
    assert {"title_folded", "text_folded"} <= set(config["fields"])
    idea = next(d for d in _index(japanese_site)["docs"] if d["location"].startswith("ideas/kaigi-osaka/"))
    assert "text_folded" not in idea and "title_folded" not in idea, "Japanese words are not folded"


@pytest.mark.browser
def test_search_in_chromium_on_a_japanese_site_finds_english_and_accent_free_french_words(
    japanese_site: Path, tmp_path: Path,
) -> None:
    """With lang [ja, en, fr], Material's search found neither; with [ja] (Material's default), both."""
    handler = functools.partial(SubPathHandler, directory=str(japanese_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
        queries = [("./", "benevolat", "bénévolat"), ("./", ENGLISH_WORD, ENGLISH_TITLE)]
        plan = {"chromium": require_browser(), "base": base, "screenshots": str(ARTIFACTS / "search-ja"),
                "searches": [{"path": path, "query": q, "expect": e, "selectors": {}} for path, q, e in queries]}
        report = run_driver("search_queries.mjs", plan, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert report["blocked"] == [] and report["failed"] == [] and report["errors"] == []
    missed = [s for s in report["searches"] if not s["found"]]
    assert missed == [], missed
