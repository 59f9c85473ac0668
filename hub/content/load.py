"""Loading `content/`: the only code that reads it. Returns typed content and every problem found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hub.config import SiteConfig
from hub.content.checks import cross_checks
from hub.content.fields import FieldReader
from hub.content.links import reference_checks
from hub.content.schema import to_guideline, to_idea
from hub.content.source import RawDocument, read_document
from hub.content.walk import Refused, displays, no_cycle_collection, stranger, walk
from hub.models import Content, Guideline, Idea
from hub.problems import Problem, Severity, counted, relative

FILE_PROBLEMS = 50
"""The most problems reported for one file; the rest are counted in one more (a body of 5,000 broken links would
otherwise bury every other file's problems)."""
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

    def blocking(self, *, drafting: bool = False) -> tuple[Problem, ...]:
        """The errors that stop a build; while drafting (the preview), the placeholders `hub new` wrote do not."""
        return tuple(p for p in self.errors if not (drafting and p.placeholder))

    @property
    def placeholders(self) -> dict[str, tuple[Problem, ...]]:
        """The placeholders each file still holds, by the path the editor sees (as `Source.display`)."""
        found: dict[str, list[Problem]] = {}
        for problem in self.problems:
            if problem.placeholder:
                found.setdefault(problem.path, []).append(problem)
        return {path: tuple(problems) for path, problems in found.items()}


Files = list[tuple[tuple[str, ...], bool]]
Placed = list[tuple[tuple[str, ...], Path, str]]
"""Each file under content/: its parts below content/, its path, and its name as the editor sees it."""
Model = Guideline | Idea


def _no_content_folder(root: Path) -> Loaded:
    problem = Problem(relative(root, Path.cwd()), None, None, "no content folder here",
                      "run hub from the project folder, or give the content folder: hub check content")
    return Loaded(Content((), ()), (problem,))


def _refused_links(root: Path, links: Refused, problems: list[Problem]) -> set[str]:
    """The paths hub does not read or follow (hub.content.walk), each reported."""
    cwd = Path.cwd()
    refused: set[str] = set()
    for rel, wrong in links:
        path = root.joinpath(*rel)
        refused.add(str(path))
        problems.append(Problem(f"{relative(path.parent, cwd)}/{rel[-1]}", None, None, wrong.message, wrong.hint))
    return refused


def _placed(root: Path, files: Files) -> Placed:
    return [(rel, root.joinpath(*rel), display) for (rel, _), display in zip(files, displays(root, files), strict=True)]


def _misplaced(rel: tuple[str, ...]) -> bool:
    """Whether a Markdown file lies outside content/ideas/ and directly content/guidelines/."""
    return rel[0] not in (GUIDELINES_DIR, IDEAS_DIR) or (rel[0] == GUIDELINES_DIR and len(rel) != 2)


def _read_model(path: Path, display: str, kind: str, config: SiteConfig,
                problems: list[Problem]) -> tuple[Model, dict[str, int]] | None:
    """One guideline or idea with the line of each of its keys; None when its front matter cannot be read."""
    doc = read_document(path, display)
    if not isinstance(doc, RawDocument):
        problems.extend(doc)
        return None
    reader = FieldReader(doc, config.timezone)
    model = to_guideline(doc, config, reader) if kind == GUIDELINES_DIR else to_idea(doc, config, reader)
    problems.extend(reader.problems)
    return model, doc.key_lines


def _read_models(placed: Placed, config: SiteConfig,
                 problems: list[Problem]) -> tuple[list[Model], dict[str, dict[str, int]]]:
    """Every guideline and idea that could be read, in walking order, and the key lines of each file."""
    models: list[Model] = []
    lines: dict[str, dict[str, int]] = {}
    for rel, path, display in placed:
        if path.suffix.lower() != ".md":
            if wrong := stranger(rel):
                problems.append(Problem(display, None, None, wrong.message, wrong.hint))
            continue
        if _misplaced(rel):
            problems.append(Problem(display, None, None,
                                    "this Markdown file is not in content/guidelines/ or content/ideas/; it is ignored",
                                    "move it into one of them", Severity.WARNING))
            continue
        read = _read_model(path, display, rel[0], config, problems)
        if read is not None:
            models.append(read[0])
            lines[display] = read[1]
    return models, lines


def load_content(config: SiteConfig, content_dir: Path | None = None) -> Loaded:
    """Read every file under the content folder; never raises for bad content."""
    root = content_dir or config.content_dir
    if not root.is_dir():
        return _no_content_folder(root)
    problems: list[Problem] = []
    with no_cycle_collection():
        files, links = walk(root)
        refused = _refused_links(root, links, problems)
        placed = _placed(root, files)
        models, lines = _read_models(placed, config, problems)
    guidelines = [m for m in models if isinstance(m, Guideline)]
    ideas = [m for m in models if isinstance(m, Idea)]
    cross_checks(guidelines, ideas, lines, problems)
    known = {str(path): display for _, path, display in placed}
    assets = reference_checks([*guidelines, *ideas], known, refused, lines, root, problems)
    guidelines.sort(key=lambda g: (g.order, g.slug))
    ideas.sort(key=lambda i: (i.date, i.slug), reverse=True)
    content = Content(tuple(guidelines), tuple(ideas), tuple(assets))
    return Loaded(content, _bounded(sorted(problems, key=Problem.sort_key)))


def _bounded(problems: list[Problem]) -> tuple[Problem, ...]:
    """At most `FILE_PROBLEMS` problems a file, in order, then one that counts the rest (an error if one of them is)."""
    shown: list[Problem] = []
    hidden: dict[str, list[Problem]] = {}
    for problem in problems:
        if sum(1 for p in shown[-FILE_PROBLEMS:] if p.path == problem.path) < FILE_PROBLEMS:
            shown.append(problem)
        else:
            hidden.setdefault(problem.path, []).append(problem)
    for path, rest in hidden.items():
        severity = Severity.ERROR if any(p.is_error for p in rest) else Severity.WARNING
        shown.append(Problem(path, None, None, f"{counted(len(rest), 'more problem')} in this file are not shown",
                             "fix the others first, then run hub check again", severity))
    return tuple(sorted(shown, key=Problem.sort_key))
