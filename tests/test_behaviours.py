"""One test per behaviour that a deliberate mutation once broke without any test noticing (issue 18): each fails
when its behaviour breaks."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import Result

from hub.build import checked_content
from hub.config import load_config
from hub.errors import BuildError
from hub.plan import PageKind, make_plan
from hub.publish.site import write_files
from hub.render.markup import render, with_words
from hub.render.pages import page_html
from hub.timeparse import parse_instant
from tests.conftest import NOW, copy_project
from tests.test_site import example_plan


def _plan(project: Path, now: str = NOW, *, preview: bool = False):  # type: ignore[no-untyped-def]
    config = load_config(project)
    return make_plan(checked_content(config).content, config, parse_instant(now, config.timezone), preview=preview)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_write_your_own_post_opens_each_channel_s_composer_with_the_first_source_only() -> None:
    plan = example_plan()
    page = plan.page("ideas/ci-energy/")
    assert page.idea is not None
    html = page_html(plan, page)
    source = quote(page.idea.links[0].url, safe="")
    linkedin = f"https://www.linkedin.com/sharing/share-offsite/?url={source}"
    assert f'<li><a href="{linkedin}">Write your own post on LinkedIn</a></li>' in html
    assert "Write your own post on Mastodon" not in html, "Mastodon has no composer URL in the config"
    assert re.search(r'<h2 id="compose" class="hub-heading">Write your own post <a class="hub-permalink" href="#compose"', html)
    without = replace(page, idea=replace(page.idea, links=()))
    assert "Write your own post" not in page_html(plan, without), "no source, nothing to share"


def test_an_external_image_becomes_a_link_and_loads_nothing() -> None:
    html = with_words(render('![Energy chart](https://cdn.example.org/chart.png)\n\n<img src="//evil.example/t.gif">'),
                      "Image")
    assert "<img" not in html
    link = r'<a class="hub-external" href="https://cdn\.example\.org/chart\.png"[^>]*>Energy chart \(cdn\.example\.org\)</a>'
    assert re.search(link, html), html
    assert re.search(r'href="https://evil\.example/t\.gif"[^>]*>Image \(evil\.example\)</a>', html), html
    assert re.search(r'<img [^>]*src="chart\.svg"', render("![a local chart](chart.svg)")), "a local image stays"


@pytest.mark.parametrize("rel", ["../outside.txt", "/tmp/hub-absolute.txt", "feeds/../../x.txt"])
def test_write_files_refuses_a_path_outside_the_site(tmp_path: Path, rel: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(BuildError, match="refusing to write outside the site"):
        write_files(site, {"feeds/ok.xml": b"ok", rel: b"x"})
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path / "x.txt").exists()


def test_changes_needs_updated(tmp_path: Path, hub: Callable[..., Result]) -> None:
    project = copy_project(tmp_path / "p")
    guideline = project / "content" / "guidelines" / "respect.md"
    text = guideline.read_text(encoding="utf-8")
    text = re.sub(r"^updated:.*\n", "", text, flags=re.MULTILINE)
    guideline.write_text(text.replace("---\n", "---\nchanges: Reworded the part on pile-ons.\n", 1), encoding="utf-8")
    result = hub("check", "content", cwd=project)
    assert result.exit_code == 1, result.output
    assert re.search(r"respect\.md:2: error: changes: `changes` needs `updated`", result.output), result.output


def test_a_bare_expires_date_means_the_end_of_that_day(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    _edit(project / "content" / "ideas" / "2026" / "ci-energy.md", "date: 2026-11-03 09:00",
          "date: 2026-11-03 09:00\nexpires: 2026-11-20")
    late = _plan(project, "2026-11-20T23:59:00+01:00")
    assert "ideas/ci-energy/" in {p.url for p in late.pages}, "still live on its last day, until midnight"
    after = _plan(project, "2026-11-21T00:00:00+01:00")
    assert "ideas/ci-energy/" not in {p.url for p in after.pages}
    assert "ci-energy" in {i.slug for i in after.hidden_ideas}


def test_body_headings_shift_under_the_page_s_own_headings(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    _edit(project / "content" / "ideas" / "2026" / "ci-energy.md", "\n---\n", "\n---\n\n# Big claim\n\n## Detail\n")
    _edit(project / "content" / "guidelines" / "respect.md", "\n---\n", "\n---\n\n# Top of the guideline\n")
    plan = _plan(project)
    idea = page_html(plan, plan.page("ideas/ci-energy/"))
    body = idea.split('<div class="hub-body">', 1)[1]
    assert re.search(r"<h3[^>]*>Big claim</h3>", body) and re.search(r"<h4[^>]*>Detail</h4>", body), body[:300]
    guideline = page_html(plan, plan.page("charter/respect/"))
    assert re.search(r"<h2[^>]*>Top of the guideline</h2>", guideline)
    assert "<h1" not in idea + guideline


def test_links_to_unpublished_pages_keep_their_words_and_lose_their_link(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    _edit(project / "content" / "guidelines" / "respect.md", "\n---\n",
          "\n---\n\nSee [the Montréal office](../ideas/bureau-montreal.md) and [Tidepool](../ideas/2026/open-sourcing"
          "-tidepool.md#why) and [us](respect.md).\n")
    html = page_html(plan := _plan(project), plan.page("charter/respect/"))
    assert re.search(r"See (<a(?![^>]*href)[^>]*>)?the Montréal office(</a>)? and", html), "words kept, link dropped"
    assert "bureau-montreal" not in html
    assert re.search(r'<a href="\.\./\.\./ideas/open-sourcing-tidepool/#user-content-why"[^>]*>Tidepool</a>', html)
    assert re.search(r'<a href="\.\./\.\./charter/respect/"[^>]*>us</a>', html)
    preview = _plan(project, preview=True)
    assert re.search(r'<a href="\.\./\.\./ideas/bureau-montreal/"[^>]*>the Montréal office</a>',
                     page_html(preview, preview.page("charter/respect/"))), "a previewed draft has a page to link to"


def test_cards_flag_previews_of_drafts_and_scheduled_ideas_only() -> None:
    plan = _plan(copy_project(Path(tempfile.mkdtemp(prefix="hub-preview-")) / "p"), preview=True)
    html = page_html(plan, plan.page("ideas/"))
    card = r'<article class="hub-card"[^>]*><h3[^>]*><a href="\.\./ideas/([^/]+)/".*?</article>'
    cards = {m.group(1): m.group(0) for m in re.finditer(card, html)}
    expected = {p.idea.slug: p.status.value for p in plan.pages if p.kind is PageKind.IDEA and p.idea and p.status}
    assert set(expected.values()) == {"draft", "scheduled"}
    assert {slug for slug, card in cards.items() if "hub-flag--preview" in card} == set(expected)
    for slug, status in expected.items():
        assert f'<span class="hub-flag hub-flag--preview">Preview: {status}</span>' in cards[slug]
    live = example_plan()
    assert "hub-flag--preview" not in page_html(live, live.page("ideas/"))
