"""`hub serve` sends `X-Content-Type-Options: nosniff` on every response: a real server, real requests."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import copy_project
from tests.test_serve import running_server


def test_every_response_says_nosniff(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with running_server(project) as server:
        where = urlsplit(server.url)
        seen = {}
        for method, path, host in [("GET", "/", None), ("GET", "/ideas/ci-energy/", None),
                                   ("GET", "/ideas/ci-energy/ci-energy.svg", None), ("GET", "/feeds/ideas.rss.xml", None),
                                   ("GET", "/__hub__/status", None), ("GET", "/__hub__/reload.js", None),
                                   ("GET", "/no/such/page/", None), ("GET", "/ideas", None), ("HEAD", "/", None),
                                   ("GET", "/", "evil.example"), ("POST", "/", None)]:
            connection = http.client.HTTPConnection(str(where.hostname), where.port, timeout=10)
            connection.putrequest(method, path, skip_host=host is not None)
            if host is not None:
                connection.putheader("Host", host)
            connection.endheaders()
            response = connection.getresponse()
            response.read()
            seen[(method, path, host)] = response.status
            assert response.getheader("X-Content-Type-Options") == "nosniff", (method, path, host, response.status)
            connection.close()
    # The requests reached every kind of answer: pages, files, the API, a redirect, a 404 and refusals.
    assert {200, 301, 404, 421, 501} <= set(seen.values()), seen
