"""Accent-free search for Material: a MkDocs hook that adds each entry's accent-folded words to its search index.

Material's lunr search matches the words as written, so "benevolat" misses "bénévolat". After the search plugin
writes `search/search_index.json`, this hook gives every entry two extra fields, indexed but never shown:
`title_folded` and `text_folded`, the folded forms of its words that have accents. The staged config declares
them with the boosts of `title` and `text` and makes `'` and `’` separators, so "energie" finds "l’énergie".
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

SEPARATOR = r"[\s\-'’]+"
"""Material's English separator (white space and hyphens) plus both apostrophes: elisions split off (l’énergie)."""
ELISIONS = "'’"
"""What hub adds to the separator Material gives the site's language: both apostrophes."""
FIELDS = {"title_folded": {"boost": 1e3}, "text_folded": {"boost": 1.0}}
"""The folded fields, weighted like the fields they come from (Material's defaults for `title` and `text`)."""
INDEX = Path("search") / "search_index.json"
"""Where Material's search plugin writes its index, in the site folder."""

_MARKUP = re.compile(r"<[^<>]*+>")  # a stray `<` of the text costs a scan to the next `<`, not to the end
_SPLIT = re.compile(SEPARATOR)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "OE", "Æ": "AE"})


def with_elisions(separator: str) -> str:
    """Material's separator for a language, with the apostrophes added: `[\\s\\-]+` becomes `[\\s\\-'’]+`; Japanese
    and Chinese keep their own punctuation (`、。`) and zero-width spaces. A separator of another shape is kept whole,
    the apostrophes split on beside it."""
    match = re.fullmatch(r"\[([^\[\]]*)\]\+", separator)
    if match:
        missing = "".join(c for c in ELISIONS if c not in match.group(1))
        return f"[{match.group(1)}{missing}]+"
    return f"(?:{separator}|[{ELISIONS}])+"


def _is_latin(word: str) -> bool:
    """Latin letters only (with their accents): folding is for them. Kana and Cyrillic letters with marks (ガ, й)
    are other letters, not accented ones, and stay as written."""
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF or unicodedata.combining(c) for c in word)


def fold(word: str) -> str:
    """A word without its accents, lower-cased: "Bénévolat" is "benevolat", "cœur" is "coeur"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_words(markup: str) -> str:
    """The folded forms of the words of an index field that change when folded, each once, in order of appearance."""
    text = html.unescape(_MARKUP.sub(" ", markup))
    seen: dict[str, None] = {}
    for word in _SPLIT.split(text):
        if word.isascii() or not _is_latin(word):
            continue  # nothing to fold (most words of most pages: skipped fast), or not Latin letters
        folded = fold(word)
        if folded != word.lower():
            seen.setdefault(folded)
    return " ".join(seen)


def fold_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """An index entry with its folded fields (only those that have words)."""
    extra = {f"{name}_folded": folded_words(entry[name]) for name in ("title", "text") if entry.get(name)}
    return {**entry, **{name: words for name, words in extra.items() if words}}


def fold_index(data: dict[str, Any]) -> dict[str, Any]:
    """Material's index data with every entry folded."""
    return {**data, "docs": [fold_entry(entry) for entry in data["docs"]]}


def fold_index_file(path: Path) -> None:
    """Rewrite an index file with its entries folded, as compact as Material writes it (same input, same bytes)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(fold_index(data), separators=(",", ":")), encoding="utf-8")


def on_post_build(config: Any, **_: Any) -> None:
    """MkDocs hook, run after the search plugin has written its index."""
    path = Path(config["site_dir"]) / INDEX
    if path.is_file():
        fold_index_file(path)
