"""The preview is the build: after every step of a random sequence of edits and clock moves, the folder `hub serve`
serves equals a fresh `build_site(preview=True)` of the same content at the same instant, file by file, byte by byte.

The project is small and written here (four ideas, one scheduled a day after the start, one a few hours after it,
one expiring, a guideline, links between bodies, an image), so that a step runs in about a second. The sequence is
drawn from a seeded `random.Random`: the same seed gives the same steps, and a failure names its seed and steps.
Every engine is driven through the same `PreviewBuilder` that `hub serve` uses (MkDocs' dirty build; Pelican and
Zensical build whole). No file is left out of the comparison: every engine writes the same bytes for the same
content and instant (MkDocs' sitemap takes its dates from the plan's clock, not the machine's).
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hub.build import BuildOptions, build_site
from hub.commands.incremental import PreviewBuilder
from hub.config import load_config
from hub.render import parallel
from tests.conftest import ENGINES, count_body_renders, file_tree

START = datetime.fromisoformat("2026-11-25T12:00:00+01:00")
STEPS = 8
SEEDS = {"mkdocs": (1, 2, 3), "pelican": (4,), "zensical": (5,)}
"""MkDocs is the engine with its own incremental path: it gets more sequences; the others build whole each time."""

CONFIG = """\
site_name: Differential
site_description: A small site for the differential test.
site_url: https://intranet.example/comms/hub/
theme:
  name: material
  language: en
extra:
  hub:
    timezone: Europe/Paris
    feed_items: 50
    languages:
      en: {label: {en: English, fr: Anglais}}
      fr: {label: Français}
    topics:
      engineering: {label: {en: Engineering, fr: Ingénierie}, description: How we build.}
      community: {label: {en: Community, fr: Communauté}, description: Life around us.}
    audiences:
      everyone: {label: {en: Everyone, fr: Tout le monde}, description: Any colleague.}
    channels:
      linkedin: {label: LinkedIn, description: Professional network., compose: "https://www.linkedin.com/sharing/share-offsite/?url={url}"}
"""

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e3a4a10000000049454e44ae426082")
"""A one-pixel PNG, the image one idea shows."""


def idea(n: int, title: str, when: str, *, topic: str = "engineering", expires: str | None = None,
         body: str = "A body.", summary: str = "A summary.") -> str:
    extra = f"expires: {expires}\n" if expires else ""
    return textwrap.dedent(f"""\
        ---
        id: 3c1f0d52-8a7e-4b1e-9d43-5e0b6c2a{n:04d}
        title: {title}
        summary: {summary}
        date: {when}
        {{extra}}topics: [{topic}]
        audiences: [everyone]
        channels: [linkedin]
        angles: [What did you learn?, What surprised you?]
        ---

        """).replace("{extra}", extra) + body + "\n"


def write_project(root: Path) -> Path:
    (root / "content" / "ideas").mkdir(parents=True)
    (root / "content" / "guidelines").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    ideas = root / "content" / "ideas"
    (ideas / "live.md").write_text(idea(1, "A live idea", "2026-11-01 09:00", body=(
        "It links to [the one to come](soon.md) and [the later one](later.md).\n\n![A chart](chart.png)")),
        encoding="utf-8")
    (ideas / "chart.png").write_bytes(PNG)
    (ideas / "soon.md").write_text(idea(2, "Soon", "2026-11-25 18:00", topic="community"), encoding="utf-8")
    (ideas / "later.md").write_text(idea(3, "Later", "2026-11-26 09:00", body="Back to [the live one](live.md)."),
                                    encoding="utf-8")
    (ideas / "ending.md").write_text(idea(4, "Ending", "2026-10-01 09:00", expires="2026-11-26", topic="community"),
                                     encoding="utf-8")
    (root / "content" / "guidelines" / "respect.md").write_text(
        "---\ntitle: Respect\nsummary: Argue with ideas, never with people.\norder: 1\n---\n\n"
        "Disagree well. See [a live idea](../ideas/live.md).\n", encoding="utf-8")
    return root


def _replace(path: Path, old: str, new: str) -> bool:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        return False
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return True


def _some_idea(project: Path, rng: random.Random) -> Path | None:
    ideas = sorted((project / "content" / "ideas").glob("*.md"))
    return rng.choice(ideas) if ideas else None


Step = Callable[[Path, random.Random, list[datetime]], str]


def edit_title(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    path = _some_idea(project, rng)
    if path is None:
        return "no idea to retitle"
    n = rng.randrange(1000)
    text = path.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("title: "))
    _replace(path, line, f"title: Retitled {n}")
    return f"retitle {path.name} to 'Retitled {n}'"


def edit_summary(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    path = _some_idea(project, rng)
    if path is None:
        return "no idea"
    text = path.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("summary: "))
    _replace(path, line, f"summary: Summary number {rng.randrange(1000)}.")
    return f"new summary in {path.name}"


def edit_body(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    path = _some_idea(project, rng)
    if path is None:
        return "no idea"
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\nOne more paragraph, {rng.randrange(1000)}, linking to [soon](soon.md).\n")
    return f"body of {path.name}"


def edit_topic(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    path = _some_idea(project, rng)
    if path is None:
        return "no idea"
    if not _replace(path, "topics: [engineering]", "topics: [community]"):
        _replace(path, "topics: [community]", "topics: [engineering]")
    return f"topic of {path.name}"


def edit_date(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    path = _some_idea(project, rng)
    if path is None:
        return "no idea"
    text = path.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("date: "))
    when = (clock[0] + timedelta(hours=rng.choice((-30, -2, 3, 20)))).strftime("%Y-%m-%d %H:%M")
    _replace(path, line, f"date: {when}")
    return f"date of {path.name} to {when}"


def add_idea(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    n = rng.randrange(100, 9999)
    when = (clock[0] + timedelta(hours=rng.choice((-5, 4)))).strftime("%Y-%m-%d %H:%M")
    path = project / "content" / "ideas" / f"new-{n}.md"
    path.write_text(idea(n, f"New {n}", when, body="It links to [the live one](live.md)."), encoding="utf-8")
    return f"add {path.name} dated {when}"


def delete_idea(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    path = _some_idea(project, rng)
    if path is None:
        return "no idea"
    path.unlink()
    return f"delete {path.name}"


def edit_label(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    n = rng.randrange(1000)
    path = project / "mkdocs.yml"
    line = next(li for li in path.read_text(encoding="utf-8").splitlines() if li.strip().startswith("community:"))
    _replace(path, line, f"      community: {{label: {{en: Community {n}, fr: Communauté {n}}}, description: Life.}}")
    return f"community's label to 'Community {n}'"


def edit_guideline(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    path = project / "content" / "guidelines" / "respect.md"
    text = path.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("title: "))
    _replace(path, line, f"title: Respect {rng.randrange(1000)}")
    return "guideline's title"


def move_clock(project: Path, rng: random.Random, clock: list[datetime]) -> str:
    clock[0] += timedelta(hours=rng.choice((1, 7, 12, 25)))
    return f"clock to {clock[0].isoformat()}"


STEPS_DRAWN: tuple[tuple[Step, int], ...] = (
    (edit_title, 2), (edit_summary, 1), (edit_body, 1), (edit_topic, 1), (edit_date, 1), (add_idea, 1),
    (delete_idea, 1), (edit_label, 1), (edit_guideline, 1), (move_clock, 4),
)
"""Each kind of step with its weight: the clock moves most, since a move past a date changes many pages at once."""


@pytest.mark.parametrize(("engine", "seed"), [(e, s) for e in ENGINES for s in SEEDS[e]])
def test_the_preview_equals_a_fresh_build_after_every_step(tmp_path: Path, engine: str, seed: int) -> None:
    rng = random.Random(seed)
    project = write_project(tmp_path / "project")
    builder = PreviewBuilder(tmp_path / "kept", engine)
    clock = [START]
    preview, fresh = tmp_path / "preview", tmp_path / "fresh"
    builder.build(load_config(project, project / "mkdocs.yml"), clock[0], preview)
    done: list[str] = []
    kinds, weights = zip(*STEPS_DRAWN, strict=True)
    for _ in range(STEPS):
        step = rng.choices(kinds, weights)[0]
        done.append(step(project, rng, clock))
        config = load_config(project, project / "mkdocs.yml")
        builder.build(config, clock[0], preview)
        build_site(config, clock[0], fresh, engine=engine, preview=True)
        served, built = file_tree(preview), file_tree(fresh)
        assert sorted(served) == sorted(built), (seed, done)
        different = sorted(rel for rel in built if served[rel] != built[rel])
        assert different == [], (seed, done)


def test_the_sequences_reach_what_they_are_meant_to(tmp_path: Path) -> None:
    """The start instant and the ideas' dates are such that a few clock moves make an idea go live and one expire:
    the steps above do cross those instants (else the differential test would compare a preview that never moved)."""
    project = write_project(tmp_path / "project")
    config = load_config(project, project / "mkdocs.yml")
    site = tmp_path / "site"
    before = build_site(config, START, site, preview=True).plan
    after = build_site(config, START + timedelta(days=2), site, preview=True).plan
    status = {i.slug: (i.status(before.now).value, i.status(after.now).value)
              for i in {*(p.idea for p in before.pages if p.idea), *before.hidden_ideas}}
    assert status == {"live": ("live", "live"), "soon": ("scheduled", "live"), "later": ("scheduled", "live"),
                      "ending": ("live", "expired")}
    assert (site / "ideas" / "live" / "chart.png").read_bytes() == PNG


@pytest.mark.parametrize("jobs", [1, 2])
def test_jobs_reach_the_previews_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """`hub serve --jobs 2` renders the pages on two processes as `hub build` does (here from the first page on,
    instead of 400): the bodies are then rendered in the workers, none in this process; the site is the same."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    project = write_project(tmp_path / "project")
    config = load_config(project, project / "mkdocs.yml")
    calls = count_body_renders(monkeypatch)
    PreviewBuilder(tmp_path / "kept", "mkdocs", BuildOptions(jobs=jobs)).build(config, START, tmp_path / "preview")
    assert (calls[0] == 0) == (jobs == 2), calls
    build_site(config, START, tmp_path / "fresh", preview=True)
    assert file_tree(tmp_path / "preview") == file_tree(tmp_path / "fresh")


def test_a_clock_move_alone_reaches_every_list(tmp_path: Path) -> None:
    """The issue's case, without randomness: nothing is edited, the clock passes two ideas' dates and one's expiry;
    every list that showed them as scheduled shows them live, as a fresh build does."""
    project = write_project(tmp_path / "project")
    config = load_config(project, project / "mkdocs.yml")
    builder = PreviewBuilder(tmp_path / "kept", "mkdocs")
    builder.build(config, START, tmp_path / "preview")
    before = file_tree(tmp_path / "preview")
    later = START + timedelta(days=1, hours=1)
    builder.build(config, later, tmp_path / "preview")
    build_site(config, later, tmp_path / "fresh", preview=True)
    served = file_tree(tmp_path / "preview")
    assert served == file_tree(tmp_path / "fresh")
    lists = ("index.html", "ideas/index.html", "topics/community/index.html", "audiences/everyone/index.html")
    for rel in lists:
        assert before[rel].count(b"hub-flag--preview") > served[rel].count(b"hub-flag--preview"), rel
