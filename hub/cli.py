"""The command line `hub`: the only place where errors become messages and exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hub import __version__
from hub.commands.choices import choose
from hub.commands.listing import ListFormat
from hub.config import CONFIG_NAME, SiteConfig, find_config
from hub.errors import ContentError, HubError, UsageError, fault_message
from hub.problems import Problem, counted, format_problems, relative
from hub.problems import ProblemFormat as Format
from hub.timeparse import parse_instant

if TYPE_CHECKING:
    from hub.build import BuildOptions

app = typer.Typer(
    help="Turn a folder of Markdown (a charter and optional story ideas) into an intranet site and feeds.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
new_app = typer.Typer(help="Start a new idea or guideline file, or print a fresh id (never overwrites).",
                      no_args_is_help=True)
app.add_typer(new_app, name="new")


ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help=f"The configuration file (default: the nearest {CONFIG_NAME} here or above).")]
NowOption = Annotated[str | None, typer.Option(
    "--now", help="The instant to build for, ISO 8601 (2026-11-25T06:00Z); default: the clock.")]
NewNowOption = Annotated[str | None, typer.Option(
    "--now", help="The date and time written into the new file (an idea's `date`, a guideline's `updated`), "
                  "ISO 8601 (2026-11-25T09:00); default: the clock.")]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Render every body again; neither read nor write the render cache."),
]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", min=1, help="Processes that render pages (default: the usable cores; 1: one).")]


JOBS_ENV = "HUB_JOBS"
"""How many processes render pages, when `--jobs` does not say (default: the usable cores)."""
NO_CACHE_ENV = "HUB_NO_CACHE"
"""Set (to anything) to build without reading or writing the render cache, as `--no-cache` does."""


def build_options(environ: Mapping[str, str], *, jobs: int | None = None, no_cache: bool = False) -> BuildOptions:
    """The build's options from the command line, else from hub's environment variables (read here, and nowhere
    below: the build receives them as arguments); UsageError for a `HUB_JOBS` that is not a number of processes."""
    from hub.build import BuildOptions
    from hub.render.parallel import usable_cores

    if jobs is None:
        text = environ.get(JOBS_ENV, "").strip()
        if text and (not text.isdigit() or int(text) < 1):
            raise UsageError(f"{JOBS_ENV}={text!r}: the number of processes must be a whole number of at least 1, "
                             "such as 1 (one process) or 2")
        jobs = int(text) if text else usable_cores()
    return BuildOptions(jobs=jobs, cache=not (no_cache or environ.get(NO_CACHE_ENV)))


def _build_options(engine: str, no_cache: bool, jobs: int | None) -> BuildOptions:
    """What build and serve check and read first: the engine is one hub has; --no-cache and --jobs, else hub's
    environment variables, as the options of every build of this run."""
    _choose("--engine", engine, _engine_names())
    try:
        return build_options(os.environ, jobs=jobs, no_cache=no_cache)
    except UsageError as exc:
        raise _fail(exc) from None


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _stdout_closed() -> None:
    """The reader of the output went away (`hub list | head -1`): the rest of it goes nowhere, quietly, as a
    pipe expects; the command still finishes its work and its exit code says how that went."""
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real file (a test's captured output)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _out(text: str) -> None:
    """One line on stdout, for a reader that may stop reading."""
    try:
        typer.echo(text)
    except BrokenPipeError:
        _stdout_closed()


def _choose(option: str, value: str, choices: list[str]) -> None:
    """A usage error (exit 2) with "did you mean" when `value` is not one of `choices`."""
    try:
        choose(option, value, choices)
    except UsageError as exc:
        raise _fail(exc) from None


def _vocabulary(name: str) -> Callable[[str], list[str]]:
    """Shell completion for a vocabulary option of `hub new`: the keys in the nearest mkdocs.yml (none if unreadable)."""

    def complete(incomplete: str) -> list[str]:
        try:
            config = find_config(None, None, Path.cwd())
        except (HubError, OSError, ValueError):
            return []
        vocabulary = config.languages if name == "languages" else config.vocabularies()[name]
        return [term for term in vocabulary.terms if term.startswith(incomplete)]

    return complete


def _engine_names() -> list[str]:
    from hub.engines import ENGINES

    return list(ENGINES)


EngineOption = Annotated[
    str, typer.Option("--engine", help="mkdocs (default), pelican or zensical (pip install 'hub-charter[zensical]').",
                      autocompletion=_engine_names),
]


def _config(config_path: Path | None, content: Path | None = None) -> SiteConfig:
    return find_config(config_path, content, Path.cwd())


def _now(text: str | None, config: SiteConfig) -> datetime:
    # The clock is read here, at the edge, and nowhere else.
    return parse_instant(text, config.timezone) if text else datetime.now(UTC).astimezone(config.timezone)


def _print_problems(problems: list[Problem] | tuple[Problem, ...], fmt: Format = Format.TEXT) -> None:
    text = format_problems(problems, fmt)
    if text:
        typer.echo(text)


def _fail(exc: HubError) -> typer.Exit:
    if isinstance(exc, ContentError):
        _print_problems(exc.problems)
    else:
        _err(f"hub: {exc}")
    return typer.Exit(exc.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hub {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print hub's version and exit.", is_eager=True,
                                          callback=_version)] = False,
) -> None:
    """Turn a folder of Markdown (a charter and optional story ideas) into an intranet site and feeds."""


@app.command()
def check(
    path: Annotated[Path | None, typer.Argument(help="The content folder (default: content/).")] = None,
    now: NowOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: Annotated[Format, typer.Option(
        "--format", help="text, github (Actions annotations), json or markdown (a pull request's summary).")] = Format.TEXT,
    changed_since: Annotated[str | None, typer.Option(
        "--changed-since", help="With markdown: list the ideas changed since this git revision (main, origin/main).")] = None,
    download_url: Annotated[str | None, typer.Option(
        "--download-url", help="With markdown: where to download the built site.")] = None,
    config_path: ConfigOption = None,
) -> None:
    """Check every file and report every problem at once, with file, line and how to fix it."""
    from hub.commands.check import CheckRequest, run_check

    try:
        config = _config(config_path, path)
        report = run_check(CheckRequest(config, _now(now, config), path.resolve() if path else None, strict, fmt,
                                        changed_since, download_url))
    except HubError as exc:
        raise _fail(exc) from None
    typer.echo(report.output, nl=False)
    raise typer.Exit(1 if report.failed else 0)


@app.command("list")
def list_ideas(
    now: NowOption = None,
    status: Annotated[str | None, typer.Option(
        "--status", help="live, scheduled, expired, draft or unreadable (a date hub cannot read).",
        autocompletion=lambda: ["live", "scheduled", "expired", "draft", "unreadable"])] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Only ideas with this topic.")] = None,
    fmt: Annotated[ListFormat | None, typer.Option(
        "--format", help="table (default on a terminal), tsv (default in a pipe: one line per idea) or json.")] = None,
    config_path: ConfigOption = None,
) -> None:
    """The editorial calendar: every idea with its status at --now, its dates, title, topics and language."""
    from hub.commands.listing import ListRequest, print_calendar, run_list

    try:
        config = _config(config_path)
        report = run_list(ListRequest(config, _now(now, config), status, topic))
    except HubError as exc:
        raise _fail(exc) from None
    try:
        print_calendar(report.rows, config, sys.stdout, fmt=fmt.value if fmt else None)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()
    if report.errors:
        _err(f"hub: {counted(report.errors, 'content error')} {'hides' if report.errors == 1 else 'hide'} some ideas; "
             "run hub check")
        raise typer.Exit(1)


@new_app.command("id")
def new_id_command() -> None:
    """Print a fresh idea id (a random UUID) to paste as `id:` in a file that has none, or a copied one."""
    from hub.commands.new import new_id

    typer.echo(new_id())


@new_app.command("idea")
def new_idea_command(
    title: Annotated[str, typer.Argument(help="The idea's title; its file name comes from it.")],
    topic: Annotated[list[str] | None, typer.Option("--topic", help="A topic (repeat for several).",
                                                    autocompletion=_vocabulary("topics"))] = None,
    audience: Annotated[list[str] | None, typer.Option("--audience", help="An audience (repeatable).",
                                                       autocompletion=_vocabulary("audiences"))] = None,
    channel: Annotated[list[str] | None, typer.Option("--channel", help="A channel (repeatable).",
                                                      autocompletion=_vocabulary("channels"))] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="The idea's language.",
                                             autocompletion=_vocabulary("languages"))] = None,
    now: NewNowOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Write content/ideas/<slug>.md with a fresh id and placeholders that `hub check` refuses until edited."""
    from hub.commands.new import WROTE, NewIdea, new_idea

    try:
        config = _config(config_path)
        path = new_idea(config, NewIdea(title, tuple(topic or ()), tuple(audience or ()), tuple(channel or ()), lang),
                        _now(now, config))
    except HubError as exc:
        raise _fail(exc) from None
    typer.echo(WROTE.format(path=path))


@new_app.command("guideline")
def new_guideline_command(
    title: Annotated[str, typer.Argument(help="The page's title; its file name comes from it.")],
    now: NewNowOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Write content/guidelines/<slug>.md, ready to edit."""
    from hub.commands.new import WROTE, new_guideline

    try:
        config = _config(config_path)
        path = new_guideline(config, title, _now(now, config))
    except HubError as exc:
        raise _fail(exc) from None
    typer.echo(WROTE.format(path=path))


@app.command()
def build(
    engine: EngineOption = "mkdocs",
    out: Annotated[Path | None, typer.Option(
        "--out", help="The output folder, replaced whole when the build succeeds (default: site/ beside mkdocs.yml).")] = None,
    now: NowOption = None,
    base_url: Annotated[str | None, typer.Option("--base-url", help="Publish at another address than site_url.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Check, then build the site and feeds into a temporary folder and swap it into place."""
    from hub.build import build_site
    from hub.commands.progress import progress_printer

    options = _build_options(engine, no_cache, jobs)
    try:
        config = _config(config_path)
        out = out if out is not None else config.root / "site"
        if base_url:
            config = config.with_base_url(base_url)
        instant = _now(now, config)
        with progress_printer() as progress:
            result = build_site(config, instant, out.resolve(), engine=engine, strict=strict, progress=progress,
                                options=options)
    except HubError as exc:
        raise _fail(exc) from None
    warnings = [p for p in result.problems if not p.is_error]
    _print_problems(warnings)
    plan = result.plan
    shown = relative(out, Path.cwd())
    typer.echo(
        f"Built {len(plan.pages)} pages and {len(plan.feed_refs) * 2} feeds ({len(plan.live_ideas)} live ideas) "
        f"with {engine} in {shown}/ for {instant.isoformat(timespec='seconds')}. Open {shown}/index.html, or run: hub serve"
    )


@app.command()
def serve(
    engine: EngineOption = "mkdocs",
    port: Annotated[int, typer.Option("--port", help="The port on localhost.")] = 8000,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    now: NowOption = None,
    no_cache: NoCacheOption = False,
    jobs: JobsOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Preview on localhost, drafts and scheduled ideas included; rebuilds and reloads on every change."""
    from hub.commands.serve import serve_forever

    options = _build_options(engine, no_cache, jobs)
    try:
        config = _config(config_path)
        serve_forever(config, engine=engine, host=host, port=port,
                      now=(lambda: _now(now, config)), options=options)
    except HubError as exc:
        raise _fail(exc) from None


@app.command()
def announce(
    now: NowOption = None,
    state: Annotated[Path, typer.Option("--state", help="The file that records what went where.")] = Path(
        ".hub/announce-state.json"),
    since: Annotated[str, typer.Option("--since", help="With no state: only ideas live for less than this (24h, 7d).")] = "24h",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what each target would get; send nothing.")] = False,
    base_url: Annotated[str | None, typer.Option("--base-url", help="The address the site is published at.")] = None,
    output_format: Annotated[str, typer.Option(
        "--format", help="With --dry-run: text (a preview), or json (exactly the payloads and the email).",
        autocompletion=lambda: ["text", "json"])] = "text",
    config_path: ConfigOption = None,
) -> None:
    """Tell Teams, Slack and email digests about ideas newly live at --now, each idea once per target."""
    from hub.commands.announce import AnnounceRequest, run_announce

    try:
        config = _config(config_path)
        report = run_announce(AnnounceRequest(config, _now(now, config), state, since, dry_run, base_url,
                                              output_format), env=os.environ, echo=_out)
    except HubError as exc:
        raise _fail(exc) from None
    raise typer.Exit(1 if report.failed else 0)


def _on_terminal() -> bool:
    return sys.stdin.isatty()


def _ask(value: str | None, option: str, question: str) -> str:
    """An option's value, asked for on a terminal when it was not given; a usage error without a terminal."""
    if value is not None:
        return value
    if _on_terminal():
        return str(typer.prompt(question))
    raise _fail(UsageError(f"{option} is required (or run hub init on a terminal to be asked)"))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The new site's folder: missing or empty.")],
    name: Annotated[str | None, typer.Option("--name", help="The site's name, as colleagues see it.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the site is published (site_url).")] = None,
    language: Annotated[str | None, typer.Option("--language", help="The site's language: en or fr.")] = None,
    timezone: Annotated[str, typer.Option("--timezone", help="Where dates are read, such as Europe/Paris.")] = "UTC",
) -> None:
    """Start a new company hub in FOLDER: configuration, starter charter, workflows, issue form and README."""
    from hub.commands.init import InitRequest, init_site

    request = InitRequest(folder, _ask(name, "--name", "Site name"), _ask(url, "--url", "Site address (https://...)"),
                          _ask(language, "--language", "Language (en or fr)"), timezone)
    try:
        result = init_site(request, datetime.now(UTC))
    except HubError as exc:
        raise _fail(exc) from None
    shown = relative(result.folder, Path.cwd())
    typer.echo(f"Wrote {len(result.files)} files into {shown}/. Next: cd {shown}, then hub check, hub serve, "
               "and read its README.md.")


@app.command()
def forms(config_path: ConfigOption = None) -> None:
    """Write the issue form for ideas (.github/ISSUE_TEMPLATE/idea.yml) again from mkdocs.yml and the charter."""
    from hub.commands.forms import write_form
    from hub.content.load import load_content

    try:
        config = _config(config_path)
        path = write_form(config, load_content(config).content.guidelines)
    except HubError as exc:
        raise _fail(exc) from None
    typer.echo(f"Wrote {relative(path, Path.cwd())} from {CONFIG_NAME} and content/guidelines/.")


def main() -> None:
    """Entry point of the `hub` console script; the last resort against a fault no command turned into a message."""
    try:
        app()
    except (RecursionError, OSError) as exc:
        _err(fault_message(exc))
        sys.exit(1)


if __name__ == "__main__":
    main()
