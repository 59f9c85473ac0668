"""A command-line value that must be one of a list: a usage error with "did you mean" when it is not."""

from __future__ import annotations

from collections.abc import Sequence

from hub.errors import UsageError
from hub.problems import did_you_mean


def choose(option: str, value: str, choices: Sequence[str]) -> str:
    """`value` when it is one of `choices`, else UsageError (exit 2) naming the option and the nearest choice."""
    if value not in choices:
        hint = did_you_mean(value, list(choices))
        if not hint.startswith("allowed"):
            hint += f" (allowed: {', '.join(choices)})"
        raise UsageError(f"{option}: unknown value {value!r}; {hint}")
    return value
