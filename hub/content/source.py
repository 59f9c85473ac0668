"""Reading one Markdown file: bytes to text, front matter to values, with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from hub.content.bounds import FILE_BYTES, body_bounds, field_bounds
from hub.content.front_yaml import BIDI_HINT, bidi_controls, has_bidi, load_yaml
from hub.problems import Problem, Severity, excerpt

_HANDLER = YAMLHandler()
_KEY_LINE = re.compile(r"^([^\s#\-][^:]*):(?:\s|$)", re.MULTILINE)  # greedy: linear on a long line
_ITEM = re.compile(r"^\s*-(?:\s|$)")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A file split into front-matter values and body, with the line of each key."""

    path: Path
    display: str
    metadata: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    fm_lines: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Problems found while reading that do not stop the fields from being checked (a key given twice, bidi controls)."""

    def line_of(self, key: str | None, item: int | None = None) -> int:
        """The line of a key, or of its n-th list item when the list is written in block style."""
        if key is None or key not in self.key_lines:
            return 1
        line = self.key_lines[key]
        if item is None:
            return line
        seen, base = -1, None
        # fm_lines[0] is the file's line 2, so file line n is fm_lines[n - 2].
        for number in range(line + 1, len(self.fm_lines) + 2):
            text = self.fm_lines[number - 2]
            if _KEY_LINE.match(text):
                break
            if _ITEM.match(text):
                indent = len(text) - len(text.lstrip())
                base = indent if base is None else base
                if indent == base:
                    seen += 1
                    if seen == item:
                        return number
        return line


def _decode(data: bytes, display: str) -> str | Problem:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(
            display, line, None,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line})",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8); "
            "files from old Windows editors are often Latin-1 or Windows-1252",
        )
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _yaml_problem(exc: yaml.YAMLError, display: str, fm: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    # The front matter text starts with the end of the opening `---` line: its line 0 is the file's line 1.
    line = mark.line + 1 if mark is not None else 2
    column = mark.column + 1 if mark is not None else None
    problem = excerpt(getattr(exc, "problem", None) or (str(exc).splitlines() or ["?"])[0], 200)
    context = excerpt(getattr(exc, "context", None) or "", 200)
    message = f"front matter is not valid YAML: {problem}" + (f" ({context})" if context else "")
    hint = ("check the indentation and quoting on this line; "
            "put text containing ': ' or starting with [ { # & * ! | > ' \" % @ ` in quotes")
    lines = fm.split("\n")
    if "\t" in problem or (mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]):
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    return Problem(display, line, None, message, hint, column=column)


_DATE_LIKE = re.compile(r"^([^:#]+):\s*['\"]?(\d{4}-\d\d?-\d\d?)")


def _impossible_date(exc: Exception, display: str, fm: str) -> Problem:
    """A value shaped like a date that is not one, such as 2026-13-45, on the line it stands."""
    for number, text in enumerate(fm.split("\n")[1:], start=2):
        match = _DATE_LIKE.match(text)
        if match:
            try:
                date.fromisoformat(match.group(2))
            except ValueError:
                return Problem(display, number, excerpt(match.group(1).strip(), 40),
                               f"{match.group(2)} is not a real date ({exc})",
                               "write an existing date as 2026-11-25 or 2026-11-25 09:30")
    return Problem(display, 2, None, f"front matter has a value that cannot be read: {excerpt(str(exc), 200)}",
                   "check the dates and numbers in the front matter")


def _body_warnings(body: str, body_line: int, display: str) -> list[Problem]:
    """A warning for each body line with a bidirectional control character."""
    warnings: list[Problem] = []
    if not has_bidi(body):
        return warnings
    for offset, code in bidi_controls(body):
        line = body_line + body.count("\n", 0, offset)
        if warnings and warnings[-1].line == line:
            continue
        warnings.append(Problem(display, line, None,
                                f"the body contains the invisible bidirectional control character U+{code:04X}, "
                                "which can make text display in another order than it reads", BIDI_HINT, Severity.WARNING))
    return warnings


class _Unreadable(Exception):
    """The problems that stop one file from being read; raised by a step of `read_document`, returned by it."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__()
        self.problems = list(problems)


def read_document(path: Path, display: str) -> RawDocument | list[Problem]:
    """Parse one file into a RawDocument, or return the problems that prevent it."""
    try:
        text = _text(path, display)
        fm, body = _split(text, display)
        metadata, found = _metadata(fm, display)
    except _Unreadable as refused:
        return refused.problems
    fm_lines = tuple(fm.split("\n")[1:-1])
    body = body.removeprefix("\n")
    # The boundary pattern may take a blank line with it: count what precedes the body (at most the last line).
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if not body:
        body_line = max(body_line - 1, 1)  # an empty body: point at the last line there is
    doc = RawDocument(path, display, metadata, body, body_line, _key_lines(fm_lines), fm_lines)
    return replace(doc, problems=(*found, *_body_warnings(body, body_line, display), *_bounds(doc)))


def _bounds(doc: RawDocument) -> list[Problem]:
    """Each bound of hub.content.bounds the document passes: its fields' sizes, its body's size and shapes."""
    problems: list[Problem] = []

    def on_field(key: str, item: int | None, message: str, hint: str) -> None:
        problems.append(Problem(doc.display, doc.line_of(key, item), excerpt(key, 40), message, hint))

    def on_body(line: int, message: str, hint: str) -> None:
        problems.append(Problem(doc.display, doc.body_line + line, None, message, hint))

    field_bounds(doc.metadata, on_field)
    body_bounds(doc.body, on_body)
    return problems


def _text(path: Path, display: str) -> str:
    """The file's text: UTF-8 without a byte-order mark, with Unix line ends."""
    try:
        with path.open("rb") as handle:
            data = handle.read(FILE_BYTES + 1)
    except OSError as exc:  # unreadable, a folder, a symlink loop, an I/O error
        raise _Unreadable(Problem(display, None, None, f"the file cannot be read ({exc.strerror or exc})",
                                  "check that it is a readable file; remove it if it is not meant to be content")) from None
    if len(data) > FILE_BYTES:
        raise _Unreadable(Problem(display, None, None, f"the file is larger than {FILE_BYTES // 1024} KB: hub does not read it",
                                  "split it into several pages or ideas; put large files (images, documents) "
                                  "beside it as attachments"))
    decoded = _decode(data, display)
    if isinstance(decoded, Problem):
        raise _Unreadable(decoded)
    return decoded


def _split(text: str, display: str) -> tuple[str, str]:
    """The front matter's text (from the end of the opening `---` line) and the body, as python-frontmatter cuts them."""
    if not _HANDLER.detect(text):
        raise _Unreadable(Problem(
            display, 1, None, "no front matter: the file must start with a line of three dashes (---)",
            "start the file with a line `---`, then the fields (`title: …`), then another `---` line",
        ))
    try:
        _, fm, body = _HANDLER.FM_BOUNDARY.split(text, 2)  # type: ignore[union-attr]
    except ValueError:
        raise _Unreadable(Problem(display, 1, None, "the front matter is never closed",
                                  "end it with a line of three dashes (---) before the body")) from None
    return fm, body


def _metadata(fm: str, display: str) -> tuple[dict[str, Any], list[Problem]]:
    """The front matter's values, and the findings that do not stop the fields from being checked."""
    try:
        metadata, findings = load_yaml(fm)
    except yaml.YAMLError as exc:
        raise _Unreadable(_yaml_problem(exc, display, fm)) from None
    except Exception as exc:  # PyYAML builds `2026-13-45` as a date and fails inside; its
        raise _Unreadable(_impossible_date(exc, display, fm)) from None  # constructors raise on `!!timestamp 'x'`
    # The front matter text starts with the end of the opening `---` line: its line 0 is the file's line 1.
    found = [Problem(display, f.line + 1, f.key, f.message, f.hint, f.severity, f.column) for f in findings]
    if any(f.severity is Severity.ERROR and f.blocking for f in findings):
        raise _Unreadable(*found)
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise _Unreadable(Problem(display, 2, None, "front matter must be a list of `key: value` lines",
                                  "write one field per line, such as `title: My idea`"))
    return metadata, found


def _key_lines(fm_lines: tuple[str, ...]) -> dict[str, int]:
    """The file line of each top-level key, the first time it is written (fm_lines[0] is the file's line 2)."""
    key_lines: dict[str, int] = {}
    for number, fm_line in enumerate(fm_lines, start=2):
        match = _KEY_LINE.match(fm_line)
        if match:
            key_lines.setdefault(match.group(1).strip().strip("'\""), number)
    return key_lines
