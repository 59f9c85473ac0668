"""hub's own theme, installed inside the package as `hub.theme` (see pyproject.toml); hub/themes.py finds it."""
