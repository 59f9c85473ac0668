"""The issue form for proposing ideas, `.github/ISSUE_TEMPLATE/idea.yml`.

Its choices copy the vocabularies of mkdocs.yml (topics, audiences, channels, languages) and the pages of the
charter, so they are generated, by one function (`idea_form`) that `hub init` and `hub forms` both use, from the
template `forms/<lang>/idea.yml` of the theme (a company may override it). `hub check` compares the choices of
the file with what it would write, and says how to bring it back in step.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hub.config import SiteConfig, Vocabulary
from hub.models import Guideline
from hub.problems import Problem, Severity, relative
from hub.themes import ThemeDirs

if TYPE_CHECKING:
    import jinja2

FORM_PATH = Path(".github", "ISSUE_TEMPLATE", "idea.yml")
"""Where GitHub reads the form, from the project's root."""
FORM_FIX = "hub forms"
"""The command that writes the form again."""
MAX_FORM_BYTES = 1_000_000
"""A form larger than this is not read (GitHub's own forms are a few kilobytes)."""
CHOICE_FIELDS = ("topics", "audiences", "channels", "lang", "guidelines")
"""The fields of the form whose options come from the site, by their id (the front-matter key)."""


def yaml_string(value: object) -> str:
    """A value as one quoted YAML scalar (JSON's string syntax is YAML's), whatever characters it holds."""
    return json.dumps(str(value), ensure_ascii=False)


def file_environment(dirs: ThemeDirs) -> jinja2.Environment:
    """The environment of the files hub writes into a project (YAML, Markdown): kept as written, lines and all, and
    never HTML-escaped; values go through the `yaml` filter where YAML reads them."""
    import jinja2  # only when a file is written: `hub check` renders nothing

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(d / "templates") for d in dirs]),
        autoescape=False,  # noqa: S701 - YAML and Markdown written for the project's own maintainers, not HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml"] = yaml_string
    return env


def localized(env: jinja2.Environment, pattern: str, lang: str) -> str:
    """The template `pattern` (with `{lang}`) of the language, else of its base language, else English."""
    import jinja2

    for code in dict.fromkeys((lang, lang.split("-")[0], "en")):
        name = pattern.format(lang=code)
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            continue
        return name
    raise jinja2.TemplateNotFound(pattern.format(lang="en"))


def _terms(vocabulary: Vocabulary, lang: str) -> list[str]:
    """`key: label (description)` of each term, in the form's language (the site's)."""
    return [f"{key}: {term.label_in(lang)}" + (f" ({d.rstrip('.')})" if (d := term.description_in(lang)) else "")
            for key, term in vocabulary.terms.items()]


def form_choices(config: SiteConfig, guidelines: Iterable[Guideline]) -> dict[str, list[str]]:
    """The options of each field of the form that copies the site: `key: label (description)`."""
    return {
        "topics": _terms(config.topics, config.lang),
        "audiences": _terms(config.audiences, config.lang),
        "channels": _terms(config.channels, config.lang),
        "lang": [f"{key}: {term.label_in(config.lang)}" for key, term in config.languages.terms.items()],
        "guidelines": [f"{g.slug}: {g.title}" for g in sorted(guidelines, key=lambda g: g.slug)],
    }


def idea_form(config: SiteConfig, guidelines: Iterable[Guideline]) -> str:
    """The whole form, in the site's language, from the theme's template and the site's choices."""
    env = file_environment(config.theme_dirs)
    choices = form_choices(config, guidelines)
    return env.get_template(localized(env, "forms/{lang}/idea.yml", config.lang)).render(
        topics=choices["topics"], audiences=choices["audiences"], channels=choices["channels"],
        languages=choices["lang"], guidelines=choices["guidelines"],
        lang_index=list(config.languages.terms).index(config.lang), timezone=config.timezone.key)


def write_form(config: SiteConfig, guidelines: Iterable[Guideline]) -> Path:
    """Write the form into the project (`hub forms`, `hub init`); return its path."""
    path = config.root / FORM_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(idea_form(config, guidelines), encoding="utf-8")
    return path


def _options(field: Mapping[str, Any]) -> list[str]:
    attributes = field.get("attributes") if isinstance(field.get("attributes"), dict) else {}
    options = attributes.get("options") if isinstance(attributes, dict) else None
    return [str(o.get("label") if isinstance(o, dict) else o) for o in options or []]


def form_problems(config: SiteConfig, guidelines: Iterable[Guideline]) -> tuple[Problem, ...]:
    """A warning for each field of the project's form whose options no longer match the site; none when the
    project has no form."""
    path = config.root / FORM_PATH
    shown = relative(path, Path.cwd())
    hint = f"run `{FORM_FIX}` to write the form again from mkdocs.yml and content/guidelines/"
    try:
        if path.stat().st_size > MAX_FORM_BYTES:
            return (Problem(shown, None, None, f"larger than {MAX_FORM_BYTES} bytes: not read", hint, Severity.WARNING),)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = getattr(exc, "problem", None) or exc.__class__.__name__
        return (Problem(shown, None, None, f"cannot be read ({reason})", hint, Severity.WARNING),)
    body = data.get("body") if isinstance(data, dict) else None
    fields = {str(f.get("id")): f for f in body or [] if isinstance(f, dict) and f.get("id")}
    sources = {"topics": "extra.hub.topics", "audiences": "extra.hub.audiences", "channels": "extra.hub.channels",
               "lang": "extra.hub.languages", "guidelines": "the pages of content/guidelines/"}
    problems = []
    for name, expected in form_choices(config, guidelines).items():
        found = _options(fields[name]) if name in fields else None
        if found != expected:
            what = "missing: the form should offer" if found is None else "the options no longer match"
            problems.append(Problem(shown, None, name, f"{what} {sources[name]}", hint, Severity.WARNING))
    return tuple(problems)
