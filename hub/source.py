"""Reading one Markdown file: bytes to text, front matter to values, with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hub.problems import Problem, Severity, excerpt

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

_HANDLER = YAMLHandler()
_KEY_LINE = re.compile(r"^([^\s#\-][^:]*):(?:\s|$)", re.MULTILINE)  # greedy: linear on a long line
_ITEM = re.compile(r"^\s*-(?:\s|$)")


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Unusual(Exception):
    """A node the direct construction leaves to PyYAML: aliases, merge keys, other tags."""


def _construct(node: Node, loader: Any, seen: set[int]) -> Any:
    """What PyYAML's SafeConstructor builds for a node tree of plain maps, lists and scalars, without its machinery."""
    if node.__class__ is ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if id(node) in seen:  # an alias: PyYAML shares the object
        raise _Unusual
    seen.add(id(node))
    if node.__class__ is MappingNode and node.tag == _MAP:
        mapping = {}
        for key, value in node.value:
            if key.__class__ is not ScalarNode or key.tag != _STR:
                raise _Unusual  # merge keys, `=`, and keys of other types: PyYAML's rules apply
            mapping[key.value] = _construct(value, loader, seen)
        return mapping
    if node.__class__ is SequenceNode and node.tag == _SEQ:
        return [_construct(item, loader, seen) for item in node.value]
    raise _Unusual


class _Loader(SafeLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader with a leaner `resolve` (called once per scalar): the same tags, in the same order."""

    _table: dict[str | None, tuple[Any, ...]] = {}
    _size = -1

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> Any:
        if kind is not ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if implicit[0]:
            table = self._table
            for tag, regexp in table.get(value[:1], table[None]):
                if regexp.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG

    @classmethod
    def refresh(cls) -> None:
        """Build `BaseResolver.resolve`'s list for each first character, again if a resolver was added since."""
        resolvers = cls.yaml_implicit_resolvers
        size = len(resolvers) + sum(len(v) for v in resolvers.values())
        if size != cls._size:
            wildcard = tuple(resolvers.get(None, ()))
            table: dict[str | None, tuple[Any, ...]] = {k: tuple(v) + wildcard for k, v in resolvers.items()}
            table[None] = wildcard
            cls._table, cls._size = table, size


MAX_DEPTH = 20
"""How deeply lists and maps may nest in front matter: editors need three levels; a hostile file wants thousands."""
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates: they make text display in another order than it reads ("Trojan Source").
The marks U+200E/U+200F and U+061C only steer neutral characters, and right-to-left writing needs them: allowed."""
_BIDI_CHARACTERS = tuple(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_BIDI_REFERENCE = re.compile(r"&#(?:[xX]0*(202[a-eA-E]|206[6-9])|0*(823[4-8]|829[4-7]));")
_BIDI_HINT = ("remove it (most editors show it with a \"show invisibles\" setting); "
              "right-to-left text needs no such character: the `lang` of the page sets its direction")


@dataclass(frozen=True, slots=True)
class Finding:
    """Something hub refuses (or warns about) in front matter that is valid YAML, on a line of the front matter."""

    line: int
    key: str | None
    message: str
    hint: str
    severity: Severity = Severity.ERROR
    column: int | None = None
    blocking: bool = True
    """Whether the front matter cannot be read past it; a key given twice is reported and the rest still checked."""


def _anchor_line(text: str) -> Finding | None:
    """The first anchor (`&name`) or alias (`*name`): refused, since an alias chain can grow a few bytes into gigabytes."""
    if "&" not in text and "*" not in text:
        return None  # neither indicator, so neither can occur: no second parse for most files
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                mark = event.start_mark
                return Finding(mark.line if mark else 1, None,
                               f"front matter uses the YAML {'alias' if sign == '*' else 'anchor'} "
                               f"`{sign}{excerpt(anchor, 40)}`: hub refuses anchors and aliases",
                               "write each value out in full; text that starts with & or * must be put in quotes",
                               column=mark.column + 1 if mark else None)
    except yaml.YAMLError:
        return None  # the load reports the error itself
    return None


def _has_bidi(text: str) -> bool:
    """Whether `_bidi_controls` can find anything; several times faster than a regex on long text."""
    return "&#" in text or any(c in text for c in _BIDI_CHARACTERS)


def _bidi_controls(text: str) -> list[tuple[int, int]]:
    """(offset, code point) of each bidi control, written as itself or as an HTML character reference (`&#x202e;`),
    which Markdown passes on to the page."""
    found = [(m.start(), ord(m.group())) for m in BIDI_CONTROLS.finditer(text)]
    if "&#" in text:
        found += [(m.start(), int(m.group(1), 16) if m.group(1) else int(m.group(2))) for m in _BIDI_REFERENCE.finditer(text)]
    return sorted(found)


def _bidi(node: Node, top: str | None) -> Finding | None:
    found = _bidi_controls(node.value) if _has_bidi(node.value) else []
    if not found:
        return None
    return Finding(node.start_mark.line, top,
                   f"{f'`{excerpt(top, 40)}`' if top else 'a key'} contains the invisible bidirectional control "
                   f"character U+{found[0][1]:04X}, which can make text display in another order than it reads",
                   _BIDI_HINT, Severity.WARNING)


def _review(root: Node, text: str) -> list[Finding]:
    """Walk the composed nodes once, without recursion: duplicate keys (block or flow style), nesting that is too
    deep, aliases (a node met twice), and bidirectional control characters.

    Scalars are looked at only when the text could hold such a character (itself, or as a `\\u` escape), and
    nodes are counted only when it could hold an alias (`*`): most front matter costs one pass over its maps.
    """
    bidi = "\\u" in text or "\\U" in text or _has_bidi(text)
    aliases = "*" in text
    findings: list[Finding] = []
    seen: set[int] = set()
    stack: list[tuple[Node, int, str | None]] = [(root, 0, None)]
    while stack:
        node, depth, top = stack.pop()
        if aliases:
            if id(node) in seen:
                return [Finding(node.start_mark.line, top, "front matter uses a YAML alias: hub refuses anchors and aliases",
                                "write each value out in full")]
            seen.add(id(node))
        cls = node.__class__
        if cls is ScalarNode:
            found = _bidi(node, top) if bidi else None
            if found:
                findings.append(found)
            continue
        if depth > MAX_DEPTH:
            return [Finding(node.start_mark.line, top, f"front matter nests lists or maps more than {MAX_DEPTH} levels deep",
                            "write plain `key: value` lines and simple lists")]
        if cls is MappingNode:
            first: dict[str, Node] = {}
            for key, value in node.value:
                here = top
                if key.__class__ is ScalarNode:
                    name = key.value
                    if depth == 0:
                        here = name
                    if name in first:
                        where = "" if depth == 0 else f" in `{excerpt(str(top), 40)}`"
                        findings.append(Finding(key.start_mark.line, here, f"`{excerpt(name, 40)}` is given twice{where} "
                                                f"(first on line {first[name].start_mark.line + 1}); "
                                                "only the last one would count",
                                                "keep one of them", column=key.start_mark.column + 1,
                                                blocking=False))
                    else:
                        first[name] = key
                    if bidi or aliases:
                        stack.append((key, depth + 1, here))
                else:
                    stack.append((key, depth + 1, here))
                if bidi or aliases or value.__class__ is not ScalarNode:
                    stack.append((value, depth + 1, here))
        elif cls is SequenceNode:
            for item in node.value:
                if bidi or aliases or item.__class__ is not ScalarNode:
                    stack.append((item, depth + 1, top))
    return findings


def load_yaml(text: str) -> tuple[Any, list[Finding]]:
    """`yaml.load(text, Loader=SafeLoader)`, same values and errors, about a third faster on front matter; with what
    hub refuses or warns about in it. When a finding is an error, the value is None: nothing was built.

    PyYAML's C parser composes the nodes, which are checked; plain maps, lists and strings are then built directly.
    Anything else, and any error, goes through `yaml.load` itself, so its values and its messages are the ones an
    editor sees. Anchors are refused before either way of building runs, so no alias is ever expanded.
    """
    refused = _anchor_line(text)
    if refused is not None:
        return None, [refused]
    _Loader.refresh()
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except Exception:  # PyYAML's own run raises the same error
            return yaml.load(text, Loader=SafeLoader), []
        if node is None:
            return None, []
        findings = _review(node, text)
        if any(f.severity is Severity.ERROR and f.blocking for f in findings):
            return None, findings
        try:
            return _construct(node, loader, set()), findings
        except Exception:  # PyYAML's own run gives its value or its error
            return yaml.load(text, Loader=SafeLoader), findings
    finally:
        loader.dispose()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A file split into front-matter values and body, with the line of each key."""

    path: Path
    display: str
    metadata: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    fm_lines: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Problems found while reading that do not stop the fields from being checked (a key given twice, bidi controls)."""

    def line_of(self, key: str | None, item: int | None = None) -> int:
        """The line of a key, or of its n-th list item when the list is written in block style."""
        if key is None or key not in self.key_lines:
            return 1
        line = self.key_lines[key]
        if item is None:
            return line
        seen, base = -1, None
        # fm_lines[0] is the file's line 2, so file line n is fm_lines[n - 2].
        for number in range(line + 1, len(self.fm_lines) + 2):
            text = self.fm_lines[number - 2]
            if _KEY_LINE.match(text):
                break
            if _ITEM.match(text):
                indent = len(text) - len(text.lstrip())
                base = indent if base is None else base
                if indent == base:
                    seen += 1
                    if seen == item:
                        return number
        return line


def _decode(data: bytes, display: str) -> str | Problem:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(
            display, line, None,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line})",
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8); "
            "files from old Windows editors are often Latin-1 or Windows-1252",
        )
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _yaml_problem(exc: yaml.YAMLError, display: str, fm: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    # The front matter text starts with the end of the opening `---` line: its line 0 is the file's line 1.
    line = mark.line + 1 if mark is not None else 2
    column = mark.column + 1 if mark is not None else None
    problem = excerpt(getattr(exc, "problem", None) or (str(exc).splitlines() or ["?"])[0], 200)
    context = excerpt(getattr(exc, "context", None) or "", 200)
    message = f"front matter is not valid YAML: {problem}" + (f" ({context})" if context else "")
    hint = ("check the indentation and quoting on this line; "
            "put text containing ': ' or starting with [ { # & * ! | > ' \" % @ ` in quotes")
    lines = fm.split("\n")
    if "\t" in problem or (mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]):
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    return Problem(display, line, None, message, hint, column=column)


_DATE_LIKE = re.compile(r"^([^:#]+):\s*['\"]?(\d{4}-\d\d?-\d\d?)")


def _impossible_date(exc: Exception, display: str, fm: str) -> Problem:
    """A value shaped like a date that is not one, such as 2026-13-45, on the line it stands."""
    for number, text in enumerate(fm.split("\n")[1:], start=2):
        match = _DATE_LIKE.match(text)
        if match:
            try:
                date.fromisoformat(match.group(2))
            except ValueError:
                return Problem(display, number, excerpt(match.group(1).strip(), 40),
                               f"{match.group(2)} is not a real date ({exc})",
                               "write an existing date as 2026-11-25 or 2026-11-25 09:30")
    return Problem(display, 2, None, f"front matter has a value that cannot be read: {excerpt(str(exc), 200)}",
                   "check the dates and numbers in the front matter")


def _body_warnings(body: str, body_line: int, display: str) -> list[Problem]:
    """A warning for each body line with a bidirectional control character."""
    warnings: list[Problem] = []
    if not _has_bidi(body):
        return warnings
    for offset, code in _bidi_controls(body):
        line = body_line + body.count("\n", 0, offset)
        if warnings and warnings[-1].line == line:
            continue
        warnings.append(Problem(display, line, None,
                                f"the body contains the invisible bidirectional control character U+{code:04X}, "
                                "which can make text display in another order than it reads", _BIDI_HINT, Severity.WARNING))
    return warnings


def read_document(path: Path, display: str) -> RawDocument | list[Problem]:
    """Parse one file into a RawDocument, or return the problems that prevent it."""
    try:
        data = path.read_bytes()
    except OSError as exc:  # unreadable, a folder, a symlink loop, an I/O error
        return [Problem(display, None, None, f"the file cannot be read ({exc.strerror or exc})",
                        "check that it is a readable file; remove it if it is not meant to be content")]
    decoded = _decode(data, display)
    if isinstance(decoded, Problem):
        return [decoded]
    text = decoded
    if not _HANDLER.detect(text):
        return [Problem(
            display, 1, None, "no front matter: the file must start with a line of three dashes (---)",
            "start the file with a line `---`, then the fields (`title: …`), then another `---` line",
        )]
    try:
        _, fm, body = _HANDLER.FM_BOUNDARY.split(text, 2)  # type: ignore[union-attr]
    except ValueError:
        return [Problem(display, 1, None, "the front matter is never closed",
                        "end it with a line of three dashes (---) before the body")]
    try:
        metadata, findings = load_yaml(fm)
    except yaml.YAMLError as exc:
        return [_yaml_problem(exc, display, fm)]
    except Exception as exc:  # PyYAML builds `2026-13-45` as a date and fails inside; its
        return [_impossible_date(exc, display, fm)]  # constructors raise anything on `!!timestamp 'x'` and the like
    # The front matter text starts with the end of the opening `---` line: its line 0 is the file's line 1.
    found = [Problem(display, f.line + 1, f.key, f.message, f.hint, f.severity, f.column) for f in findings]
    if any(f.severity is Severity.ERROR and f.blocking for f in findings):
        return found
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        return [Problem(display, 2, None, "front matter must be a list of `key: value` lines",
                        "write one field per line, such as `title: My idea`")]
    fm_lines = tuple(fm.split("\n")[1:-1])
    key_lines: dict[str, int] = {}
    for number, fm_line in enumerate(fm_lines, start=2):
        match = _KEY_LINE.match(fm_line)
        if match:
            key_lines.setdefault(match.group(1).strip().strip("'\""), number)
    body = body.removeprefix("\n")
    # The boundary pattern may take a blank line with it: count what precedes the body (at most the last line).
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if not body:
        body_line = max(body_line - 1, 1)  # an empty body: point at the last line there is
    return RawDocument(path, display, metadata, body, body_line, key_lines, fm_lines,
                       (*found, *_body_warnings(body, body_line, display)))
