"""/docs and /redoc work with no internet: every script, style and icon is served by the app,
and browsers on other origins may read public data."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

ASSET = re.compile(r"""(?:src|href|url)\s*[=:(]\s*['"]?([^'"\s)>]+)""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_documentation_needs_no_other_host(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "://" not in html.replace("http://www.w3.org", ""), "an absolute URL: a CDN?"
    assets = {a for a in ASSET.findall(html) if not a.startswith(("#", "data:"))}
    assert any(a.endswith(".js") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset


def test_other_origins_may_read(client: TestClient) -> None:
    response = client.get("/v1/frameworks", headers={"Origin": "https://dashboard.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "etag" in response.headers["access-control-expose-headers"].lower()
