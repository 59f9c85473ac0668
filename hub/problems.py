"""Problems found in content: what, where, and how to fix it (a "did you mean" among them); with their output formats."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

EXCERPT_LENGTH = 80
"""The most characters of a value a message quotes: a huge or hostile value cannot flood the output."""


def visible(text: str) -> str:
    """`text` on one line with every unprintable character written as its escape (`\\n`, `\\x1b`, `\\u202e`).

    Line breaks, terminal escape sequences, bidirectional overrides and invisible characters from a file's name or
    content can then neither start a new line in a CI log (a workflow command such as `::add-mask::`), nor drive
    an editor's terminal, nor change the order in which a name reads. Every output format goes through it.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in text)


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """`text` on one line, unprintable and bidirectional characters escaped, cut to `limit` characters with "…"."""
    head = visible(text[: limit + 1])
    return head if len(head) <= limit and len(text) <= limit else head[: limit - 1] + "…"


def shown(value: object, limit: int = EXCERPT_LENGTH) -> str:
    """A value as Python writes it (`'maybe'`, `[1, 2]`), cut like `excerpt`."""
    if isinstance(value, str):
        return excerpt(repr(value[: limit + 1]), limit) if len(value) > limit else repr(value)
    return excerpt(repr(value), limit)


def did_you_mean(value: str, choices: list[str]) -> str:
    """`did you mean "x"?` for a near miss, else the list of what is allowed."""
    close = difflib.get_close_matches(value[:100], choices, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    return "allowed: " + ", ".join(choices) if choices else "none are defined in mkdocs.yml"


class Severity(StrEnum):
    """How serious a problem is; warnings fail only under --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, with enough detail for an editor to fix it."""

    path: str
    line: int | None
    field: str | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    column: int | None = None
    placeholder: bool = False
    """Whether the problem is text that `hub new` wrote for the editor to replace: the preview shows such a file
    with a banner listing what is left, while `hub check` and `hub build` refuse it like any error."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.field or "", self.message)


def relative(path: Path, root: Path) -> str:
    """The path as an editor sees it: relative to where hub runs, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def format_text(problem: Problem) -> str:
    """`file:line:col: error: field: message (hint)` — the shape compilers and editors know; each value `visible`."""
    where = visible(problem.path)
    if problem.line:
        where += f":{problem.line}"
        if problem.column:
            where += f":{problem.column}"
    field = f"{visible(problem.field)}: " if problem.field else ""
    text = f"{where}: {problem.severity}: {field}{visible(problem.message)}"
    if problem.hint:
        text += f"\n    hint: {visible(problem.hint)}"
    return text


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_value(value: str) -> str:
    """A value of an annotation: its unprintable characters made `visible` (a terminal escape would colour the
    log), then the runner's own escapes for what is left of its syntax."""
    return _escape_data(visible(value))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command, so the problem shows on its line in a pull request."""
    props = [f"file={_escape_property(visible(problem.path))}"]
    if problem.line:
        props.append(f"line={problem.line}")
        if problem.column:
            props.append(f"col={problem.column}")
    title = f"hub check: {visible(problem.field)}" if problem.field else "hub check"
    props.append(f"title={_escape_property(title)}")
    message = _github_value(problem.message) + (f"%0A{_github_value(problem.hint)}" if problem.hint else "")
    return f"::{problem.severity} {','.join(props)}::{message}"


def format_json(problems: list[Problem]) -> str:
    """All problems as one JSON document, for other tools: the values exactly, every unprintable character as a
    JSON escape (`\\u001b`, `\\u202e`), so that printing the document cannot drive a terminal or a CI log."""
    text = json.dumps(
        {"problems": [{**asdict(p), "severity": str(p.severity)} for p in problems]},
        ensure_ascii=False,
        indent=2,
    )
    if text.replace("\n", "").isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\n" else json.dumps(c)[1:-1] for c in text)


def counted(number: int, word: str, plural: str = "") -> str:
    """`1 error`, `2 errors`: a count with its word in the singular or the plural (`plural` when not word + s)."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


def summary(problems: list[Problem]) -> str:
    """One closing line: how many errors and warnings."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "No problems found."
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')}."


class ProblemFormat(StrEnum):
    """How `hub check` prints its problems: for people, for GitHub Actions, for tools, or as a pull request's report."""

    TEXT = "text"
    GITHUB = "github"
    JSON = "json"
    MARKDOWN = "markdown"


def format_problems(problems: list[Problem] | tuple[Problem, ...], fmt: ProblemFormat = ProblemFormat.TEXT) -> str:
    """Every problem in one of the line formats (text with its closing summary, github, json); "" for none in text."""
    if fmt is ProblemFormat.JSON:
        return format_json(list(problems))
    lines = [format_github(p) if fmt is ProblemFormat.GITHUB else format_text(p) for p in problems]
    if fmt is ProblemFormat.TEXT and problems:
        lines.append(summary(list(problems)))
    return "\n".join(lines)
