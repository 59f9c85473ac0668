"""The commands behind hub/cli.py: check's reports, the calendar, new files, the preview server."""
