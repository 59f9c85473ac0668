"""WCAG 2.2 AA on every kind of page of both engines: axe-core in headless Chromium, plus what axe cannot see.

Regenerate the screenshots (tests/artifacts/a11y-<engine>/) with: pytest tests/test_a11y.py
The keyboard-only OPML download (Tab, Space, Enter; no mouse) is tests/test_subscribe_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hub.config import load_config
from hub.render.templates import words
from hub.render.typography import typeset
from tests.browser import JS, require_browser, run_driver
from tests.browser import served as served  # the built site under a sub-path, 404.html for a missing page
from tests.conftest import ARTIFACTS, EXAMPLE

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
"""The WCAG 2.0, 2.1 and 2.2 level A and AA rules, and axe's best practices (landmarks, heading order, one h1…)."""
FRENCH_IDEA = "ideas/bilan-carbone-2025/"

PAGES: list[dict[str, Any]] = [
    {"name": "home", "path": "./", "walk": True},
    {"name": "charter", "path": "charter/"},
    {"name": "guideline", "path": "charter/be-yourself/"},
    {"name": "idea-open", "path": "ideas/ci-energy/"},
    {"name": "idea-care", "path": "ideas/right-to-left-planner/", "walk": True},
    {"name": "idea-ask", "path": "ideas/q3-results-2026/"},
    {"name": "idea-french", "path": FRENCH_IDEA, "lang": "fr"},
    {"name": "ideas", "path": "ideas/"},
    {"name": "topic", "path": "topics/engineering/"},
    {"name": "audience", "path": "audiences/engineers/"},
    {"name": "language", "path": "languages/fr/"},
    {"name": "channel", "path": "channels/linkedin/"},
    {"name": "subscribe", "path": "subscribe/", "walk": True},
    {"name": "feed-page", "path": "feeds/ideas.html", "walk": True},
    {"name": "feed-page-nested", "path": "feeds/topics/engineering.html"},
    {"name": "not-found", "path": "no/such/page/", "status": 404, "walk": True},
]
"""One page of every kind, a feed's page among them, and a missing address gets the 404 page (the feeds' own
addresses, styled by CSS, are checked by tests/test_feed_view.py).
`walk`: also Tab through the whole page (every kind of control, without tabbing 17 pages on a shared machine)."""

_AUDITS: dict[str, dict[str, Any]] = {}


@pytest.fixture
def audit(engine: str, served: str, tmp_path: Path) -> dict[str, Any]:
    """The a11y driver's report for this engine's example site, made once per engine per session."""
    chromium = require_browser("axe-core")
    if engine not in _AUDITS:
        artifacts = ARTIFACTS / f"a11y-{engine}"
        plan = {"chromium": chromium, "base": served, "axe": str(JS / "node_modules" / "axe-core" / "axe.min.js"),
                "tags": AXE_TAGS, "artifacts": str(artifacts), "pages": PAGES,
                "reflow": {"name": "idea", "path": "ideas/ci-energy/"},
                "motion": {"paths": ["./", "ideas/ci-energy/", "subscribe/"]},
                "focus": {"path": "subscribe/", "id": "hub-feed-topics-engineering"}}
        report = run_driver("a11y.mjs", plan, tmp_path, timeout=300)
        (artifacts / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        _AUDITS[engine] = report
    return _AUDITS[engine]


def test_the_pages_load_whole_and_offline(audit: dict[str, Any]) -> None:
    assert audit["errors"] == [] and audit["blocked"] == [] and audit["failed"] == [], audit
    assert {p["name"]: p["status"] for p in audit["pages"]} == {p["name"]: p.get("status", 200) for p in PAGES}


def test_axe_finds_no_violation_on_any_page(audit: dict[str, Any]) -> None:
    found = {p["name"]: p["violations"] for p in audit["pages"] if p["violations"]}
    assert found == {}


def test_headings_start_at_h1_and_skip_no_level(audit: dict[str, Any]) -> None:
    for page in audit["pages"]:
        levels = [h["level"] for h in page["headings"]]
        assert levels[:1] == [1] and levels.count(1) == 1, (page["name"], page["headings"])
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], (page["name"], page["headings"])


def test_languages_are_marked(audit: dict[str, Any]) -> None:
    assert {p["name"]: p["lang"] for p in audit["pages"]} == {p["name"]: "en" for p in PAGES}
    french = next(p for p in audit["pages"] if p["path"] == FRENCH_IDEA)
    assert french["contentLang"] == "fr"
    assert french["untagged"] == [], "the French title is shown without lang=fr"
    english = next(p for p in audit["pages"] if p["name"] == "idea-open")
    assert english["contentLang"] == "en"


def test_sensitivity_banners_say_the_level_in_words(audit: dict[str, Any]) -> None:
    banners = {p["name"]: (p["banner"] or "").split(".")[0] for p in audit["pages"] if p["name"].startswith("idea-")}
    french = typeset(words(load_config(EXAMPLE), "fr")("banner.care.title"), "fr")  # the French idea's own words
    assert banners == {"idea-open": "Sensitivity: open", "idea-care": "Sensitivity: take care",
                       "idea-ask": "Sensitivity: ask first", "idea-french": french.split(".")[0]}


def test_links_in_running_text_are_underlined(audit: dict[str, Any]) -> None:
    assert {p["name"]: p["plainLinks"] for p in audit["pages"] if p["plainLinks"]} == {}


def test_every_tab_stop_shows_a_contrasting_focus_ring_and_tab_gets_out(audit: dict[str, Any]) -> None:
    walked = [p for p in audit["pages"] if "walk" in p]
    assert len(walked) == sum(1 for p in PAGES if p.get("walk"))
    for page in walked:
        walk = page["walk"]
        assert walk["wrapped"] and walk["stops"] > 1, (page["name"], walk)
        assert walk["unringed"] == [] and walk["unseen"] == [], (page["name"], walk)


def test_the_first_tab_reaches_a_visible_skip_link_past_the_navigation(audit: dict[str, Any]) -> None:
    for page in audit["pages"]:
        skip = page["skip"]
        assert skip and skip["tag"] == "a" and skip["href"].startswith("#"), (page["name"], skip)
        assert skip["onScreen"] and skip["outline"]["style"] != "none" and skip["outline"]["width"] >= 2, (page["name"], skip)
        assert skip["ringContrast"] >= 3, (page["name"], skip)
        assert page["afterSkip"]["targetInMain"] and page["afterSkip"]["nextFollowsTarget"], (page["name"], page["afterSkip"])


FOLDED_MENU = {"mkdocs": True, "pelican": False, "zensical": True}
"""Whether the theme folds its navigation behind a menu button on narrow screens (Pelican's stays in view)."""


def test_an_idea_reflows_at_320_px_and_at_200_percent_zoom(audit: dict[str, Any], engine: str) -> None:
    assert [r["name"] for r in audit["reflow"]] == ["320px", "200pct"]
    for reflow in audit["reflow"]:
        assert reflow["scrollWidth"] <= reflow["width"], reflow
        assert reflow["outside"] == [] and reflow["violations"] == [], reflow
        walk = reflow["walk"]  # what narrow layouts fold away (a menu drawer) keeps no invisible tab stop
        assert walk["wrapped"] and walk["unseen"] == [] and walk["unringed"] == [], (reflow["name"], walk)
        menu = reflow["menu"]
        assert (menu is not None) == FOLDED_MENU[engine], menu
        if menu:  # a real button, opened and closed from the keyboard, the focus in view inside the open menu
            assert menu["reached"] and menu["open"] == "true" and menu["focus"]["onScreen"], menu
            assert menu["focus"]["ring"] and menu["focus"]["ringContrast"] >= 3, menu
            assert menu["closed"] == "false" and menu["backOnButton"], menu


def test_motion_stops_when_reduced_motion_is_asked(audit: dict[str, Any]) -> None:
    for still in audit["motion"]["reduce"]:
        assert still["transition"] <= 0.001 and still["animation"] <= 0.001, still
        assert still["scrollBehavior"] == "auto", still


def test_keyboard_focus_on_the_picker_shows(audit: dict[str, Any]) -> None:
    focus = audit["focus"]
    element = focus["element"]
    assert element and element["id"] == "hub-feed-topics-engineering", focus
    assert element["outline"]["style"] != "none" and element["outline"]["width"] >= 2 and element["onScreen"], element
    assert element["ringContrast"] >= 3, element
    picker = focus["picker"]
    assert picker["checkboxes"] == picker["inputs"] == picker["labelled"] > 2, picker
    assert picker["button"] == "button" and picker["buttonHidden"] is False, picker
    assert picker["status"] == {"role": "status", "live": "polite"}, picker
