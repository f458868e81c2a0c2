"""Codes users join on (Ofsted URN, aliases) and statistical neighbours, seen over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

KENT = "E10000016"


def test_authorities_carry_their_urn_and_aliases(client: TestClient) -> None:
    kent = client.get(f"/v1/authorities/{KENT}").json()
    assert kent["urn"] == "80476"
    assert kent["aliases"] == []
    bcp = client.get("/v1/authorities/E06000058").json()
    assert {"BCP", "Bournemouth, Christchurch & Poole"} <= set(bcp["aliases"])
    bristol = client.get("/v1/authorities/E06000023").json()
    assert "Bristol" in bristol["aliases"]
    # Abolished councils keep their URN (found by DfE number in the lookup).
    assert client.get("/v1/authorities/E10000021").json()["urn"] == "121939"
    listed = client.get("/v1/authorities?limit=500").json()["items"]
    assert sum(1 for a in listed if a["urn"]) >= 153


def test_neighbours_are_dfes_ten_with_where_each_stands(client: TestClient) -> None:
    response = client.get(f"/v1/authorities/{KENT}/neighbours")
    assert response.status_code == 200
    body = response.json()
    assert body["authority_code"] == KENT
    assert "statistical neighbour" in body["model"]
    assert [n["rank"] for n in body["items"]] == list(range(1, 11))
    assert body["items"][0]["code"] == "E10000012"  # Essex
    assert body["items"][0]["name"] == "Essex"
    for neighbour in body["items"]:
        standing = client.get(f"/v1/authorities/{neighbour['code']}").json()
        assert neighbour["pathway"] == standing["pathway"]
        assert neighbour["latest_judgements"] == standing["latest_judgements"]
        assert neighbour["next_inspection"] == standing["next_inspection"]


def test_neighbours_as_of_a_day_and_revalidated(client: TestClient) -> None:
    then = client.get(f"/v1/authorities/{KENT}/neighbours?as_of=2019-03-31").json()
    assert then["as_of"] == "2019-03-31"
    for neighbour in then["items"]:
        standing = client.get(f"/v1/authorities/{neighbour['code']}?as_of=2019-03-31").json()
        assert neighbour["latest_judgements"] == standing["latest_judgements"]
    now = client.get(f"/v1/authorities/{KENT}/neighbours")
    assert then["items"] != now.json()["items"]
    etag = now.headers["etag"]
    again = client.get(f"/v1/authorities/{KENT}/neighbours", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.head(f"/v1/authorities/{KENT}/neighbours").status_code == 200


def test_neighbours_of_unknown_or_abolished_authorities(client: TestClient) -> None:
    missing = client.get("/v1/authorities/E99999999/neighbours")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/authorities/Kent/neighbours").status_code == 422
    assert client.get("/v1/authorities/E10000021/neighbours").json()["items"] == []
