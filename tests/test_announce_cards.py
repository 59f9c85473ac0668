"""Messages in Chromium: every Teams card through Microsoft's adaptivecards package (parsed without a warning,
rendered, looked at), and the email digest's HTML through axe-core."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from hub.announce.config import Every, Kind, Target
from hub.announce.context import IdeaView, idea_view
from hub.announce.email import email_digest
from hub.announce.teams import card_of, teams_message
from hub.config import load_config
from hub.content.load import load_content
from hub.plan import make_plan
from tests.browser import JS, require_browser, run_driver
from tests.conftest import ARTIFACTS, NOW, ROOT

pytestmark = pytest.mark.browser
SENSITIVITY = {("en", "open"): "Open: you may share it freely", ("en", "care"): "Handle with care: re-read",
               ("en", "ask"): "Ask first: talk to", ("fr", "open"): "Ouvert : vous pouvez la partager",
               ("fr", "care"): "Avec précaution : relisez", ("fr", "ask"): "Demandez d’abord : parlez-en à"}


CARD_LIBRARIES = {"library": str(JS / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"),
                  "markdown": str(JS / "node_modules" / "markdown-it" / "dist" / "markdown-it.min.js")}
"""Microsoft's renderer, and the Markdown it uses when the page has it (Teams reads a TextBlock as Markdown)."""


def example_views() -> list[IdeaView]:
    """Every live idea of the example at NOW, `ask` ones first, as the messages show them."""
    config = load_config(ROOT)
    plan = make_plan(load_content(config).content, config, datetime.fromisoformat(NOW))
    ideas = sorted(plan.live_ideas, key=lambda idea: (idea.sensitivity != "ask", idea.slug))
    return [idea_view(idea, plan) for idea in ideas]


def test_every_teams_card_parses_without_a_warning_and_renders(tmp_path: Path) -> None:
    chromium = require_browser("adaptivecards", "markdown-it")
    config = load_config(ROOT)
    views = example_views()
    messages = [teams_message(config.theme_dir, view) for view in views]
    for message in messages:
        assert message["type"] == "message"
        [attachment] = message["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "teams-card.png"
    report = run_driver("adaptive_cards.mjs", {
        **CARD_LIBRARIES, "chromium": chromium,
        "cards": [card_of(message) for message in messages], "screenshot": str(screenshot),
    }, tmp_path)
    assert report["blocked"] == [] and report["failed"] == [] and report["errors"] == []
    assert len(report["cards"]) == len(views) == 12
    for view, card in zip(views, report["cards"], strict=True):
        assert card["events"] == [], f"{view.url}: {card['events']}"
        assert card["rendered"], view.url
        text = card["text"]
        assert view.title in text and view.summary[:40] in text
        assert all(angle[:30] in text for angle in view.angles), view.url
        open_idea = "Ouvrir l’idée" if view.lang == "fr" else "Open the idea"
        assert card["buttons"] == [open_idea], view.url
        assert card["markdown"] and card["emphasis"] == 0, "rendered as Teams does, as Markdown, with no emphasis"
        assert card["links"] == [{"text": g.title, "href": g.url} for g in view.guidelines], view.url
        assert ("Facultatif" if view.lang == "fr" else "Optional:") in text
        assert SENSITIVITY[view.lang, view.sensitivity] in text, view.url
        assert all(guideline.title in text for guideline in view.guidelines), view.url
    assert screenshot.stat().st_size > 5_000


def test_the_email_digest_passes_axe_with_headings_and_languages(tmp_path: Path) -> None:
    from tests.test_a11y import AXE_TAGS

    chromium = require_browser("axe-core")
    config = load_config(ROOT)
    views = example_views()
    mails = []
    for language in ("en", "fr"):
        target = Target("digest", Kind.EMAIL, "HUB_SMTP", sender="Comms <comms@example.com>", to=("all@example.com",),
                        every=Every.WEEK, contact="Comms <comms@example.com>", language=language)
        sent = email_digest(config.theme_dir, config.name, target, views, datetime.fromisoformat(NOW))
        parsed = email.message_from_bytes(sent.as_bytes(), policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        assert parsed["Subject"] == {"en": "Speak in your own voice: 12 new story ideas",
                                     "fr": "Speak in your own voice : 12 nouvelles idées de sujet"}[language]
        assert parsed["Content-Language"] == language
        html = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
        text = parsed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "Ouvert\u00a0: vous pouvez" in html and "Ouvert : vous pouvez" in text, "French typography in HTML only"
        assert "Open: you may" in html, "English sections keep English typography"
        mails.append(html)
    screenshot = ARTIFACTS / "email-digest.png"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = run_driver("email_a11y.mjs", {"chromium": chromium, "axe": str(JS / "node_modules" / "axe-core" / "axe.min.js"),
                                           "tags": AXE_TAGS, "mails": mails, "screenshot": str(screenshot)}, tmp_path)
    assert report["blocked"] == [] and report["failed"] == [] and report["errors"] == []
    for language, found in zip(("en", "fr"), report["mails"], strict=True):
        assert found["violations"] == [], found["violations"]
        assert found["lang"] == language
        assert found["sections"] == [view.lang for view in views]
        headings = found["headings"]
        assert headings[0].startswith("H1 12 ") and sum(h.startswith("H2 ") for h in headings) == 12
        assert [h.split(" ", 1)[1] for h in headings if h.startswith("H2 ")] == [view.title for view in views]
    assert screenshot.stat().st_size > 10_000
