"""The company's look on every engine: its logo and favicon, its colours (light, and dark when the reader's system
says so) and its own stylesheet, as files of the site and the addresses both engines' layouts link.

The colours come from `theme.palette` (checked in hub.config) and reach the pages as CSS custom properties in one
generated stylesheet, `assets/hub/palette.css`, which every engine links after its own: the shared `--hub-*`
properties of `theme/assets/`, Material's `--md-*` and the Pelican theme's `--site-*`. A company's stylesheet,
`theme/overrides/assets/extra.css`, is linked last, so it wins over everything.
"""

from __future__ import annotations

from pathlib import Path

from hub.config import DARK_BACKGROUND, DARK_SURFACE, Colours, Look, SiteConfig
from hub.errors import BuildError
from hub.themes import OVERRIDES

ASSETS_URL = "assets/hub/"
"""Where the theme's shared files are published: `theme/assets/*`, then `theme/overrides/assets/*` over them."""
PALETTE_URL = ASSETS_URL + "palette.css"
EXTRA_CSS = "extra.css"
"""The company's stylesheet, in `theme/overrides/assets/`; linked on every page of every engine when it exists."""


def overrides_assets(overrides_dir: Path) -> Path:
    """The company's files published beside the theme's: `theme/overrides/assets/`."""
    return overrides_dir / "assets"


def published_url(path: str) -> str:
    """The site address of a file given from `theme/overrides/` (`assets/logo.svg` -> `assets/hub/logo.svg`)."""
    return ASSETS_URL + path.removeprefix("assets/")


def stylesheets(config: SiteConfig) -> tuple[str, ...]:
    """The look's stylesheets, site-relative, to link after the engine's own: the palette, then the company's."""
    extra = (ASSETS_URL + EXTRA_CSS,) if (overrides_assets(config.overrides_dir) / EXTRA_CSS).is_file() else ()
    return (PALETTE_URL, *extra)


def image_files(config: SiteConfig) -> dict[str, bytes]:
    """The logo and the favicon as published: read and inspected again like a content file (an SVG sanitized, so
    opened on its own it runs nothing), over the copies of `theme/overrides/assets/`."""
    from hub.safefiles.files import examine

    files = {}
    for path in (config.look.logo, config.look.favicon):
        if path:
            verdict = examine(config.overrides_dir / path, overrides_assets(config.overrides_dir))
            if verdict.data is None:
                raise BuildError(f"theme/{OVERRIDES}/{path}: {verdict.findings[0].message}")
            files[published_url(path)] = verdict.data
    return files


def _scheme(colours: Colours) -> dict[str, str]:
    """The properties every engine reads for one scheme's two colours."""
    accent = colours.accent
    return {
        "--hub-primary": colours.primary, "--hub-link": accent, "--hub-focus": accent,
        "--md-primary-fg-color": colours.primary, "--md-primary-fg-color--light": colours.primary,
        "--md-primary-fg-color--dark": colours.primary, "--md-accent-fg-color": accent,
        "--md-accent-fg-color--transparent": accent + "1a", "--md-typeset-a-color": accent,
        "--site-link": accent, "--site-focus": accent, "--pagefind-ui-primary": accent,
    }


DARK_TEXT, DARK_MUTED, DARK_RULE, DARK_BAND = "#e3e5ea", "#b4b8c2", "#7d828e", "#15171c"
"""The dark scheme's text (11.4:1 on `DARK_SURFACE`), secondary text (7.2:1), rules, and Pelican's header band."""


def _dark_surfaces() -> dict[str, str]:
    """What turns dark besides the two colours: backgrounds, text, rules, and the sensitivity flags and banners."""
    return {
        "color-scheme": "dark",
        "--hub-text": DARK_TEXT, "--hub-muted": DARK_MUTED, "--hub-border": DARK_RULE, "--hub-surface": DARK_SURFACE,
        "--hub-page-bg": DARK_BACKGROUND, "--hub-on-link": DARK_BACKGROUND,
        "--hub-open-bg": "#173323", "--hub-open-fg": "#9be3ad", "--hub-open-edge": "#7fd69a",
        "--hub-care-bg": "#3a2c0c", "--hub-care-fg": "#f5c06a", "--hub-care-edge": "#f0b35a",
        "--hub-ask-bg": "#3e1a1a", "--hub-ask-fg": "#ffaaa3", "--hub-ask-edge": "#ff9b94",
        "--hub-preview-bg": "#2a2347", "--hub-preview-fg": "#c9b8ff", "--hub-preview-edge": "#b9a6ff",
        "--md-default-fg-color": DARK_TEXT, "--md-default-fg-color--light": DARK_MUTED,
        "--md-default-fg-color--lighter": DARK_RULE, "--md-default-fg-color--lightest": "#ffffff1f",
        "--md-default-bg-color": DARK_BACKGROUND, "--md-default-bg-color--light": DARK_BACKGROUND + "b3",
        "--md-default-bg-color--lighter": DARK_BACKGROUND + "4d", "--md-default-bg-color--lightest": DARK_BACKGROUND + "1f",
        "--md-code-fg-color": DARK_TEXT, "--md-code-bg-color": DARK_SURFACE, "--md-typeset-color": DARK_TEXT,
        "--md-typeset-table-color": "#ffffff1f", "--md-typeset-mark-color": "#4287ff4d",
        "--md-footer-bg-color": DARK_BAND, "--md-footer-bg-color--dark": "#0e0f13",
        "--site-text": DARK_TEXT, "--site-bg": DARK_BACKGROUND, "--site-muted": DARK_MUTED, "--site-band": DARK_BAND,
        "--site-rule": DARK_RULE, "--pagefind-ui-text": DARK_TEXT, "--pagefind-ui-background": DARK_BACKGROUND,
        "--pagefind-ui-border": DARK_RULE, "--pagefind-ui-tag": DARK_SURFACE,
    }


def _block(selector: str, properties: dict[str, str], indent: str = "") -> str:
    body = "".join(f"{indent}  {name}: {value};\n" for name, value in properties.items())
    return f"{indent}{selector} {{\n{body}{indent}}}\n"


def palette_css(look: Look) -> str:
    """The generated stylesheet: the light scheme, and the dark one under `prefers-color-scheme: dark` when the
    configuration has one (a reader's system setting switches it, live, with no script)."""
    parts = ["/* Generated by hub from theme.palette in mkdocs.yml: edit that, not this file. */\n",
             _block(":root", {"color-scheme": "light dark" if look.dark else "light", **_scheme(look.light)})]
    if look.dark is not None:
        # Material sets its own scheme's properties on `body` (`[data-md-color-scheme]`) when a palette is given;
        # hub gives Material none, so `:root` is where every engine reads them.
        parts.append("@media (prefers-color-scheme: dark) {\n"
                     + _block(":root", {**_dark_surfaces(), **_scheme(look.dark)}, "  ") + "}\n")
    return "".join(parts)

