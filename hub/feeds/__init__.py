"""Feeds: items from the shared templates, RSS/Atom XML, the feeds' browser view and the OPML list."""
