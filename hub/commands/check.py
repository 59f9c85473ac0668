"""`hub check`: every problem of the content and the configuration, with the tally, or a pull request's report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub.config import SiteConfig
from hub.errors import UsageError
from hub.models import Content
from hub.problems import Problem, ProblemFormat, format_problems


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What `hub check` was asked: the configuration, the instant, the folder and the report's form."""

    config: SiteConfig
    now: datetime
    content: Path | None = None
    strict: bool = False
    fmt: ProblemFormat = ProblemFormat.TEXT
    changed_since: str | None = None
    download_url: str | None = None


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every problem, sorted; the one-line tally; whether the check fails; and what to print, in the format asked
    (the problems, then the tally in text; the whole report in markdown)."""

    problems: tuple[Problem, ...]
    tally: str
    failed: bool
    output: str


def run_check(request: CheckRequest) -> CheckReport:
    """Load and check everything (announce targets and catalogs included); raises HubError for usage and config."""
    from hub.announce.config import announce_targets
    from hub.commands.forms import form_problems
    from hub.commands.listing import status_counts
    from hub.content.load import load_content
    from hub.i18n import missing_keys, unknown_template_keys
    from hub.problems import counted

    config, instant = request.config, request.now
    if (request.changed_since or request.download_url) and request.fmt is not ProblemFormat.MARKDOWN:
        raise UsageError("--changed-since and --download-url go with --format markdown")
    announce_targets(config)
    loaded = load_content(config, request.content)
    langs = [config.lang, *(i.lang for i in loaded.content.ideas)]
    gaps = missing_keys(config.theme_dirs, langs) + unknown_template_keys(config.theme_dirs, langs)
    gaps += form_problems(config, loaded.content.guidelines)
    problems = tuple(sorted(loaded.problems + gaps + config.warnings, key=lambda p: p.sort_key()))
    failed = any(p.is_error for p in problems) or (request.strict and bool(problems))
    statuses = [i.status(instant) for i in loaded.content.ideas]
    tally = (f"{counted(len(loaded.content.guidelines), 'guideline')}, {counted(len(loaded.content.ideas), 'idea')}: "
             + status_counts(statuses) + (" — failed." if failed else " — ok."))
    if request.fmt is ProblemFormat.MARKDOWN:
        return CheckReport(problems, tally, failed, _markdown(request, loaded.content, problems, tally))
    parts = (format_problems(problems, request.fmt), tally if request.fmt is ProblemFormat.TEXT else "")
    return CheckReport(problems, tally, failed, "".join(f"{part}\n" for part in parts if part))


def _markdown(request: CheckRequest, content: Content, problems: tuple[Problem, ...], tally: str) -> str:
    from hub.commands.changes import changed_files, idea_changes
    from hub.commands.report import markdown_report, safe_url

    config, instant = request.config, request.now
    if request.download_url and not safe_url(request.download_url):
        raise UsageError(f"--download-url: {request.download_url!r} is not an http(s) address "
                         "without spaces or brackets")
    changes = None
    if request.changed_since:
        folder = request.content or config.content_dir
        changes = idea_changes(changed_files(folder, request.changed_since), content, folder, config, instant)
    return markdown_report(list(problems), tally, changes=changes, ref=request.changed_since or "",
                           now=instant.astimezone(config.timezone), download_url=request.download_url)
