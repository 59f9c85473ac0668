"""What both engines share when they run: their log kept instead of printed, and an error told with its template."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2


class LogCollector(logging.Handler):
    """Keeps an engine's warnings and errors, to report them with a failure, less the ones `tolerated` starts."""

    def __init__(self, tolerated: tuple[str, ...] = ()) -> None:
        super().__init__(logging.WARNING)
        self.tolerated = tolerated
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if not (self.tolerated and message.startswith(self.tolerated)):
            self.messages.append(message)


@contextmanager
def collected_logs(name: str, tolerated: tuple[str, ...] = ()) -> Iterator[LogCollector]:
    """Route the logger `name` (and its children) to a collector instead of the terminal while the engine runs."""
    logger = logging.getLogger(name)
    collector = LogCollector(tolerated)
    saved = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = saved


def _place(exc: BaseException) -> tuple[str | None, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name, exc.lineno
    if isinstance(exc, jinja2.TemplateNotFound):
        return (exc.name if isinstance(exc.name, str) else None), None
    # An error while rendering: Jinja puts the template's frames in the traceback.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
    return (frames[-1].filename, frames[-1].lineno) if frames else (None, None)


def template_location(exc: BaseException, root: Path) -> str:
    """``theme template <file>, line <n>: `` for an error a template caused, its file shown from `root`; or ``""``."""
    filename, line = _place(exc)
    if filename is None:
        return ""
    path = Path(filename)
    shown = path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else filename
    return f"theme template {shown}" + (f", line {line}: " if line is not None else ": ")


def describe(exc: BaseException, root: Path, plain: tuple[type[BaseException], ...] = ()) -> str:
    """An engine's error in one line: where in the theme, then its message, after its class unless it is one of
    `plain` (errors whose words already say what they are) or a template's syntax error."""
    message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
    if not isinstance(exc, (*plain, jinja2.TemplateSyntaxError)):
        message = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return template_location(exc, root) + (message or type(exc).__name__)
