"""Every message fits its channel: a message over a limit is refused whole, so long fields are cut first.

Limits, as Slack and Teams document them:
- Slack: a section's text 3,000 characters, a header 150, a button's text 75 and its URL 3,000, 50 blocks,
  25 elements in an actions block; the top-level `text` (the notification) is kept short here.
- Teams: a card of about 28 KB (the posted JSON, in bytes), Adaptive Cards 1.5 at most.

An idea is first rendered whole; when its message breaks a limit, it is rendered again from a shorter view
(summary, angles, guidelines cut at a word, with an ellipsis), then a shorter one, until it fits. A cut message
says so and links to the idea's page, where everything is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from hub.announce.context import IdeaView

ELLIPSIS = "…"
SLACK_SECTION = 3000
SLACK_HEADER = 150
SLACK_BUTTON = 75
SLACK_URL = 3000
SLACK_BLOCKS = 50
SLACK_ACTIONS = 25
SLACK_NOTIFICATION = 300
"""The top-level `text`: the notification's line, the title cut to a header's length after a few words."""
TEAMS_BYTES = 28_000
TEAMS_VERSION = (1, 5)

Payload = dict[str, Any]


def encode(payload: Payload) -> bytes:
    """The exact bytes posted for a payload (hub.announce.send posts these)."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word, ending with an ellipsis when it was cut."""
    text = str(text)
    if len(text) <= limit:
        return text
    head = text[: max(limit - len(ELLIPSIS), 0)]
    word = head.rsplit(" ", 1)[0] if " " in head[len(head) // 2:] else head
    return word.rstrip(" ,;:.-") + ELLIPSIS


@dataclass(frozen=True, slots=True)
class Caps:
    """How much of an idea a shortened message keeps."""

    title: int
    summary: int
    angles: int
    angle: int
    guidelines: int
    guideline: int


STEPS = (
    Caps(title=300, summary=2000, angles=20, angle=300, guidelines=10, guideline=150),
    Caps(title=200, summary=1000, angles=10, angle=200, guidelines=5, guideline=100),
    Caps(title=150, summary=400, angles=5, angle=120, guidelines=3, guideline=70),
    Caps(title=100, summary=150, angles=2, angle=80, guidelines=1, guideline=50),
)


def shortened(view: IdeaView, caps: Caps) -> IdeaView:
    """`view` with each field within `caps`; `cut` tells the templates to link to the page for the rest."""
    angles = tuple(clip(angle, caps.angle) for angle in view.angles[: caps.angles])
    guidelines = tuple(replace(g, title=clip(g.title, caps.guideline)) for g in view.guidelines[: caps.guidelines])
    short = replace(view, title=clip(view.title, caps.title), summary=clip(view.summary, caps.summary),
                    contact=clip(view.contact, caps.guideline), angles=angles, guidelines=guidelines,
                    more_angles=len(view.angles) - len(angles))
    fields = ("title", "summary", "contact", "angles", "guidelines")
    cut = any(getattr(short, name) != getattr(view, name) for name in fields)
    return replace(short, cut=cut)


def slack_problems(payload: Payload) -> list[str]:
    """What in a Slack message breaks one of Slack's limits (empty when Slack would take it)."""
    problems: list[str] = []
    blocks = payload.get("blocks", [])
    if len(blocks) > SLACK_BLOCKS:
        problems.append(f"{len(blocks)} blocks, more than {SLACK_BLOCKS}")
    if len(payload.get("text", "")) > SLACK_NOTIFICATION:
        problems.append(f"a top-level text over {SLACK_NOTIFICATION} characters")
    for index, block in enumerate(blocks):
        kind, text = block.get("type"), block.get("text", {}).get("text", "")
        if kind == "header" and len(text) > SLACK_HEADER:
            problems.append(f"block {index}: a header of {len(text)} characters, more than {SLACK_HEADER}")
        if kind == "section" and len(text) > SLACK_SECTION:
            problems.append(f"block {index}: a section of {len(text)} characters, more than {SLACK_SECTION}")
        elements = block.get("elements", [])
        if kind == "actions" and len(elements) > SLACK_ACTIONS:
            problems.append(f"block {index}: {len(elements)} buttons, more than {SLACK_ACTIONS}")
        for element in elements:
            label = element.get("text", {}).get("text", "") if element.get("type") == "button" else ""
            if len(label) > SLACK_BUTTON or len(element.get("url", "")) > SLACK_URL:
                problems.append(f"block {index}: a button over {SLACK_BUTTON} characters or its URL over {SLACK_URL}")
            if element.get("type") in ("plain_text", "mrkdwn") and len(element.get("text", "")) > SLACK_SECTION:
                problems.append(f"block {index}: a context text over {SLACK_SECTION} characters")
    return problems


def teams_problems(payload: Payload) -> list[str]:
    """What in a Teams message breaks a limit of Teams (empty when Teams would take it)."""
    problems: list[str] = []
    size = len(encode(payload))
    if size > TEAMS_BYTES:
        problems.append(f"the card is {size:,} bytes, more than {TEAMS_BYTES:,}")
    for attachment in payload.get("attachments", []):
        version = str(attachment.get("content", {}).get("version", "1.0"))
        if tuple(int(part) for part in version.split(".")) > TEAMS_VERSION:
            problems.append(f"Adaptive Cards {version}, newer than {'.'.join(map(str, TEAMS_VERSION))}")
    return problems


def fitted(view: IdeaView, build: Callable[[IdeaView], Payload],
           problems: Callable[[Payload], list[str]]) -> Payload:
    """The message of `view`, whole when it fits, else from the first shortened view that fits (or the shortest)."""
    payload = build(view)
    for caps in STEPS:
        if not problems(payload):
            return payload
        payload = build(shortened(view, caps))
    return payload
