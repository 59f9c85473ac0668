"""hub's stance in rules: every field an employee sees is a way in, and words that read as a post to copy are named.

Every pattern here runs in linear time: each starts at a place no other attempt of the same pattern covers (the start
of a run, a word or a token) and its repeats are possessive, so no input makes a pattern scan the same text twice.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass

from hub.config import STANCE_FIELDS as FIELDS
from hub.problems import excerpt

__all__ = ["FIELDS", "HINTS", "RULES", "Rule", "Sign", "as_question", "first_signs", "is_question", "post_signs", "signs"]

_WHY = ("hub gives colleagues ways in, never words to paste: when many people post the same words at once, "
        "readers notice and the voice stops being credible")
HINTS = {
    "title": f"{_WHY}. Name what happened in plain words, such as 'Our CI now runs on 40% less energy'; "
             "leave hashtags, mentions, emoji and exclamation marks to colleagues",
    "summary": f"{_WHY}. The summary is what Teams, Slack, email and every card show first: say in one or two plain "
               "sentences what happened and why it matters, without hashtags, mentions, emoji or exclamation marks",
    "angles": f"{_WHY}. Turn it into a question about the reader's own experience, such as 'What changed for you "
              "when…?', and leave hashtags, mentions and emoji to them",
    "facts": f"{_WHY}. A fact is what colleagues may cite: state it plainly (a figure, a date, a source), "
             "without hashtags, mentions, emoji or exclamation marks",
    "links": f"{_WHY}. A link's title names its source: use the page's own title, such as 'Annual report 2025'",
    "body": f"{_WHY}. The body is context for colleagues, not a post: say what happened and why it matters, "
            "and leave the post (its tone, hashtags, mentions and emoji) to each of them",
}
"""What to do instead, for each field: the README's "For editors" section says the same."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A sign that a text reads as a ready-made post."""

    name: str
    """What the editor is told was found, such as `a hashtag`; the words it matched follow it."""
    pattern: re.Pattern[str]
    in_questions: bool = True
    """False for phrases that are fine inside a question ("What makes you proud to share…?")."""


@dataclass(frozen=True, slots=True)
class Sign:
    """One match of a rule: its name, the words it matched and where they start in the text."""

    name: str
    words: str
    offset: int

    def __str__(self) -> str:
        return f"{self.name} ({excerpt(self.words, 30).replace('`', chr(39))})"


_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff"
_JOINERS = "\u200d\ufe0f\U0001f3fb-\U0001f3ff"
_I = re.IGNORECASE
RULES = (
    # `#` after a space or at the start, then a letter: not `C#`, `page#part` in an address, nor `#1`; nor a chat
    # channel named as one (`the #tidepool channel`, `le canal #outils`).
    Rule("a hashtag", re.compile(r"(?<!\S)(?<!canal )(?<!salon )(?<!channel )#[^\W\d_]\w*+"
                                 r"(?!\s++(?:channels?|canal|canaux|salon)\b)", _I)),
    # `@` after a space, a bracket or the start: not the `@` of an email address.
    Rule("an @mention", re.compile(r"(?<![^\s(\[])@[^\W_][\w.-]*+")),
    Rule("a run of emoji", re.compile(f"[{_EMOJI}][{_JOINERS}]*+(?:\\s*+[{_EMOJI}][{_JOINERS}]*+)++")),
    # The first `!` of a run, ending a word or a phrase: not `!=` nor `!important`.
    Rule("an exclamation mark", re.compile(r"(?<!!)!++(?=[\s)\"'»”’]|$)")),
    Rule("an announcement", re.compile(
        r"\b(?:proud|thrilled|excited|delighted|happy|pleased)\s++to\s++(?:share|announce|present|introduce)\b"
        r"|\b(?:big|exciting|great)\s++news\b", _I), in_questions=False),
    Rule("an announcement", re.compile(
        r"\bfi(?:er|ère)s?\s++(?:de|d['’])"
        r"|\b(?:ravi(?:e|s|es|\(e\))?|heureu(?:x|se|ses|x\(se\)))\s++de\s++(?:vous\s++)?(?:annoncer|présenter|partager)"
        r"|\bgrande\s++nouvelle\b", _I), in_questions=False),
    Rule("a call to action", re.compile(
        r"\bcheck\s++(?:it|this|them)\s++out\b"
        r"|\b(?:copy|paste|repost|retweet)\s++(?:and\s++paste\s++)?(?:this|the\s++following|our)"
        r"(?:\s++(?:post|text|message|tweet)s?+)?+\b"
        r"|\bfeel\s++free\s++to\s++(?:share|repost|copy|post)\b"
        r"|\bdon['’]t\s++forget\s++to\s++(?:like|share|follow|repost)\b", _I), in_questions=False),
    Rule("a call to action", re.compile(
        r"\bdécouvrez\b"
        r"|\b(?:copiez|collez|partagez|relayez)\s++(?:ce|cet|cette|ces|le|la|les|notre|nos)\s++"
        r"(?:post|message|texte|publication|article)s?\b"
        r"|\bn['’]hésitez\s++pas\s++à\s++(?:partager|relayer|liker|copier)\b", _I), in_questions=False),
)
_ENDS = re.compile(r"(?<![.!?…？])[.!?…？]++(?=\s|$)")
"""The end of a sentence: `.`, `!`, `?` or `…` (a run of them) before a space or the end; `v2.0` ends none."""
_ADDRESS = re.compile(r"\b(?:https?://|mailto:|www\.)\S++|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++|`[^`]*+`")
"""Addresses and code: not the editor's prose. Each attempt starts where the last cannot have (a token's start)."""
_MARKUP = re.compile(r"^[ \t]{0,3}#++|<[^<>]*+>|\]\([^()\s]*+", re.MULTILINE)
"""In a body, Markdown's own signs: a heading's `#`, an HTML tag, a link's address."""
_FENCE = re.compile(r"^[ \t]{0,3}(?:`{3,}+|~{3,}+)", re.MULTILINE)


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """The text with each match replaced by as many spaces: offsets and lines stay the same."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _without_fences(body: str) -> str:
    """A body with its fenced code blocks blanked (their lines kept): code is shown as written, not posted."""
    if "```" not in body and "~~~" not in body:
        return body
    lines = body.split("\n")
    inside = False
    for index, line in enumerate(lines):
        fence = _FENCE.match(line) is not None
        if inside or fence:
            lines[index] = " " * len(line)
        if fence:
            inside = not inside
    return "\n".join(lines)


def _prose(text: str, *, markdown: bool) -> str:
    """The text an editor wrote as prose, same length: addresses, code and (in a body) Markdown's signs as spaces."""
    if markdown:
        text = _blank(_without_fences(text), _MARKUP)
    return _blank(text, _ADDRESS)


def _question_spans(text: str) -> list[tuple[int, int]]:
    """Where the text's questions are: sentences that end with a question mark."""
    spans, start = [], 0
    for end in _ENDS.finditer(text):
        if "?" in end.group() or "？" in end.group():
            spans.append((start, end.end()))
        start = end.end()
    return spans


def _in(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` falls in one of the sorted, disjoint spans (a binary search: many questions stay cheap)."""
    index = bisect.bisect_right(spans, (at, sys.maxsize)) - 1
    return index >= 0 and spans[index][0] <= at < spans[index][1]


def _words(text: str, match: re.Match[str], rule: Rule) -> str:
    """What to quote: the match, and for an exclamation mark the word it ends."""
    if rule.name != "an exclamation mark":
        return match.group()
    start = match.start()
    while start > 0 and not text[start - 1].isspace() and match.start() - start < 30:
        start -= 1
    return text[start:match.end()]


def signs(text: str, *, markdown: bool = False) -> list[Sign]:
    """Every sign that `text` reads as a post to copy, in the order they stand; `markdown` for a body, where an
    exclamation mark alone is tone, not a post (a pasted post in a body shows by its other signs)."""
    plain = _prose(text, markdown=markdown)
    questions: list[tuple[int, int]] | None = None
    found: list[Sign] = []
    for rule in RULES:
        if markdown and rule.name == "an exclamation mark":
            continue
        for match in rule.pattern.finditer(plain):
            if not rule.in_questions:
                questions = _question_spans(plain) if questions is None else questions
                if _in(questions, match.start()):
                    continue
            found.append(Sign(rule.name, _words(text, match, rule), match.start()))
    return sorted(found, key=lambda s: s.offset)


def first_signs(found: list[Sign]) -> list[Sign]:
    """The first sign of each kind, in the rules' order."""
    order = [rule.name for rule in RULES]
    first: dict[str, Sign] = {}
    for sign in found:
        first.setdefault(sign.name, sign)
    return sorted(first.values(), key=lambda s: order.index(s.name))


def post_signs(text: str) -> tuple[str, ...]:
    """What makes `text` read as a post to copy, each kind once, in the rules' order; empty when it reads as a way in."""
    return tuple(sign.name for sign in first_signs(signs(text)))


def is_question(text: str) -> bool:
    """Whether the text asks something: one of its sentences ends with a question mark."""
    return bool(_question_spans(_prose(text, markdown=False)))


_EN_LEAD = re.compile(r"^(?:please\s++)?(?:talk|write|post|tell|speak|explain|describe|share|mention|present|"
                      r"highlight|say\s++something)\b\s*+(?:(?:about|on|of)\b\s*+)?", _I)
_FR_LEAD = re.compile(r"^(?:parlez|racontez|partagez|expliquez|décrivez|présentez|dites|évoquez|mentionnez|"
                      r"écrivez|postez)\b\s*+(?:(?:à\s++propos|sur)\b\s*+)?", _I)
_FR_OF = re.compile(r"^(?:de|du|des|d['’])", _I)


def as_question(text: str, lang: str) -> str:
    """The same thought as a question, in the idea's language (French or English): an example for the editor."""
    core = excerpt(text.strip().rstrip(" .!:;…\u00a0\u202f"), 90)
    french = lang.lower().split("-", 1)[0] == "fr"
    lead = (_FR_LEAD if french else _EN_LEAD).match(core)
    rest = core[lead.end():] if lead else ""
    if french:
        if not rest:
            return f"Qu’est-ce que « {core} » change dans votre travail ?"
        return (f"Que diriez-vous {rest} à un collègue ?" if _FR_OF.match(rest)
                else f"Que diriez-vous à un collègue sur {rest} ?")
    if not rest:
        return f"What does “{core}” change in your own work?"
    return f"What would you tell a colleague about {rest}?"
