"""The baseline of `hub check`: a bare python-frontmatter parse of every Markdown file under a folder.

Usage: python bench/bare_parse.py CONTENT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import frontmatter


def main(folder: str) -> int:
    """Parse every `*.md` file (front matter and body), as `hub check` reads them; print the count."""
    count = 0
    for path in sorted(Path(folder).rglob("*.md")):
        frontmatter.load(path)
        count += 1
    print(f"parsed {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
