"""`hub check --format markdown`: the summary an editor reads on a pull request, escaped, with the changed ideas."""

# ruff: noqa: E501 - the expected Markdown lines are table rows, compared whole

from __future__ import annotations

import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from hub.commands.report import code, escape, inline
from tests.conftest import NOW, ROOT, copy_project

P = "tests/samples/invalid/content/ideas/"

# Written by hand from the invalid samples (tests/test_check.py lists the same problems): errors first, then
# warnings, each group in file order; the field as code, the message's quoted values as code, the rest as text.
EXPECTED_INVALID = f"""\
## ❌ Content check: 24 errors, 7 warnings

|  | File and line | What is wrong | How to fix it |
| --- | --- | --- | --- |
| **Error** | `{P}ask-without-contact.md:12` | `sensitivity`: `sensitivity: ask` needs a `contact`: whom to talk to first | add a line `contact: Name, team (email)` |
| **Error** | `{P}b/same-slug.md:1` | duplicate idea slug `same-slug`, also used by {P}a/same-slug.md | rename one of the files: both would be published at the same address |
| **Error** | `{P}bad-date.md:5` | `date`: 'next tuesday' is not a date | write it as 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00) |
| **Error** | `{P}correction-alone.md:6` | `correction`: `correction` needs `updated`, the date of the fix | add `updated: 2026-11-26 14:00` so feed readers show the idea as changed |
| **Error** | `{P}duplicate-id-2.md:2` | `id`: duplicate id 11111111-1111-4111-8111-111111111111, already used by {P}duplicate-id-1.md (this file is the newer: its `date` is later) | give this idea its own id (run `hub new id` to print a fresh one; copying a file copies its id), and keep {P}duplicate-id-1.md's: feed readers already know that idea by it |
| **Error** | `{P}duplicate-key.md:4` | `title`: `title` is given twice (first on line 3); only the last one would count | keep one of them |
| **Error** | `{P}duplicate-key.md:6` | `date`: 'the 28th' is not a date | write it as 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00) |
| **Error** | `{P}empty-body.md:13` | the body is empty | write the context below the closing --- line: what happened, why it matters |
| **Error** | `{P}empty-summary.md:4` | `summary`: `summary` is required and missing or empty | add a line `summary: …` to the front matter |
| **Error** | `{P}expires-before.md:12` | `expires`: `expires` (2026-10-01) is not after `date` (2026-11-07 09:00) | set `expires` later than `date`, or remove it |
| **Error** | `{P}impossible-date.md:5` | `date`: '2026-13-45' is not a date: there is no month 13 (months go from 01 to 12) | write it as 2026-11-25 or 2026-11-25 09:30 (optionally with +01:00) |
| **Error** | `{P}latin-1.md:3` | the file is not valid UTF-8 (byte 0xe9 at line 3) | save it as UTF-8 (in most editors: Save As, Encoding: UTF-8); files from old Windows editors are often Latin-1 or Windows-1252 |
| **Error** | `{P}missing-guideline.md:12` | `guidelines`: no guideline page `be-yoursef` | did you mean "be-yourself"? (a guideline's name is its file name in content/guidelines/, without .md) |
| **Error** | `{P}missing-title.md:1` | `title`: `title` is required and missing or empty | add a line `title: …` to the front matter |
| **Error** | `{P}no-angles.md:1` | `angles`: no angles: an idea is its ways in | add `angles:` with two or more prompts such as 'What surprised you when…?', one `- …` per line |
| **Error** | `{P}no-front-matter.md:1` | no front matter: the file must start with a line of three dashes (---) | start the file with a line `---`, then the fields (`title: …`), then another `---` line |
| **Error** | `{P}placeholder-link.md:13` | `links`: `links` item 1 still holds the placeholder written by `hub new` | give the title and the https:// address of the public source the facts come from, or remove the item |
| **Error** | `{P}placeholder-link.md:15` | `links`: `links` item 2 still holds the placeholder written by `hub new` | give the title and the https:// address of the public source the facts come from, or remove the item |
| **Error** | `{P}placeholder-link.md:19` | `links`: `links` item 4 still holds the placeholder written by `hub new` | give the title and the https:// address of the public source the facts come from, or remove the item |
| **Error** | `{P}tab-indent.md:13` | front matter is not valid YAML: found character that cannot start any token (while scanning for the next token) | YAML does not allow tabs for indentation: indent with spaces |
| **Error** | `{P}unknown-key.md:12` | `sumary`: unknown field `sumary` | did you mean "summary"?; remove it if it is not a typo |
| **Error** | `{P}unknown-topic.md:6` | `topics`: unknown topic `opensource` | did you mean "open-source"? (the topics are defined in mkdocs.yml, extra.hub.topics) |
| **Error** | `{P}updated-before-date.md:6` | `updated`: `updated` (2026-11-20 10:00) is before `date` (2026-11-25 09:00) | a correction comes after publication: give the day and time of the fix, such as `updated: 2026-11-26 14:00` |
| **Error** | `{P}wrong-type.md:12` | `draft`: `draft` must be true or false, got 'maybe' | write `draft: true` or remove the line |
| Warning | `{P}broken-image.md:18` | `missing-chart.png` is not a file beside this idea (in tests/samples/invalid/content/ideas/) | fix the name, or put the file beside this idea |
| Warning | `{P}http-link.md:13` | `links`: `links` item 1 is not https: http://example.com/ | use the https:// address; plain http is refused by many networks and readers |
| Warning | `{P}long-angle.md:11` | `angles`: `angles` item 2 is 335 characters: long enough to be pasted as a post | keep it under 200 characters; when many colleagues post the same words at once, readers notice and the voice stops being credible. Give a way in, not the post |
| Warning | `{P}long-angle.md:11` | `angles`: `angles` item 2 reads as a post to copy: an announcement (“proud to share”) | hub gives colleagues ways in, never words to paste: when many people post the same words at once, readers notice and the voice stops being credible. Turn it into a question about the reader's own experience, such as 'What changed for you when…?', and leave hashtags, mentions and emoji to them |
| Warning | `{P}one-angle.md:9` | `angles`: 1 angle: give at least two ways in | an angle is a prompt such as 'What surprised you when…?'; several let each colleague find their own |
| Warning | `{P}post-to-copy.md:11` | `angles`: `angles` item 1 reads as a post to copy: a hashtag, an exclamation mark, an announcement (“proud to share”) | hub gives colleagues ways in, never words to paste: when many people post the same words at once, readers notice and the voice stops being credible. Turn it into a question about the reader's own experience, such as 'What changed for you when…?', and leave hashtags, mentions and emoji to them |
| Warning | `{P}post-to-copy.md:14` | `facts`: `facts` item 1 reads as a post to copy: an @mention, an announcement (« ravi de vous annoncer ») | hub gives colleagues ways in, never words to paste: when many people post the same words at once, readers notice and the voice stops being credible. Turn it into a question about the reader's own experience, such as 'What changed for you when…?', and leave hashtags, mentions and emoji to them |

1 guideline, 26 ideas: 21 live, 1 scheduled, 1 expired, 0 draft, 3 unreadable — failed.
"""

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
HOSTILE_TITLE = "Pipes | fake | cells `code` <img src=x onerror=alert(1)> **bold** [link](https://evil.example) \u202eevil"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example project in a git repository, one commit on main, made the working directory."""
    path = copy_project(tmp_path / "project")
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "base")
    monkeypatch.chdir(path)
    return path


def set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(?m)^{key}: .*$", lambda _: f"{key}: {value}", text, count=1), encoding="utf-8")


# -- the invalid samples, line by line ------------------------------------------------------


def test_invalid_samples_give_the_expected_summary_line_by_line(monkeypatch: pytest.MonkeyPatch, hub) -> None:
    monkeypatch.chdir(ROOT)
    result = hub("check", "tests/samples/invalid/content", "--format", "markdown", "--now", NOW)
    assert result.exit_code == 1, "errors fail the check in Markdown too"
    got, expected = result.output.splitlines(), EXPECTED_INVALID.splitlines()
    for number, (line, want) in enumerate(zip(got, expected, strict=False), start=1):
        assert line == want, f"line {number}"
    assert len(got) == len(expected)


def test_clean_content_says_so(monkeypatch: pytest.MonkeyPatch, hub) -> None:
    monkeypatch.chdir(ROOT)
    result = hub("check", "content", "--format", "markdown", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.output == ("## ✅ Content check: no problems\n\n"
                             "9 guidelines, 17 ideas: 12 live, 2 scheduled, 2 expired, 1 draft — ok.\n")


# -- escaping: content is untrusted -------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("a | b", "a \\| b"),
    ("`rm -rf`", "\\`rm -rf\\`"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("Tom & Jerry", "Tom &amp; Jerry"),
    ("line\nbreak\r\nand\ttab", "line\\\\nbreak\\\\r\\\\nand\\\\ttab"),
    ("**b** _i_ ~s~ [l](u) \\", "\\*\\*b\\*\\* \\_i\\_ \\~s\\~ \\[l\\](u) \\\\"),
    ("\u202eevil\u2066", "\\\\u202eevil\\\\u2066"),
    ("\x1b[31m\u200f\ufeff", "\\\\x1b\\[31m\\\\u200f\\\\ufeff"),
    ("Café", "Café"),
])
def test_escape_makes_every_markdown_and_html_character_literal(text: str, expected: str) -> None:
    assert escape(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("unknown topic `opensource`", "unknown topic `opensource`"),
    ("unknown topic `a|b` <i>", "unknown topic `a\\|b` &lt;i&gt;"),
    ("an odd ` backtick `here` *", "an odd \\` backtick \\`here\\` \\*"),
    ("`` empty", " empty"),
])
def test_inline_keeps_quoted_values_as_code_and_escapes_the_rest(text: str, expected: str) -> None:
    assert inline(text) == expected


def test_code_spans_hold_no_backtick_or_line_break() -> None:
    assert code("a`b\nc|d") == "`a'b\\nc\\|d`"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_a_hostile_title_stays_text_in_its_cell(repo: Path, hub) -> None:
    """Rendered by a real Markdown renderer: no new tag, no extra cell or row, the title shown as written."""
    idea = next(repo.glob("content/ideas/**/ci-energy.md"))
    set_field(idea, "title", "'" + HOSTILE_TITLE.replace("'", "''") + "'")
    result = hub("check", "content", "--format", "markdown", "--now", NOW, "--changed-since", "main")
    assert result.exit_code == 0, result.output
    page = _Collect()
    page.feed(markdown.markdown(result.output, extensions=["tables"]))
    assert "img" not in page.tags
    assert page.hrefs == ["https://intranet.example/comms/hub/ideas/ci-energy/"], "the only link is hub's own address"
    [header, row] = [r for r in page.rows if len(r) == 5]
    assert header[0] == "Change" and row[0] == "changed"
    assert row[1].startswith(HOSTILE_TITLE.replace("\u202e", "\\u202e")), row[1]
    widths = {len(r) for r in page.rows}
    assert widths <= {5, 4}, page.rows  # the changes table, and the problems table (the bidi control is warned about)


# -- the ideas a change touches -------------------------------------------------------------------


def test_changed_since_lists_added_changed_moved_removed_and_scheduled_ideas(repo: Path, hub) -> None:
    ideas = repo / "content" / "ideas"
    set_field(ideas / "2026" / "ci-energy.md", "summary", "A new summary.")
    git(repo, "mv", "content/ideas/bureau-montreal.md", "content/ideas/2026/bureau-montreal.md")
    git(repo, "rm", "-q", "content/ideas/2027/fosdem-2027.md")
    new = ideas / "2027" / "new-planner.md"
    new.parent.mkdir(exist_ok=True)
    new.write_text((ideas / "2026" / "keyboard-navigation.md").read_text(encoding="utf-8"), encoding="utf-8")
    set_field(new, "id", "99999999-9999-4999-8999-999999999999")
    set_field(new, "date", "2027-03-01 09:00")
    (ideas / "2026" / "ci-energy.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")  # an image: no row
    git(repo, "add", "content/ideas/2026/ci-energy.md")
    git(repo, "commit", "-q", "-m", "edit")  # committed and uncommitted changes, and an untracked file, all count
    result = hub("check", "content", "--format", "markdown", "--now", NOW, "--changed-since", "main~1",
                 "--download-url", "https://github.com/example-org/hub/actions/runs/7/artifacts/9")
    assert result.exit_code == 0, result.output
    site = "https://intranet.example/comms/hub/ideas/"
    assert result.output.split("### Ideas in this change\n", 1)[1] == f"""\

Compared with `main~1`. Status at 2026-11-25 12:00; times in Europe/Paris.

| Change | Idea | Status | Goes live | Address on the site |
| --- | --- | --- | --- | --- |
| moved from `content/ideas/bureau-montreal.md` | Un bureau à Montréal pour être plus près de nos clients québécois<br>`content/ideas/2026/bureau-montreal.md` | **draft** | never (draft) | <{site}bureau-montreal/> |
| changed | Our CI now runs on 40% less energy<br>`content/ideas/2026/ci-energy.md` | **live** | 2026-11-03 09:00 | <{site}ci-energy/> |
| removed | `content/ideas/2027/fosdem-2027.md` | — | — | <{site}fosdem-2027/> |
| added | The whole planner now works without a mouse<br>`content/ideas/2027/new-planner.md` | **scheduled** | 2027-03-01 09:00 | <{site}new-planner/> |

### The built site

[Download the built site](https://github.com/example-org/hub/actions/runs/7/artifacts/9) (a zip file): unzip it and open `index.html`. A live idea's page is `ideas/<name>/index.html` in it; scheduled ones appear on their date.
"""


def test_no_idea_changed_says_so(repo: Path, hub) -> None:
    result = hub("check", "content", "--format", "markdown", "--now", NOW, "--changed-since", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("This change adds, changes or removes no idea.\n")


@pytest.mark.parametrize(("args", "words"), [
    (["--changed-since", "main"], "go with --format markdown"),
    (["--download-url", "https://example.org/"], "go with --format markdown"),
    (["--format", "markdown", "--changed-since", "no-such-branch"], "git knows no commit 'no-such-branch'"),
    (["--format", "markdown", "--changed-since", "--output=x"], "is not a git revision"),
    (["--format", "markdown", "--download-url", "javascript:alert(1)"], "is not an http(s) address"),
    (["--format", "markdown", "--download-url", "https://x.example/a)(b"], "is not an http(s) address"),
])
def test_wrong_options_are_usage_errors(repo: Path, hub, args: list[str], words: str) -> None:
    result = hub("check", "content", "--now", NOW, *args)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_changed_since_outside_a_git_repository_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  hub) -> None:
    project = copy_project(tmp_path / "plain")
    monkeypatch.chdir(project)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = hub("check", "content", "--format", "markdown", "--now", NOW, "--changed-since", "main")
    assert result.exit_code == 2, result.output
    assert "is not in a git repository" in result.output
