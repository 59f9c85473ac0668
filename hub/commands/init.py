"""`hub init`: a new company hub in an empty or missing folder, from the templates of `theme/templates/init/`.

`init/common/` holds the files every site gets (workflows, CODEOWNERS, requirements.txt with the pinned hub),
`init/<lang>/` those written in the site's language (mkdocs.yml, the starter charter, a draft idea, the README);
a leading `dot-` in a name stands for the `.` (package data leaves dot files out). Everything is written into a
staging folder beside the target first, and moved into place only once complete: a refusal or a failure leaves
the target as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
import yaml
from babel import Locale

from hub import __version__
from hub.commands.forms import file_environment, write_form
from hub.errors import UsageError
from hub.themes import shipped_theme

PACKAGE = "hub-charter"
"""hub's name on PyPI: what a company's requirements.txt pins."""
INIT = "init"
"""The folder of `templates/` that holds the new site's files."""
COMMON = "common"
DOT = "dot-"
MAX_NAME = 200
"""The longest site name accepted (it titles every page)."""


@dataclass(frozen=True, slots=True)
class InitRequest:
    """What `hub init` was asked: where, and the new site's identity."""

    folder: Path
    name: str
    url: str
    language: str
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class InitResult:
    """The folder written and its files, relative to it."""

    folder: Path
    files: tuple[str, ...]


def init_languages() -> list[str]:
    """The languages hub has a starter site in: the folders of `templates/init/` besides `common/`."""
    root = shipped_theme() / "templates" / INIT
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != COMMON)


def _target_name(relative: str) -> str:
    return "/".join("." + part[len(DOT):] if part.startswith(DOT) else part for part in relative.split("/"))


def _templates(lang: str) -> dict[str, str]:
    """Each file of the new site (its path in the site) and its template's name."""
    root = shipped_theme() / "templates"
    found: dict[str, str] = {}
    for folder in (COMMON, lang):
        base = root / INIT / folder
        for path in sorted(base.rglob("*")):
            if path.is_file():
                found[_target_name(path.relative_to(base).as_posix())] = path.relative_to(root).as_posix()
    return found


def _check(request: InitRequest) -> tuple[str, str]:
    """Refuse what would not make a working site, or would touch existing files; return the URL and language."""
    folder = request.folder
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise UsageError(f"{folder}: not a folder; hub init writes a new site into an empty or missing folder")
        if any(folder.iterdir()):
            raise UsageError(f"{folder}: not empty; hub init writes a new site into an empty or missing folder, "
                             "and never changes existing files")
    name = request.name.strip()
    if not name or len(name) > MAX_NAME or re.search(r"[\x00-\x1f\x7f]", name):
        raise UsageError(f"--name: give the site's name as colleagues will see it, on one line, at most {MAX_NAME} "
                         "characters")
    url = request.url.strip()
    if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", url):
        raise UsageError(f"--url: {url!r} is not an absolute http(s) address, such as https://intranet.example/hub/")
    languages = init_languages()
    if request.language not in languages:
        raise UsageError(f"--language: {request.language!r} has no starter site; choose one of {', '.join(languages)} "
                         "(other languages can be added to mkdocs.yml afterwards)")
    try:
        ZoneInfo(request.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--timezone: {request.timezone!r} is not a timezone, such as Europe/Paris or UTC") from None
    return (url if url.endswith("/") else url + "/"), request.language


def _first_keys(mkdocs_text: str) -> dict[str, str]:
    hub = yaml.safe_load(mkdocs_text)["extra"]["hub"]
    return {"first_topic": next(iter(hub["topics"])), "first_audience": next(iter(hub["audiences"]))}


def init_site(request: InitRequest, now: datetime) -> InitResult:
    """Write a new site into `request.folder` (missing or empty); raise UsageError, touching nothing, otherwise."""
    from hub.config import load_config
    from hub.content.load import load_content

    url, lang = _check(request)
    env = file_environment((shipped_theme(),))
    label = Locale.parse(lang).get_display_name(lang) or lang
    context: dict[str, object] = {
        "name": request.name.strip(), "url": url, "language": lang, "language_label": label[:1].upper() + label[1:],
        "timezone": request.timezone, "package": PACKAGE, "version": __version__, "idea_id": str(uuid.uuid4()),
        "today": now.astimezone(ZoneInfo(request.timezone)).strftime("%Y-%m-%d %H:%M"),
    }
    templates = _templates(lang)
    try:
        context |= _first_keys(env.get_template(templates["mkdocs.yml"]).render(**context))
        texts = {path: env.get_template(name).render(**context) for path, name in templates.items()}
    except (jinja2.TemplateError, KeyError, StopIteration, yaml.YAMLError) as exc:  # a broken install of hub
        raise UsageError(f"hub's starter site cannot be written ({exc}): install hub again") from None
    folder = request.folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.hub-init-", dir=folder.parent))
    try:
        for path, text in texts.items():
            target = stage / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        config = load_config(stage)
        write_form(config, load_content(config).content.guidelines)
        files = tuple(sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file()))
        if folder.is_dir():
            for child in sorted(stage.iterdir()):
                os.rename(child, folder / child.name)
            stage.rmdir()
        else:
            os.rename(stage, folder)
    finally:
        if stage.exists():
            shutil.rmtree(stage)
    return InitResult(folder, files)
