"""A preview while drafting: `hub new` while `hub serve` runs shows the new page with what is left to write.

The placeholders `hub new` writes stop `hub check` and `hub build`, but not the preview: there the page is built
with a banner listing each placeholder (its line, its field, what to write), in the page's language.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hub.build import build_site
from hub.config import load_config
from hub.content.load import load_content
from hub.errors import ContentError
from hub.plan import make_plan
from hub.timeparse import parse_instant
from tests.conftest import ENGINES, NOW, copy_project
from tests.test_serve import Server, _wait_status, running_server

TITLE = "A brand new idea"
SLUG = "a-brand-new-idea"
FILE = f"content/ideas/{SLUG}.md"
ITEM = re.compile(r"<li>Line (\d+), (?:<code>([a-z]+)</code>|(the text after the front matter)): ([^<]+)</li>")


def _hub(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, in the project."""
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=project, capture_output=True, text=True,
                          timeout=300)


def _banner(html: str) -> list[tuple[int, str | None, str]]:
    """The banner's items: line, field (None for the body) and what to write; empty without a banner."""
    match = re.search(r'<div class="hub-banner hub-banner--todo" role="note" data-hub-todo>(.*?)</div>', html)
    if match is None:
        return []
    return [(int(line), field or None, what) for line, field, _, what in ITEM.findall(match.group(1))]


def _placeholders(project: Path) -> list[tuple[int, str | None]]:
    """What `hub check` refuses in the new file: it exits 1, and every error is a placeholder."""
    check = _hub(project, "check", "--now", NOW, "--format", "json")
    assert check.returncode == 1, check.stdout + check.stderr
    problems = [p for p in json.loads(check.stdout)["problems"] if p["severity"] == "error"]
    assert problems and all(p["path"] == FILE and p["placeholder"] for p in problems), problems
    return [(p["line"], p["field"]) for p in problems]


def _rebuilt(server: Server, after: int, what: str) -> dict[str, object]:
    return _wait_status(server, lambda s: int(s["version"]) > after or bool(s["error"]), what)  # type: ignore[call-overload]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_new_idea_is_previewed_with_what_is_left_until_it_is_filled(tmp_path: Path, engine: str) -> None:
    project = copy_project(tmp_path / "project")
    with running_server(project, engine=engine) as server:
        version = int(json.loads(server.get("__hub__/status")[1])["version"])
        new = _hub(project, "new", "idea", TITLE, "--topic", "open-source", "--now", NOW)
        assert new.returncode == 0, new.stdout + new.stderr
        status = _rebuilt(server, version, "building the new idea")
        assert status["error"] is None, status

        code, html = server.get(f"ideas/{SLUG}/")
        assert code == 200 and TITLE in html
        left = _placeholders(project)
        assert [(line, field) for line, field, _ in _banner(html)] == left
        assert {field for _, field in left} == {"summary", "angles", "facts", "links", None}
        what = {field: words for _, field, words in _banner(html)}
        assert "https://" in what["links"] and "what happened" in what[None] and "sentences" in what["summary"]
        assert "Preview: to finish" in server.get("ideas/")[1]
        assert f"Still to write in {FILE}: {len(left)} placeholder{'s' if len(left) > 1 else ''}" in server.output()

        build = _hub(project, "build", "--now", NOW, "--engine", engine, "--out", str(tmp_path / "site"))
        assert build.returncode == 1 and "still holds the placeholder written by `hub new`" in build.stdout + build.stderr
        assert not (tmp_path / "site").exists()

        idea = project / FILE
        filled = idea.read_text(encoding="utf-8").replace("TODO: ", "").replace("https://example.com/",
                                                                               "https://www.example.org/report")
        version = int(status["version"])  # type: ignore[call-overload]
        idea.write_text(filled, encoding="utf-8")
        status = _rebuilt(server, version, "building the filled idea")
        assert status["error"] is None, status
        code, html = server.get(f"ideas/{SLUG}/")
        assert code == 200 and "https://www.example.org/report" in html
        assert "data-hub-todo" not in html and _banner(html) == []
        assert "Preview: to finish" not in server.get("ideas/")[1]
    assert _hub(project, "check", "--now", NOW).returncode == 0


def test_a_new_idea_with_another_error_still_fails_the_preview(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with running_server(project) as server:
        version = int(json.loads(server.get("__hub__/status")[1])["version"])
        assert _hub(project, "new", "idea", TITLE, "--now", NOW).returncode == 0
        idea = project / FILE
        idea.write_text(idea.read_text(encoding="utf-8").replace("topics: []", "topics: [open-sorce]"), encoding="utf-8")
        status = _rebuilt(server, version, "failing on the unknown topic")
        error = str(status["error"])
        assert f"{FILE}:7: error: topics: unknown topic `open-sorce`" in error
        assert "still holds the placeholder" in error, "the placeholders are listed with the error that stops"
        assert server.get(f"ideas/{SLUG}/")[0] == 404


def test_the_banner_speaks_the_language_of_the_idea_and_shows_on_a_new_guideline(project: Path, hub) -> None:
    assert hub("new", "idea", "Une idée neuve", "--lang", "fr", "--now", NOW).exit_code == 0
    assert hub("new", "guideline", "A new rule", "--now", NOW).exit_code == 0
    config = load_config(project)
    now = parse_instant(NOW, config.timezone)
    with pytest.raises(ContentError):
        build_site(config, now, project / "site")  # a build refuses them, as `hub build` does
    loaded = load_content(config)
    assert set(loaded.placeholders) == {"content/ideas/une-idee-neuve.md", "content/guidelines/a-new-rule.md"}
    assert loaded.blocking(drafting=True) == () and loaded.blocking() == loaded.errors != ()
    assert make_plan(loaded.content, config, now, placeholders=loaded.placeholders).placeholders == {}, \
        "outside a preview, the plan keeps none"
    build_site(config, now, project / "site", preview=True)

    idea = (project / "site/ideas/une-idee-neuve/index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="hub-idea" lang="fr"><div class="hub-banner hub-banner--todo"[^>]*><p><strong>'
                     r"Reste à écrire.</strong>", idea), idea
    assert "Ligne 4, <code>summary</code>" in idea and "le texte sous l’en-tête" in idea
    assert "Still to write" not in idea

    rule = (project / "site/charter/a-new-rule/index.html").read_text(encoding="utf-8")
    assert re.search(r"Line 3, <code>summary</code>: one or two sentences that say what it is about\.", rule), rule
    assert "the page itself, short, concrete and trusting." in rule
