"""Copy the files a page links into the staged site, inspected again, never over a file the build generated."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hub.errors import BuildError
from hub.safefiles.files import examine

if TYPE_CHECKING:
    from pathlib import Path

    from hub.plan import Asset


def publish_assets(assets: Iterable[Asset], content_dir: Path, site: Path) -> None:
    """Copy each planned file into the staged site, inspected again; never over a file the build generated."""
    for asset in assets:
        verdict = examine(asset.source, content_dir)
        if verdict.data is None:
            raise BuildError(f"{asset.source}: {verdict.findings[0].message}")
        target = os.path.normpath(os.path.join(site, asset.url))
        if os.path.commonpath([target, os.path.normpath(site)]) != os.path.normpath(site):
            raise BuildError(f"{asset.source}: refusing to write outside the site: {asset.url}")
        if os.path.lexists(target):
            raise BuildError(f"{asset.source} would take the address {asset.url}, which the build already "
                             "generates (a page, a feed or a theme file); rename the file")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(verdict.data)
