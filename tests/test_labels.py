"""Vocabulary labels by language: a label or description is one text or a mapping by language, and each reader
sees it in their language (the page's for chrome, an idea's for that idea's words), falling back as the catalogs do.

A small French site written here, with mapping labels, built on both engines: its pages, feeds (feedparser) and
OPML show the French labels; its English idea shows the English labels on its own page and in its feed item.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree
from typer.testing import Result

from hub.config import Term, load_config
from hub.errors import ConfigError
from hub.i18n import localized
from tests.conftest import ENGINES, NOW, ROOT

CONFIG = """\
site_name: Parlez en votre nom
site_url: https://intranet.example/hub/
theme:
  language: fr
extra:
  hub:
    timezone: Europe/Paris
    languages:
      fr: {label: Français}
      en: {label: {fr: Anglais, en: English}}
    topics:
      community:
        label: {en: Community, fr: Communauté}
        description: {en: Local life around our offices., fr: La vie autour de nos bureaux.}
      engineering: {label: {en: Engineering, fr: Ingénierie}}
    audiences:
      everyone: {label: {en: Everyone, fr: Tout le monde}}
    channels:
      blog:
        label: {en: Personal blog, fr: Blog personnel}
        description: Votre site.
        compose: https://blog.example/new?link={url}
"""

GUIDELINE = """\
---
title: Soyez vous-même
summary: Écrivez en votre nom.
---

Écrivez comme vous parlez.
"""

IDEA = """\
---
id: {id}
title: {title}
summary: {summary}
date: 2026-11-20 09:00
topics: [community]
audiences: [everyone]
channels: [blog]
lang: {lang}
angles:
  - {angle1}
  - {angle2}
links:
  - title: Source
    url: https://www.example.org/source
---

{body}
"""

FRENCH_IDEA = IDEA.format(id="0b0a6c1e-5b1f-4d55-9d1e-2f6c1a7e9b01", title="La fête du quartier", lang="fr",
                          summary="Nous tenons un stand à la fête du quartier.", angles="",
                          angle1="Qu'avez-vous appris de vos voisins ?", angle2="Quel stand vous a surpris ?",
                          body="Le contexte, en quelques lignes.")
ENGLISH_IDEA = IDEA.format(id="0b0a6c1e-5b1f-4d55-9d1e-2f6c1a7e9b02", title="Our neighbourhood meetup", lang="en",
                           summary="We host the local meetup.", angles="",
                           angle1="What did you learn from a neighbour?", angle2="Which talk surprised you?",
                           body="The context, in a few lines.")


def french_project(root: Path, config: str = CONFIG) -> Path:
    """A French site with mapping labels, written inline, with hub's theme beside it."""
    (root / "content" / "guidelines").mkdir(parents=True)
    (root / "content" / "ideas").mkdir()
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "content" / "guidelines" / "soyez-vous-meme.md").write_text(GUIDELINE, encoding="utf-8")
    (root / "content" / "ideas" / "fete.md").write_text(FRENCH_IDEA, encoding="utf-8")
    (root / "content" / "ideas" / "meetup.md").write_text(ENGLISH_IDEA, encoding="utf-8")
    shutil.copytree(ROOT / "theme", root / "theme")
    return root


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from hub.cli import app

    engine = str(request.param)
    project = french_project(tmp_path_factory.mktemp(f"labels-{engine}"))
    out = project.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        result = CliRunner().invoke(app, ["build", "--engine", engine, "--out", str(out), "--now", NOW],
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_fallback_is_the_catalogs_one() -> None:
    texts = (("en", "Community"), ("fr", "Communauté"))
    assert localized(texts, "fr") == "Communauté"
    assert localized(texts, "fr-ca") == "Communauté", "a regional language takes its base language's"
    assert localized(texts, "de") == "Community", "then English"
    assert localized((("fr", "Communauté"), ("es", "Comunidad")), "de") == "Communauté", "then the first written"
    assert localized((("", "Community"),), "fr") == "Community", "one text is every language's"
    assert Term("community").label_in("fr") == "community", "no label: the key"


def test_french_pages_show_french_labels(site: Path) -> None:
    topic = _page(site, "topics/community")
    assert _text(topic.xpath("//h1")[0]) == "Thème : Communauté"
    assert "La vie autour de nos bureaux." in _text(topic)
    assert "Community" not in _text(topic.xpath("//main")[0] if topic.xpath("//main") else topic)
    ideas = _text(_page(site, "ideas"))
    assert "Communauté" in ideas and "Ingénierie" in ideas and "Tout le monde" in ideas
    assert "Community" not in ideas and "Everyone" not in ideas, "the list's words are the page's, French"
    french = _page(site, "ideas/fete")
    facts = _text(french.xpath('//dl[contains(@class, "hub-facts")]')[0])
    assert "Communauté" in facts and "Tout le monde" in facts and "Blog personnel" in facts
    assert "Écrire sur Blog personnel" in _text(french) or "Blog personnel" in _text(french)
    assert "Anglais" in _text(_page(site, "languages/en").xpath("//h1")[0])


def test_an_english_idea_shows_english_labels_in_its_own_words(site: Path) -> None:
    page = _page(site, "ideas/meetup")
    region = page.xpath('//div[contains(@class, "hub-idea")]')[0]
    assert region.get("lang") == "en"
    facts = _text(region.xpath('.//dl[contains(@class, "hub-facts")]')[0])
    assert "Community" in facts and "Everyone" in facts and "Personal blog" in facts
    assert "Communauté" not in facts and "Tout le monde" not in facts


def test_feeds_and_opml_use_the_reader_language(site: Path) -> None:
    feed = feedparser.parse((site / "feeds" / "topics" / "community.atom.xml").read_bytes())
    assert "Communauté" in feed.feed.title and "Community" not in feed.feed.title
    assert "La vie autour de nos bureaux." in feed.feed.subtitle
    items = {e.title: e for e in feed.entries}
    french, english = items["La fête du quartier"], items["Our neighbourhood meetup"]
    assert [t.label for t in french.tags] == ["Communauté"]
    assert [t.label for t in english.tags] == ["Community"], "an English item's categories are English"
    assert "Communauté" in french.content[0].value and "Tout le monde" in french.content[0].value
    assert "Community" in english.content[0].value and "Everyone" in english.content[0].value
    rss = feedparser.parse((site / "feeds" / "audiences" / "everyone.rss.xml").read_bytes())
    assert "Tout le monde" in rss.feed.title
    opml = etree.fromstring((site / "feeds" / "all.opml").read_bytes())
    # The "everything" file holds the two feeds no other repeats (all ideas, the charter), titled in French.
    assert opml.findtext("head/title").endswith(" : tous les flux"), opml.findtext("head/title")
    texts = [o.get("text") for o in opml.iterfind("body/outline")]
    assert len(texts) == 2 and texts[0].startswith("Toutes les idées") and texts[1].startswith("Changements de la charte")
    subscribe = _text(_page(site, "subscribe"))
    assert "Communauté" in subscribe and "Community" not in subscribe


def _write(tmp_path: Path, hub_yaml: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nsite_url: https://intranet.example/\ntheme: {language: fr}\nextra:\n  hub:\n" + hub_yaml,
        encoding="utf-8")
    return tmp_path


def test_a_label_in_an_unknown_language_is_an_error_with_did_you_mean(tmp_path: Path) -> None:
    root = _write(tmp_path, "    languages: {fr: Français, en: English}\n"
                            "    topics:\n"
                            "      community: {label: {en: Community, fre: Communauté}, description: {de: Leben}}\n"
                            "      bad: {label: [a, b]}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    lines = str(caught.value).splitlines()
    path = root / "mkdocs.yml"
    assert (f'{path}:8: extra.hub.topics.community.label.fre: not a language of the site; did you mean "fr"? '
            "(the languages are extra.hub.languages)") in lines
    assert (f"{path}:8: extra.hub.topics.community.description.de: not a language of the site; allowed: fr, en "
            "(the languages are extra.hub.languages)") in lines
    assert any(line.startswith(f"{path}:9: extra.hub.topics.bad.label: expected a text, or a text by language")
               for line in lines), lines


def test_check_exits_2_on_a_label_in_an_unknown_language(tmp_path: Path, hub: Callable[..., Result]) -> None:
    root = french_project(tmp_path / "p", CONFIG.replace("fr: Communauté", "fre: Communauté"))
    result = hub("check", cwd=root)
    assert result.exit_code == 2, result.output
    assert "extra.hub.topics.community.label.fre: not a language of the site" in result.output
