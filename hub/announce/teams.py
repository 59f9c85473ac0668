"""The Teams message of one idea: an Adaptive Card in a `message`, for a Workflows webhook."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from hub.announce.context import IdeaView
from hub.announce.fit import fitted, teams_problems
from hub.announce.templates import render


def _build(theme: Path, idea: IdeaView) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(render(theme, "teams.json", idea.lang, idea=idea))
    return payload


def teams_message(theme: Path, idea: IdeaView) -> dict[str, Any]:
    """The JSON body to post, in the idea's language (theme/templates/messages/teams.json), within Teams' limits."""
    return fitted(idea, partial(_build, theme), teams_problems)


def card_of(message: dict[str, Any]) -> dict[str, Any]:
    """The Adaptive Card inside a Teams message."""
    card: dict[str, Any] = message["attachments"][0]["content"]
    return card
