"""The render phase: templates and word catalogs of the theme, and the HTML they make of a plan."""
