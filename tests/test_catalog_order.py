"""The order in which a word is looked up (hub.i18n.catalog_order): the project's override of the language,
the theme's catalog of the language, its base language (for a region tag), the override of English, English.

A small French site written here (`theme.language: fr`) with a French idea and an English one: an English-only
override of one word (the README's own example) changes the English page and never the French one, whose word comes
from the French catalog; a French override beats the French catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hub.cli import app
from hub.config import load_config
from hub.content.load import load_content
from hub.i18n import catalog_keys, catalog_order, catalog_path, missing_keys
from hub.plan import PageKind, SitePlan, make_plan
from hub.render.pages import page_html
from hub.timeparse import parse_instant

NOW = "2026-12-01T12:00:00+01:00"
CONFIG = """\
site_name: Parlez en votre nom
site_url: https://intranet.example/hub/
theme:
  language: {lang}
extra:
  hub:
    timezone: Europe/Paris
    languages:
{languages}
    topics:
      community: {{label: {{en: Community, fr: Communauté}}}}
    audiences:
      everyone: {{label: {{en: Everyone, fr: Tout le monde}}}}
    channels:
      blog: {{label: {{en: Personal blog, fr: Blog personnel}}}}
"""
GUIDELINE = "---\ntitle: Soyez vous-même\nsummary: Écrivez en votre nom.\n---\n\nÉcrivez comme vous parlez.\n"
IDEA = """\
---
id: 0b0a6c1e-5b1f-4d55-9d1e-2f6c1a7e9b{number}
title: {title}
summary: {summary}
date: 2026-11-20 09:{number}
topics: [community]
audiences: [everyone]
channels: [blog]
lang: {lang}
angles:
  - {angle}
  - {angle2}
---

{summary}
"""
FRENCH_WORD = "Angles : des façons d’entrer dans le sujet"
"""The French catalog's word for `idea.angles.title`, as a French page shows it (no-break space before the colon)."""


def small_site(root: Path, lang: str = "fr", idea_lang: str = "") -> Path:
    """A French site (or a regional French one, `lang`) with one idea in its language (or `idea_lang`) and one in
    English."""
    (root / "content" / "guidelines").mkdir(parents=True)
    (root / "content" / "ideas").mkdir()
    languages = "".join(f"      {code}: {{label: {'English' if code == 'en' else 'Français'}}}\n"
                        for code in dict.fromkeys((lang, idea_lang or lang, "en")))
    (root / "mkdocs.yml").write_text(CONFIG.format(lang=lang, languages=languages.rstrip("\n")), encoding="utf-8")
    (root / "content" / "guidelines" / "soyez-vous-meme.md").write_text(GUIDELINE, encoding="utf-8")
    (root / "content" / "ideas" / "fete.md").write_text(IDEA.format(
        number="01", title="La fête du quartier", summary="Nous tenons un stand à la fête du quartier.", lang=idea_lang or lang,
        angle="Qu'avez-vous appris de vos voisins ?", angle2="Quel stand vous a surpris ?"), encoding="utf-8")
    (root / "content" / "ideas" / "meetup.md").write_text(IDEA.format(
        number="02", title="Our neighbourhood meetup", summary="We host the local meetup.", lang="en",
        angle="What did you learn from a neighbour?", angle2="Which talk surprised you?"), encoding="utf-8")
    return root


def override(root: Path, lang: str, **words: str) -> None:
    """The project's own catalog of `lang` under theme/overrides/locales/, with these keys (dots as `__`)."""
    path = catalog_path(root / "theme" / "overrides" / "locales", lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = "".join(f'\nmsgid "{key.replace("__", ".")}"\nmsgstr "{word}"\n' for key, word in words.items())
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n{entries}', encoding="utf-8")


def plan_of(root: Path) -> SitePlan:
    config = load_config(root)
    loaded = load_content(config)
    assert [p for p in loaded.problems if p.is_error] == [], loaded.problems
    return make_plan(loaded.content, config, parse_instant(NOW, config.timezone))


def idea_pages(plan: SitePlan) -> dict[str, str]:
    """The HTML of each idea's page, by the idea's language."""
    return {p.lang: page_html(plan, p) for p in plan.pages if p.kind is PageKind.IDEA}


def angles_heading(html: str) -> str:
    start = html.index('<h2 id="angles" class="hub-heading">') + len('<h2 id="angles" class="hub-heading">')
    return html[start:html.index(" <a", start)]


def test_an_english_only_override_leaves_the_french_word_on_a_french_site(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    override(site, "en", idea__angles__title="Ways in, our way")
    pages = idea_pages(plan_of(site))
    assert angles_heading(pages["fr"]) == FRENCH_WORD.replace(" :", "\u00a0:"), "the French catalog's word"
    assert "Ways in, our way" not in pages["fr"]
    assert angles_heading(pages["en"]) == "Ways in, our way", "the override is read: the English page shows it"


def test_a_french_override_beats_the_french_catalog(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    override(site, "fr", idea__angles__title="Nos portes d’entrée")
    override(site, "en", idea__angles__title="Ways in, our way")
    pages = idea_pages(plan_of(site))
    assert angles_heading(pages["fr"]) == "Nos portes d’entrée"
    assert angles_heading(pages["en"]) == "Ways in, our way"


def test_the_order_is_language_then_base_then_english_each_override_first(tmp_path: Path) -> None:
    over, theme = tmp_path / "over", tmp_path / "theme"
    assert catalog_order((over, theme), "fr-CA") == tuple(catalog_path(folder, code) for code, folder in (
        ("fr-CA", over), ("fr-CA", theme), ("fr", over), ("fr", theme), ("en", over), ("en", theme)))
    assert catalog_order((over, theme), "en") == (catalog_path(over, "en"), catalog_path(theme, "en"))


def test_checks_read_keys_in_the_same_order(tmp_path: Path) -> None:
    """A key only the English override has is no French key: `missing_keys` asks for it in the French catalog."""
    site = small_site(tmp_path)
    override(site, "en", acme__word="Word")
    dirs = load_config(site).theme_dirs
    folders = tuple(d / "locales" for d in dirs)
    assert "acme.word" in catalog_keys(folders, "fr") and "acme.word" not in catalog_keys(folders, "fr", english=False)
    (warning,) = missing_keys(dirs, ["fr", "en"])
    assert "acme.word" in warning.message and warning.path.endswith("overrides/locales/fr/LC_MESSAGES/messages.po")


def _check(site: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(site)
    return CliRunner().invoke(app, ["check", "--now", NOW], catch_exceptions=False)


def test_hub_check_warns_of_a_template_key_no_catalog_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = small_site(tmp_path)
    card = site / "theme" / "overrides" / "templates" / "partials" / "card.html"
    card.parent.mkdir(parents=True)
    card.write_text('<article class="hub-card">\n  <p>{{ _("acme.card.badge") }}</p>\n'
                    "  <p>{{ ngettext('acme.card.count', 'acme.card.count.plural', 2) }}</p>\n</article>\n",
                    encoding="utf-8")
    result = _check(site, monkeypatch)
    assert result.exit_code == 0, result.output
    out = result.output
    assert ("theme/overrides/templates/partials/card.html:2: warning: the key 'acme.card.badge' is in no catalog of "
            "'en', 'fr': the page shows the key\n") in out
    assert ('hint: add msgid "acme.card.badge" with its words to theme/overrides/locales/en/LC_MESSAGES/messages.po'
            in out)
    assert "card.html:3: warning: the key 'acme.card.count' is in no catalog" in out
    assert "card.html:3: warning: the key 'acme.card.count.plural' is in no catalog" in out
    override(site, "en", acme__card__badge="New", acme__card__count="One", acme__card__count__plural="Many")
    result = _check(site, monkeypatch)
    assert "is in no catalog" not in result.output, "an English word is a word for every language (its fallback)"
    assert "lacks 3 keys of the English one: acme.card.badge" in result.output, "French still lacks them"


def test_the_theme_s_own_templates_have_every_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _check(small_site(tmp_path), monkeypatch)
    assert result.exit_code == 0 and "catalog" not in result.output, result.output
