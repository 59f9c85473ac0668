"""Every Teams card, through Microsoft's adaptivecards package in Chromium: parsed without a warning, rendered, seen."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hub.announce.context import idea_view
from hub.announce.teams import card_of, teams_message
from hub.config import load_config
from hub.load import load_content
from hub.plan import make_plan
from tests.browser import JS, require_browser, run_driver
from tests.conftest import ARTIFACTS, NOW, ROOT

pytestmark = pytest.mark.browser


def test_every_teams_card_parses_without_a_warning_and_renders(tmp_path: Path) -> None:
    chromium = require_browser("adaptivecards")
    config = load_config(ROOT)
    plan = make_plan(load_content(config).content, config, datetime.fromisoformat(NOW), preview=True)
    ideas = sorted(plan.live_ideas, key=lambda idea: (idea.sensitivity != "ask", idea.slug))
    views = [idea_view(idea, plan) for idea in ideas]
    messages = [teams_message(config.theme_dir, view) for view in views]
    for message in messages:
        assert message["type"] == "message"
        [attachment] = message["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "teams-card.png"
    report = run_driver("adaptive_cards.mjs", {
        "chromium": chromium, "library": str(JS / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"),
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
        assert ("Facultatif" if view.lang == "fr" else "Optional:") in text
    assert screenshot.stat().st_size > 5_000
