"""Loading `content/`: the only code that reads it. Returns typed content and every problem found."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from hub.config import SiteConfig
from hub.fields import FieldReader, did_you_mean
from hub.models import Content, Guideline, Idea
from hub.problems import Problem, Severity, relative
from hub.schema import to_guideline, to_idea
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


def _files(content_dir: Path) -> list[Path]:
    return sorted(
        p for p in content_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(content_dir).parts)
    )


def _cross_checks(guidelines: list[Guideline], ideas: list[Idea], lines: dict[tuple[str, str], int],
                  problems: list[Problem]) -> None:
    def at(model: Guideline | Idea, key: str) -> int:
        return lines.get((model.source.display, key), 1)

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
                                        f"rename one of the files: both would be published at the same address"))
    seen_ids: dict[str, Idea] = {}
    for idea in ideas:
        if not idea.id:
            continue
        if idea.id in seen_ids:
            problems.append(Problem(idea.source.display, at(idea, "id"), "id",
                                    f"duplicate id {idea.id}, also used by {seen_ids[idea.id].source.display}",
                                    "give this idea a new id (copying a file copies its id): python -c \"import uuid; print(uuid.uuid4())\""))
        else:
            seen_ids[idea.id] = idea
    slugs = [g.slug for g in guidelines]
    for idea in ideas:
        for ref in idea.guidelines:
            if ref not in slugs:
                problems.append(Problem(idea.source.display, at(idea, "guidelines"), "guidelines",
                                        f"no guideline page `{ref}`",
                                        did_you_mean(ref, slugs) + " (a guideline's name is its file name in content/guidelines/, without .md)"))
        if idea.image and not idea.image.startswith(("http://", "https://")):
            if not (idea.source.path.parent / idea.image).is_file():
                problems.append(Problem(idea.source.display, at(idea, "image"), "image",
                                        f"no image file `{idea.image}` beside the idea",
                                        "put the image in the same folder as the Markdown file, or fix the name"))
    by_date: dict[object, list[Idea]] = defaultdict(list)
    for idea in ideas:
        if not idea.draft:
            by_date[idea.date].append(idea)
    for same in by_date.values():
        for idea in same[1:]:
            problems.append(Problem(idea.source.display, at(idea, "date"), "date",
                                    f"same date and time as {same[0].source.display}",
                                    "give each idea its own time (even a minute apart): some feed readers skip items whose date does not move",
                                    Severity.WARNING))


def load_content(config: SiteConfig, content_dir: Path | None = None) -> Loaded:
    """Read every file under the content folder; never raises for bad content."""
    root = content_dir or config.content_dir
    problems: list[Problem] = []
    guidelines: list[Guideline] = []
    ideas: list[Idea] = []
    assets: list[Path] = []
    lines: dict[tuple[str, str], int] = {}
    if not root.is_dir():
        problems.append(Problem(relative(root, Path.cwd()), None, None, "no content folder here",
                                "run hub from the project folder, or give the content folder: hub check content"))
        return Loaded(Content((), ()), tuple(problems))
    for path in _files(root):
        display = relative(path, Path.cwd())
        kind = path.relative_to(root).parts[0]
        if path.suffix.lower() != ".md":
            assets.append(path)
            continue
        if kind not in (GUIDELINES_DIR, IDEAS_DIR) or (kind == GUIDELINES_DIR and len(path.relative_to(root).parts) != 2):
            problems.append(Problem(display, None, None, "this Markdown file is not in content/guidelines/ or content/ideas/; it is ignored",
                                    "move it into one of them", Severity.WARNING))
            continue
        doc = read_document(path, display)
        if not isinstance(doc, RawDocument):
            problems.extend(doc)
            continue
        for key, line in doc.key_lines.items():
            lines[(display, key)] = line
        reader = FieldReader(doc, config.timezone)
        if kind == GUIDELINES_DIR:
            guidelines.append(to_guideline(doc, config, reader))
        else:
            ideas.append(to_idea(doc, config, reader))
        problems.extend(reader.problems)
    _cross_checks(guidelines, ideas, lines, problems)
    guidelines.sort(key=lambda g: (g.order, g.slug))
    ideas.sort(key=lambda i: (i.date, i.slug), reverse=True)
    content = Content(tuple(guidelines), tuple(ideas), tuple(assets))
    return Loaded(content, tuple(sorted(problems, key=Problem.sort_key)))
