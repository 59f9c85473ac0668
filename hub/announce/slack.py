"""The Slack message of one idea: Block Kit, for an incoming webhook."""

from __future__ import annotations

import json
from typing import Any

from hub.announce.context import IdeaView
from hub.announce.templates import render
from hub.themes import ThemeDirs


def slack_message(theme: ThemeDirs, idea: IdeaView) -> dict[str, Any]:
    """The JSON body to post, in the idea's language (theme/templates/messages/slack.json)."""
    payload: dict[str, Any] = json.loads(render(theme, "slack.json", idea.lang, idea=idea))
    return payload
