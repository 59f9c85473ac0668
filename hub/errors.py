"""The one error hierarchy of hub; the CLI turns each into an exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.problems import Problem


class HubError(Exception):
    """Base of every error hub raises on purpose; never shown with a traceback."""

    exit_code = 1


class UsageError(HubError):
    """A command was called with arguments that cannot work (exit 2)."""

    exit_code = 2


class ConfigError(HubError):
    """The configuration file is missing or wrong (exit 2); names the key."""

    exit_code = 2


class ContentError(HubError):
    """Content has problems that stop the command (exit 1); carries all of them."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem{'' if len(problems) == 1 else 's'} in the content")
        self.problems = problems


class BuildError(HubError):
    """An engine or the publish step failed; the previous output is untouched (exit 1)."""

    exit_code = 1


def fault_message(exc: RecursionError | OSError) -> str:
    """What `hub` says when a fault no command expected stops it: what happened and where to look."""
    if isinstance(exc, RecursionError):
        return ("hub: stopped: something in the content nests too deeply; run hub check, "
                "then look for the file the last message names")
    where = f" ({exc.filename})" if exc.filename else ""
    return (f"hub: stopped: {exc.strerror or exc}{where}; check that the folders hub reads and writes exist, "
            "are writable and have space left")
