"""Where the theme's files are: the one place that knows.

hub ships its theme (templates, catalogs, shared assets, the engines' themes) inside the package, as the package
`hub.theme`: pyproject.toml maps it to the repository's top-level `theme/`, for a wheel and an editable install
alike. A project (this repository's example, or a company's hub made by `hub init`) adds only its overrides, in
`theme/overrides/` beside its mkdocs.yml; they are searched first, file by file and key by key.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path

from hub.errors import UsageError

PACKAGE = "hub.theme"
"""The package that holds the shipped theme."""
PROJECT_THEME = "theme"
"""The project's own theme folder, beside its mkdocs.yml."""
OVERRIDES = "overrides"
"""The folder inside the project's theme folder that holds its own templates, words and files."""

ThemeDirs = tuple[Path, ...]
"""Theme folders in the order they are searched: a project's overrides, then the shipped theme."""


@cache
def shipped_theme() -> Path:
    """The theme installed with hub, as a folder on disk."""
    try:
        found = importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        raise UsageError(f"hub's theme ({PACKAGE}) is not installed: install hub again (in a checkout of hub: "
                         "pip install -e .)") from None
    path = Path(str(found))
    if not (path / "templates").is_dir():
        raise UsageError(f"hub's theme is incomplete ({path} has no templates/): install hub again")
    return path


def project_theme(root: Path) -> Path:
    """The project's own theme folder (in hub's own repository, also the source of the shipped theme)."""
    return root / PROJECT_THEME


def overrides_dir(root: Path) -> Path:
    """The project's overrides: `theme/overrides/` beside its mkdocs.yml."""
    return project_theme(root) / OVERRIDES


def theme_dirs(root: Path) -> ThemeDirs:
    """The theme folders of a project, in the order they are searched: its overrides, then the shipped theme."""
    return (overrides_dir(root), shipped_theme())
