"""hub's stance in rules: an angle or a fact is a way in, and words that read as a post to copy get a warning."""

from __future__ import annotations

import re
from dataclasses import dataclass

STANCE_HINT = (
    "hub gives colleagues ways in, never words to paste: when many people post the same words at once, "
    "readers notice and the voice stops being credible. Turn it into a question about the reader's own "
    "experience, such as 'What changed for you when…?', and leave hashtags, mentions and emoji to them"
)
"""The hint that goes with every stance warning; the README's "For editors" section says the same."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A sign that a text reads as a ready-made post."""

    name: str
    """What the editor is told was found, such as `a hashtag`."""
    pattern: re.Pattern[str]
    in_questions: bool = True
    """False for phrases that are fine inside a question ("What makes you proud to share…?")."""


_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff"
_JOINERS = "\u200d\ufe0f\U0001f3fb-\U0001f3ff"
RULES = (
    # `#` after a space or at the start, then a letter: not `C#`, `page#part` in an address, nor `#1`.
    Rule("a hashtag", re.compile(r"(?<!\S)#[^\W\d_]\w*")),
    # `@` after a space, a bracket or the start: not the `@` of an email address.
    Rule("an @mention", re.compile(r"(?<![^\s(\[])@[^\W_][\w.-]*")),
    Rule("a run of emoji", re.compile(f"[{_EMOJI}][{_JOINERS}]*(?:\\s*[{_EMOJI}][{_JOINERS}]*)+")),
    # `!` ending a word or a phrase: not `!=` nor `!important`.
    Rule("an exclamation mark", re.compile(r"!+(?=[\s)\"'»”’]|$)")),
    Rule("an announcement (“proud to share”)",
         re.compile(r"\b(?:proud|thrilled|excited|delighted|happy)\s+to\s+(?:share|announce)\b", re.IGNORECASE),
         in_questions=False),
    Rule("a call to action (“check it out”)", re.compile(r"\bcheck\s+(?:it|this|them)\s+out\b", re.IGNORECASE),
         in_questions=False),
    Rule("an announcement (« fier de »)", re.compile(r"\bfi(?:er|ère)s?\s+(?:de|d['’])", re.IGNORECASE),
         in_questions=False),
    Rule("an announcement (« ravi de vous annoncer »)",
         re.compile(r"\bravi(?:e|s|es|\(e\))?\s+de\s+vous\s+(?:annoncer|présenter|partager)", re.IGNORECASE),
         in_questions=False),
    Rule("a call to action (« découvrez »)", re.compile(r"\bdécouvrez\b", re.IGNORECASE), in_questions=False),
)
_TRIGGER = re.compile(
    f"[#@!{_EMOJI}]|proud|thrilled|excited|delighted|happy|check|fi(?:er|ère)|ravi|découvrez", re.IGNORECASE)
"""Something at least one rule needs: most angles have none, and are done with one scan."""
_SENTENCE = re.compile(r".+?(?:[.!?…]+(?=\s|$)|$)", re.DOTALL)
"""A sentence ends with `.`, `!`, `?` or `…` before a space or the end: `v2.0` and `example.org` do not end one."""
_ADDRESS = re.compile(r"\b(?:https?://|mailto:|www\.)\S+|\S+@\S+\.\w+|`[^`]*`")


def _question_spans(text: str) -> list[tuple[int, int]]:
    """Where the text's questions are: sentences that end with a question mark."""
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().rstrip().endswith("?")]


def post_signs(text: str) -> tuple[str, ...]:
    """What makes `text` read as a post to copy, each sign once, in the rules' order; empty when it reads as a way in."""
    if not _TRIGGER.search(text):
        return ()
    plain = _ADDRESS.sub(lambda m: " " * len(m.group()), text)  # addresses and code are not the editor's prose
    questions = _question_spans(plain)
    found: list[str] = []
    for rule in RULES:
        for match in rule.pattern.finditer(plain):
            if rule.in_questions or not any(start <= match.start() < end for start, end in questions):
                found.append(rule.name)
                break
    return tuple(found)
