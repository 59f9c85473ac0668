"""What a body or an `image` field links: images on other hosts refused, files beside the page inspected."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hub.content.references import Reference, engine_syntax, field_references, file_path_problem, references
from hub.models import Guideline, Idea
from hub.problems import Problem, Severity
from hub.safefiles.files import PAGE_NAMES, Verdict, examine


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a reference is written: its file, line, and field (None for the body)."""

    display: str
    line: int
    field: str | None

    def problem(self, message: str, hint: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.display, self.line, self.field, message, hint, severity)


def _where(model: Guideline | Idea, ref: Reference, lines: dict[str, dict[str, int]]) -> _Where:
    display = model.source.display
    if ref.offset is None:
        return _Where(display, lines.get(display, {}).get("image", 1), "image")
    return _Where(display, model.source.body_line + model.body.count("\n", 0, ref.offset), None)


class _Scan:
    """One pass over every reference; each linked file is examined once, however many pages link it."""

    def __init__(self, files: dict[str, str], refused: set[str], content_dir: Path, problems: list[Problem]) -> None:
        self.files = files
        self.refused = refused
        self.content_dir = content_dir
        self.problems = problems
        self.verdicts: dict[str, Verdict] = {}

    def reference(self, model: Guideline | Idea, ref: Reference, where: _Where) -> str | None:
        """The file `ref` names when it may be published with the page, else None (with its problem, if any)."""
        if engine_syntax(ref.written):
            self.problems.append(where.problem(*_engine_link(ref)))
            return None
        if ref.external:
            if ref.image:
                self.problems.append(where.problem(
                    f"`{_excerpt(ref.written)}` is an image on another host: every reader's browser would fetch it "
                    "from there", "copy the image beside the idea and give its file name, such as ![A chart](chart.png)"))
            return None
        if ref.image and (wrong := file_path_problem(ref.written)) is not None:
            self.problems.append(where.problem(
                f"the image `{_excerpt(ref.written)}` {wrong}: every reader's browser would request that address "
                "as the page loads", "copy the image beside this file and give its file name, such as "
                "![A chart](chart.png) or ![A chart](images/chart.png)"))
            return None
        path = ref.path
        if path is None:
            return None
        folder = str(model.source.path.parent)
        target = os.path.normpath(os.path.join(folder, path))
        if target in self.refused:
            return None  # the symlink itself is reported
        if target not in self.files:
            if where.field is None:  # the `image` field has its own check
                self.problems.append(self._missing(model, path, where))
            return None
        if target.lower().endswith(".md"):
            return None
        return self._file(ref, path, target, folder, where)

    def _missing(self, model: Guideline | Idea, path: str, where: _Where) -> Problem:
        """A linked file that is not where the link says: where it must be, and where a file of that name is."""
        page = "idea" if isinstance(model, Idea) else "page"
        expected = os.path.normpath(os.path.join(os.path.dirname(model.source.display), path))
        name = os.path.basename(path).lower()
        elsewhere = sorted(shown for shown in self.files.values() if os.path.basename(shown).lower() == name)
        if elsewhere:
            found = os.path.relpath(elsewhere[0], os.path.dirname(model.source.display))
            return where.problem(f"`{_excerpt(path)}` is not beside this {page}: the file is at "
                                 f"{_excerpt(elsewhere[0])} ({_excerpt(found)} from the {page})",
                                 f"move or copy it to {_excerpt(expected)}, beside the {page}, and keep the link "
                                 f"`{_excerpt(path)}`", Severity.WARNING)
        return where.problem(f"`{_excerpt(path)}` is not a file beside this {page} "
                             f"(in {_excerpt(os.path.dirname(expected))}/)",
                             f"fix the name, or put the file beside this {page}", Severity.WARNING)

    def _verdict(self, target: str) -> Verdict:
        """The file's verdict; what the sanitizer removes is reported once, on the file's own lines."""
        if target not in self.verdicts:
            self.verdicts[target] = examine(Path(target), self.content_dir)
            self.problems.extend(Problem(self.files[target], f.line, None, f.message, f.hint, f.severity)
                                 for f in self.verdicts[target].findings if f.severity is not Severity.ERROR)
        return self.verdicts[target]

    def _file(self, ref: Reference, path: str, target: str, folder: str, where: _Where) -> str | None:
        """`target` when a file in content/ may be published beside the page that links it."""
        if os.path.basename(target).casefold() in PAGE_NAMES:
            self.problems.append(where.problem(f"`{_excerpt(path)}` would take the address of a page that hub generates",
                                               "put the text in the page itself; link only images or PDF files"))
            return None
        verdict = self._verdict(target)
        if verdict.data is None:
            refusal = verdict.findings[0]
            self.problems.append(where.problem(refusal.message, refusal.hint))
        elif ref.image and target.lower().endswith(".pdf"):
            self.problems.append(where.problem(f"`{_excerpt(path)}` is a PDF, which no browser shows as an image",
                                               "link it instead, such as [The slides](slides.pdf)"))
        elif not target.startswith(folder + os.sep):
            self.problems.append(where.problem(
                f"`{_excerpt(path)}` is outside this file's folder, so it is not published with the page",
                "move the file beside this one (or into a subfolder of its folder)", Severity.WARNING))
        else:
            return target
        return None


def reference_checks(models: list[Guideline | Idea], files: dict[str, str], refused: set[str],
                      lines: dict[str, dict[str, int]], content_dir: Path, problems: list[Problem]) -> list[Path]:
    """Check every address a body or an idea's `image` gives; return the files beside them that may be published.

    An image from another host is an error. A linked file must be of a type safe to serve, under a name that is
    not a page's; an SVG is sanitized, and what the sanitizer removes is a warning on the SVG's own line.
    """
    scan = _Scan(files, refused, content_dir, problems)
    publishable: set[str] = set()
    for model in models:
        for ref in references(model):
            target = scan.reference(model, ref, _where(model, ref, lines))
            if target is not None:
                publishable.add(target)
        _field_checks(model, lines, problems)
    return [Path(target) for target in sorted(publishable)]


def _engine_link(ref: Reference) -> tuple[str, str]:
    return (f"`{_excerpt(ref.written)}` is written in an engine's link syntax ({{…}} or |…|), which would let the "
            "engine copy any file it can read into the site",
            "link a file beside this one by its name, such as [The slides](slides.pdf), or a page by its https:// "
            "address")


def _field_checks(model: Guideline | Idea, lines: dict[str, dict[str, int]], problems: list[Problem]) -> None:
    """The addresses in front-matter fields shown as Markdown: no engine link syntax, and no image at all (a
    summary shows on list pages and in feeds too, where no file is beside it)."""
    display = model.source.display
    for key, item, ref in field_references(model):
        where = _Where(display, lines.get(display, {}).get(key, 1), key)
        which = f"`{key}` item {item + 1}: " if item is not None else ""
        if engine_syntax(ref.written):
            message, hint = _engine_link(ref)
            problems.append(where.problem(which + message, hint))
        elif ref.image:
            problems.append(where.problem(
                f"{which}the image `{_excerpt(ref.written)}` is in a field shown on other pages too (lists, feeds, "
                "messages), where its address leads elsewhere; no page shows it as an image",
                "put the image in the body, or give it as the idea's `image`"))


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
