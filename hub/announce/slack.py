"""The Slack message of one idea: Block Kit, for an incoming webhook."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from hub.announce.context import IdeaView
from hub.announce.fit import fitted, slack_problems
from hub.announce.templates import render


def _build(theme: Path, idea: IdeaView) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(render(theme, "slack.json", idea.lang, idea=idea))
    return payload


def slack_message(theme: Path, idea: IdeaView) -> dict[str, Any]:
    """The JSON body to post, in the idea's language (theme/templates/messages/slack.json), within Slack's limits."""
    return fitted(idea, partial(_build, theme), slack_problems)
