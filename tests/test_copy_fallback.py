"""The subscribe page's copy buttons without the Clipboard API, in headless Chromium.

An intranet served over plain http is not a secure context, so browsers give its pages no Clipboard API; a
browser may also deny it, or refuse the copy command. Each time, the address must still reach the clipboard,
or be selected with words saying to press Ctrl+C.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import SUB_PATH, require_browser, run_driver
from tests.browser import served as served  # the built site under a sub-path
from tests.conftest import Built

pytestmark = pytest.mark.browser

BASE_URL = "https://intranet.example/comms/hub/"


def test_copy_buttons_work_without_the_clipboard_api(served: str, built: Built, tmp_path: Path) -> None:
    chromium = require_browser()
    plan = {"chromium": chromium, "port": urlsplit(served).port, "path": SUB_PATH + "subscribe/"}
    result = run_driver("copy_fallback.mjs", plan, tmp_path)
    assert result["errors"] == [] and result["blocked"] == [], result

    insecure = result["insecure"]
    assert not insecure["secureContext"] and not insecure["clipboardApi"], "the page must really lack the API"
    assert insecure["want"] == f"{BASE_URL}feeds/ideas.rss.xml"
    assert insecure["clipboard"] == insecure["want"], "the copy command puts the address on the clipboard"
    assert insecure["said"] == insecure["label"] == "Copied" and insecure["liveRegion"] == "polite"
    assert insecure["focusOnButton"], "focus goes back to the button after the copy"
    assert insecure["selected"] == ""

    refused = result["refused"]
    assert refused["want"] == f"{BASE_URL}feeds/ideas.atom.xml"
    assert refused["clipboard"] == "nothing copied yet", "nothing was copied: the page must not say it was"
    assert refused["said"] == refused["label"] == "Selected: press Ctrl+C to copy"
    assert refused["selected"] == refused["want"], "the address alone is selected, ready for Ctrl+C"
    assert refused["focusOnButton"], "focus stays where the reader is"
    assert refused["afterCtrlC"] == refused["want"], "Ctrl+C copies the selected address"

    denied = result["denied"]
    assert denied["secureContext"] and denied["clipboardApi"] and denied["denials"] == 1, "the API was asked, and refused"
    assert denied["clipboard"] == denied["want"], result
    assert denied["said"] == "Copied"
