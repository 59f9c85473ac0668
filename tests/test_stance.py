"""Issue 25, points 1 to 3: the stance in every field an employee sees, angles as questions, and the pull request
decides (`extra.hub.stance` in mkdocs.yml). The exact inputs of the issue, through `hub check` on a small project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hub.cli import app
from hub.content.stance import HINTS, as_question, first_signs, is_question, post_signs, signs
from tests.conftest import ROOT

NOW = "2026-11-25T12:00:00+01:00"
CONFIG = """\
site_name: Stance
site_url: https://intranet.example/hub/
theme:
  name: material
  language: en
extra:
  hub:
    timezone: Europe/Paris
    languages: {en: English, fr: Français}
    topics: {energy: Energy}
    audiences: {everyone: Everyone}
    channels: {linkedin: LinkedIn}
"""
IDEA = """\
---
id: 0b0c4f4e-8c1e-4d57-9f0b-8f6c2b9d6a11
title: "{title}"
summary: "{summary}"
date: 2026-11-20 09:00
topics: [energy]
audiences: [everyone]
channels: [linkedin]
lang: {lang}
angles:
  - "{angle}"
  - Which number surprised you most?
facts:
  - "{fact}"
links:
  - title: "{link}"
    url: https://example.org/report
---
Six months of small changes to the build pipeline.

{body}
"""
PLAIN = {"title": "Our CI now runs on 40% less energy",
         "summary": "Six months of small changes cut the pipeline's electricity use by 40%.",
         "angle": "What did you change in your own work to save energy?",
         "fact": "The median build is five minutes faster.",
         "link": "Annual energy report 2025", "body": "The figures come from the data centre's meters.",
         "lang": "en"}
LINES = {"title": 3, "summary": 4, "angles": 11, "facts": 14, "links": 16, "body": 21}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    (tmp_path / "content" / "guidelines").mkdir(parents=True)
    (tmp_path / "content" / "guidelines" / "voice.md").write_text(
        "---\ntitle: Your voice\n---\nSay what you saw.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(site: Path, **fields: str) -> str:
    (site / "content" / "ideas").mkdir(exist_ok=True)
    (site / "content" / "ideas" / "idea.md").write_text(IDEA.format(**{**PLAIN, **fields}), encoding="utf-8")
    return "content/ideas/idea.md"


def check(*args: str) -> Result:
    return CliRunner().invoke(app, ["check", "content", "--now", NOW, *args])


def test_a_plain_idea_passes_strict(site: Path) -> None:
    write(site)
    result = check("--strict")
    assert result.exit_code == 0, result.output


# 1. Every field, with the words matched: the issue's exact inputs.

def test_the_issues_title_summary_and_body_fail_or_warn_with_the_words_they_matched(site: Path) -> None:
    path = write(site, title="Proud to announce: CI energy down 40%! #GreenIT 🚀🚀",
                 summary="So proud to share: … #GreenIT @Acme",
                 body="Copy this post: So proud to share … 🚀🚀🚀")
    result = check()
    assert result.exit_code == 1, result.output  # the title and the summary fail by default
    assert (f"{path}:3: error: title: `title` reads as a post to copy: a hashtag (#GreenIT), a run of emoji (🚀🚀), "
            "an exclamation mark (40%!), an announcement (Proud to announce)") in result.output
    assert (f"{path}:4: error: summary: `summary` reads as a post to copy: a hashtag (#GreenIT), an @mention (@Acme), "
            "an announcement (proud to share)") in result.output
    assert (f"{path}:21: warning: the body reads as a post to copy: a run of emoji (🚀🚀🚀), "
            "an announcement (proud to share), a call to action (Copy this post)") in result.output
    assert "The summary is what Teams, Slack, email and every card show first" in result.output


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("angle", "Fiers de notre équipe ! #Lancement",
         "a hashtag (#Lancement), an exclamation mark (!), an announcement (Fiers de)"),
        ("fact", "Ravie de vous annoncer la v2 🎉🎉", "a run of emoji (🎉🎉), an announcement (Ravie de vous annoncer)"),
        ("link", "Découvrez le rapport @equipe", "an @mention (@equipe), a call to action (Découvrez)"),
        ("body", "N’hésitez pas à partager ce post sur LinkedIn.", "a call to action (N’hésitez pas à partager)"),
    ],
)
def test_french_posts_are_named_in_every_field(site: Path, field: str, value: str, words: str) -> None:
    path = write(site, lang="fr", **{field: value})
    result = check("--format", "json")
    key = {"angle": "angles", "fact": "facts", "link": "links"}.get(field, field)
    import json

    found = [p for p in json.loads(result.output)["problems"] if "reads as a post to copy" in p["message"]]
    assert len(found) == 1, found
    problem = found[0]
    assert (problem["path"], problem["line"]) == (path, LINES[key])
    assert problem["message"].endswith(words), problem["message"]
    assert problem["severity"] == ("error" if key == "angles" else "warning")


def test_each_hint_fits_its_field() -> None:
    assert "Turn it into a question" in HINTS["angles"]
    for field in ("title", "summary", "facts", "links", "body"):
        assert "question" not in HINTS[field], field  # a fact's hint is not advice for angles
    assert "cite" in HINTS["facts"]
    assert "source" in HINTS["links"]


PLAIN_PROSE = [
    # English: what facts, summaries and bodies say, with the characters the rules look at.
    "The build went from 14 to 9 minutes.",
    "Write to social@example.com or first.last+hub@example.co.uk for the figures.",
    "Issue #42 was fixed in two days; see https://example.org/guide#install.",
    "The setting `x != y` and the C# client are gone.",
    "We are happy with the result, and the team is proud of it.",
    "Ask in the #tidepool channel if you have questions.",
    "Version 2.0 ships on 3 March at 10:00.",
    "The report compares 40 instances; coverage fell by 1.8%.",
    "A seedling 🌱 marks the energy chart.",
    "Meet at 10 @ the main office.",
    # French, as a comms editor writes it.
    "Le build est passé de 14 à 9 minutes.",
    "Écrivez à communication@exemple.fr pour obtenir les chiffres.",
    "Nous avons découvert deux problèmes pendant l’audit.",
    "Les équipes de Lyon et de Nantes accueillent douze juniors en février.",
    "Posez vos questions dans le canal #outils.",
    "La version 2.0 sort le 3 mars à 10 h.",
    "Le ticket #42 a été corrigé en deux jours.",
    "Qu’est-ce qui vous a rendu fier de votre équipe cette année ?",
]


@pytest.mark.parametrize("text", PLAIN_PROSE)
def test_plain_factual_prose_reads_as_prose(text: str) -> None:
    assert post_signs(text) == ()
    assert signs(text, markdown=True) == []


def test_the_example_content_passes_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["check", "--now", NOW, "--strict"])
    assert result.exit_code == 0, result.output


def test_an_exclamation_mark_alone_is_tone_in_a_body_and_a_sign_in_a_field() -> None:
    assert signs("It worked! The build is 40% faster.", markdown=True) == []
    assert post_signs("It worked! The build is 40% faster.") == ("an exclamation mark",)


def test_markdown_code_addresses_and_headings_in_a_body_are_not_the_editors_words() -> None:
    body = ("#Heading\n\n```\n#hashtag @mention !\n```\n\nSee `@decorator!` and [the page](#part) or "
            "<span title=\"wow!\">x</span>.\n")
    assert signs(body, markdown=True) == []


def test_the_lint_is_linear() -> None:
    """One pass per rule: the old address pattern took 49 s on 4,000 `@`; these are 100,000 characters each."""
    for text in ("@" * 100_000, "a@b" * 33_000, "!" * 100_000 + "x", "." * 100_000, "`a" * 50_000,
                 "proud to share? " * 6_000, "🚀" + " " * 100_000):
        signs(text, markdown=True)  # the run's own timeout is the bound; speed is measured in bench/


# 2. Angles are questions, with an example in the idea's language.

def test_an_angle_that_is_an_instruction_gets_the_same_thought_as_a_question(site: Path) -> None:
    path = write(site, angle="Talk about the energy our builds use.")
    result = check()
    assert result.exit_code == 0, result.output  # a warning by default
    assert f"{path}:11: warning: angles: `angles` item 1 is not a question: 'Talk about the energy our builds use.'" \
        in result.output
    assert "for example: 'What would you tell a colleague about the energy our builds use?'" in result.output
    assert "reads as a post to copy" not in result.output


def test_a_french_angle_gets_a_french_question(site: Path) -> None:
    write(site, lang="fr", angle="Parlez de l’énergie de nos builds.")
    result = check()
    assert "for example: 'Que diriez-vous de l’énergie de nos builds à un collègue ?'" in result.output


@pytest.mark.parametrize(
    ("angle", "lang", "question"),
    [
        ("Share how your team cut its build time.", "en",
         "What would you tell a colleague about how your team cut its build time?"),
        ("Our builds use less energy.", "en", "What does “Our builds use less energy” change in your own work?"),
        ("Racontez votre première semaine.", "fr", "Que diriez-vous à un collègue sur votre première semaine ?"),
        ("Nos builds consomment moins.", "fr", "Qu’est-ce que « Nos builds consomment moins » change dans votre travail ?"),
    ],
)
def test_as_question(angle: str, lang: str, question: str) -> None:
    assert not is_question(angle)
    assert as_question(angle, lang) == question
    assert is_question(question)


def test_questions_stay_questions() -> None:
    for angle in ("What surprised you?", "Your first week: what surprised you?", "Et vous, qu’en pensez-vous ?",
                  "What would you tell a friend? Think of your first week."):
        assert is_question(angle), angle
    assert not is_question("See https://example.org/?q=1")


# 3. The pull request decides: extra.hub.stance.

def _config(site: Path, stance: str) -> None:
    (site / "mkdocs.yml").write_text(CONFIG + stance, encoding="utf-8")


def test_the_setting_chooses_what_fails(site: Path) -> None:
    path = write(site, title="Proud to announce our CI", fact="Down 40%! #GreenIT",
                 angle="Talk about the energy our builds use.")
    default = check()
    assert default.exit_code == 1
    assert f"{path}:3: error: title:" in default.output
    assert f"{path}:14: warning: facts:" in default.output
    _config(site, "    stance:\n      fail: [facts]\n      questions: fail\n")
    chosen = check()
    assert chosen.exit_code == 1
    assert f"{path}:3: warning: title:" in chosen.output
    assert f"{path}:14: error: facts: `facts` item 1 reads as a post to copy: a hashtag (#GreenIT), " \
           "an exclamation mark (40%!)" in chosen.output
    assert f"{path}:11: error: angles: `angles` item 1 is not a question" in chosen.output
    _config(site, "    stance:\n      fail: []\n")
    assert check().exit_code == 0


@pytest.mark.parametrize(
    ("stance", "words"),
    [
        ("    stance:\n      fail: [titel]\n", "extra.hub.stance.fail: unknown field 'titel'; did you mean \"title\"?"),
        ("    stance:\n      fial: [title]\n", "extra.hub.stance.fial: unknown key; did you mean \"fail\"?"),
        ("    stance:\n      questions: fial\n", "extra.hub.stance.questions: expected warn or fail, got 'fial'; "
         "did you mean \"fail\"?"),
        ("    stance:\n      fail: title\n", "extra.hub.stance.fail: expected a list of fields"),
        ("    stanse: {}\n", "extra.hub.stanse: unknown key; did you mean \"stance\"?"),
    ],
)
def test_the_setting_is_validated_with_did_you_mean(site: Path, stance: str, words: str) -> None:
    write(site)
    _config(site, stance)
    result = check()
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_the_pull_request_summary_shows_the_matched_words(site: Path) -> None:
    write(site, summary="So proud to share: … #GreenIT @Acme")
    result = check("--format", "markdown")
    assert result.exit_code == 1
    assert ("| **Error** | `content/ideas/idea.md:4` | `summary`: `summary` reads as a post to copy: a hashtag (#GreenIT), "
            "an @mention (@Acme), an announcement (proud to share) |") in result.output


def test_first_signs_keeps_each_kind_once_in_the_rules_order() -> None:
    found = first_signs(signs("#a #b !! wow! 🚀🚀 proud to share"))
    assert [s.name for s in found] == ["a hashtag", "a run of emoji", "an exclamation mark", "an announcement"]
    assert str(found[0]) == "a hashtag (#a)"
