"""The front matter's YAML: the values PyYAML gives, and what hub refuses or warns about (anchors, depth, bidi)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hub.problems import Severity, excerpt

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]


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


def _timestamp(loader: Any, node: ScalarNode) -> Any:
    """A value YAML reads as a date by its shape: one that does not exist (2026-02-30, 2026-12-32 09:00) stays
    text, so that the field's reader says why on its line, as for every date it cannot read, and the rest of
    the front matter is still read."""
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


MAX_DEPTH = 20
"""How deeply lists and maps may nest in front matter: editors need three levels; a hostile file wants thousands."""
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates: they make text display in another order than it reads ("Trojan Source").
The marks U+200E/U+200F and U+061C only steer neutral characters, and right-to-left writing needs them: allowed."""
_BIDI_CHARACTERS = tuple(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_BIDI_REFERENCE = re.compile(r"&#(?:[xX]0*(202[a-eA-E]|206[6-9])|0*(823[4-8]|829[4-7]));")
BIDI_HINT = ("remove it (most editors show it with a \"show invisibles\" setting); "
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


def has_bidi(text: str) -> bool:
    """Whether `bidi_controls` can find anything; several times faster than a regex on long text."""
    return "&#" in text or any(c in text for c in _BIDI_CHARACTERS)


def bidi_controls(text: str) -> list[tuple[int, int]]:
    """(offset, code point) of each bidi control, written as itself or as an HTML character reference (`&#x202e;`),
    which Markdown passes on to the page."""
    found = [(m.start(), ord(m.group())) for m in BIDI_CONTROLS.finditer(text)]
    if "&#" in text:
        found += [(m.start(), int(m.group(1), 16) if m.group(1) else int(m.group(2))) for m in _BIDI_REFERENCE.finditer(text)]
    return sorted(found)


def _bidi(node: Node, top: str | None) -> Finding | None:
    found = bidi_controls(node.value) if has_bidi(node.value) else []
    if not found:
        return None
    return Finding(node.start_mark.line, top,
                   f"{f'`{excerpt(top, 40)}`' if top else 'a key'} contains the invisible bidirectional control "
                   f"character U+{found[0][1]:04X}, which can make text display in another order than it reads",
                   BIDI_HINT, Severity.WARNING)


def _review(root: Node, text: str) -> list[Finding]:
    """Walk the composed nodes once, without recursion: duplicate keys (block or flow style), nesting that is too
    deep, aliases (a node met twice), and bidirectional control characters.

    Scalars are looked at only when the text could hold such a character (itself, or as a `\\u` escape), and
    nodes are counted only when it could hold an alias (`*`): most front matter costs one pass over its maps.
    """
    bidi = "\\u" in text or "\\U" in text or has_bidi(text)
    aliases = "*" in text
    every = bidi or aliases  # whether scalars are visited too
    findings: list[Finding] = []
    seen: set[int] = set()
    stack: list[_Visit] = [(root, 0, None)]
    while stack:
        node, depth, top = stack.pop()
        if aliases and _met_before(node, seen):
            return [Finding(node.start_mark.line, top, "front matter uses a YAML alias: hub refuses anchors and aliases",
                            "write each value out in full")]
        cls = node.__class__
        if cls is ScalarNode:
            found = _bidi(node, top) if bidi else None
            if found:
                findings.append(found)
        elif depth > MAX_DEPTH:
            return [Finding(node.start_mark.line, top, f"front matter nests lists or maps more than {MAX_DEPTH} levels deep",
                            "write plain `key: value` lines and simple lists")]
        elif cls is MappingNode:
            _review_mapping(node, depth, top, every, stack, findings)
        elif cls is SequenceNode:
            stack.extend((item, depth + 1, top) for item in node.value if every or item.__class__ is not ScalarNode)
    return findings


_Visit = tuple[Node, int, str | None]
"""A node still to review, its depth, and the top-level key it sits under."""


def _met_before(node: Node, seen: set[int]) -> bool:
    """Whether the walk met this very node already: then it is an alias (PyYAML shares the node)."""
    if id(node) in seen:
        return True
    seen.add(id(node))
    return False


def _review_mapping(node: Node, depth: int, top: str | None, every: bool, stack: list[_Visit],
                    findings: list[Finding]) -> None:
    """A key given twice in one map; its keys and values pushed for review (scalars only when `every`)."""
    first: dict[str, Node] = {}
    for key, value in node.value:
        here = top
        if key.__class__ is ScalarNode:
            name = key.value
            if depth == 0:
                here = name
            if name in first:
                findings.append(_given_twice(key, here, top, depth > 0, first[name]))
            else:
                first[name] = key
            if every:
                stack.append((key, depth + 1, here))
        else:
            stack.append((key, depth + 1, here))
        if every or value.__class__ is not ScalarNode:
            stack.append((value, depth + 1, here))


def _given_twice(key: Node, here: str | None, top: str | None, nested: bool, first: Node) -> Finding:
    """A key written a second time in the same map; a nested map is named by the top-level key it sits under."""
    where = f" in `{excerpt(str(top), 40)}`" if nested else ""
    return Finding(key.start_mark.line, here, f"`{excerpt(key.value, 40)}` is given twice{where} "
                   f"(first on line {first.start_mark.line + 1}); only the last one would count",
                   "keep one of them", column=key.start_mark.column + 1, blocking=False)


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
