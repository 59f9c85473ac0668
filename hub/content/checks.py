"""Checks across files: ids, slugs and the guidelines an idea names, each blamed on the right file."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime

from hub.content.history import UNTRACKED, added_times
from hub.content.references import Reference
from hub.content.schema import NEW_ID_HINT, UNREAD_DATE
from hub.models import Guideline, Idea
from hub.problems import Problem, Severity, did_you_mean


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


def _duplicate_slugs(kind: str, models: Sequence[Guideline | Idea], problems: list[Problem]) -> None:
    """Two files of one kind at one address: the later is blamed; a file name without letters has no address."""
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


def _named_files(ideas: list[Idea], slugs: list[str], at: Callable[[Idea, str], int], problems: list[Problem]) -> None:
    """Each guideline an idea names exists, and so does its `image` when it is a file beside it."""
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


def _same_dates(ideas: list[Idea], at: Callable[[Idea, str], int], problems: list[Problem]) -> None:
    """Warn of published ideas that share their instant: some feed readers would skip one."""
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


def cross_checks(guidelines: list[Guideline], ideas: list[Idea], lines: dict[str, dict[str, int]],
                  problems: list[Problem]) -> None:
    """Checks across files, each problem on the line of the key it concerns (the first line when there is none)."""
    def at(model: Guideline | Idea, key: str) -> int:
        return lines.get(model.source.display, {}).get(key, 1)

    _duplicate_slugs("guideline", guidelines, problems)
    _duplicate_slugs("idea", ideas, problems)
    _duplicate_ids(ideas, at, problems)
    _named_files(ideas, [g.slug for g in guidelines], at, problems)
    _same_dates(ideas, at, problems)
