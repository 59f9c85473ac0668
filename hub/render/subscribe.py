"""The subscribe page's own files: its script, its style and the name of the OPML file its picker downloads.

The page itself is `theme/templates/pages/subscribe.html`; the feeds it lists come from `hub.plan.feed_outlines`.
"""

from __future__ import annotations

SCRIPT_URL = "assets/hub/subscribe.js"
STYLE_URL = "assets/hub/subscribe.css"
DOWNLOAD_NAME = "hub-feeds.opml"
