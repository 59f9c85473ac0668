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
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hub.cli import app
from hub.config import SiteConfig, load_config
from hub.content.load import load_content
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


# Engine link syntax, classes and image paths (issue 22, points 1, 3 and 8): whatever shape they take in a body or
# a field, the renderer keeps no engine link, no class of the themes and no image that is not a file beside the page,
# what the engines are handed holds nothing Pelican reads, and `hub check` names each engine link.

ENGINE_LINKS = st.sampled_from(["{attach}", "{static}", "{filename}", "{tag}", "{category}", "{author}", "{index}",
                                "{x}", "|attach|", "|static|", "|filename|", "{attach|", "|static}", "&#123;attach}",
                                "&#x7c;static&#x7C;", "%7Battach%7D", "%7cstatic%7c", " {attach}", "\t|attach|"])
SEGMENTS = st.sampled_from(["..", ".", "%2e%2e", ".%2E", "%2E.", "&#46;&#46;", "chart.png", "api", "v1", "delete",
                            "?confirm=yes", "#x", "&#63;a", "%3F", "\\", "", "https:", "//evil.example", "data:",
                            "javascript:", "proc", "self", "environ", "%00", " ", "\n"])
PATHS = st.one_of(st.lists(SEGMENTS, max_size=8).map("/".join), st.lists(SEGMENTS, max_size=8).map("".join))
LINK_TARGETS = st.one_of(PATHS, st.builds(str.__add__, ENGINE_LINKS, PATHS))
CLASS_NAMES = st.one_of(st.sampled_from(["mermaid", "md-dialog", "md-dialog--active", "md-consent__overlay",
                                         "md-typeset", "annotate", "highlight", "tabbed-set", "hub-copy", "hub-picker",
                                         "hub-external", "footnote", "footnote-ref", "footnote-backref", "toc",
                                         "language-python", "language-", "skip-link", "admonition"]), TEXT)
ATTRIBUTES = st.sampled_from(["href", "src", "title", "class", "id", "lang", "data-md-component", "data-tabs",
                              "data-hub-copy", "data-pagefind-meta", "role", "aria-hidden", "aria-modal", "style"])
TAGS = st.sampled_from(["a", "img", "pre", "code", "div", "span", "p", "details", "summary", "table", "td", "sup"])


def _quoted(value: str) -> str:
    return '"' + value.replace('"', "&quot;") + '"'


@st.composite
def elements(draw: st.DrawFn) -> str:
    """A raw HTML element with hostile attributes: classes, engine links, image paths, attributes themes read."""
    tag = draw(TAGS)
    attributes = []
    for name in draw(st.lists(ATTRIBUTES, max_size=4)):
        if name == "class":
            value = " ".join(draw(st.lists(CLASS_NAMES, min_size=1, max_size=4)))
        elif name in ("href", "src"):
            value = draw(LINK_TARGETS)
        else:
            value = draw(st.one_of(TEXT, st.builds(lambda a, b: f"{a}='{b}'", st.sampled_from(["href", "src"]),
                                                   LINK_TARGETS)))
        attributes.append(f" {name}={_quoted(value)}")
    return f"<{tag}{''.join(attributes)}>{draw(TEXT)}</{tag}>"


@st.composite
def markdown_pieces(draw: st.DrawFn) -> str:
    """Markdown that links, shows an image or asks for classes, with hostile targets."""
    kind = draw(st.sampled_from(["link", "image", "definition", "attr_list", "fence"]))
    target, words = draw(LINK_TARGETS), draw(TEXT).replace("]", "")
    if kind == "link":
        return f"[{words}]({target})"
    if kind == "image":
        return f"![{words}]({target})"
    if kind == "definition":
        return f"![{words}][r]\n\n[r]: {target}\n"
    classes = " ".join("." + c.replace(" ", "") for c in draw(st.lists(CLASS_NAMES, min_size=1, max_size=3)))
    if kind == "attr_list":
        return f"{words}\n{{: {classes} }}\n"
    return f"```{{ {classes} }}\n{words}\n```\n"


class _Tags(HTMLParser):
    """Every start tag of an HTML fragment with its attributes, as a browser's tokenizer reads them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


HOSTILE_MARKDOWN = st.lists(st.one_of(elements(), markdown_pieces(), TEXT), min_size=1, max_size=8).map("\n\n".join)


@settings(FUZZ, max_examples=200)
@given(text=HOSTILE_MARKDOWN, inline_field=st.booleans())
def test_rendered_content_keeps_no_engine_link_theme_class_or_image_from_elsewhere(text: str,
                                                                                   inline_field: bool) -> None:
    from pelican.contents import Content
    from pelican.settings import DEFAULT_CONFIG

    from hub.content.references import engine_syntax, file_path_problem
    from hub.engines.inert import inert
    from hub.render.markup import CLASSES, inline, render

    start = time.monotonic()
    html = inline(text, "image") if inline_field else render(text)
    handed = inert(html)
    assert time.monotonic() - start < 1
    assert len(html) <= 1000 + 20 * len(text), len(html)
    for tag, attributes in _Tags(html).tags:
        for name in (attributes.get("class") or "").split():
            assert name in CLASSES.get(tag, ()) or (tag == "code" and name.startswith("language-")), (tag, name, html)
        assert not {a for a in attributes if a.startswith(("data-", "aria-", "on")) or a == "role"}, html
        for attribute in ("href", "src"):
            assert not engine_syntax(attributes.get(attribute) or ""), html
        if tag == "img" and attributes.get("src") is not None:
            assert not inline_field and file_path_problem(attributes["src"] or "") is None, html
    pattern = Content._get_intrasite_link_regex(  # type: ignore[arg-type]
        SimpleNamespace(settings={"INTRASITE_LINK_REGEX": DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]}))
    assert pattern.search(handed) is None, handed


@settings(FUZZ, max_examples=40)
@given(body=HOSTILE_MARKDOWN, summary=LINK_TARGETS, fact=LINK_TARGETS, image=st.booleans())
def test_hub_check_names_every_engine_link_and_image_in_a_field(content: tuple[SiteConfig, Path], body: str,
                                                                summary: str, fact: str, image: bool) -> None:
    from hub.content.references import engine_syntax

    config, root = content
    (root / "guidelines" / "fuzzed.md").unlink(missing_ok=True)
    bang = "!" if image else ""
    front = {"title": "Fuzzed", "summary": f"See {bang}[it]({summary}).", "facts": [f"A {bang}[fact]({fact})."],
             "date": "2026-11-14 09:00"}
    data = ("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body).encode()
    (root / "ideas" / "fuzzed.md").write_bytes(data)
    start = time.monotonic()
    loaded = load_content(config, root)
    assert time.monotonic() - start < 1
    assert len(loaded.problems) <= 60 + 4 * data.count(b"\n"), len(loaded.problems)
    errors = {p.field for p in loaded.problems if p.is_error}
    for field, target in (("summary", summary), ("facts", fact)):
        written = target.split()[0] if target.split() else ""
        # What the Markdown reads as the target (up to a blank or a `)`): an image, or an engine link, is an error.
        if written and ")" not in written and (image or engine_syntax(written)):
            assert field in errors, (field, target, [p.message for p in loaded.problems])
