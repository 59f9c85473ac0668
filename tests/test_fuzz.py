"""Property-based fuzzing of the loader and `hub check` (hypothesis): whatever a file holds, no exception escapes,
the output stays bounded and each file is read in bounded time.

The files are made of front matter that PyYAML writes (every type, nested, with hostile text), raw lines full of
YAML indicators (anchors, aliases, flow maps, tabs), Markdown bodies, and stray bytes. Runs are derandomized, so CI
sees the same examples every time; the whole file takes about 15 s.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hub.cli import app
from hub.config import SiteConfig, load_config
from hub.content.load import FILE_PROBLEMS, load_content
from hub.content.schema import GUIDELINE_FIELDS, IDEA_FIELDS
from hub.problems import format_text
from tests.conftest import NOW, ROOT

HOSTILE = list("&*!|>'\"%@`{}[],:#-?=~\\ \t\n\r") + [
    "\u202e", "\u2066", "\u200f", "\x00", "\x1b", "\x85", "\u2028", "\ufeff", "\U0001f600", "é", "<<", "---", "...",
    "<script>", "TODO", "http://", "2026-13-45", "9999-12-31", "0001-01-01T00:00+01:00", "!!python/object:os.system",
]
TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE), st.characters(codec="utf-8")), max_size=30).map("".join)
SCALARS = st.one_of(
    TEXT, st.integers(), st.floats(), st.booleans(), st.none(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=12))])),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=12)
KEYS = st.one_of(st.sampled_from(sorted(set(IDEA_FIELDS) | set(GUIDELINE_FIELDS))), TEXT)


@st.composite
def dumped(draw: st.DrawFn) -> str:
    """Front matter as PyYAML writes a mapping: valid YAML of any shape."""
    mapping = draw(st.dictionaries(KEYS, VALUES, max_size=10))
    return yaml.safe_dump(mapping, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()),
                          sort_keys=False)


RAW_LINES = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", KEYS, TEXT),
    st.sampled_from(["a: &a [x, x]", "b: [*a, *a, *a]", "<<: *a", "t: {a: 1, a: 2}", "- item", "  - nested",
                     "title: A", "title: B", "  key: [[[[", "\tindented: tab", "? complex", ": value", "%YAML 1.1",
                     "date: 2026-11-25 09:00", "expires: 9999-12-31", "k: !!binary aGk=", "k: !!set {a, b}"]),
    TEXT,
)
BODY = st.lists(st.one_of(st.sampled_from(list("*_`[]()#>-|!<&\n \\") + ["\u202e", "](", "<div>", "[^1]"]),
                          st.characters(codec="utf-8")), max_size=200).map("".join)


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """The bytes of one Markdown file: usually front matter and a body, sometimes anything."""
    kind = draw(st.sampled_from(["dumped", "raw", "none", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    body = draw(BODY)
    if kind == "none":
        return body.encode()
    fm = draw(dumped()) if kind == "dumped" else "\n".join(draw(st.lists(RAW_LINES, max_size=12)))
    data = f"---\n{fm}\n---\n{body}".encode()
    if draw(st.booleans()):  # a stray byte anywhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at:]
    return data


@pytest.fixture(scope="module")
def content() -> Iterator[tuple[SiteConfig, Path]]:
    """The example configuration and an empty content folder of its own."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        (root / "ideas").mkdir(parents=True)
        (root / "guidelines").mkdir()
        yield load_config(ROOT), root


def _write(root: Path, data: bytes) -> None:
    """The same bytes as an idea and as a guideline, so both schemas read them."""
    (root / "ideas" / "fuzzed.md").write_bytes(data)
    (root / "guidelines" / "fuzzed.md").write_bytes(data)


# No shrinking: a failure prints its example at once (shrinking one took five minutes), CI stays within its time.
FUZZ = settings(derandomize=True, database=None, deadline=timedelta(seconds=2),
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(FUZZ, max_examples=200)
@given(data=files())
def test_the_loader_never_raises_and_its_messages_stay_short(content: tuple[SiteConfig, Path], data: bytes) -> None:
    config, root = content
    _write(root, data)
    start = time.monotonic()
    loaded = load_content(config, root)
    assert time.monotonic() - start < 1
    lines = data.count(b"\n") + 1
    assert len(loaded.problems) <= 20 + 4 * lines + data.count(b","), len(loaded.problems)
    for problem in loaded.problems:
        assert problem.path.endswith("fuzzed.md")
        assert len(problem.message) <= 300, problem.message[:400]
        assert len(format_text(problem)) <= 1000, format_text(problem)[:1100]


@settings(FUZZ, max_examples=50)
@given(data=files())
def test_hub_check_never_shows_a_traceback_and_prints_a_bounded_report(content: tuple[SiteConfig, Path], data: bytes) -> None:
    config, root = content
    _write(root, data)
    result = CliRunner().invoke(app, ["check", str(root), "--config", str(config.config_path), "--now", NOW],
                                catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert len(result.output) <= 2000 + 500 * (data.count(b"\n") + 1), len(result.output)


# Long and nested inputs (issue 22, point 7): each shape the review found, and their neighbours, at sizes around the
# bounds of hub.content.bounds, in every field the stance lint and Markdown read. The file is a scheduled idea, so
# that `hub check` renders its body too (the pull request pays first).

LONG_UNITS = ["@", "a@b", "a@b.", "[a](", "[a](b) ", "![", "[", "](", "<a ", "<!--", "`", "*a ", "_", "!", "!x",
              "#a ", "🚀 ", ". ", "proud to share? ", "&#", "a.", "1:", "> ", "- ", "\\"]
LONG_FIELDS = ["title", "summary", "angles", "facts", "links", "body"]
SCHEDULED = """\
---
id: 0b0c4f4e-8c1e-4d57-9f0b-8f6c2b9d6a11
title: A scheduled idea
summary: It goes live next month.
date: 2027-01-04 09:00
lang: en
angles: [What changed for you?, What surprised you?]
"""


def _idea(field: str, text: str) -> bytes:
    """A scheduled idea with `text` in one field (written by PyYAML, so any text stays valid YAML) or its body."""
    if field == "body":
        return f"{SCHEDULED}---\n{text}\n".encode()
    value: object = {"links": [{"title": text, "url": "https://example.org/"}], "angles": [text, "Why?"],
                     "facts": [text]}.get(field, text)
    fm = SCHEDULED.replace(f"\n{field}: ", f"\nold_{field}: ") if field in ("title", "summary", "angles") else SCHEDULED
    lines = [line for line in fm.split("\n") if not line.startswith(f"old_{field}:")]
    dumped = yaml.safe_dump({field: value}, allow_unicode=True, width=1 << 20)
    return ("\n".join(lines) + dumped + "---\nSome context.\n").encode()


@st.composite
def long_inputs(draw: st.DrawFn) -> bytes:
    """One unit repeated up to about 40,000 characters (past every bound), in one field or the body."""
    unit = draw(st.sampled_from(LONG_UNITS))
    count = draw(st.one_of(st.integers(1, 200), st.integers(200, 40_000 // len(unit))))
    return _idea(draw(st.sampled_from(LONG_FIELDS)), unit * count)


@st.composite
def nested_inputs(draw: st.DrawFn) -> bytes:
    """Lists, quotes, emphasis and brackets nested up to 400 levels deep, in the body or a field."""
    depth = draw(st.integers(1, 400))
    kind = draw(st.sampled_from(["list", "quote", "mixed", "emphasis", "strong", "brackets", "links", "tags"]))
    text = {
        "list": "".join("  " * level + "- a\n" for level in range(depth)),
        "quote": "> " * depth + "a",
        "mixed": "".join("> - " * level + "a\n" for level in range(min(depth, 60))),
        "emphasis": "*a " * depth + "x" + " a*" * depth,
        "strong": "**" * depth + "x" + "**" * depth,
        "brackets": "[" * depth + "x" + "]" * depth,
        "links": "[a](" * depth + ")" * depth,
        "tags": "<b>" * depth + "x" + "</b>" * depth,
    }[kind]
    return _idea(draw(st.sampled_from(["body", "body", "summary", "facts"])), text)


@settings(FUZZ, max_examples=60)
@given(data=st.one_of(long_inputs(), nested_inputs()))
def test_long_and_nested_inputs_are_read_in_bounded_time(content: tuple[SiteConfig, Path], data: bytes) -> None:
    config, root = content
    _write(root, data)
    start = time.monotonic()
    loaded = load_content(config, root)
    assert time.monotonic() - start < 2  # linear: about 0.1 s for the longest
    assert len(loaded.problems) <= 2 * (FILE_PROBLEMS + 1), [p.message for p in loaded.problems]
    for problem in loaded.problems:
        assert len(problem.message) <= 300, problem.message[:400]
        assert len(format_text(problem)) <= 1000, format_text(problem)[:1100]


@settings(FUZZ, max_examples=25)
@given(data=st.one_of(long_inputs(), nested_inputs()))
def test_what_hub_check_accepts_renders_in_bounded_time(content: tuple[SiteConfig, Path], data: bytes) -> None:
    """The idea is scheduled: what `hub check` accepts today, the deploy renders on its date. It must render, quickly
    and without error, or the check must refuse it (the pull request pays first)."""
    from hub.render.markup import inline, render

    config, root = content
    _write(root, data)
    result = CliRunner().invoke(app, ["check", str(root), "--config", str(config.config_path), "--now", NOW],
                                catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert len(result.output) <= 2 * (FILE_PROBLEMS + 1) * 1000, len(result.output)
    loaded = load_content(config, root)
    refused = {p.path for p in loaded.errors}
    for idea in loaded.content.ideas:
        if idea.source.display in refused:
            continue
        start = time.monotonic()
        render(idea.body, None, top_heading=3)
        for text in (idea.title, idea.summary, *idea.angles, *idea.facts, *(link.title for link in idea.links)):
            inline(text, "image")
        assert time.monotonic() - start < 5  # bench/bounds.py: about 0.3 s at worst
