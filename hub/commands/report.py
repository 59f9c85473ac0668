"""`hub check --format markdown`: the problems and the ideas a change touches, as Markdown an editor reads.

Written for a pull request's job summary (GitHub-flavoured Markdown). Every value that comes from the content
(messages quote it, file names, titles) is escaped: it shows as text and cannot add markup, links, HTML or rows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, tzinfo

from hub.commands.changes import ChangeKind, IdeaChange
from hub.models import Status
from hub.problems import Problem, counted, visible

# The words of the report, together so that they are easy to move into a catalog.
TITLE_OK = "## ✅ Content check: no problems"
TITLE_FAILED = "## ❌ Content check: {errors}, {warnings}"
TITLE_WARNINGS = "## ⚠️ Content check: {warnings}"
PROBLEMS_HEADER = ("", "File and line", "What is wrong", "How to fix it")
SEVERITY = {"error": "**Error**", "warning": "Warning"}
IDEAS_TITLE = "### Ideas in this change"
IDEAS_COMPARED = "Compared with {ref}. Status at {now}; times in {zone}."
IDEAS_HEADER = ("Change", "Idea", "Status", "Goes live", "Address on the site")
IDEAS_NONE = "This change adds, changes or removes no idea."
NOT_READ = "not read: see the problems above"
MOVED_FROM = "moved from {path}"
DRAFT_DATE = "never (draft)"
UNREAD_DATE = "unknown: its date cannot be read (see the problems above)"
SITE_TITLE = "### The built site"
SITE_DOWNLOAD = ("[Download the built site]({url}) (a zip file): unzip it and open `index.html`. "
                 "A live idea's page is `ideas/<name>/index.html` in it; scheduled ones appear on their date.")

_SPECIAL = {"\\": "\\\\", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "~": "\\~", "|": "\\|", "`": "\\`",
            "&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~%!$&+,;=:@/-]*)?$")
"""An address shown as a link: no space, bracket, parenthesis or quote that could end the link early."""


def _flat(text: str) -> str:
    """One line: line breaks, control, invisible and bidirectional characters written as their escapes (`visible`),
    as in every other format, so that none reaches a table cell and a file's name reads as it is on disk."""
    return visible(unicodedata.normalize("NFC", text))


def escape(text: str) -> str:
    """Plain text for one table cell or line: every Markdown and HTML character made literal, one line."""
    return "".join(_SPECIAL.get(char, char) for char in _flat(text))


def code(text: str) -> str:
    """A code span that shows `text` as it is (backticks become ', pipes stay inside the cell)."""
    inner = _flat(text).replace("`", "'").replace("|", "\\|").strip()
    return f"`{inner}`" if inner else ""


def inline(text: str) -> str:
    """A hub message: the parts it quotes between backticks as code, the rest as escaped text."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: a quoted value holds one; show it all as text
        return escape(text)
    return "".join(code(part) if index % 2 else escape(part) for index, part in enumerate(parts))


def safe_url(url: str) -> bool:
    """True when the address can stand in a Markdown link as it is."""
    return bool(_SAFE_URL.match(url))


def _link(url: str) -> str:
    return f"<{url}>" if safe_url(url) else escape(url)


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]


def _where(problem: Problem) -> str:
    return code(problem.path + (f":{problem.line}" if problem.line else ""))


def _what(problem: Problem) -> str:
    field = f"{code(problem.field)}: " if problem.field else ""
    return field + inline(problem.message)


def problem_lines(problems: list[Problem]) -> list[str]:
    """The title and the table of problems, errors first, each group in file and line order."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        title = TITLE_FAILED.format(errors=counted(errors, "error"), warnings=counted(warnings, "warning"))
    elif warnings:
        title = TITLE_WARNINGS.format(warnings=counted(warnings, "warning"))
    else:
        return [TITLE_OK]
    ordered = sorted(problems, key=lambda p: (not p.is_error, p.sort_key()))
    rows = [[SEVERITY[str(p.severity)], _where(p), _what(p), inline(p.hint)] for p in ordered]
    return [title, "", *_table(PROBLEMS_HEADER, rows)]


def _moment(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _idea_row(change: IdeaChange, zone: tzinfo | None) -> list[str]:
    what = str(change.kind)
    if change.kind is ChangeKind.MOVED and change.moved_from:
        what = MOVED_FROM.format(path=code(change.moved_from))
    idea = change.idea
    if idea is None:
        status = "—" if change.kind is ChangeKind.REMOVED else NOT_READ
        return [what, code(change.display), status, "—", _link(change.url)]
    live = (DRAFT_DATE if change.status is Status.DRAFT else UNREAD_DATE if change.status is Status.UNREADABLE
            else _moment(idea.date.astimezone(zone)))
    return [what, f"{escape(idea.title)}<br>{code(change.display)}", f"**{change.status}**", live, _link(change.url)]


def idea_lines(changes: tuple[IdeaChange, ...], ref: str, now: datetime) -> list[str]:
    """The section about the ideas a change adds, changes, moves or removes."""
    zone = now.tzinfo
    lines = [IDEAS_TITLE, "", IDEAS_COMPARED.format(ref=code(ref), now=_moment(now),
                                                    zone=escape(getattr(zone, "key", None) or now.strftime("UTC%z")))]
    if not changes:
        return [*lines, "", IDEAS_NONE]
    return [*lines, "", *_table(IDEAS_HEADER, [_idea_row(change, zone) for change in changes])]


def markdown_report(problems: list[Problem], counts: str, *, changes: tuple[IdeaChange, ...] | None = None,
                    ref: str = "", now: datetime | None = None, download_url: str | None = None) -> str:
    """The whole report: problems, counts, then (when asked) the changed ideas and where to download the site."""
    lines = [*problem_lines(problems), "", escape(counts)]
    if changes is not None and now is not None:
        lines += ["", *idea_lines(changes, ref, now)]
    if download_url:
        link = download_url if safe_url(download_url) else ""  # the CLI refuses others
        lines += ["", SITE_TITLE, "", SITE_DOWNLOAD.format(url=link)]
    return "\n".join(lines) + "\n"
