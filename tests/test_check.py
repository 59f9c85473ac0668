"""`hub check`: every problem at once, with file, line, field and a fix; exit codes 0, 1, 2."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

INVALID = SAMPLES / "invalid"
IDEAS = "tests/samples/invalid/content/ideas/"

# (file, line, field, severity, words the message must contain) — one row per error kind of the issue.
EXPECTED = [
    ("ask-without-contact.md", 12, "sensitivity", "error", "needs a `contact`"),
    ("b/same-slug.md", 1, None, "error", "duplicate idea slug `same-slug`, also used by " + IDEAS + "a/same-slug.md"),
    ("bad-date.md", 5, "date", "error", "'next tuesday' is not a date"),
    ("broken-image.md", 18, None, "warning",
     "`missing-chart.png` is not a file beside this idea (in tests/samples/invalid/content/ideas/)"),
    ("correction-alone.md", 6, "correction", "error", "`correction` needs `updated`"),
    ("duplicate-id-2.md", 2, "id", "error", "duplicate id 11111111-1111-4111-8111-111111111111, already used by "
     + IDEAS + "duplicate-id-1.md (this file is the newer: its `date` is later)"),
    ("duplicate-key.md", 4, "title", "error", "`title` is given twice (first on line 3)"),
    ("duplicate-key.md", 6, "date", "error", "'the 28th' is not a date"),  # the field given twice hides nothing
    ("empty-body.md", 13, None, "error", "the body is empty"),
    ("empty-summary.md", 4, "summary", "error", "`summary` is required and missing or empty"),
    ("expires-before.md", 12, "expires", "error", "`expires` (2026-10-01) is not after `date`"),
    ("http-link.md", 13, "links", "warning", "is not https: http://example.com/"),
    ("impossible-date.md", 5, "date", "error", "'2026-13-45' is not a date: there is no month 13 (months go from 01 to 12)"),
    ("latin-1.md", 3, None, "error", "not valid UTF-8 (byte 0xe9 at line 3)"),
    ("long-angle.md", 11, "angles", "warning", "long enough to be pasted as a post"),
    ("long-angle.md", 11, "angles", "warning", "reads as a post to copy: an announcement (“proud to share”)"),
    ("missing-guideline.md", 12, "guidelines", "error", "no guideline page `be-yoursef`"),
    ("missing-title.md", 1, "title", "error", "`title` is required"),
    ("no-angles.md", 1, "angles", "error", "no angles: an idea is its ways in"),
    ("no-front-matter.md", 1, None, "error", "no front matter"),
    ("one-angle.md", 9, "angles", "warning", "1 angle: give at least two ways in"),
    ("placeholder-link.md", 13, "links", "error", "`links` item 1 still holds the placeholder written by `hub new`"),
    ("placeholder-link.md", 15, "links", "error", "`links` item 2 still holds the placeholder"),
    ("placeholder-link.md", 19, "links", "error", "`links` item 4 still holds the placeholder"),
    ("post-to-copy.md", 11, "angles", "warning",
     "`angles` item 1 reads as a post to copy: a hashtag, an exclamation mark, an announcement (“proud to share”)"),
    ("post-to-copy.md", 14, "facts", "warning",
     "`facts` item 1 reads as a post to copy: an @mention, an announcement (« ravi de vous annoncer »)"),
    ("tab-indent.md", 13, None, "error", "front matter is not valid YAML"),
    ("unknown-key.md", 12, "sumary", "error", "unknown field `sumary`"),
    ("unknown-topic.md", 6, "topics", "error", "unknown topic `opensource`"),
    ("updated-before-date.md", 6, "updated", "error", "`updated` (2026-11-20 10:00) is before `date` (2026-11-25 09:00)"),
    ("wrong-type.md", 12, "draft", "error", "`draft` must be true or false, got 'maybe'"),
]
HINTS = {
    "bad-date.md": "2026-11-25 09:30",
    "missing-guideline.md": 'did you mean "be-yourself"?',
    "tab-indent.md": "does not allow tabs",
    "unknown-key.md": 'did you mean "summary"?',
    "unknown-topic.md": 'did you mean "open-source"?',
    "long-angle.md": "readers notice and the voice stops being credible",
    "latin-1.md": "save it as UTF-8",
    "duplicate-id-2.md": "run `hub new id` to print a fresh one",
    "post-to-copy.md": "Turn it into a question",
}


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def test_example_content_is_clean(in_root: Path, hub) -> None:
    result = hub("check", "content", "--now", "2026-11-25T12:00:00+01:00", "--strict")
    assert result.exit_code == 0, result.output
    assert "12 live, 2 scheduled, 2 expired, 1 draft" in result.output


def test_every_problem_is_reported_at_once_with_file_line_and_field(in_root: Path, hub) -> None:
    before = tree_digest(INVALID)
    result = hub("check", "tests/samples/invalid/content", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    got = [(p["path"].removeprefix(IDEAS), p["line"], p["field"], p["severity"], p["message"]) for p in problems]
    assert len(got) == len(EXPECTED), "\n".join(map(str, got))
    for (path, line, field, severity, words), (gpath, gline, gfield, gseverity, gmessage) in zip(EXPECTED, got, strict=True):
        assert (gpath, gline, gfield, gseverity) == (path, line, field, severity), gmessage
        assert words in gmessage
    for p in problems:
        name = p["path"].removeprefix(IDEAS)
        if name in HINTS:
            assert HINTS[name] in p["hint"], p
    assert tree_digest(INVALID) == before, "hub check must never write under content/"


def test_text_format_names_file_line_and_fix(in_root: Path, hub) -> None:
    result = hub("check", "tests/samples/invalid/content")
    assert result.exit_code == 1
    assert f"{IDEAS}unknown-topic.md:6: error: topics: unknown topic `opensource`" in result.output
    assert 'hint: did you mean "open-source"?' in result.output
    assert f"{IDEAS}tab-indent.md:13:1: error: front matter is not valid YAML" in result.output
    assert "24 errors, 7 warnings." in result.output
    assert "Traceback" not in result.output


GITHUB_COMMAND = re.compile(r"^::(error|warning) file=([^,:]+),line=(\d+)(?:,col=(\d+))?,title=([^,:]*)::(.*)$")


def test_github_annotations(in_root: Path, hub) -> None:
    result = hub("check", "tests/samples/invalid/content", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == len(EXPECTED)
    for line, (path, number, _, severity, _) in zip(lines, EXPECTED, strict=True):
        match = GITHUB_COMMAND.match(line)
        assert match, line
        assert match.group(1) == severity
        assert match.group(2) == IDEAS + path
        assert int(match.group(3)) == number
        assert "\n" not in match.group(6) and "\r" not in match.group(6)
    # The hint travels on a second line of the message, escaped as %0A.
    assert any("%0A" in line for line in lines)


def test_github_escaping() -> None:
    from hub.problems import Problem, format_github

    line = format_github(Problem("a,b:c.md", 3, "x", "50% done\r\nnext: one, two", "fix"))
    # A line break inside a value is written as its escape, as in every format: only the hint starts a new line.
    assert line == "::error file=a%2Cb%3Ac.md,line=3,title=hub check%3A x::50%25 done\\r\\nnext: one, two%0Afix"


def test_strict_fails_on_warnings(tmp_path: Path, hub, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p"
    shutil.copytree(INVALID, project)
    for name in list((project / "content/ideas").rglob("*.md")):
        if name.name not in ("valid.md", "one-angle.md"):
            name.unlink()
    monkeypatch.chdir(project)
    assert hub("check", "content").exit_code == 0
    strict = hub("check", "content", "--strict")
    assert strict.exit_code == 1
    assert "1 angle: give" in strict.output


def test_windows_files_with_bom_crlf_accents_emoji_and_rtl(tmp_path: Path, hub, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p"
    shutil.copytree(INVALID, project, ignore=shutil.ignore_patterns("ideas"))
    (project / "content/ideas").mkdir()
    text = (
        "---\nid: 9b2f0c3e-5a4d-4c1b-8e7f-6a5b4c3d2e1f\ntitle: Café « déjà » 🌱\nsummary: مرحبا بالعالم, שלום\n"
        "date: 2026-11-02 09:00\ntopics: [open-source]\nangles:\n  - Qu’avez-vous appris ?\n  - Et vous ?\n---\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.\n"
    )
    (project / "content/ideas/windows.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    monkeypatch.chdir(project)
    result = hub("check", "content", "--strict", "--format", "json")
    assert result.exit_code == 0, result.output

    from hub.config import load_config
    from hub.content.load import load_content

    idea = load_content(load_config(project)).content.ideas[0]
    assert idea.title == "Café « déjà » 🌱"
    assert idea.summary == "مرحبا بالعالم, שלום"
    assert "\r" not in idea.body and idea.body.startswith("| a | b |")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("site_name: x\nsite_url: not a url\n", "site_url"),
        ("site_url: https://a.example/\n", "site_name"),
        ("site_name: x\nsite_url: https://a.example/\nextra: {hub: {timezone: Mars/Olympus}}\n", "extra.hub.timezone"),
        ("site_name: x\nsite_url: https://a.example/\nextra: {hub: {topics: {Bad Key: x}}}\n", "extra.hub.topics.Bad Key"),
        ("site_name: [unclosed\n", "not valid YAML"),
    ],
)
def test_broken_config_is_exit_2_naming_the_key(tmp_path: Path, hub, monkeypatch: pytest.MonkeyPatch,
                                                 yaml_text: str, message: str) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(yaml_text)
    monkeypatch.chdir(tmp_path)
    result = hub("check", "content")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_usage_errors_are_exit_2(in_root: Path, hub) -> None:
    assert hub("check", "--now", "yesterday").exit_code == 2
    assert hub("check", "--format", "xml").exit_code == 2
    assert hub("list", "--status", "gone").exit_code == 2
