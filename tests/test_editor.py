"""The editor's day (issue 14): ids, placeholders, angles, posts to copy, corrections and the command line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import feedparser
import pytest

from hub import __version__
from hub.content.stance import post_signs
from tests.conftest import NOW, ROOT, SAMPLES

ORIGINAL = "content/ideas/2026/ci-energy.md"
COPY = "content/ideas/2026/aaa-copy.md"
HUB = Path(sys.executable).with_name("hub")


def _git(project: Path, *args: str, when: str = "2026-11-01T09:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.com",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


def _problems(result) -> list[dict]:
    return json.loads(result.output)["problems"]


def _id_problems(result) -> list[dict]:
    return [p for p in _problems(result) if p["field"] == "id"]


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# 1. A duplicate id blames the newer file, and never asks to change a published id.

def test_duplicate_id_blames_the_copy_git_does_not_track(project: Path, hub) -> None:
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "the example")
    shutil.copy(project / ORIGINAL, project / COPY)  # the copy's path sorts first and its date is the same
    result = hub("check", "--format", "json", "--now", NOW)
    assert result.exit_code == 1
    (problem,) = _id_problems(result)
    assert problem["path"] == COPY, problem
    assert problem["line"] == 2
    assert "already used by " + ORIGINAL in problem["message"]
    assert "git does not track it yet" in problem["message"]
    assert "hub new id" in problem["hint"] and "python" not in problem["hint"]
    assert f"keep {ORIGINAL}'s" in problem["hint"]
    assert not [p for p in _problems(result) if p["path"] == ORIGINAL], "the original is not to blame"


def test_duplicate_id_blames_the_file_added_to_git_later_even_with_an_earlier_date(project: Path, hub) -> None:
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "the example", when="2026-11-01T09:00:00+00:00")
    shutil.copy(project / ORIGINAL, project / COPY)
    _set(project / COPY, "date: 2026-11-03 09:00", "date: 2026-10-01 09:00")
    _git(project, "add", COPY)
    _git(project, "commit", "-qm", "a copy", when="2026-11-20T09:00:00+00:00")
    (problem,) = _id_problems(hub("check", "--format", "json", "--now", NOW))
    assert problem["path"] == COPY
    assert "it was added to git later" in problem["message"]


@pytest.mark.parametrize(
    ("copy_date", "blamed", "why"),
    [
        ("2026-11-04 09:00", COPY, "its `date` is later"),
        ("2026-11-02 09:00", ORIGINAL, "its `date` is later"),
        ("2026-11-03 09:00", ORIGINAL, "its path comes later"),  # aaa-copy.md comes before ci-energy.md
    ],
)
def test_duplicate_id_without_git_blames_the_later_date_then_the_later_path(
        project: Path, hub, copy_date: str, blamed: str, why: str) -> None:
    shutil.copy(project / ORIGINAL, project / COPY)
    _set(project / COPY, "date: 2026-11-03 09:00", f"date: {copy_date}")
    (problem,) = _id_problems(hub("check", "--format", "json", "--now", NOW))
    assert problem["path"] == blamed
    assert why in problem["message"]


def test_duplicate_id_falls_back_cleanly_when_git_is_missing(project: Path, hub, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "the example")
    shutil.copy(project / ORIGINAL, project / COPY)
    _set(project / COPY, "date: 2026-11-03 09:00", "date: 2026-11-04 09:00")
    (tmp_path / "no-git").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "no-git"))
    result = hub("check", "--format", "json", "--now", NOW)
    assert "Traceback" not in result.output
    (problem,) = _id_problems(result)
    assert problem["path"] == COPY and "its `date` is later" in problem["message"]


def test_hub_new_id_prints_a_fresh_uuid(hub, project: Path) -> None:
    first, second = hub("new", "id"), hub("new", "id")
    assert first.exit_code == 0 and second.exit_code == 0
    assert uuid.UUID(first.output.strip()).version == 4
    assert first.output != second.output


def test_a_malformed_id_hint_offers_hub_new_id(project: Path, hub) -> None:
    _set(project / ORIGINAL, "id: 98f314aa-66ad-40d7-aa04-ba42bd18ea14", "id: 98f314aa")
    (problem,) = _id_problems(hub("check", "--format", "json", "--now", NOW))
    assert "hub new id" in problem["hint"] and "python" not in problem["hint"]


# 2. A field given twice hides nothing else in its file.

def test_a_field_given_twice_does_not_hide_a_bad_date(project: Path, hub) -> None:
    _set(project / ORIGINAL, "date: 2026-11-03 09:00", "date: next tuesday\ntitle: Twice")
    result = hub("check", "--format", "json", "--now", NOW)
    assert result.exit_code == 1
    mine = [(p["line"], p["field"], p["message"]) for p in _problems(result) if p["path"] == ORIGINAL]
    assert (6, "title", "`title` is given twice (first on line 3); only the last one would count") in mine
    assert (5, "date", "'next tuesday' is not a date") in mine


# 3. An idea is its angles.

def _angles(path: Path, angles: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index("angles:\n"), text.index("facts:\n")
    block = "angles:\n" + "".join(f"  - {json.dumps(angle, ensure_ascii=False)}\n" for angle in angles) if angles else ""
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def test_zero_angles_is_an_error(project: Path, hub) -> None:
    _angles(project / ORIGINAL, [])
    result = hub("check", "--format", "json", "--now", NOW)
    assert result.exit_code == 1
    (problem,) = [p for p in _problems(result) if p["field"] == "angles"]
    assert (problem["path"], problem["severity"]) == (ORIGINAL, "error")
    assert "no angles" in problem["message"]


def test_one_angle_stays_a_warning(project: Path, hub) -> None:
    _angles(project / ORIGINAL, ["Which number surprised you most?"])
    assert hub("check", "--now", NOW).exit_code == 0
    strict = hub("check", "--now", NOW, "--strict")
    assert strict.exit_code == 1
    assert f"{ORIGINAL}:11: warning: angles: 1 angle: give at least two ways in" in strict.output


# 4. Placeholder links are refused like the other placeholders; real sources on example domains are not.

def _fill_new_idea(project: Path, hub) -> Path:
    result = hub("new", "idea", "A new planner", "--topic", "product", "--now", NOW)
    assert result.exit_code == 0, result.output
    path = project / "content/ideas/a-new-planner.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"TODO: one or two sentences on what the story is"', "The planner works without a mouse.")
    text = text.replace('"TODO: What surprised you when…?"', "What surprised you when you tried it?")
    text = text.replace('"TODO: What would you tell a friend who…?"', "What would you tell a friend who uses it?")
    text = text.replace('"TODO: a number, a date, a name that is public"', "It shipped on 3 December.")
    text = text.replace("TODO: the context.", "The context.")
    path.write_text(text, encoding="utf-8")
    return path


def _link_problems(project: Path, hub) -> list[str]:
    result = hub("check", "--format", "json", "--now", NOW)
    return [f"{p['severity']}: {p['message']}" for p in _problems(result) if p["field"] == "links"]


def test_the_placeholder_link_of_hub_new_is_an_error(project: Path, hub) -> None:
    path = _fill_new_idea(project, hub)
    assert _link_problems(project, hub) == ["error: `links` item 1 still holds the placeholder written by `hub new`"]
    assert hub("check", "--now", NOW).exit_code == 1
    _set(path, '"TODO: where the facts come from"', "The release notes")
    assert _link_problems(project, hub) == ["error: `links` item 1 still holds the placeholder written by `hub new`"]
    _set(path, "url: https://example.com/", "url: https://example.com/TODO")
    assert _link_problems(project, hub) == ["error: `links` item 1 still holds the placeholder written by `hub new`"]
    _set(path, "url: https://example.com/TODO", "url: https://example.com/releases/planner")
    assert _link_problems(project, hub) == []
    result = hub("check", "--now", NOW, "--strict")
    assert result.exit_code == 0, result.output


# 5. Paste-ready posts: warned, with a hint to turn them into questions.

@pytest.mark.parametrize(
    ("text", "signs"),
    [
        ("Proud to share: it's live! 🚀 #Launch",
         ("a hashtag", "an exclamation mark", "an announcement")),
        ("Thanks @alice for the review", ("an @mention",)),
        ("Merci (@equipe-outils) pour la v2", ("an @mention",)),
        ("A great release 🎉🎉", ("a run of emoji",)),
        ("🚀 🔥 the planner", ("a run of emoji",)),
        ("👩‍💻👍🏽 on call", ("a run of emoji",)),
        ("We are thrilled to announce version 2", ("an announcement",)),
        ("Excited to share our roadmap", ("an announcement",)),
        ("Check it out: the new planner", ("a call to action",)),
        ("Fière de notre équipe", ("an announcement",)),
        ("Nous sommes fiers d’annoncer la v2", ("an announcement",)),
        ("Ravie de vous annoncer la v2", ("an announcement",)),
        ("Ravi(e) de vous annoncer la v2", ("an announcement",)),
        ("Découvrez la version 2", ("a call to action",)),
        ("C’est en ligne !", ("an exclamation mark",)),
        ("#Lancement de la v2", ("a hashtag",)),
        # What must not be flagged.
        ("What surprised you when you first used C#?", ()),
        ("See https://example.org/guide#install for the steps", ()),
        ("Write to social@example.com or first.last+hub@example.co.uk", ()),
        ("What makes you proud of your team?", ()),
        ("Would you be proud to share v2.0 with a friend?", ()),
        ("We shipped v2.0. Proud to share it", ("an announcement",)),
        ("What would you tell a friend who is excited to share their first talk?", ()),
        ("Qu’est-ce qui vous a rendu fier de votre équipe cette année ?", ()),
        ("Qu’avez-vous découvert en l’utilisant ?", ()),
        ("Issue #42 was fixed in two days", ()),
        ("The setting `x != y` is gone", ()),
        ("A seedling 🌱 on the chart", ()),
        ("The build went from 14 to 9 minutes.", ()),
        ("Meet at 10 @ the main office", ()),
    ],
)
def test_post_signs(text: str, signs: tuple[str, ...]) -> None:
    assert post_signs(text) == signs


def test_posts_to_copy_are_warned_through_the_cli(project: Path, hub) -> None:
    _angles(project / ORIGINAL, ["Proud to share: it's live! 🚀 #Launch", "Which number surprised you most?"])
    result = hub("check", "--now", NOW)
    assert result.exit_code == 1  # paste-ready angles fail the check by default (extra.hub.stance.fail)
    assert (f"{ORIGINAL}:12: error: angles: `angles` item 1 reads as a post to copy: "
            "a hashtag (#Launch), an exclamation mark (live!), an announcement (Proud to share)") in result.output
    assert "Turn it into a question" in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "never words to paste" in readme.split("## For editors", 1)[1].split("\n## ", 1)[0]


# 7. Corrections: validated, and carried by the feeds under the same GUID.

@pytest.mark.parametrize(
    ("lines", "field", "words"),
    [
        ("updated: 2026-11-26 14:00\n", "updated", "`updated` needs a `correction`"),
        ("correction: The figure is 40 %, not 45 %.\n", "correction", "`correction` needs `updated`"),
        ("updated: 2026-11-02\ncorrection: The figure is 40 %.\n", "updated", "is before `date`"),
        ("updated: 2026-11-26\ncorrection: |\n  Two\n  lines\n", "correction", "must be one line"),
    ],
)
def test_correction_rules(project: Path, hub, lines: str, field: str, words: str) -> None:
    _set(project / ORIGINAL, "topics:", lines + "topics:")
    result = hub("check", "--format", "json", "--now", NOW)
    assert result.exit_code == 1
    mine = [p for p in _problems(result) if p["path"] == ORIGINAL]
    assert [(p["field"], p["severity"]) for p in mine] == [(field, "error")], mine
    assert words in mine[0]["message"]


def test_a_correction_reaches_feed_readers_under_the_same_guid(project: Path, hub, built_sites) -> None:
    before = feedparser.parse(built_sites("mkdocs").site / "feeds/ideas.atom.xml")
    before_rss = feedparser.parse(built_sites("mkdocs").site / "feeds/ideas.rss.xml")
    _set(project / ORIGINAL, "topics:", "updated: 2026-11-24 15:30\ncorrection: The saving is 40 %, not 45 %.\ntopics:")
    # Run from a folder inside the project: mkdocs.yml is found above, and the site goes beside it.
    result = hub("build", "--now", NOW, cwd=project / "content/ideas")
    assert result.exit_code == 0, result.output
    assert not (project / "content/ideas/site").exists()
    atom = feedparser.parse(project / "site/feeds/ideas.atom.xml")
    rss = feedparser.parse(project / "site/feeds/ideas.rss.xml")

    def entry(feed, title: str):
        (found,) = [e for e in feed.entries if e.title == title]
        return found

    title = "Our CI now runs on 40% less energy"
    old, new = entry(before, title), entry(atom, title)
    assert new.id == old.id
    assert new.updated == "2026-11-24T15:30:00+01:00"
    assert new.published == old.published == "2026-11-03T09:00:00+01:00"
    assert old.updated == old.published
    assert entry(rss, title).id == entry(before_rss, title).id
    # RSS has no updated date per item: its channel's lastBuildDate is the newest item's update, the correction.
    assert tuple(rss.feed.updated_parsed[:5]) == (2026, 11, 24, 14, 30)
    assert tuple(before_rss.feed.updated_parsed[:5]) == (2026, 11, 19, 11, 0)


# 8. The command line.

def test_version_and_short_help(hub) -> None:
    result = hub("--version")
    assert result.exit_code == 0
    assert result.output == f"hub {hub_version()}\n"  # the package's version, one source
    for args in (("-h",), ("check", "-h"), ("new", "idea", "-h")):
        result = hub(*args)
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


def hub_version() -> str:
    from importlib.metadata import version

    assert version("hub-charter") == __version__, "the distribution hub-charter carries hub.__version__"
    return __version__


def test_shell_completion_is_on(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "100"}
    shown = subprocess.run([HUB, "--show-completion", "bash"], capture_output=True, text=True, env=env, check=True)
    assert "complete -o default -F _hub_completion hub" in shown.stdout
    assert "--install-completion" in subprocess.run([HUB, "-h"], capture_output=True, text=True, env=env).stdout

    def complete(words: str) -> list[str]:
        done = subprocess.run([HUB], capture_output=True, text=True, cwd=tmp_path, env={
            **env, "_HUB_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)})
        return done.stdout.split()

    assert complete("hub li") == ["list"]
    assert complete("hub list --format ") == ["table", "tsv", "json"]
    assert complete("hub list --status ") == ["live", "scheduled", "expired", "draft", "unreadable"]
    assert complete("hub build --engine ") == ["mkdocs", "pelican", "zensical"]


def test_commands_find_mkdocs_yml_in_parent_folders(project: Path, hub) -> None:
    ideas = project / "content/ideas/2026"
    result = hub("check", "--now", NOW, cwd=ideas)
    assert result.exit_code == 0, result.output
    assert "17 ideas: 12 live, 2 scheduled, 2 expired, 1 draft" in result.output
    listed = hub("list", "--now", NOW, "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.output)["ideas"]) == 17
    made = hub("new", "idea", "From a subfolder", "--now", NOW)
    assert made.exit_code == 0, made.output
    assert (project / "content/ideas/from-a-subfolder.md").is_file()


def test_list_formats(project: Path, hub, monkeypatch: pytest.MonkeyPatch) -> None:
    tsv = hub("list", "--now", NOW)  # CliRunner is not a terminal: tab-separated, as before
    lines = tsv.output.splitlines()
    assert lines[0] == "status\tdate\texpires\tslug\tlang\tsensitivity\ttopics"
    assert lines[1] == "scheduled\t2027-01-12 09:00\t2027-03-01\tfosdem-2027\ten\topen\tevents,open-source"
    assert lines[-1] == "17 ideas: 12 live, 2 scheduled, 2 expired, 1 draft"
    assert hub("list", "--now", NOW, "--format", "tsv").output == tsv.output

    ideas = json.loads(hub("list", "--now", NOW, "--format", "json", "--status", "live").output)["ideas"]
    assert len(ideas) == 12
    energy = next(i for i in ideas if i["slug"] == "ci-energy")
    assert energy == {
        "status": "live", "date": "2026-11-03 09:00", "expires": None, "slug": "ci-energy", "lang": "en",
        "sensitivity": "open", "topics": ["engineering", "sustainability"], "unreadable": [],
        "title": "Our CI now runs on 40% less energy", "id": "98f314aa-66ad-40d7-aa04-ba42bd18ea14",
        "path": ORIGINAL,
    }

    monkeypatch.setenv("COLUMNS", "160")
    table = hub("list", "--now", NOW, "--format", "table", "--topic", "engineering")
    assert table.exit_code == 0, table.output
    rows = table.output.splitlines()
    header = next(line for line in rows if line.lstrip().startswith("Status"))
    assert re.search(r"Status\s+Date\s+Expires\s+Lang\s+Level\s+Idea", header)
    data = [line for line in rows if re.match(r"\s*(live|scheduled|expired|draft)\s", line)]
    assert len(data) == sum(1 for i in json.loads(hub("list", "--now", NOW, "--format", "json",
                                                       "--topic", "engineering").output)["ideas"])
    for column in ("Date", "Lang", "Level", "Idea"):  # every row's cells start under their header
        at = header.index(column)
        assert all(line[at] != " " and line[at - 1] == " " for line in data), column
    assert any("Our CI now runs on 40% less energy" in line for line in data)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("list", "--status", "lve"), "hub: --status: unknown value 'lve'; did you mean \"live\"?"),
        (("list", "--topic", "enginering"), "hub: --topic: unknown value 'enginering'; did you mean \"engineering\"?"),
        (("build", "--engine", "mkdoc"), "hub: --engine: unknown value 'mkdoc'; did you mean \"mkdocs\"?"),
        (("serve", "--engine", "pelicann"), "hub: --engine: unknown value 'pelicann'; did you mean \"pelican\"?"),
        (("list", "--status", "xyz"), "allowed: live, scheduled, expired, draft"),
    ],
)
def test_did_you_mean_for_options_is_exit_2(project: Path, hub, args: tuple[str, ...], words: str) -> None:
    result = hub(*args)
    assert result.exit_code == 2
    assert words in result.output
    assert not (project / "site").exists()


def test_invalid_samples_report_the_new_rules(hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = hub("check", str((SAMPLES / "invalid/content").relative_to(ROOT)), "--format", "json")
    found = {(p["path"].rsplit("/", 1)[-1], p["field"], p["severity"]) for p in _problems(result)}
    assert ("no-angles.md", "angles", "error") in found
    assert ("one-angle.md", "angles", "warning") in found
    assert ("placeholder-link.md", "links", "error") in found
    assert ("post-to-copy.md", "angles", "warning") in found
    assert ("duplicate-key.md", "date", "error") in found
