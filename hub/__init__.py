"""hub: a charter and optional story ideas, compiled into an intranet site and feeds."""

__version__ = "0.1.0"
