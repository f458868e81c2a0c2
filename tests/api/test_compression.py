"""Large answers are compressed when asked, once per data version and encoding, each encoding
with its own ETag; single resources, whose ETag a change names in If-Match, are sent as they
are."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.web import encoding

LISTS = ("/v1/authorities?status=current&limit=500", "/v1/events?limit=500")


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_list_is_compressed_when_asked_with_an_etag_of_its_own(
    client: TestClient, url: str, coding: str
) -> None:
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": coding})
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == coding
    assert packed.json() == plain.json()  # the client decodes it to the same document
    assert int(packed.headers["content-length"]) < len(plain.content) / 3
    assert packed.headers["etag"] != plain.headers["etag"]
    assert packed.headers["etag"] == plain.headers["etag"][:-1] + f'-{coding}"'
    for answer in (plain, packed):
        assert "accept-encoding" in answer.headers["vary"].lower()

    again = client.get(
        url, headers={"Accept-Encoding": coding, "If-None-Match": packed.headers["etag"]}
    )
    assert (again.status_code, again.headers["etag"]) == (304, packed.headers["etag"])
    # Another encoding is another representation: the plain ETag does not revalidate it.
    other = client.get(
        url, headers={"Accept-Encoding": coding, "If-None-Match": plain.headers["etag"]}
    )
    assert other.status_code == 200


def test_the_best_accepted_encoding_is_chosen_by_quality(client: TestClient) -> None:
    url = LISTS[0]
    assert (
        client.get(url, headers={"Accept-Encoding": "gzip, br"}).headers["content-encoding"] == "br"
    )
    assert (
        client.get(url, headers={"Accept-Encoding": "br;q=0.5, gzip"}).headers["content-encoding"]
        == "gzip"
    )
    assert (
        "content-encoding"
        not in client.get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0"}).headers
    )


def test_a_page_is_compressed_once_per_data_version_not_per_request(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    gzip = encoding.ENCODERS["gzip"]

    def counted(body: bytes) -> bytes:
        calls.append("gzip")
        return gzip(body)

    monkeypatch.setitem(encoding.ENCODERS, "gzip", counted)
    answers = [client.get(LISTS[0], headers={"Accept-Encoding": "gzip"}) for _ in range(5)]
    assert {a.headers["etag"] for a in answers} == {answers[0].headers["etag"]}
    assert calls == ["gzip"]


def test_a_single_resource_is_sent_as_it_is_so_if_match_names_its_etag(
    client: TestClient,
) -> None:
    answer = client.get("/v1/authorities/E10000016", headers={"Accept-Encoding": "gzip, br"})
    assert answer.status_code == 200
    assert "content-encoding" not in answer.headers
    assert not answer.headers["etag"].endswith(('-gzip"', '-br"'))


def test_an_answer_under_a_kilobyte_is_not_worth_compressing(client: TestClient) -> None:
    answer = client.get("/v1/statistics/judgements", headers={"Accept-Encoding": "gzip, br"})
    assert len(answer.content) < encoding.MIN_SIZE
    assert "content-encoding" not in answer.headers
    assert "accept-encoding" in answer.headers["vary"].lower()
