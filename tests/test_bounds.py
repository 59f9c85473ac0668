"""Issue 22, point 7: every input has a bound, and the pull request pays first.

Each payload the review found (a fact of 8,000 `@`, a scheduled idea whose 128 KB body repeats `[a](`, `![` repeated,
a thousand nested list levels) and its near variants go through real `hub check` and `hub build` processes on a small
project written here. The tests assert the outcome: an error naming the file, line and field, with the limit and how to
fix it. The timeout only stops a hung run (before these bounds, some took minutes); speed is measured in bench/
(bench/bounds.py: the slowest body the bounds accept renders in about 0.3 s).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hub.content import bounds
from tests.conftest import ROOT

NOW = "2026-11-25T12:00:00+01:00"
GO_LIVE = "2026-12-01T10:00:00+01:00"
TIMEOUT = 120
"""Generous: a run takes about a second. Before the bounds, the same payloads took from 4 to 30 minutes."""

CONFIG = """\
site_name: Bounds
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
GUIDELINE = "---\ntitle: Your voice\nsummary: Write in your own words.\n---\nSay what you saw, in your own words.\n"
IDEA = """\
---
id: 0b0c4f4e-8c1e-4d57-9f0b-8f6c2b9d6a{n:02d}
title: Our CI now runs on 40% less energy
summary: Six months of small changes cut the build pipeline's electricity use by 40%.
date: {date}
topics: [energy]
audiences: [everyone]
channels: [linkedin]
lang: en
angles:
  - What did you change in your own work to save energy?
  - Which number surprised you most?
facts:
  - {fact}
---
{body}
"""
BODY_LINE = 16
FACT_LINE = 14


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small project: configuration, theme, one guideline and one live idea."""
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    (tmp_path / "content" / "guidelines").mkdir(parents=True)
    (tmp_path / "content" / "guidelines" / "voice.md").write_text(GUIDELINE, encoding="utf-8")
    idea(tmp_path, "live", n=1)
    return tmp_path


def idea(root: Path, name: str, *, n: int, date: str = "",
         fact: str = "The median build is five minutes faster.", body: str = "Six months of small changes.") -> str:
    """Write an idea; returns its path as hub prints it."""
    path = root / "content" / "ideas" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    date = date or f"2026-11-20 09:{n:02d}"  # each idea its own minute
    path.write_text(IDEA.format(n=n, date=date, fact=fact, body=body), encoding="utf-8")
    return f"content/ideas/{name}.md"


def hub(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=root, capture_output=True, text=True,
                          timeout=TIMEOUT)


def check(root: Path, now: str = NOW) -> subprocess.CompletedProcess[str]:
    return hub(root, "check", "content", "--now", now)


def test_the_small_project_is_clean(site: Path) -> None:
    result = check(site)
    assert result.returncode == 0, result.stdout
    assert "problem" not in result.stdout and "warning" not in result.stdout, result.stdout


def test_a_fact_of_8000_at_signs_is_refused_on_its_line(site: Path) -> None:
    """The stance lint's old address pattern was cubic: this fact made `hub check` run four minutes."""
    path = idea(site, "mentions", n=2, fact="'" + "@" * 8000 + "'")
    result = check(site)
    assert result.returncode == 1, result.stdout[-2000:]
    assert f"{path}:{FACT_LINE}: error: facts: `facts` item 1 is 8,000 characters; at most 500" in result.stdout
    assert "hint: shorten it: one question or one fact per item" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_fact_of_at_signs_within_the_limit_is_linted_quickly(site: Path) -> None:
    """Under the size limit the lint still reads it, in one pass: an @mention it is not, and it says so once."""
    path = idea(site, "mentions", n=2, fact="'" + "@" * 499 + "'")
    result = check(site)
    assert result.returncode == 0, result.stdout[-2000:]
    assert f"{path}:{FACT_LINE}: warning: facts: `facts` item 1 is 499 characters" in result.stdout
    assert "reads as a post to copy" not in result.stdout  # `@@@…` names no one


def test_a_scheduled_body_of_128_kb_fails_the_pull_request_not_the_deploy(site: Path) -> None:
    """Before: 1 s at pull-request time (the idea is not built yet), 179 s on its go-live date (the deploy timed out).
    Now the check refuses it on the day it is proposed, and a build on its date refuses it the same way, at once."""
    path = idea(site, "scheduled", n=2, date="2026-12-01 09:00", body="[a](" * 32_768)
    result = check(site)
    assert result.returncode == 1, result.stdout[-2000:]
    assert f"{path}:{BODY_LINE}: error: the body is 131,073 characters; at most 32,000" in result.stdout  # and its line end
    assert "hint: split it into two pages or ideas" in result.stdout
    assert "1 scheduled" in result.stdout
    built = hub(site, "build", "--now", GO_LIVE, "--out", str(site / "site"))
    assert built.returncode == 1, built.stderr[-2000:]
    assert f"{path}:{BODY_LINE}: error: the body is 131,073 characters" in built.stdout
    assert not (site / "site").exists()


def test_a_scheduled_body_within_the_size_limit_but_slow_to_render_fails_the_check(site: Path) -> None:
    """30,000 characters of `[a](` in one paragraph: Python-Markdown's inline patterns are quadratic in it."""
    path = idea(site, "scheduled", n=2, date="2026-12-01 09:00", body="[a](" * 7_500)
    result = check(site)
    assert result.returncode == 1, result.stdout[-2000:]
    assert (f"{path}:{BODY_LINE}: error: a paragraph holds more than {bounds.PARAGRAPH_OPENERS} links, images or "
            "HTML tags (`[` or `<`)") in result.stdout
    assert "make it a list with one link per item" in result.stdout


def test_image_openers_are_bounded_in_a_body_and_in_a_field(site: Path) -> None:
    """`"![" * n` was quadratic in `hub check` (the reference-image pattern scanned to the line's end at each `![`)."""
    body = idea(site, "images", n=2, body="![" * 15_000)
    field = idea(site, "images-fact", n=3, fact="'" + "![" * 200 + "'")
    result = check(site)
    assert result.returncode == 1, result.stdout[-2000:]
    assert f"{body}:{BODY_LINE}: error: a paragraph holds more than {bounds.PARAGRAPH_OPENERS} links" in result.stdout
    assert (f"{field}:{FACT_LINE}: error: facts: `facts` item 1 holds more than {bounds.PARAGRAPH_OPENERS} links, "
            "images or HTML tags") in result.stdout


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        # 1,000 nested list levels took 710 MB: the file is far above the size hub reads.
        ("".join("  " * i + "- a\n" for i in range(1000)), None, "the file is larger than 256 KB: hub does not read it"),
        # 12 levels: within the size, beyond the nesting; the line is the first one too deep.
        ("".join("    " * i + "- a\n" for i in range(12)), BODY_LINE + 10,
         f"lists or block quotes nest more than {bounds.NESTING} levels deep"),
        ("> " * 40 + "a\n", BODY_LINE, f"lists or block quotes nest more than {bounds.NESTING} levels deep"),
        ("> - " * 6 + "a\n", BODY_LINE, f"lists or block quotes nest more than {bounds.NESTING} levels deep"),
        ("*a " * 3000 + "x" + " a*" * 3000, BODY_LINE, "a paragraph holds more than 128 `*` or `_` (emphasis markers)"),
        (("<a " + "x" * 200 + "\n\n") * 40, BODY_LINE, "the body has 40 `<` that open an HTML tag and never close it"),
    ],
    ids=["1000-list-levels", "12-list-levels", "40-quotes", "quotes-and-lists", "nested-emphasis", "unclosed-tags"],
)
def test_nesting_and_shapes_are_refused_before_markdown(site: Path, body: str, line: int | None, words: str) -> None:
    path = idea(site, "shape", n=2, date="2026-12-01 09:00", body=body)
    result = check(site)
    assert result.returncode == 1, result.stdout[-2000:]
    where = f"{path}:{line}" if line else path
    assert f"{where}: error: {words}" in result.stdout, result.stdout[-2000:]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("title", "T" * 201, "`title` is 201 characters; at most 200"),
        ("summary", "S" * 1001, "`summary` is 1,001 characters; at most 1,000"),
        ("angles", "\n" + "".join(f"  - Question {i}?\n" for i in range(21)), "`angles` has 21 items; at most 20"),
        ("contact", "'" + "c" * 201 + "'", "`contact` is 201 characters; at most 200"),
    ],
)
def test_each_field_has_a_size_limit(site: Path, field: str, value: str, words: str) -> None:
    path = site / idea(site, "big", n=2)
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if not line.startswith(f"{field}:")]
    lines.insert(2, f"{field}: {value}".rstrip("\n"))
    path.write_text("\n".join(lines), encoding="utf-8")
    result = check(site)
    assert result.returncode == 1, result.stdout[-2000:]
    assert f"content/ideas/big.md:3: error: {field}: {words}" in result.stdout, result.stdout[-2000:]


def test_a_scheduled_body_at_the_bounds_passes_the_check_and_builds_on_its_date(site: Path) -> None:
    """The bounds, not a render in `hub check` (which imports no Markdown), keep the deploy safe: the slowest body
    they accept (31 paragraphs of 32 links, 31,800 characters) builds on its go-live date like any other."""
    paragraph = "[a](https://example.org/) " * 32 + "x" * 100
    path = idea(site, "scheduled", n=2, date="2026-12-01 09:00", body="\n\n".join([paragraph] * 31))
    result = check(site)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 scheduled" in result.stdout
    built = hub(site, "build", "--now", GO_LIVE, "--out", str(site / "site"))
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    page = (site / "site" / "ideas" / "scheduled" / "index.html").read_text(encoding="utf-8")
    assert page.count('href="https://example.org/"') >= 31 * 32
    assert path.endswith("scheduled.md")


def test_one_file_reports_at_most_50_problems_then_counts_the_rest(site: Path) -> None:
    """A body of 200 links to missing files: 50 lines, then one that counts the other 150."""
    path = idea(site, "links", n=2, body="".join(f"- [file](missing-{i}.pdf)\n" for i in range(200)))
    result = hub(site, "check", "content", "--now", NOW, "--format", "json")
    import json

    mine = [p for p in json.loads(result.stdout)["problems"] if p["path"] == path]
    assert len(mine) == 51
    assert mine[0]["message"] == "150 more problems in this file are not shown"
    assert [p["line"] for p in mine[1:]] == list(range(BODY_LINE, BODY_LINE + 50))
