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
from hub.content.walk import displays, no_cycle_collection, walk
from hub.models import Content, Guideline, Idea
from hub.problems import Problem, Severity, relative

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
    with no_cycle_collection():
        files, links = walk(root)
        cwd = Path.cwd()
        refused: set[str] = set()
        for rel, wrong in links:
            path = root.joinpath(*rel)
            refused.add(str(path))
            problems.append(Problem(f"{relative(path.parent, cwd)}/{rel[-1]}", None, None, wrong,
                                    "hub follows no link that leaves content/ or leads nowhere: "
                                    "replace it by a copy of the file"))
        known: dict[str, str] = {}
        for (rel, _), display in zip(files, displays(root, files), strict=True):
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
    cross_checks(guidelines, ideas, lines, problems)
    assets = reference_checks([*guidelines, *ideas], known, refused, lines, root, problems)
    guidelines.sort(key=lambda g: (g.order, g.slug))
    ideas.sort(key=lambda i: (i.date, i.slug), reverse=True)
    content = Content(tuple(guidelines), tuple(ideas), tuple(assets))
    return Loaded(content, tuple(sorted(problems, key=Problem.sort_key)))
