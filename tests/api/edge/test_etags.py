"""Every GET that answers 200 has a strong ETag, and `If-None-Match` answers 304 (API.md,
Conventions).

Over every GET route of the app's route table (the probes and the document included), for the
public and for an admin: the ETag is strong and quoted; the same request sent back with it as
`If-None-Match` is a 304 with the ETag and no body; and with it weakened (`W/"..."`) too, since
If-None-Match uses the weak comparison (RFC 9110 13.1.2).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.api.edge.routes import GET_ROUTES, VOLATILE, EdgeWorld, Operation, ids

STRONG = re.compile(r'"[\x21\x23-\x7e]*"')


@pytest.mark.parametrize("caller", ["public", "admin"])
@pytest.mark.parametrize("operation", GET_ROUTES, ids=ids(GET_ROUTES))
def test_a_200_has_a_strong_etag_that_revalidates(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    world: EdgeWorld,
    operation: Operation,
    caller: str,
) -> None:
    url, who = world.read_url(operation[1]), tokens[caller]
    first = client.get(url, headers=who)
    if first.status_code != 200:
        pytest.skip(f"answers {first.status_code} to the {caller}")  # e.g. /metrics
    etag = first.headers.get("etag")
    assert etag is not None, "no ETag"
    assert STRONG.fullmatch(etag), f"not a strong, quoted ETag: {etag!r}"
    if operation in VOLATILE:
        return
    for asked in (etag, f"W/{etag}"):
        again = client.get(url, headers={**who, "If-None-Match": asked})
        assert again.status_code == 304, f"If-None-Match: {asked}: {again.status_code}"
        assert again.headers.get("etag") == etag
        assert again.content == b""
