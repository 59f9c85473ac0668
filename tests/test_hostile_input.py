"""Hostile content through the real CLI: YAML bombs, deep nesting, impossible dates, invisible characters, odd bytes.

Each rule of issue 12 (points 6, 7 and 9) has its test: a clear message with file and line, exit 1 (content) or
2 (usage), bounded output, and never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from hub.content.front_yaml import load_yaml
from tests.test_check import tree_digest

NOW = "2026-11-25T12:00:00+01:00"
FOLDER = "content/ideas/hostile"
IDEA = """---
id: {id}
title: {title}
summary: A summary.
date: 2026-10-03 07:{minute:02d}
topics: [open-source]
audiences: [everyone]
channels: [linkedin]
angles:
  - What did you learn?
  - What surprised you?
{extra}---

{body}
"""


def write_idea(project: Path, name: str, extra: str = "", *, body: str = "Some context.", title: str = "A hostile idea",
               minute: int = 1) -> str:
    """An otherwise valid idea with `extra` front-matter lines (line 12 on); returns its path as hub prints it."""
    path = project / FOLDER / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = IDEA.format(id=uuid.uuid5(uuid.NAMESPACE_URL, name), title=title, minute=minute, extra=extra, body=body)
    path.write_text(text, encoding="utf-8")
    return f"{FOLDER}/{name}.md"


def run_hub(project: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The `hub` command in its own process, as an editor or CI runs it."""
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=project, capture_output=True, text=True,
                          timeout=timeout)


def problems_of(hub, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = hub("check", "content", "--now", NOW, "--format", "json", *args)
    return result.exit_code, json.loads(result.output)["problems"]


def mine(problems: list[dict[str, object]]) -> list[dict[str, object]]:
    return [p for p in problems if str(p["path"]).startswith(FOLDER)]


# Anchors and aliases, each with the line (and column) where it starts. The last two go through PyYAML's own
# construction (a merge key, an explicit tag), not hub's fast path: the refusal holds there too.
ANCHOR_CASES = {
    "anchor": ("facts: &f\n  - A fact\n", 12),
    "alias": ("facts:\n  - &x A fact\n  - *x\n", 13),
    "merge-key": ('links:\n  - &base {title: A, url: "https://example.com/"}\n  - <<: *base\n    title: B\n', 13),
    "tagged": ("facts: !!seq [&y a, *y]\n", 12),
}


def test_anchors_and_aliases_are_refused_with_file_and_line(project: Path, hub) -> None:
    for name, (extra, _) in ANCHOR_CASES.items():
        write_idea(project, name, extra, minute=len(name))
    code, problems = problems_of(hub)
    assert code == 1
    found = {str(p["path"]): p for p in mine(problems)}
    for name, (extra, line) in ANCHOR_CASES.items():
        problem = found.pop(f"{FOLDER}/{name}.md")
        assert problem["line"] == line, problem
        assert "hub refuses anchors and aliases" in str(problem["message"]), problem
        assert problem["severity"] == "error"
        value, findings = load_yaml("\n" + extra)  # the loader itself, whatever path would build the value
        assert value is None and findings and "refuses anchors" in findings[0].message
    assert not found, found  # one problem per file: nothing else is read from a refused front matter
    # Text with & and * in it is not an anchor.
    write_idea(project, "ampersand", 'facts:\n  - R&D grew *a lot*\n  - "*Starred* text"\n  - "&amp; more"\n', minute=40)
    code, problems = problems_of(hub)
    assert not [p for p in mine(problems) if "ampersand" in str(p["path"])]


def test_a_500_byte_file_cannot_print_gigabytes(project: Path) -> None:
    """The nine-level alias chain of the issue printed 2.8 GB in 58 s; now one line, at once."""
    levels = "abcdefghi"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip(levels, levels[1:], strict=False)]
    bomb = "---\n" + "\n".join(lines) + "\ntitle: *i\n---\nbody\n"
    assert len(bomb.encode()) <= 500
    path = project / FOLDER / "bomb.md"
    path.parent.mkdir(parents=True)
    path.write_text(bomb, encoding="utf-8")
    start = time.monotonic()
    result = run_hub(project, "check", "--now", NOW, timeout=30)
    elapsed = time.monotonic() - start
    assert result.returncode == 1
    assert f"{FOLDER}/bomb.md:2:4: error: front matter uses the YAML anchor `&a`" in result.stdout
    assert len(result.stdout) + len(result.stderr) < 1000, result.stdout
    assert "Traceback" not in result.stderr
    assert elapsed < 10, f"{elapsed:.1f} s"  # about 0.5 s: the time to start Python


def test_every_message_quotes_a_bounded_excerpt(project: Path, hub) -> None:
    huge = 50_000
    extra = "".join([
        f"draft: {'x' * huge}\n",
        f"sensitivity: {'s' * huge}\n",
        f"lang: {'l' * huge}\n",
        f"contact: [{', '.join(['c'] * huge)}]\n",
        f"? {'k' * huge}\n: 1\n",  # a plain key is at most 1024 characters: this is the explicit form
        "links:\n",
        f"  - url: {'u' * huge}\n",
        f"  - url: http://{'h' * huge}.example\n",
        f"    ? {'q' * huge}\n    : 2\n",
        f"image: [{'i' * huge}]\n",
    ])
    write_idea(project, "huge", extra)
    (project / FOLDER / "huge.md").write_text(
        (project / FOLDER / "huge.md").read_text(encoding="utf-8")
        .replace("[open-source]", f"[{'t' * huge}]")
        .replace("2026-10-03 07:01", "d" * huge)
        .replace(f"id: {uuid.uuid5(uuid.NAMESPACE_URL, 'huge')}", "id: " + "0" * huge), encoding="utf-8")
    result = hub("check", "content", "--now", NOW, "--format", "json")
    assert result.exit_code == 1
    problems = mine(json.loads(result.output)["problems"])
    assert len(problems) >= 10, problems
    for problem in problems:
        assert len(str(problem["message"])) <= 250, str(problem["message"])[:300]
        assert len(str(problem["field"] or "")) <= 40, str(problem["field"])[:100]
    cut = [p["message"] for p in problems if "…" in str(p["message"])]
    assert len(cut) >= 8, [m[:120] for m in map(str, cut)]
    assert len(result.output) < 10_000


def test_deep_nesting_is_a_problem_with_its_line_never_a_recursion_error(project: Path, hub) -> None:
    flow = write_idea(project, "deep-flow", "facts: " + "[" * 5000 + "]" * 5000 + "\n", minute=2)
    block = write_idea(project, "deep-block", "facts:\n" + "".join("  " * i + "- x:\n" for i in range(1, 60)), minute=3)
    some = write_idea(project, "some-flow", "facts: " + "[" * 30 + "a" + "]" * 30 + "\n", minute=4)
    code, problems = problems_of(hub)
    assert code == 1
    by_path = {str(p["path"]): p for p in mine(problems)}
    assert by_path[flow]["line"] == 12 and "not valid YAML" in str(by_path[flow]["message"])
    for path in (block, some):
        assert int(str(by_path[path]["line"])) >= 12
        assert "nests lists or maps more than 20 levels deep" in str(by_path[path]["message"]), by_path[path]
    for path in (flow, block, some):
        (project / path).unlink()

    # Thousands of `*` in a body: Python-Markdown recurses once per level. The build says so, without a traceback.
    write_idea(project, "deep-emphasis", body="*" * 5000 + "x" + "*" * 5000, minute=5)
    result = run_hub(project, "build", "--now", NOW, "--out", str(project / "site"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "nests Markdown too deeply to render" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_out_of_range_dates_are_problems(project: Path, hub) -> None:
    expires = write_idea(project, "far-expiry", "expires: 9999-12-31\n", minute=6)
    early = write_idea(project, "year-one", minute=7)
    path = project / early
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-10-03 07:07", "date: 0001-01-01T00:00+01:00"),
                    encoding="utf-8")
    code, problems = problems_of(hub)
    assert code == 1
    got = {(p["path"], p["line"], p["field"]): str(p["message"]) for p in mine(problems)}
    assert "is not a date: out of range, hub handles the years 1900 to 9998" in got[(expires, 12, "expires")]
    assert "out of range" in got[(early, 5, "date")]
    for command in (["build", "--out", str(project / "site")], ["list"]):
        result = run_hub(project, *command, "--now", NOW)
        assert result.returncode == 1, (command, result.stderr[-1500:])
        assert "Traceback" not in result.stdout + result.stderr
    far_now = hub("check", "content", "--now", "9999-12-31T23:00-05:00")
    assert far_now.exit_code == 2 and "--now: '9999-12-31T23:00-05:00' is out of range" in far_now.output


@pytest.mark.parametrize(("data", "line", "words"), [
    (b"---\ntitle: caf\xe9\n---\nbody\n", 2, "not valid UTF-8 (byte 0xe9 at line 2)"),
    (b"\xff\xfe-\x00-\x00-\x00\n\x00", 1, "not valid UTF-8 (byte 0xff at line 1)"),  # UTF-16
    (b"---\ntitle: a\x00b\n---\nbody\n", 2, "front matter is not valid YAML"),
    (b"---\ntitle: \x1b[31mred\n---\nbody\n", 2, "front matter is not valid YAML"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "not valid UTF-8"),
])
def test_undecodable_and_control_bytes_are_problems(project: Path, hub, data: bytes, line: int, words: str) -> None:
    path = project / FOLDER / "bytes.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    code, problems = problems_of(hub)
    assert code == 1
    [problem] = mine(problems)
    assert (problem["line"], problem["severity"]) == (line, "error") and words in str(problem["message"]), problem


def test_the_cli_edge_turns_a_stray_os_error_or_recursion_error_into_one_line(project: Path) -> None:
    # A folder nothing may be created in: whatever the build does first, the answer is one line, no traceback.
    result = run_hub(project, "build", "--now", NOW, "--out", "/proc/hub-cannot-write-here/site")
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr and result.stderr.startswith("hub: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    # Loading the content runs out of stack (made to, deep inside the loader): the last-resort guard answers, in one line.
    script = ("import sys; import hub.content.load; from hub.cli import main\n"
              "def deep(*args, **kwargs):\n    return deep(*args, **kwargs)\n"
              "hub.content.load.read_document = deep\n"
              f"sys.argv = ['hub', 'check', '--now', {NOW!r}]; main()")
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("hub: stopped: something in the content nests too deeply")


def test_flow_style_duplicate_keys_are_reported_like_block_style_ones(project: Path, hub) -> None:
    flow = write_idea(project, "flow-dup", 'links: [{title: A, title: B, url: "https://example.com/"}]\n', minute=8)
    nested = write_idea(project, "nested-dup", 'links:\n  - title: A\n    url: "https://example.com/"\n    title: B\n',
                        minute=9)
    whole = project / FOLDER / "whole-flow.md"
    whole.write_text("---\n{title: A, summary: S, title: B}\n---\nbody\n", encoding="utf-8")
    code, problems = problems_of(hub)
    assert code == 1
    got = {str(p["path"]): p for p in mine(problems)}
    assert got[flow]["line"] == 12 and got[flow]["column"] == 20 and got[flow]["field"] == "links"
    assert "`title` is given twice in `links` (first on line 12)" in str(got[flow]["message"])
    assert got[nested]["line"] == 15 and "(first on line 13)" in str(got[nested]["message"])
    assert got[f"{FOLDER}/whole-flow.md"]["line"] == 2 and got[f"{FOLDER}/whole-flow.md"]["field"] == "title"
    assert "`title` is given twice (first on line 2)" in str(got[f"{FOLDER}/whole-flow.md"]["message"])


def test_bidi_control_characters_in_any_text_field_get_a_warning(project: Path, hub) -> None:
    path = write_idea(project, "bidi", "facts:\n  - \u2066isolated\u2069 fact\n  - Price &#x202E;001\n"
                      'links:\n  - title: "\u202bembedded"\n    url: https://example.com/reports/2026\n',
                      title='"invoice\\u202egnp.exe"', minute=10,
                      body="Fine line.\n\nA \u202ereversed\u202c line.\n\nAn &#8238;entity.")
    marks = write_idea(project, "marks", title="\u05e9\u05dc\u05d5\u05dd\u200f (Hebrew with a right-to-left mark)",
                       minute=11)
    code, problems = problems_of(hub)
    assert code == 0
    got = sorted((p["line"], p["field"], p["severity"], str(p["message"]).split(" contains ")[0]) for p in mine(problems)
                 if p["path"] == path)
    assert got == [(3, "title", "warning", "`title`"), (13, "facts", "warning", "`facts`"),
                   (14, "facts", "warning", "`facts`"), (16, "links", "warning", "`links`"),
                   (22, None, "warning", "the body"), (24, None, "warning", "the body")]
    assert all("invisible bidirectional control character U+20" in str(p["message"]) for p in mine(problems))
    assert not [p for p in mine(problems) if p["path"] == marks]  # U+200F only steers neutral characters
    result = hub("check", "content", "--now", NOW, "--strict")
    assert result.exit_code == 1
    assert "U+202E" in result.output and "\u202e" not in result.output


@pytest.mark.parametrize("title", ["Two\nlines", "Carriage\rreturn", "Line\u2028separator", "Tab\there"])
def test_new_refuses_a_title_that_is_not_one_line(project: Path, hub, title: str) -> None:
    before = tree_digest(project / "content")
    for command in (["new", "idea", title, "--now", NOW], ["new", "guideline", title, "--now", NOW]):
        result = hub(*command)
        assert result.exit_code == 2, result.output
        assert "write it on one line (nothing was written)" in result.output
    assert tree_digest(project / "content") == before
