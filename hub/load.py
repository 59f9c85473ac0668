"""Loading `content/`: the only code that reads it. Returns typed content and every problem found."""

from __future__ import annotations

import errno
import gc
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hub.assets import PAGE_NAMES, Verdict, examine
from hub.config import SiteConfig
from hub.fields import FieldReader, did_you_mean
from hub.history import UNTRACKED, added_times
from hub.models import Content, Guideline, Idea
from hub.problems import Problem, Severity, relative
from hub.references import Reference, references
from hub.schema import NEW_ID_HINT, UNREAD_DATE, to_guideline, to_idea
from hub.source import RawDocument, read_document

GUIDELINES_DIR = "guidelines"
IDEAS_DIR = "ideas"


@dataclass(frozen=True, slots=True)
class Loaded:
    """The outcome of loading: the content that could be read, and every problem, sorted."""

    content: Content
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def _files(content_dir: Path) -> tuple[list[tuple[tuple[str, ...], bool]], list[tuple[tuple[str, ...], str]]]:
    """Every file under the folder as (relative parts, is a symlink), in path order; hidden parts left out.

    The same files as `rglob("*")` + `is_file()` (symlinked folders are not entered), from one scandir per folder.
    A symlink that leaves the folder, loops or points at nothing is never followed: it comes back, with what is
    wrong, in the second list.
    """
    found: list[tuple[tuple[str, ...], bool]] = []
    refused: list[tuple[tuple[str, ...], str]] = []
    root = os.path.realpath(content_dir)
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(content_dir, *parts)))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = (*parts, entry.name)
            try:
                if entry.is_symlink():
                    wrong = _symlink_problem(entry.path, root)
                    if wrong:
                        refused.append((rel, wrong))
                    elif entry.is_file():
                        found.append((rel, True))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(rel)
                elif entry.is_file(follow_symlinks=False):
                    found.append((rel, False))
            except OSError:
                continue
    found.sort()
    refused.sort()
    return found, refused


def _symlink_problem(path: str, root: str) -> str | None:
    """What keeps a symlink under content/ from being followed, or None when it stays inside."""
    real = os.path.realpath(path)
    if os.path.commonpath([real, root]) != root:
        return "is a symbolic link to a place outside content/"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops (it leads back to itself)"
        return "is a symbolic link to nothing"
    return None


def _displays(root: Path, files: list[tuple[tuple[str, ...], bool]]) -> list[str]:
    """Each file's path as `relative(path, Path.cwd())` gives it, resolving the folders once rather than per file."""
    cwd = Path.cwd()
    if os.sep != "/":  # pragma: no cover - the shortcut below is for POSIX paths
        return [relative(root.joinpath(*rel), cwd) for rel, _ in files]
    base = str(root.resolve())
    here = str(cwd.resolve())
    prefix = here if here.endswith("/") else here + "/"
    displays = []
    for rel, is_link in files:
        full = base + "/" + "/".join(rel)  # what resolve() gives: only the file itself can be a symlink
        if is_link:
            displays.append(relative(root.joinpath(*rel), cwd))
        elif full.startswith(prefix):
            displays.append(full[len(prefix):])
        else:
            displays.append(root.joinpath(*rel).as_posix())
    return displays


def _duplicate_ids(ideas: list[Idea], at: Callable[[Idea, str], int], problems: list[Problem]) -> None:
    """Blame the newer file of two with one id (a copy copies its id): the original keeps the id its readers know."""
    by_id: dict[str, list[Idea]] = defaultdict(list)
    for idea in ideas:
        if idea.id:
            by_id[idea.id].append(idea)
    same_ids = [same for same in by_id.values() if len(same) > 1]
    if not same_ids:
        return
    added = added_times(idea.source.path for same in same_ids for idea in same)

    def age(idea: Idea) -> tuple[float, datetime, str]:
        return (added[idea.source.path] if added is not None else 0.0), idea.date, idea.source.display

    for same in same_ids:
        original, *copies = sorted(same, key=age)
        for idea in copies:
            if added is not None and added[idea.source.path] != added[original.source.path]:
                why = "git does not track it yet" if added[idea.source.path] == UNTRACKED else "it was added to git later"
            elif idea.date != original.date:
                why = "its `date` is later"
            else:
                why = "its path comes later"
            problems.append(Problem(
                idea.source.display, at(idea, "id"), "id",
                f"duplicate id {idea.id}, already used by {original.source.display} (this file is the newer: {why})",
                f"give this idea its own id ({NEW_ID_HINT}; copying a file copies its id), and keep "
                f"{original.source.display}'s: feed readers already know that idea by it"))


def _cross_checks(guidelines: list[Guideline], ideas: list[Idea], lines: dict[str, dict[str, int]],
                  problems: list[Problem]) -> None:
    def at(model: Guideline | Idea, key: str) -> int:
        return lines.get(model.source.display, {}).get(key, 1)

    for kind, models in (("guideline", guidelines), ("idea", ideas)):
        by_slug: dict[str, list[Guideline | Idea]] = defaultdict(list)
        for model in models:
            by_slug[model.slug].append(model)
        for slug, same in by_slug.items():
            if not slug:
                for model in same:
                    problems.append(Problem(model.source.display, 1, None, "the file name gives an empty slug",
                                            "rename the file with letters or digits, such as my-idea.md"))
                continue
            for model in same[1:]:
                problems.append(Problem(model.source.display, 1, None,
                                        f"duplicate {kind} slug `{slug}`, also used by {same[0].source.display}",
                                        "rename one of the files: both would be published at the same address"))
    _duplicate_ids(ideas, at, problems)
    slugs = [g.slug for g in guidelines]
    for idea in ideas:
        for ref in idea.guidelines:
            if ref not in slugs:
                problems.append(Problem(idea.source.display, at(idea, "guidelines"), "guidelines",
                                        f"no guideline page `{ref}`",
                                        did_you_mean(ref, slugs)
                                        + " (a guideline's name is its file name in content/guidelines/, without .md)"))
        image = idea.image
        if image and not Reference(image, None, True).external and not (idea.source.path.parent / image).is_file():
            problems.append(Problem(idea.source.display, at(idea, "image"), "image",
                                    f"no image file `{idea.image}` beside the idea",
                                    "put the image in the same folder as the Markdown file, or fix the name"))
    by_date: dict[object, list[Idea]] = defaultdict(list)
    for idea in ideas:
        if not idea.draft and idea.date != UNREAD_DATE:
            by_date[idea.date].append(idea)
    for dated in by_date.values():
        for idea in dated[1:]:
            if idea.id and idea.id == dated[0].id:
                continue  # a copy of the same idea: its duplicate id is already reported
            problems.append(Problem(idea.source.display, at(idea, "date"), "date",
                                    f"same date and time as {dated[0].source.display}",
                                    "give each idea its own time (even a minute apart): "
                                    "some feed readers skip items whose date does not move",
                                    Severity.WARNING))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while loading: every object made is kept, so its passes find nothing
    (about 7 % of the load at 5,000 ideas); it resumes, and collects, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _reference_checks(models: list[Guideline | Idea], files: dict[str, str], refused: set[str],
                      lines: dict[str, dict[str, int]], content_dir: Path, problems: list[Problem]) -> list[Path]:
    """Check every address a body or an idea's `image` gives; return the files beside them that may be published.

    An image from another host is an error. A linked file must be of a type safe to serve, under a name that is
    not a page's; an SVG is sanitized, and what the sanitizer removes is a warning on the SVG's own line.
    """
    verdicts: dict[str, Verdict] = {}
    publishable: set[str] = set()
    for model in models:
        refs = references(model)
        if not refs:
            continue
        folder = str(model.source.path.parent)
        display = model.source.display
        for ref in refs:
            if ref.offset is None:
                line, field = lines.get(display, {}).get("image", 1), "image"
            else:
                line, field = model.source.body_line + model.body.count("\n", 0, ref.offset), None
            if ref.external:
                if ref.image:
                    problems.append(Problem(display, line, field,
                                            f"`{_excerpt(ref.written)}` is an image on another host: every reader's "
                                            "browser would fetch it from there",
                                            "copy the image beside the idea and give its file name, "
                                            "such as ![A chart](chart.png)"))
                continue
            path = ref.path
            if path is None:
                continue
            target = os.path.normpath(os.path.join(folder, path))
            if target in refused:
                continue  # the symlink itself is reported
            if target not in files:
                if field is None:  # the `image` field has its own check
                    problems.append(Problem(display, line, None, f"`{_excerpt(path)}` is not a file in content/",
                                            "fix the name, or put the file beside this one", Severity.WARNING))
                continue
            if target.lower().endswith(".md"):
                continue
            if os.path.basename(target).casefold() in PAGE_NAMES:
                problems.append(Problem(display, line, field,
                                        f"`{_excerpt(path)}` would take the address of a page that hub generates",
                                        "put the text in the page itself; link only images or PDF files"))
                continue
            if target not in verdicts:
                verdicts[target] = examine(Path(target), content_dir)
                problems.extend(Problem(files[target], f.line, None, f.message, f.hint, f.severity)
                                for f in verdicts[target].findings if f.severity is not Severity.ERROR)
            verdict = verdicts[target]
            if verdict.data is None:
                refusal = verdict.findings[0]
                problems.append(Problem(display, line, field, refusal.message, refusal.hint))
            elif ref.image and target.lower().endswith(".pdf"):
                problems.append(Problem(display, line, field, f"`{_excerpt(path)}` is a PDF, which no browser shows "
                                        "as an image", "link it instead, such as [The slides](slides.pdf)"))
            elif not target.startswith(folder + os.sep):
                problems.append(Problem(display, line, field,
                                        f"`{_excerpt(path)}` is outside this file's folder, so it is not published "
                                        "with the page",
                                        "move the file beside this one (or into a subfolder of its folder)",
                                        Severity.WARNING))
            else:
                publishable.add(target)
    return [Path(target) for target in sorted(publishable)]


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def load_content(config: SiteConfig, content_dir: Path | None = None) -> Loaded:
    """Read every file under the content folder; never raises for bad content."""
    root = content_dir or config.content_dir
    problems: list[Problem] = []
    guidelines: list[Guideline] = []
    ideas: list[Idea] = []
    lines: dict[str, dict[str, int]] = {}
    if not root.is_dir():
        problems.append(Problem(relative(root, Path.cwd()), None, None, "no content folder here",
                                "run hub from the project folder, or give the content folder: hub check content"))
        return Loaded(Content((), ()), tuple(problems))
    with _no_cycle_collection():
        files, links = _files(root)
        cwd = Path.cwd()
        refused: set[str] = set()
        for rel, wrong in links:
            path = root.joinpath(*rel)
            refused.add(str(path))
            problems.append(Problem(f"{relative(path.parent, cwd)}/{rel[-1]}", None, None, wrong,
                                    "hub follows no link that leaves content/ or leads nowhere: "
                                    "replace it by a copy of the file"))
        known: dict[str, str] = {}
        for (rel, _), display in zip(files, _displays(root, files), strict=True):
            path = root.joinpath(*rel)
            kind = rel[0]
            known[str(path)] = display
            if path.suffix.lower() != ".md":
                continue
            if kind not in (GUIDELINES_DIR, IDEAS_DIR) or (kind == GUIDELINES_DIR and len(rel) != 2):
                problems.append(Problem(display, None, None,
                                        "this Markdown file is not in content/guidelines/ or content/ideas/; it is ignored",
                                        "move it into one of them", Severity.WARNING))
                continue
            doc = read_document(path, display)
            if not isinstance(doc, RawDocument):
                problems.extend(doc)
                continue
            lines[display] = doc.key_lines
            reader = FieldReader(doc, config.timezone)
            if kind == GUIDELINES_DIR:
                guidelines.append(to_guideline(doc, config, reader))
            else:
                ideas.append(to_idea(doc, config, reader))
            problems.extend(reader.problems)
    _cross_checks(guidelines, ideas, lines, problems)
    assets = _reference_checks([*guidelines, *ideas], known, refused, lines, root, problems)
    guidelines.sort(key=lambda g: (g.order, g.slug))
    ideas.sort(key=lambda i: (i.date, i.slug), reverse=True)
    content = Content(tuple(guidelines), tuple(ideas), tuple(assets))
    return Loaded(content, tuple(sorted(problems, key=Problem.sort_key)))
