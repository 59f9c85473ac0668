"""Words come from the theme's catalogs: every key a template or hub's code uses is in the English catalog, other
languages fall back to English key by key, and a company overrides one word or one template with a file."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from typer.testing import Result

from hub.announce.context import idea_view
from hub.config import load_config
from hub.content.load import load_content
from hub.facets import FACETS
from hub.feeds.items import idea_item
from hub.i18n import DEFAULT_LANG, catalog_keys, catalog_path
from hub.plan import PageKind, make_plan
from hub.render import templates
from hub.render.pages import page_html
from hub.render.templates import environment
from hub.timeparse import parse_instant
from tests.conftest import EXAMPLE, NOW, ROOT, copy_project
from tests.test_site import example_plan

THEME = ROOT / "theme"
PY_KEY = re.compile(r"""\b(?:gettext|_|words|text)\(\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"\s*[,)]""")
PY_KEY_CONSTANT = re.compile(r"""^[A-Z_]+_KEY = "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"$""", re.MULTILINE)
"""A key Python names once, as a constant (`IMAGE_KEY = "markup.image"`), and passes around."""
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _used_keys() -> set[str]:
    """Every key the templates use (both forms of a plural), hub's Python code, and the facet table."""
    env = environment(load_config(EXAMPLE), DEFAULT_LANG)
    keys: set[str] = set()
    for path in sorted(p for p in (THEME / "templates").rglob("*") if p.is_file()):
        source = path.read_text(encoding="utf-8")
        for _, _, message in env.extract_translations(source):  # type: ignore[attr-defined]
            keys.update(m for m in ((message,) if isinstance(message, str) else message) if m)
    for path in sorted((ROOT / "hub").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        keys.update(PY_KEY.findall(source) + PY_KEY_CONSTANT.findall(source))
    for facet in FACETS:
        keys.update([facet.word_key, facet.word_key + ".plural", facet.title_key, facet.title_key + ".plural"])
    return keys


def test_every_key_in_use_is_in_the_english_catalog() -> None:
    used = _used_keys()
    assert len(used) > 80, "the scan no longer finds the templates' keys"
    assert "idea.angles.title" in used and "feed.change.title" in used and "subscribe.all.text.plural" in used
    assert sorted(used - catalog_keys((THEME / "locales",), DEFAULT_LANG)) == []


def test_the_english_catalog_has_no_key_nobody_uses() -> None:
    assert sorted(catalog_keys((THEME / "locales",), DEFAULT_LANG) - _used_keys()) == []


def test_a_key_missing_from_the_catalog_is_caught(tmp_path: Path) -> None:
    catalog = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    text = catalog_path(THEME / "locales", "en").read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgid "idea.angles.title"', 'msgid "idea.angles.renamed"'), encoding="utf-8")
    assert "idea.angles.title" in _used_keys() - catalog_keys((tmp_path,), "en")


def _key(message: Message) -> str:
    return str(message.id if isinstance(message.id, str) else message.id[0])


def _placeholders(message: Message) -> set[str]:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return {name for string in strings for name in PLACEHOLDER.findall(str(string or ""))}


@pytest.mark.parametrize("path", sorted((THEME / "locales").glob("*/LC_MESSAGES/messages.po")), ids=lambda p: p.parts[-3])
def test_each_catalog_uses_the_english_keys_and_placeholders(path: Path) -> None:
    with catalog_path(THEME / "locales", "en").open("rb") as handle:
        english = {_key(m): m for m in read_po(handle) if m.id}
    with path.open("rb") as handle:
        for message in read_po(handle):
            if message.id:
                assert _key(message) in english, f"{path}: {_key(message)} is not an English key"
                assert _placeholders(message) <= _placeholders(english[_key(message)]) | {"num"}, (
                    f"{path}: {_key(message)} has a placeholder the English entry lacks")


def _entries(lang: str) -> dict[str, Message]:
    with catalog_path(THEME / "locales", lang).open("rb") as handle:
        return {_key(m): m for m in read_po(handle) if m.id and m.string}


def test_the_shipped_french_catalog_has_every_english_key_with_the_same_placeholders() -> None:
    english, french = _entries("en"), _entries("fr")
    assert sorted(set(english) - set(french)) == [], "French words missing: these show in English"
    for key, message in english.items():
        assert _placeholders(french[key]) == _placeholders(message), f"fr {key}: not the English placeholders"
        assert isinstance(french[key].id, str) is isinstance(message.id, str), f"fr {key}: plural or not, as in English"
        string = french[key].string
        assert all(string if isinstance(string, (tuple, list)) else (string,)), f"fr {key}: an empty form"
    assert "n > 1" in catalog_path(THEME / "locales", "fr").read_text(encoding="utf-8"), "French plural rule"


def _drop(catalog: Path, keys: list[str]) -> None:
    """Remove the entries of `keys` from a catalog file, as if they had never been written."""
    blocks = catalog.read_text(encoding="utf-8").split("\n\n")
    kept = [b for b in blocks if not any(f'msgid "{k}"\n' in b + "\n" for k in keys)]
    assert len(kept) == len(blocks) - len(keys)
    catalog.write_text("\n\n".join(kept), encoding="utf-8")


def test_check_strict_warns_when_a_language_in_use_lacks_english_keys(
    project: Path, hub: Callable[..., Result], own_theme: Callable[[Path], None],
) -> None:
    own_theme(project)
    assert "catalog" not in hub("check", "--strict", "--now", NOW).output, "the shipped catalogs are complete"
    french = catalog_path(project / "theme" / "locales", "fr")
    dropped = sorted(k for k, m in _entries("en").items() if isinstance(m.id, str))[:11]
    _drop(french, dropped)
    relaxed = hub("check", "--now", NOW)
    assert relaxed.exit_code == 0, relaxed.output
    strict = hub("check", "--strict", "--now", NOW)
    assert strict.exit_code == 1, strict.output
    line = next(s for s in strict.output.splitlines() if "catalog" in s)
    assert line.startswith("theme/overrides/locales/fr/LC_MESSAGES/messages.po"), "where the project adds them"
    assert "'fr' catalog lacks 11 keys" in line and dropped[0] in line and "and 3 more" in line
    assert dropped[-1] not in line, "the list of keys is bounded"


def test_a_language_nobody_uses_is_not_checked(project: Path, hub: Callable[..., Result],
                                               own_theme: Callable[[Path], None]) -> None:
    own_theme(project)
    for idea in sorted((project / "content").rglob("*.md")):
        text = idea.read_text(encoding="utf-8")
        idea.write_text(re.sub(r"(?m)^lang: fr$", "lang: en", text), encoding="utf-8")
    _drop(catalog_path(project / "theme" / "locales", "fr"), ["idea.angles.title"])
    result = hub("check", "--strict", "--now", NOW)
    assert "catalog" not in result.output, result.output


def _project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    templates._environment.cache_clear()
    return project


def test_another_language_falls_back_to_english_key_by_key(tmp_path: Path, own_theme: Callable[[Path], None]) -> None:
    project = _project(tmp_path)
    own_theme(project)
    catalog = catalog_path(project / "theme" / "locales", "fr")
    catalog.parent.mkdir(parents=True, exist_ok=True)  # a French catalog with a single word, replacing the theme's
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                       'msgid "idea.angles.title"\nmsgstr "Angles : des portes d’entrée"\n', encoding="utf-8")
    plan = example_plan(project)
    french = next(p for p in plan.pages if p.kind is PageKind.IDEA and p.lang == "fr")
    html = page_html(plan, french)
    # French typography: a no-break space before ":"
    assert '<h2 id="angles" class="hub-heading">Angles\u00a0: des portes d’entrée <a' in html
    assert '<h2 id="facts" class="hub-heading">Facts you can cite <a' in html
    english = next(p for p in plan.pages if p.kind is PageKind.IDEA and p.lang == "en")
    assert '<h2 id="angles" class="hub-heading">Angles: ways in <a' in page_html(plan, english)


def test_a_company_overrides_one_word_and_one_template_without_python(tmp_path: Path) -> None:
    project = _project(tmp_path)
    overrides = project / "theme" / "overrides"
    word = catalog_path(overrides / "locales", "en")
    word.parent.mkdir(parents=True)
    word.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "idea.facts.title"\nmsgstr "Figures to quote"\n'
                    '\nmsgid "plan.feed.all.title"\nmsgstr "Every idea at %(site)s"\n',
                    encoding="utf-8")
    card = overrides / "templates" / "partials" / "card.html"
    card.parent.mkdir(parents=True)
    shutil.copy(project / "theme" / "templates" / "partials" / "card.html", card)
    card.write_text(card.read_text(encoding="utf-8").replace('class="hub-card"', 'class="hub-card acme-card"'),
                    encoding="utf-8")
    plan = example_plan(project)
    assert plan.config.theme_dirs[0] == overrides
    idea = next(p for p in plan.pages if p.kind is PageKind.IDEA and p.idea and p.idea.facts)
    html = page_html(plan, idea)
    assert '<h2 id="facts" class="hub-heading">Figures to quote <a' in html and "Facts you can cite" not in html
    assert '<h2 id="angles" class="hub-heading">Angles: ways in <a' in html, "the other words still come from the theme's catalog"
    assert 'class="hub-card acme-card"' in page_html(plan, plan.page("ideas/"))
    assert plan.page("ideas/").feeds[0].title == f"Every idea at {plan.config.name}", "the plan's titles too"


def test_the_words_of_an_image_from_another_host_come_from_the_catalog_of_the_idea_s_language(
        tmp_path: Path) -> None:
    project = _project(tmp_path)
    for lang, word in (("en", "Picture"), ("fr", "Illustration")):
        catalog = catalog_path(project / "theme" / "overrides" / "locales", lang)
        catalog.parent.mkdir(parents=True)
        catalog.write_text(f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n\nmsgid "markup.image"\nmsgstr "{word}"\n',
                           encoding="utf-8")
    for idea in (project / "content" / "ideas").rglob("*.md"):
        text = idea.read_text(encoding="utf-8")
        summary = re.search(r'^summary: "?(.*?)"?$', text, re.MULTILINE)
        assert summary is not None, idea
        text = text.replace(summary.group(0), f'summary: "{summary.group(1)} ![](https://cdn.example.org/s.png)"', 1)
        idea.write_text(text + "\n![](https://cdn.example.org/body.png)\n", encoding="utf-8")
    # `hub check` refuses such images; the link is the last defence, so the plan is made despite the check.
    config = load_config(project)
    loaded = load_content(config)
    assert loaded.errors and all("image on another host" in p.message or "no page shows it as an image" in p.message
                                 for p in loaded.errors)
    plan = make_plan(loaded.content, config, parse_instant(NOW, config.timezone))
    ideas = {p.lang: p for p in plan.pages if p.kind is PageKind.IDEA}
    assert set(ideas) == {"en", "fr"}
    for lang, word in (("en", "Picture"), ("fr", "Illustration")):
        page = ideas[lang]
        assert page.idea is not None
        html = page_html(plan, page)
        assert f">{word} (cdn.example.org)</a>" in html and "hub:image" not in html, lang
        assert re.search(rf'href="https://cdn\.example\.org/body\.png"[^>]*>{word} \(cdn\.example\.org\)', html)
        item = idea_item(page.idea, plan)
        assert item.summary.endswith(f"{word} (cdn.example.org)"), item.summary
        assert f">{word} (cdn.example.org)</a>" in item.content and "hub:image" not in item.content
        assert idea_view(page.idea, plan).summary.endswith(f"{word} (cdn.example.org)"), "messages too"


def test_content_reaching_a_template_is_escaped() -> None:
    plan = example_plan()
    page = next(p for p in plan.pages if p.kind is PageKind.IDEA and p.idea and p.idea.links)
    assert page.idea is not None
    hostile = replace(page.idea, title='<script>alert(1)</script>', links=(replace(page.idea.links[0],
                      title='"><img src=x onerror=alert(1)>'),))
    home = replace(plan.page(""), ideas=(hostile,))
    html = page_html(plan, home) + page_html(plan, replace(page, idea=hostile))
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_edited_catalog_is_read_again_by_the_next_build_in_the_same_process(
        tmp_path: Path, own_theme: Callable[[Path], None]) -> None:
    project = _project(tmp_path)
    own_theme(project)
    catalog = catalog_path(project / "theme" / "locales", "en")
    plan = example_plan(project)
    assert '<h2 id="angles" class="hub-heading">Angles: ways in <a' in page_html(plan, plan.page("ideas/ci-energy/"))
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"Angles: ways in"', '"Ways into it"'), encoding="utf-8")
    plan = example_plan(project)
    assert '<h2 id="angles" class="hub-heading">Ways into it <a' in page_html(plan, plan.page("ideas/ci-energy/")), \
        "hub serve rebuilds in-process"


def test_text_templates_keep_their_lines_and_are_not_html_escaped(tmp_path: Path) -> None:
    project = _project(tmp_path)
    template = project / "theme" / "overrides" / "templates" / "messages" / "digest.txt"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text('{{ _("idea.angles.title") }}\n  - {{ title }}\n', encoding="utf-8")
    env = environment(load_config(project), "en")
    assert env.get_template("messages/digest.txt").render(title="Q&A <live>") == "Angles: ways in\n  - Q&A <live>"
    assert env.from_string("<p>\n  {{ t }}</p>").render(t="Q&A <live>") == "<p>Q&amp;A &lt;live&gt;</p>"
