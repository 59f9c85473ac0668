"""The command line `hub`: the only place where errors become messages and exit codes."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hub.config import CONFIG_NAME, SiteConfig, load_config
from hub.errors import ContentError, HubError
from hub.problems import Problem, format_github, format_json, format_text, summary
from hub.timeparse import parse_instant

app = typer.Typer(
    help="Turn a folder of Markdown (a charter and optional story ideas) into an intranet site and feeds.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
new_app = typer.Typer(help="Start a new idea or guideline file (never overwrites).", no_args_is_help=True)
app.add_typer(new_app, name="new")


class Format(StrEnum):
    TEXT = "text"
    GITHUB = "github"
    JSON = "json"


ConfigOption = Annotated[
    Path | None, typer.Option("--config", help=f"The configuration file (default: {CONFIG_NAME} here).")
]
NowOption = Annotated[
    str | None,
    typer.Option("--now", help="The instant to build for, ISO 8601 (2026-11-25T06:00Z); default: the clock."),
]


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _config(config_path: Path | None, content: Path | None = None) -> SiteConfig:
    if config_path is not None:
        return load_config(config_path.parent.resolve(), config_path)
    candidates = ([content.resolve().parent] if content is not None else []) + [Path.cwd()]
    for folder in candidates:
        if (folder / CONFIG_NAME).is_file():
            return load_config(folder)
    return load_config(Path.cwd())  # raises ConfigError naming the missing file


def _now(text: str | None, config: SiteConfig) -> datetime:
    # The clock is read here, at the edge, and nowhere else.
    return parse_instant(text, config.timezone) if text else datetime.now(UTC).astimezone(config.timezone)


def _print_problems(problems: list[Problem] | tuple[Problem, ...], fmt: Format = Format.TEXT) -> None:
    if fmt is Format.JSON:
        typer.echo(format_json(list(problems)))
        return
    for problem in problems:
        typer.echo(format_github(problem) if fmt is Format.GITHUB else format_text(problem))
    if fmt is Format.TEXT and problems:
        typer.echo(summary(list(problems)))


def _fail(exc: HubError) -> typer.Exit:
    if isinstance(exc, ContentError):
        _print_problems(exc.problems)
    else:
        _err(f"hub: {exc}")
    return typer.Exit(exc.exit_code)


@app.command()
def check(
    path: Annotated[Path | None, typer.Argument(help="The content folder (default: content/).")] = None,
    now: NowOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="text, github (Actions annotations) or json.")] = Format.TEXT,
    config_path: ConfigOption = None,
) -> None:
    """Check every file and report every problem at once, with file, line and how to fix it."""
    from hub.load import load_content
    from hub.models import Status

    try:
        config = _config(config_path, path)
        instant = _now(now, config)
        loaded = load_content(config, path.resolve() if path else None)
    except HubError as exc:
        raise _fail(exc) from None
    _print_problems(loaded.problems, fmt)
    failed = bool(loaded.errors) or (strict and bool(loaded.problems))
    if fmt is Format.TEXT:
        counts = {s: sum(1 for i in loaded.content.ideas if i.status(instant) is s) for s in Status}
        typer.echo(
            f"{len(loaded.content.guidelines)} guideline(s), {len(loaded.content.ideas)} idea(s): "
            + ", ".join(f"{n} {s}" for s, n in counts.items())
            + (" — failed." if failed else " — ok.")
        )
    raise typer.Exit(1 if failed else 0)


@app.command("list")
def list_ideas(
    now: NowOption = None,
    status: Annotated[str | None, typer.Option("--status", help="live, scheduled, expired or draft.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Only ideas with this topic.")] = None,
    config_path: ConfigOption = None,
) -> None:
    """The editorial calendar: every idea with its status at --now, its dates, topics and language."""
    from hub.calendar import calendar_rows, print_calendar
    from hub.load import load_content
    from hub.models import Status

    try:
        config = _config(config_path)
        instant = _now(now, config)
        wanted = Status(status) if status else None
    except ValueError:
        _err(f"hub: --status: {status!r} is not one of live, scheduled, expired, draft")
        raise typer.Exit(2) from None
    except HubError as exc:
        raise _fail(exc) from None
    if topic is not None and topic not in config.topics:
        _err(f"hub: --topic: unknown topic {topic!r}; choose from {', '.join(config.topics.terms)}")
        raise typer.Exit(2)
    loaded = load_content(config)
    rows = calendar_rows(loaded.content, instant, status=wanted, topic=topic)
    print_calendar(rows, config, sys.stdout)
    if loaded.errors:
        _err(f"hub: {len(loaded.errors)} content error(s) hide some ideas; run hub check")
        raise typer.Exit(1)


@new_app.command("idea")
def new_idea_command(
    title: Annotated[str, typer.Argument(help="The idea's title; its file name comes from it.")],
    topic: Annotated[list[str] | None, typer.Option("--topic", help="A topic (repeat for several).")] = None,
    audience: Annotated[list[str] | None, typer.Option("--audience", help="An audience (repeatable).")] = None,
    channel: Annotated[list[str] | None, typer.Option("--channel", help="A channel (repeatable).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="The idea's language.")] = None,
    now: NowOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Write content/ideas/<slug>.md with a fresh id and placeholders that `hub check` refuses until edited."""
    from hub.authoring import NewIdea, new_idea

    try:
        config = _config(config_path)
        request = NewIdea(title.strip(), tuple(topic or ()), tuple(audience or ()), tuple(channel or ()), lang)
        path = new_idea(config, request, _now(now, config))
    except HubError as exc:
        raise _fail(exc) from None
    typer.echo(f"Wrote {path}. Edit the lines marked TODO, then run: hub check")


@new_app.command("guideline")
def new_guideline_command(
    title: Annotated[str, typer.Argument(help="The page's title; its file name comes from it.")],
    now: NowOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Write content/guidelines/<slug>.md, ready to edit."""
    from hub.authoring import new_guideline

    try:
        config = _config(config_path)
        path = new_guideline(config, title.strip(), _now(now, config))
    except HubError as exc:
        raise _fail(exc) from None
    typer.echo(f"Wrote {path}. Edit the lines marked TODO, then run: hub check")


@app.command()
def build(
    engine: Annotated[str, typer.Option("--engine", help="mkdocs (default) or pelican.")] = "mkdocs",
    out: Annotated[Path, typer.Option("--out", help="The output folder; replaced whole when the build succeeds.")] = Path("site"),
    now: NowOption = None,
    base_url: Annotated[str | None, typer.Option("--base-url", help="Publish at another address than site_url.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    config_path: ConfigOption = None,
) -> None:
    """Check, then build the site and feeds into a temporary folder and swap it into place."""
    from hub.build import build_site
    from hub.progress import progress_printer

    try:
        config = _config(config_path)
        if base_url:
            config = config.with_base_url(base_url)
        instant = _now(now, config)
        with progress_printer() as progress:
            result = build_site(config, instant, out.resolve(), engine=engine, strict=strict, progress=progress)
    except HubError as exc:
        raise _fail(exc) from None
    warnings = [p for p in result.problems if not p.is_error]
    _print_problems(warnings)
    plan = result.plan
    typer.echo(
        f"Built {len(plan.pages)} pages and {len(plan.feed_refs) * 2} feeds ({len(plan.live_ideas)} live ideas) "
        f"with {engine} in {out}/ for {instant.isoformat(timespec='seconds')}. Open {out}/index.html, or run: hub serve"
    )


@app.command()
def serve(
    engine: Annotated[str, typer.Option("--engine", help="mkdocs (default) or pelican.")] = "mkdocs",
    port: Annotated[int, typer.Option("--port", help="The port on localhost.")] = 8000,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    now: NowOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Preview on localhost, drafts and scheduled ideas included; rebuilds and reloads on every change."""
    from hub.serve import serve_forever

    try:
        config = _config(config_path)
        serve_forever(config, engine=engine, host=host, port=port,
                      now=(lambda: _now(now, config)))
    except HubError as exc:
        raise _fail(exc) from None


def main() -> None:
    """Entry point of the `hub` console script; the last resort against a fault no command turned into a message."""
    try:
        app()
    except RecursionError:
        _err("hub: stopped: something in the content nests too deeply; run hub check, "
             "then look for the file the last message names")
        sys.exit(1)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        _err(f"hub: stopped: {exc.strerror or exc}{where}; check that the folders hub reads and writes exist, "
             "are writable and have space left")
        sys.exit(1)


if __name__ == "__main__":
    main()
