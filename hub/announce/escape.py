"""Each message format escapes content for itself: what is text in an idea stays text in every message.

The words of an idea reach the messages as plain text (hub.announce.context): no markup of the content survives.
But plain text can still spell the markup of the format it lands in: `[Reset your password](https://evil.example)`
is a link in an Adaptive Card, `<!channel>` wakes a whole Slack channel. So each format gets its own escaping,
applied in the message templates as a filter at the one place each value enters the format:

- `card`: Adaptive Card TextBlock text, which Teams reads as a subset of CommonMark (emphasis, lists, links):
  every character that can open a construct is backslash-escaped, as CommonMark defines.
- `slack`: Slack's control sequences (`<!channel>`, `<@U…>`, `<url|label>`) and entities: `&`, `<` and `>`
  become `&amp;`, `&lt;` and `&gt;`, as Slack asks, and `@channel`, `@here`, `@everyone` lose their power.
  Content only ever lands in `plain_text` objects and in the top-level `text` (sent with `mrkdwn: false`),
  never in `mrkdwn`, so `*`, `_`, `~` and backticks from content cannot format anything.
- `ssml`: the card's `speak`, which is SSML (XML).
- Email: the HTML part is escaped by Jinja's autoescape; the plain-text part is plain text.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as xml_escape

_CARD_SPECIAL = re.compile(r"([\\`*_~\[\]()<>&!#|{}])")
"""Characters that open or close a construct of CommonMark anywhere in a line: escapes, code spans, emphasis,
strikethrough, links and images, autolinks and HTML, entities; `#`, `|`, braces for good measure (headings,
tables, Adaptive Cards' `{{DATE()}}` functions)."""
_CARD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")
"""What opens a block at the start of a line: list bullets, quotes, setext underlines, ordered list numbers."""
_SLACK_BROADCAST = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
WORD_JOINER = "\u2060"
"""Invisible, and no reader announces it: put after `@`, it keeps `@channel` from being read as a mention."""


def card_text(text: str) -> str:
    """Plain text as Adaptive Card TextBlock Markdown that shows exactly that text and makes no link."""
    lines = [_CARD_SPECIAL.sub(r"\\\1", line) for line in str(text).splitlines() or [""]]
    lines = [_CARD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2).isdigit()
                                  else m.group(1) + m.group(2) + "\\", line) for line in lines]
    return "\n".join(lines)


def slack_text(text: str) -> str:
    """Plain text for any Slack text field: no control sequence, no entity, no broadcast mention."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SLACK_BROADCAST.sub("@" + WORD_JOINER, escaped)


def ssml_text(text: str) -> str:
    """Plain text inside SSML (an Adaptive Card's `speak`): XML-escaped."""
    return xml_escape(str(text), {'"': "&quot;", "'": "&apos;"})
