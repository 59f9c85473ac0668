"""The Teams message of one idea: an Adaptive Card in a `message`, for a Workflows webhook."""

from __future__ import annotations

import json
from typing import Any

from hub.announce.context import IdeaView
from hub.announce.templates import render
from hub.themes import ThemeDirs


def teams_message(theme: ThemeDirs, idea: IdeaView) -> dict[str, Any]:
    """The JSON body to post, in the idea's language (theme/templates/messages/teams.json)."""
    payload: dict[str, Any] = json.loads(render(theme, "teams.json", idea.lang, idea=idea))
    return payload


def card_of(message: dict[str, Any]) -> dict[str, Any]:
    """The Adaptive Card inside a Teams message."""
    card: dict[str, Any] = message["attachments"][0]["content"]
    return card
