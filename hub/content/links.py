"""What a body or an `image` field links: images on other hosts refused, files beside the page inspected."""
from __future__ import annotations

import os
from pathlib import Path

from hub.content.files import PAGE_NAMES, Verdict, examine
from hub.content.references import references
from hub.models import Guideline, Idea
from hub.problems import Problem, Severity


def reference_checks(models: list[Guideline | Idea], files: dict[str, str], refused: set[str],
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
