"""`hub new` and `hub list`: the commands an editor uses every day."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_check import tree_digest

NOW = "2026-11-25T10:00:00+01:00"


def test_new_idea_round_trips_through_check(project: Path, hub) -> None:
    result = hub("new", "idea", "Our new café opens in Nantes!", "--topic", "community", "--lang", "en", "--now", NOW)
    assert result.exit_code == 0, result.output
    path = project / "content/ideas/our-new-cafe-opens-in-nantes.md"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^id: [0-9a-f-]{36}", text, re.M)
    assert "date: 2026-11-25 10:00" in text
    assert "topics: [community]" in text and "lang: en" in text
    assert "one or more of: open-source, engineering" in text  # the vocabulary as a hint

    # Untouched, the placeholders fail the check, naming each line to edit.
    check = hub("check", "content", "--now", NOW)
    assert check.exit_code == 1
    assert "our-new-cafe-opens-in-nantes.md:4: error: summary: `summary` still holds the placeholder" in check.output
    assert "angles: `angles` item 1 still holds the placeholder" in check.output
    assert "the body still holds the placeholder" in check.output
    assert "links: `links` item 1 still holds the placeholder" in check.output

    # Once edited, the same file passes.
    edited = re.sub(r'"TODO: ([^"]*)"', lambda m: '"' + m.group(1).replace("…", "it happened") + '"', text)
    edited = edited.replace("TODO: the context.", "The context.")
    edited = edited.replace("url: https://example.com/", "url: https://example.com/sources/cafe")  # a real source
    path.write_text(edited, encoding="utf-8")
    check = hub("check", "content", "--now", NOW, "--strict")
    assert check.exit_code == 0, check.output
    assert "13 live" in check.output


def test_new_idea_in_french_writes_a_french_template_that_check_still_refuses(project: Path, hub) -> None:
    result = hub("new", "idea", "Notre café ouvre à Nantes", "--topic", "community", "--lang", "fr", "--now", NOW)
    assert result.exit_code == 0, result.output
    path = project / "content/ideas/notre-cafe-ouvre-a-nantes.md"
    text = path.read_text(encoding="utf-8")
    assert "lang: fr" in text and "# un ou plusieurs parmi : open-source, engineering" in text
    assert "jamais un post à copier" in text and "facultatif" in text and "never" not in text
    angles = re.findall(r'^  - "(TODO : [^"]*)"$', text, re.M)
    assert angles[:2] == ["TODO : Qu’est-ce qui vous a surpris quand… ?", "TODO : Que diriez-vous à un ami qui… ?"]
    assert re.search(r"^TODO : le contexte\.", text, re.M)

    check = hub("check", "content", "--now", NOW)  # the messages stay in English: they go to editors in a pull request
    assert check.exit_code == 1
    assert "notre-cafe-ouvre-a-nantes.md:4: error: summary: `summary` still holds the placeholder" in check.output
    assert "angles: `angles` item 2 still holds the placeholder" in check.output
    assert "the body still holds the placeholder" in check.output

    edited = re.sub(r'"TODO : ([^"]*)"', lambda m: '"' + m.group(1).replace("…", " il a ouvert") + '"', text)
    edited = edited.replace("TODO : le contexte.", "Le contexte.").replace(
        "url: https://example.com/", "url: https://example.com/sources/cafe")
    path.write_text(edited, encoding="utf-8")
    check = hub("check", "content", "--now", NOW, "--strict")
    assert check.exit_code == 0, check.output


def test_new_idea_never_overwrites(project: Path, hub) -> None:
    assert hub("new", "idea", "Same title", "--now", NOW).exit_code == 0
    path = project / "content/ideas/same-title.md"
    first = path.read_bytes()
    again = hub("new", "idea", "Same   title!", "--now", NOW)
    assert again.exit_code == 2
    assert "already exists" in again.output and "nothing was written" in again.output
    assert path.read_bytes() == first


def test_new_refuses_a_slug_taken_in_a_subfolder_and_empty_slugs(project: Path, hub) -> None:
    before = tree_digest(project / "content")
    taken = hub("new", "idea", "CI energy", "--now", NOW)  # content/ideas/2026/ci-energy.md exists
    assert taken.exit_code == 2 and "ci-energy.md already exists" in taken.output
    empty = hub("new", "idea", "!!! ???", "--now", NOW)
    assert empty.exit_code == 2 and "empty file name" in empty.output
    unknown = hub("new", "idea", "Fine title", "--topic", "opensource", "--now", NOW)
    assert unknown.exit_code == 2 and "--topic: unknown value 'opensource'; did you mean \"open-source\"?" in unknown.output
    assert tree_digest(project / "content") == before


def test_new_guideline(project: Path, hub) -> None:
    result = hub("new", "guideline", "Live events", "--now", NOW)
    assert result.exit_code == 0, result.output
    text = (project / "content/guidelines/live-events.md").read_text()
    assert "title: \"Live events\"" in text and "updated: 2026-11-25" in text
    assert hub("check", "content", "--now", NOW).exit_code == 1  # placeholders until edited
    assert hub("new", "guideline", "Live events").exit_code == 2


def test_list_is_the_editorial_calendar(project: Path, hub) -> None:
    before = tree_digest(project / "content")
    result = hub("list", "--now", NOW)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["status", "date", "expires", "slug", "lang", "sensitivity", "topics"]
    rows = {line.split("\t")[3]: line.split("\t") for line in lines[1:-1]}
    assert rows["fosdem-2027"][0] == "scheduled"
    assert rows["bureau-montreal"][0] == "draft"
    assert rows["hacktoberfest-good-first-issues"][0] == "expired"
    assert rows["q3-results-2026"][:2] == ["live", "2026-11-05 08:00"] and rows["q3-results-2026"][5] == "ask"
    assert lines[-1] == "17 ideas: 12 live, 2 scheduled, 2 expired, 1 draft"
    dates = [line.split("\t")[1] for line in lines[1:-1]]
    assert dates == sorted(dates, reverse=True)

    only = hub("list", "--now", NOW, "--status", "live", "--topic", "sustainability").output.splitlines()
    assert {line.split("\t")[3] for line in only[1:-1]} == {"ci-energy", "bilan-carbone-2025", "journee-benevolat-lyon"}
    # A week later, the first scheduled idea has gone live.
    later = hub("list", "--now", "2026-12-04", "--status", "scheduled").output
    assert "keyboard-navigation" not in later and "fosdem-2027" in later
    assert tree_digest(project / "content") == before
