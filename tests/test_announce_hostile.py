"""Hostile words and oversized ideas through `hub announce`, to a real HTTP listener and a real SMTP server.

Each format escapes for itself (Adaptive Card Markdown, Slack text, email), every message fits its channel,
one refused message does not hold back the others, and a dry run shows exactly what would be sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import Result

from hub.announce.escape import WORD_JOINER, card_text, slack_text, ssml_text
from hub.announce.fit import clip
from hub.announce.teams import card_of
from tests import test_announce as base
from tests.browser import require_browser, run_driver
from tests.test_announce import FATIGUE, HALYARD, SITE, SLACK_PATH, Mailbox, Webhooks, mails, run, slack_urls, teams_path, url
from tests.test_announce_cards import CARD_LIBRARIES

# The real listeners of test_announce: a webhook recorder and an SMTP server with TLS, on loopback.
announcing, webhooks, mailbox, certificate = base.announcing, base.webhooks, base.mailbox, base.certificate

FATIGUE_ID = "5fbc8762-30da-4ff0-aba4-75451cbf2e0a"
NOW = "2026-11-20T09:00:00+01:00"
"""Halyard went live 21 hours before: the one idea due at each target on a first run."""
HOSTILE = """\
id: 26b32cb7-5314-4ddd-a297-f31a85bb9a12
title: '\\[Reset your password\\](https://evil.example/reset)'
summary: '&#91;Sign in again&#93;(https://evil.example/sso) `[Verify](https://evil.example/v)` &lt;!channel&gt; \
@here *urgent* _now_ ~gone~ &amp; &lt;https://evil.example|Your payslip&gt;'
date: 2026-11-19 12:00
expires: 2027-01-31
topics: [product, engineering]
audiences: [sales, engineers]
channels: [linkedin, blog]
lang: en
sensitivity: ask
guidelines: [confidential, sensitive-topics]
contact: '&lt;!here&gt; \\[Legal\\](https://evil.example/legal) @channel'
angles:
  - 'What is `[a link](https://evil.example/a)` to you?'
  - 'Who &lt;@U024BE7LH&gt; would you ask &lt;!everyone&gt;?'
  - 'Did you ever **bold** {{DATE(2017-02-14T06:08:00Z)}} a line?'
facts:
  - '\\[Fact link\\](https://evil.example/fact) &lt;!channel&gt; <https://evil.example/fact2>'
"""
"""Every way the review found (and a few more) to spell a link, a mention or markup in an idea's words."""


def rewrite_halyard(project: Path, front_matter: str) -> None:
    """The Halyard idea with this front matter, on a site whose stance findings only warn (extra.hub.stance.fail
    empty, as a company may choose): what is tested here is each channel's escaping of words that get through."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "    stance:" not in text:
        config.write_text(text.replace("\n  hub:\n", "\n  hub:\n    stance: {fail: []}\n", 1), encoding="utf-8")
    idea = project / "content" / "ideas" / "2026" / f"{HALYARD}.md"
    body = idea.read_text(encoding="utf-8").split("---\n", 2)[2]
    idea.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")


# -- each format's escaping, on its own --------------------------------------------------------


@pytest.mark.parametrize(("text", "escaped"), [
    ("[Reset](https://evil.example/reset)", r"\[Reset\]\(https://evil.example/reset\)"),
    ("<https://evil.example> & <!channel>", r"\<https://evil.example\> \& \<\!channel\>"),
    ("*bold* _it_ ~del~ `code` \\", r"\*bold\* \_it\_ \~del\~ \`code\` \\"),
    ("- not a list", r"\- not a list"),
    ("1. not a list either", r"1\. not a list either"),
    ("> not a quote", r"\> not a quote"),
    ("{{DATE(2017-02-14T06:08:00Z)}}", r"\{\{DATE\(2017-02-14T06:08:00Z\)\}\}"),
    ("Plain words, with a comma: kept.", "Plain words, with a comma: kept."),
])
def test_card_text_escapes_every_markdown_construct(text: str, escaped: str) -> None:
    assert card_text(text) == escaped


@pytest.mark.parametrize(("text", "escaped"), [
    ("<!channel> <@U024BE7LH> <https://evil.example|payslip>",
     "&lt;!channel&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example|payslip&gt;"),
    ("Q&A at 5 > 4", "Q&amp;A at 5 &gt; 4"),
    ("@channel, @Here and @everyone", f"@{WORD_JOINER}channel, @{WORD_JOINER}Here and @{WORD_JOINER}everyone"),
    ("mail me@example.com or @channels", "mail me@example.com or @channels"),
])
def test_slack_text_escapes_control_sequences_and_broadcasts(text: str, escaped: str) -> None:
    assert slack_text(text) == escaped


WORDS = st.text(alphabet=st.sampled_from(list("[]()<>!*_~`\\&#;|{}-+=.:/@ 1aZé")), min_size=1, max_size=80).map(
    lambda text: " ".join(text.split())).filter(bool)
"""One line of an idea's words as messages get them (whitespace collapsed), dense in every format's syntax."""


@settings(max_examples=400, deadline=None)
@given(WORDS)
def test_card_text_reads_back_as_the_same_words_in_commonmark(text: str) -> None:
    """Any words, escaped for a TextBlock and read by a CommonMark parser (markdown-it, as Teams' renderers do),
    give one paragraph of exactly those words: no link, emphasis, code, list, heading or HTML."""
    html = MarkdownIt("commonmark").render(card_text(text)).strip()
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<") == 2, html
    assert unescape(html[3:-4]) == text


@settings(max_examples=400, deadline=None)
@given(WORDS)
def test_slack_text_leaves_no_control_sequence(text: str) -> None:
    escaped = slack_text(text)
    assert "<" not in escaped and ">" not in escaped
    assert re.fullmatch(r"(?:[^&]|&amp;|&lt;|&gt;)*", escaped)
    assert not re.search(r"@(channel|here|everyone)\b", escaped, re.IGNORECASE)
    assert unescape(escaped).replace(WORD_JOINER, "") == text


@given(st.text(max_size=400), st.integers(min_value=2, max_value=300))
def test_clip_keeps_within_the_limit_and_marks_a_cut(text: str, limit: int) -> None:
    cut = clip(text, limit)
    assert len(cut) <= limit
    assert cut == text or (cut.endswith("…") and text.startswith(cut[:-1].rstrip(" ,;:.-")))


def test_ssml_text_escapes_xml() -> None:
    assert ssml_text("<break time='9s'/> & \"x\"") == "&lt;break time=&apos;9s&apos;/&gt; &amp; &quot;x&quot;"


# -- the exact payloads, from a hostile idea ------------------------------------------------------


def test_hostile_words_arrive_as_text_in_every_channel(announcing: Path, hub: Callable[..., Result],
                                                        webhooks: Webhooks, mailbox: Mailbox) -> None:
    rewrite_halyard(announcing, HOSTILE)
    result = run(hub, NOW)
    assert result.exit_code == 0, result.output

    [teams] = webhooks.bodies(teams_path())
    card = card_of(teams)
    assert card["version"] == "1.4"
    body = card["body"]
    assert body[1]["text"] == r"\[Reset your password\]\(https://evil.example/reset\)"
    assert body[2]["text"] == (r"\[Sign in again\]\(https://evil.example/sso\) \[Verify\]\(https://evil.example/v\) "
                               r"\<\!channel\> @here urgent now \~gone\~ \& \<https://evil.example\|Your payslip\>")
    sensitivity = body[3]["items"]
    assert sensitivity[0]["text"] == (r"Ask first: talk to \<\!here\> \[Legal\]\(https://evil.example/legal\) @channel "
                                      "before you post anything about it.")
    assert [item["text"] for item in sensitivity[1:]] == [
        f"- [What stays confidential]({SITE}charter/confidential/)",
        f"- [Regulated and sensitive topics]({SITE}charter/sensitive-topics/)"]
    assert [block["text"] for block in body[5:8]] == [
        r"- What is \[a link\]\(https://evil.example/a\) to you?",
        r"- Who \<@U024BE7LH\> would you ask \<\!everyone\>?",
        r"- Did you ever bold \{\{DATE\(2017-02-14T06:08:00Z\)\}\} a line?"]
    assert card["fallbackText"] == r"New story idea: \[Reset your password\]\(https://evil.example/reset\)"
    assert card["speak"] == "New story idea: [Reset your password](https://evil.example/reset)"

    [slack] = webhooks.bodies(SLACK_PATH)
    assert slack["text"] == "New story idea: [Reset your password](https://evil.example/reset)"
    assert slack["mrkdwn"] is False
    blocks = slack["blocks"]
    assert blocks[1]["text"] == {"type": "plain_text", "text": "[Reset your password](https://evil.example/reset)"}
    assert blocks[2]["text"] == {"type": "plain_text", "text": (
        f"[Sign in again](https://evil.example/sso) [Verify](https://evil.example/v) &lt;!channel&gt; @{WORD_JOINER}here "
        "urgent now ~gone~ &amp; &lt;https://evil.example|Your payslip&gt;")}
    assert blocks[3]["text"]["text"] == (f"Ask first: talk to &lt;!here&gt; [Legal](https://evil.example/legal) "
                                         f"@{WORD_JOINER}channel before you post anything about it.")
    assert blocks[6]["text"] == {"type": "plain_text", "text": (
        "• What is [a link](https://evil.example/a) to you?\n"
        "• Who &lt;@U024BE7LH&gt; would you ask &lt;!everyone&gt;?\n"
        "• Did you ever bold {{DATE(2017-02-14T06:08:00Z)}} a line?")}
    mrkdwn = [obj["text"] for block in blocks for obj in [block.get("text", {}), *block.get("elements", [])]
              if isinstance(obj, dict) and obj.get("type") == "mrkdwn"]
    assert mrkdwn == ["*Questions to start from*"], "no word of the idea in mrkdwn"
    slack_json = json.dumps(slack, ensure_ascii=False)
    assert "<!" not in slack_json and "<@" not in slack_json and "<http" not in slack_json
    card_texts = [block["text"] for block in body if "text" in block]
    assert not any(re.search(r"(?<!\\)[<\[*_~`]", text) for text in card_texts[1:3] + card_texts[4:]), card_texts
    everything = json.dumps([teams, slack], ensure_ascii=False)
    assert "Fact link" not in everything and "fact2" not in everything, "facts are not in messages"

    [mail] = mails(mailbox)
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "[Reset your password](https://evil.example/reset)\n=====" in text
    assert "<!channel> @here urgent now ~gone~ & <https://evil.example|Your payslip>" in text
    assert "<h2 style=\"font-size:20px;margin:0 0 8px 0\">[Reset your password](https://evil.example/reset)</h2>" in html
    assert "&lt;!channel&gt; @here urgent now ~gone~ &amp; &lt;https://evil.example|Your payslip&gt;" in html
    assert "&lt;!here&gt; [Legal](https://evil.example/legal) @channel" in html
    assert re.findall(r'href="([^"]+)"', html) == [f"{SITE}charter/confidential/", f"{SITE}charter/sensitive-topics/",
                                                   url(HALYARD)]


def test_hostile_cards_render_without_a_live_link(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks,
                                                  tmp_path: Path) -> None:
    """Teams' reading of the card, in Chromium: Microsoft's renderer with Markdown on. The raw text, unescaped,
    is rendered too: it does make links, so the renderer reads Markdown and the escaping is what stops them."""
    chromium = require_browser("adaptivecards", "markdown-it")
    rewrite_halyard(announcing, HOSTILE)
    assert run(hub, NOW).exit_code == 0
    [teams] = webhooks.bodies(teams_path())
    card = card_of(teams)
    unescaped = json.loads(json.dumps(card).replace("\\\\", ""))  # every backslash escape taken out
    report = run_driver("adaptive_cards.mjs", {**CARD_LIBRARIES, "chromium": chromium, "cards": [card, unescaped],
                                               "screenshot": str(tmp_path / "card.png")}, tmp_path)
    assert report["blocked"] == [] and report["failed"] == [] and report["errors"] == []
    rendered, control = report["cards"]
    assert rendered["events"] == [] and rendered["markdown"]
    assert rendered["links"] == [
        {"text": "What stays confidential", "href": f"{SITE}charter/confidential/"},
        {"text": "Regulated and sensitive topics", "href": f"{SITE}charter/sensitive-topics/"}]
    assert rendered["emphasis"] == 0
    for words in ("[Reset your password](https://evil.example/reset)", "[Sign in again](https://evil.example/sso)",
                  "<!channel>", "~gone~", "<https://evil.example|Your payslip>", "[Legal](https://evil.example/legal)",
                  "{{DATE(2017-02-14T06:08:00Z)}}"):
        assert words in rendered["text"], words
    evil = [link["href"] for link in control["links"] if "evil.example" in (link["href"] or "")]
    assert "https://evil.example/reset" in evil and "https://evil.example/legal" in evil, control["links"]


# -- limits: every message fits its channel --------------------------------------------------------


def slack_refusal(body: dict[str, Any]) -> str | None:
    """What Slack answers `invalid_blocks` for, written from Slack's Block Kit reference (not from hub's code)."""
    blocks = body["blocks"]
    if len(blocks) > 50:
        return "more than 50 blocks"
    for block in blocks:
        text = block.get("text", {}).get("text", "")
        if not 1 <= len(text) <= (150 if block["type"] == "header" else 3000) and "text" in block:
            return f"{block['type']} text of {len(text)}"
        for element in block.get("elements", []):
            if element.get("type") == "button" and len(element["text"]["text"]) > 75:
                return "button text over 75"
    return None


def channel_judge(path: str, body: dict[str, Any], raw: bytes) -> int:
    if path == SLACK_PATH:
        return 400 if slack_refusal(body) else 200
    return 413 if len(raw) > 28_000 else 202


SUMMARY = " ".join(f"Sentence {n} of a summary about the integration." for n in range(20))[:990]
ANGLES = [f"Angle {n}: " + "時計と勤務表が食い違ったとき、何に気づきましたか、そしてそれはなぜですか？" * 13 for n in range(20)]
"""As big as `hub check` lets an idea be (a summary under 1,000 characters, 20 angles under 500 each), and
three bytes a character: more than a Slack section holds, and more than a Teams card."""


def test_a_huge_idea_is_cut_to_fit_each_channel_with_a_link_to_its_page(
        announcing: Path, hub: Callable[..., Result], webhooks: Webhooks) -> None:
    assert len(SUMMARY) < 1000 and len(ANGLES) == 20 and max(map(len, ANGLES)) < 500
    assert sum(len(a.encode()) for a in ANGLES) > 28_000 and sum(map(len, ANGLES)) > 3_000
    front = HOSTILE.split("summary:")[0].replace(r"'\\[Reset your password\\](https://evil.example/reset)'", "Huge")
    angles = "".join(f"  - '{angle}'\n" for angle in ANGLES)
    rewrite_halyard(announcing, front + f"summary: {SUMMARY}\ndate: 2026-11-19 12:00\nexpires: 2027-01-31\n"
                    "topics: [engineering]\nlang: en\nsensitivity: open\ncontact: Comms\nangles:\n" + angles)
    webhooks.judge = channel_judge
    result = run(hub, NOW)
    assert result.exit_code == 0, result.output

    [slack] = webhooks.bodies(SLACK_PATH)
    assert slack_refusal(slack) is None
    blocks = slack["blocks"]
    assert blocks[2]["text"]["text"] == SUMMARY, "a summary within hub check's bound fits a Slack section whole"
    angles_text = blocks[5]["text"]["text"].splitlines()
    shown, more = angles_text[:-1], angles_text[-1]
    assert more == f"• {20 - len(shown)} more questions on the idea's page" and 0 < len(shown) < 20
    assert {"type": "mrkdwn", "text": f"<{url(HALYARD)}|Shortened here: the whole idea is on its page>"} in [
        block.get("text") for block in blocks]

    [teams] = webhooks.bodies(teams_path())
    assert len(json.dumps(teams, ensure_ascii=False).encode()) <= 28_000
    texts = [block.get("text", "") for block in card_of(teams)["body"]]
    assert texts[2] == SUMMARY
    assert f"[Shortened here: the whole idea is on its page]({url(HALYARD)})" in texts
    # Teams keeps every question, each cut at a word to fit the card, rather than dropping some.
    cut = [text[:-1] for text in texts if text.endswith("…") and "時計" in text]
    assert cut and all(any(angle.startswith(text) or text.startswith("- ") and angle.startswith(text[2:])
                           for angle in ANGLES) for text in cut), cut


def test_one_refused_idea_does_not_hold_back_the_others(announcing: Path, hub: Callable[..., Result],
                                                        webhooks: Webhooks) -> None:
    def refuse_fatigue(path: str, body: dict[str, Any], raw: bytes) -> int:
        return 400 if path == SLACK_PATH and "Fatigue insights" in body["text"] else 200

    webhooks.judge = refuse_fatigue
    failed = run(hub, NOW, "--since", "7d")
    assert failed.exit_code == 1, failed.output
    assert slack_urls(webhooks) == [url(HALYARD)], "the idea after the refused one still went"
    assert (f"slack-everything: FAILED: the webhook answered HTTP 400 Bad Request for the idea {FATIGUE} "
            "(1 of 2 refused, tried again on the next run; the others went)") in failed.output
    state = json.loads(Path("state.json").read_text(encoding="utf-8"))["targets"]["slack-everything"]
    assert "26b32cb7-5314-4ddd-a297-f31a85bb9a12" in state["sent"]
    assert len(state["sent"]) == 1
    webhooks.judge = None
    again = run(hub, "2026-11-20T10:00:00+01:00", "--since", "7d")
    assert again.exit_code == 0, again.output
    assert slack_urls(webhooks) == [url(HALYARD), url(FATIGUE)], "only the refused one went again"


# -- the address: https only off this machine ------------------------------------------------------------


def test_an_http_webhook_off_loopback_is_refused_without_printing_it(
        announcing: Path, hub: Callable[..., Result], webhooks: Webhooks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_SLACK_ALL", "http://hooks.example.com/services/T0AB/B0CD/plainTextSecret77")
    result = run(hub, NOW)
    assert result.exit_code == 1, result.output
    assert ("slack-everything: FAILED: the webhook address in $HUB_SLACK_ALL starts with http://, so its secret "
            "would travel in clear; use the https:// address (http:// is refused except to this machine)") in result.output
    assert "hooks.example.com" not in result.output and "plainTextSecret77" not in result.output
    assert webhooks.bodies(SLACK_PATH) == [] and len(webhooks.bodies(teams_path())) == 1, "the other targets went"
    state = json.loads(Path("state.json").read_text(encoding="utf-8"))["targets"]["slack-everything"]
    assert state["sent"] == {} and "26b32cb7-5314-4ddd-a297-f31a85bb9a12" not in state["seen"], "still due"
    preview = run(hub, NOW, "--dry-run", "--format", "json")
    assert preview.exit_code == 1
    [slack] = [t for t in json.loads(preview.output)["targets"] if t["name"] == "slack-everything"]
    assert slack["problem"].startswith("the webhook address in $HUB_SLACK_ALL starts with http://")
    assert "hooks.example.com" not in preview.output


# -- the dry run in JSON: exactly what a real run sends ----------------------------------------------------


def test_dry_run_json_is_exactly_what_is_then_sent(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks,
                                                   mailbox: Mailbox) -> None:
    rewrite_halyard(announcing, HOSTILE)
    preview = run(hub, NOW, "--dry-run", "--format", "json", "--since", "7d")
    assert preview.exit_code == 0, preview.output
    document = json.loads(preview.output)
    assert webhooks.calls == [] and mailbox.messages == [] and not Path("state.json").exists()
    targets = {target["name"]: target for target in document["targets"]}
    assert list(targets) == ["teams-engineering", "slack-everything", "digest-everyone"]
    assert {t["secret_env"]: t["secret"] for t in targets.values()} == {
        "HUB_TEAMS_ENG": "set", "HUB_SLACK_ALL": "set", "HUB_SMTP": "set"}
    assert targets["slack-everything"]["due"] == [FATIGUE_ID, "26b32cb7-5314-4ddd-a297-f31a85bb9a12"]
    assert targets["slack-everything"]["problem"] is None
    sent = run(hub, NOW, "--since", "7d")
    assert sent.exit_code == 0, sent.output
    assert targets["teams-engineering"]["messages"] == webhooks.bodies(teams_path())
    assert targets["slack-everything"]["messages"] == webhooks.bodies(SLACK_PATH)
    [(_, _, raw)] = mailbox.messages
    assert targets["digest-everyone"]["email"].splitlines() == raw.decode("utf-8").splitlines()


def test_dry_run_json_needs_dry_run(announcing: Path, hub: Callable[..., Result]) -> None:
    result = hub("announce", "--format", "json")
    assert result.exit_code == 2
    assert "--format json shows what would be sent: use it with --dry-run" in result.output
