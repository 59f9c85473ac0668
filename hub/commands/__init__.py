"""The work behind hub/cli.py's commands, each a request in and a report out: check (and its pull request report),
list (the calendar), new, serve (the preview server) and announce."""
