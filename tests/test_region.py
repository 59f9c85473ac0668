"""A region tag (`fr-CA`) is a language of its own for the configuration (`theme.language`, `extra.hub.languages`,
an idea's `lang`) and needs no catalog of its own: its words and labels fall back to its base language (`fr`), then
English. A small Canadian French site written here, built by each engine: French words, `lang="fr-CA"`."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.config import load_config
from hub.errors import ConfigError
from tests.conftest import ENGINES
from tests.test_catalog_order import FRENCH_WORD, NOW, idea_pages, override, plan_of, small_site

NBSP_WORD = FRENCH_WORD.replace(" :", "\u00a0:")


def test_a_region_tag_is_accepted_and_falls_back_to_its_language(tmp_path: Path) -> None:
    site = small_site(tmp_path, "fr-CA")
    plan = plan_of(site)
    assert plan.config.lang == "fr-CA" and "fr-CA" in plan.config.languages
    pages = idea_pages(plan)
    assert set(pages) == {"fr-CA", "en"}, "an idea's `lang: fr-CA` is accepted"
    html = pages["fr-CA"]
    assert NBSP_WORD in html and "Angles: ways in" not in html, "the words of the French catalog"
    assert "Communauté" in html and "Community" not in html, "a label's French text"
    assert plan.page("ideas/").feeds[0].title.startswith("Toutes les idées"), "the plan's titles too"


def test_a_regional_override_beats_the_base_language(tmp_path: Path) -> None:
    site = small_site(tmp_path, "fr-CA")
    override(site, "fr-CA", idea__angles__title="Angles : des pistes")
    override(site, "fr", idea__angles__title="Angles : des portes d’entrée")
    html = idea_pages(plan_of(site))["fr-CA"]
    assert "Angles\u00a0: des pistes" in html and "portes" not in html


def test_a_language_key_must_be_a_tag(tmp_path: Path) -> None:
    site = small_site(tmp_path, "fr-CA")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("fr-CA: {label", "fr_CA: {label"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"extra\.hub\.languages\.fr_CA: a language is a tag such as fr, or fr-CA"):
        load_config(site)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_region_tag_site_builds_in_french_on_every_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             engine: str) -> None:
    if importlib.util.find_spec(engine) is None:
        pytest.skip(f"{engine} is not installed")
    site = small_site(tmp_path / "project", "fr-CA")
    out = tmp_path / "site"
    monkeypatch.chdir(site)
    result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(out), "--now", NOW],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    home = lxml.html.fromstring((out / "index.html").read_bytes())
    assert home.get("lang") == "fr-CA"
    idea = lxml.html.fromstring((out / "ideas" / "fete" / "index.html").read_bytes())
    assert idea.get("lang") == "fr-CA"
    headings = [" ".join(h.text_content().split()) for h in idea.iter("h2")]
    assert any(h.startswith(FRENCH_WORD) for h in headings), headings  # (split() made the no-break space a space)


def test_a_region_tag_idea_on_an_english_site_speaks_and_is_searched_in_french(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = small_site(tmp_path / "project", "en", idea_lang="fr-CA")
    out = tmp_path / "site"
    monkeypatch.chdir(site)
    result = CliRunner().invoke(app, ["build", "--out", str(out), "--now", NOW], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = (out / "ideas" / "fete" / "index.html").read_text(encoding="utf-8")
    assert NBSP_WORD in page and 'lang="fr-CA"' in page
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "fr"], "French stemming for the fr-CA idea (lunr has no fr-CA)"
