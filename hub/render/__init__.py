"""The render phase: the theme's templates, with the words of hub/i18n.py, and the HTML they make of a plan."""
