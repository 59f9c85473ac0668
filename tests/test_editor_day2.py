"""The editor's second day: each message and behaviour the trial found, with the input that showed it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from hub.build import checked_content
from hub.commands.serve import _describe
from hub.config import load_config
from hub.errors import ContentError
from tests.conftest import NOW, ROOT

HALYARD = "content/ideas/2026/halyard-integration-one-year.md"
DATE_FORM = "write it as 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00)"
HUB = Path(sys.executable).parent / "hub"
"""The console script, as an editor's shell runs it (completion is keyed to its name)."""


def set_field(project: Path, field: str, value: str, path: str = HALYARD) -> None:
    """Replace the front-matter line `field: …` of the file (or add it after `date:`)."""
    file = project / path
    lines = file.read_text(encoding="utf-8").split("\n")
    index = next((i for i, line in enumerate(lines) if line.startswith(f"{field}:")), None)
    if index is None:
        index = next(i for i, line in enumerate(lines) if line.startswith("date:")) + 1
        lines.insert(index, "")
    lines[index] = f"{field}: {value}"
    file.write_text("\n".join(lines), encoding="utf-8")


def problems(hub: Callable[..., Result]) -> list[dict[str, object]]:
    result = hub("check", "--now", NOW, "--format", "json")
    found: list[dict[str, object]] = json.loads(result.output)["problems"]
    return found


def run_hub(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(HUB), *args], cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


# -- point 4: an idea that cannot be read is never shown as live ----------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("date", "2026-12-32 09:00"),  # the trial's input: YAML reads it as a date by its shape
    ("date", "2026-12-8"),  # text
    ("expires", "2026-12-32"),
])
def test_an_unreadable_date_is_unreadable_in_every_list_and_count(project: Path, hub: Callable[..., Result],
                                                                  field: str, value: str) -> None:
    set_field(project, field, value)
    tsv = hub("list", "--now", NOW, "--format", "tsv")
    assert tsv.exit_code == 1
    rows = {line.split("\t")[3]: line.split("\t") for line in tsv.stdout.splitlines()[1:-1]}
    row = rows["halyard-integration-one-year"]
    assert row[0] == "unreadable"
    assert (row[1] == "?") is (field == "date") and (row[2] == "?") is (field == "expires")
    counts = "11 live, 2 scheduled, 2 expired, 1 draft, 1 unreadable"
    assert tsv.stdout.splitlines()[-1] == f"17 ideas: {counts}"
    assert tsv.stderr == "hub: 1 content error hides some ideas; run hub check\n"

    [halyard] = [i for i in json.loads(hub("list", "--now", NOW, "--format", "json").stdout)["ideas"]
                 if i["slug"] == "halyard-integration-one-year"]
    assert halyard["status"] == "unreadable" and halyard["unreadable"] == [field]
    assert halyard[field] is None

    table = hub("list", "--now", NOW, "--format", "table")
    assert "unreadable" in table.stdout and f"17 ideas: {counts}" in table.stdout
    check = hub("check", "--now", NOW)
    assert f"9 guidelines, 17 ideas: {counts} — failed." in check.output
    for output in (tsv.output, table.output, check.output, json.dumps(halyard)):
        assert "1970" not in output


def test_the_pull_request_summary_says_unreadable_and_counts_it(project: Path, hub: Callable[..., Result]) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "start")
    set_field(project, "date", "2026-12-32 09:00")
    report = hub("check", "--now", NOW, "--format", "markdown", "--changed-since", "main").output
    [row] = [line for line in report.splitlines() if "halyard-integration-one-year.md" in line
             and "<br>" in line]  # the ideas table (the problems table names the file too)
    assert "| **unreadable** | unknown: its date cannot be read (see the problems above) |" in row
    assert "17 ideas: 11 live, 2 scheduled, 2 expired, 1 draft, 1 unreadable — failed." in report
    assert "1970" not in report and "**live**" not in row


# -- point 5: every message fixed ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "message", "hint"), [
    ("2026-12-32 09:00", "'2026-12-32 09:00' is not a date: December 2026 has 31 days", DATE_FORM),
    ("2026-02-30 09:00", "'2026-02-30 09:00' is not a date: February 2026 has 28 days", DATE_FORM),
    ("2026-02-30", "'2026-02-30' is not a date: February 2026 has 28 days", DATE_FORM),
    ("2026-12-8", "'2026-12-8' is not a date: the day needs two digits",
     "write `2026-12-08`; dates take the form 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00)"),
    ("2026-12-08 9:00", "'2026-12-08 9:00' is not a date: the hour needs two digits",
     "write `2026-12-08 09:00`; dates take the form 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00)"),
    ("2026-13-01", "'2026-13-01' is not a date: there is no month 13 (months go from 01 to 12)", DATE_FORM),
    ("next tuesday", "'next tuesday' is not a date", DATE_FORM),
    ("5", "5 is not a date: it is a number", DATE_FORM),
    ("1800-01-01", "'1800-01-01' is not a date: out of range, hub handles the years 1900 to 9998", "check the year"),
])
def test_every_date_error_says_why_in_one_form(project: Path, hub: Callable[..., Result], value: str, message: str,
                                               hint: str) -> None:
    set_field(project, "date", value)
    [problem] = [p for p in problems(hub) if p["path"] == HALYARD]
    assert (problem["line"], problem["field"], problem["message"], problem["hint"]) == (5, "date", message, hint)


def test_a_file_elsewhere_in_content_is_named_with_where_it_must_be(project: Path, hub: Callable[..., Result]) -> None:
    """The trial: a new idea (content/ideas/) shows the chart of the example's idea, which is in content/ideas/2026/."""
    assert hub("new", "idea", "Energy follow-up", "--now", NOW).exit_code == 0
    idea = project / "content" / "ideas" / "energy-follow-up.md"
    idea.write_text(idea.read_text(encoding="utf-8") + "\n![Energy per build](ci-energy.svg)\n", encoding="utf-8")
    [problem] = [p for p in problems(hub) if p["path"] == "content/ideas/energy-follow-up.md" and not p["field"]
                 and "ci-energy" in str(p["message"])]
    assert problem["message"] == ("`ci-energy.svg` is not beside this idea: the file is at "
                                  "content/ideas/2026/ci-energy.svg (2026/ci-energy.svg from the idea)")
    assert problem["hint"] == ("move or copy it to content/ideas/ci-energy.svg, beside the idea, "
                               "and keep the link `ci-energy.svg`")
    assert problem["severity"] == "warning"


def test_a_new_guidelines_placeholder_hint_speaks_of_guidance(project: Path, hub: Callable[..., Result]) -> None:
    assert hub("new", "guideline", "Talking about pay", "--now", NOW).exit_code == 0
    found = [p for p in problems(hub) if p["path"] == "content/guidelines/talking-about-pay.md"]
    [body] = [p for p in found if p["field"] is None]
    assert body["hint"] == ("replace it with the guidance: what the page asks of people, short and concrete, "
                            "with an example")
    assert not any("idea" in str(p["hint"]) or "what happened" in str(p["hint"]) for p in found)


def test_the_preview_keeps_a_drafted_files_placeholders_as_a_reminder(project: Path, hub: Callable[..., Result]) -> None:
    assert hub("new", "idea", "A brand new idea", "--now", NOW).exit_code == 0
    set_field(project, "topics", "[enginering]")
    with pytest.raises(ContentError) as failed:
        checked_content(load_config(project), drafting=True)
    overlay = _describe(failed.value)
    assert overlay.startswith(f"{HALYARD}:7: error: topics: unknown topic `enginering`")
    assert "still holds the placeholder" not in overlay, "no placeholder counted as an error"
    assert "1 error, 0 warnings." in overlay
    assert overlay.splitlines()[-1].startswith("Still to write in content/ideas/a-brand-new-idea.md: 6 placeholders "
                                               "from `hub new` (lines ")


def test_hub_new_says_did_you_mean_and_writes_nothing(project: Path, hub: Callable[..., Result]) -> None:
    result = hub("new", "idea", "Energy", "--topic", "enginering")
    assert result.exit_code == 2
    assert result.output.startswith("hub: --topic: unknown value 'enginering'; did you mean \"engineering\"? (allowed: ")
    assert not (project / "content" / "ideas" / "energy.md").exists()
    result = hub("new", "idea", "Energy", "--lang", "fre")
    assert result.exit_code == 2 and "did you mean \"fr\"?" in result.output


@pytest.mark.parametrize(("words", "expected"), [
    ("hub new idea x --topic eng", ["engineering"]),
    ("hub new idea x --audience ", None),
    ("hub new idea x --channel link", ["linkedin"]),
    ("hub new idea x --lang ", ["en", "fr"]),
])
def test_shell_completion_offers_the_vocabularies(project: Path, words: str, expected: list[str] | None) -> None:
    config = load_config(project)
    if expected is None:
        expected = list(config.audiences.terms)
    done = run_hub(project, env={"_HUB_COMPLETE": "complete_bash", "COMP_WORDS": words,
                                 "COMP_CWORD": str(len(words.split(" ")) - 1)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected


def test_hub_new_describes_now_for_what_it_does(hub: Callable[..., Result]) -> None:
    for kind in ("idea", "guideline"):
        text = " ".join(hub("new", kind, "--help").output.split())
        assert "The date and time written into the new file" in text and "The instant to build for" not in text


@pytest.mark.parametrize("args", [("list", "--now", NOW), ("list", "--now", NOW, "--format", "json"),
                                  ("announce", "--dry-run", "--since", "30d", "--now", NOW, "--state", "s.json"),
                                  ("announce", "--dry-run", "--format", "json", "--since", "30d", "--now", NOW,
                                   "--state", "s.json")])
def test_a_closed_pipe_ends_quietly_with_the_right_exit_code(project: Path, args: tuple[str, ...]) -> None:
    """`hub … | head -1`: the reader goes away; here it closes before hub writes a byte, so hub's first write fails."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "\n  hub:\n", "\n  hub:\n    announce:\n      - {name: slack-all, kind: slack, webhook_env: HUB_SLACK}\n", 1),
        encoding="utf-8")
    process = subprocess.Popen([str(HUB), *args], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=300) == 0, errors
    assert "Traceback" not in errors and "BrokenPipe" not in errors and "Exception ignored" not in errors, errors
    head = subprocess.run(f"set -o pipefail; '{HUB}' {' '.join(args)} | head -1", shell=True, cwd=project,
                          capture_output=True, text=True, executable="/bin/bash", timeout=300)
    assert head.returncode == 0 and len(head.stdout.splitlines()) == 1, head.stderr


def test_a_closed_pipe_keeps_the_notice_and_exit_code_of_content_errors(project: Path) -> None:
    set_field(project, "topics", "[enginering]")
    process = subprocess.Popen([str(HUB), "list", "--now", NOW], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=300) == 1
    assert errors == "hub: 1 content error hides some ideas; run hub check\n"


@pytest.mark.parametrize(("topics", "counted"), [(["enginering"], "1 error, 0 warnings."),
                                                 (["enginering", "sustainabilty"], "2 errors, 0 warnings.")])
def test_counters_speak_english(project: Path, hub: Callable[..., Result], topics: list[str], counted: str) -> None:
    set_field(project, "topics", "[" + ", ".join(topics) + "]")
    output = hub("check", "--now", NOW).output
    assert counted in output and "(s)" not in output
    assert "9 guidelines, 17 ideas:" in output


def test_readme_contributing_and_hub_check_agree_on_angles_and_ids(project: Path, hub: Callable[..., Result]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "at least one, better two or more" in readme
    assert "at least one (`hub check` refuses an idea without), better two or more (one alone gets a warning)" \
        in contributing
    assert "at least two questions" not in contributing
    assert "hub new id" in readme and "`hub new id`" in contributing and "import uuid" not in contributing
    idea = project / HALYARD
    text = idea.read_text(encoding="utf-8")
    one = text.replace("  - What did you learn from watching people clock in and out on the shop floor?\n", "")
    idea.write_text(one, encoding="utf-8")
    [warning] = [p for p in problems(hub) if p["path"] == HALYARD]
    assert (warning["severity"], warning["message"]) == ("warning", "1 angle: give at least two ways in")
    idea.write_text(one.replace("  - What was the hardest part of connecting two products built by different teams "
                                "with different habits?\n", ""), encoding="utf-8")
    [error] = [p for p in problems(hub) if p["path"] == HALYARD and p["field"] == "angles"]
    assert error["severity"] == "error"
    new_id = subprocess.run([str(HUB), "new", "id"], capture_output=True, text=True, timeout=60)
    assert new_id.returncode == 0 and len(new_id.stdout.strip()) == 36
