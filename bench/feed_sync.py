"""How long a council system takes to sync from the change feed, from the start.

    .venv/bin/python bench/feed_sync.py

Builds a fresh SQLite database in a temporary folder with the shipped Ofsted releases (as
`make run` does), then reads /v1/changes from the start to its end, through the whole app in
process (no network), as the public and as one authority's key, with `limit` 500 and 50.
Each sync starts cold (no page or result already built). Prints the number of changes, the
number of pages and the seconds, then the cost of a resync that finds nothing new (a 304).

Then a council system's whole sync, as one would run it: the authority's key reads the feed
from the start with `limit` 50, applies each item to a local copy (store the representation,
drop it on a tombstone), checks that the copy is exactly what /v1/authorities and /v1/events
show that key, then resumes from its saved position a year later (no write in between: only
windows opening and closing, plans falling late) and checks again.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="ilacs-feed-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/ilacs.sqlite3"

    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from api import migrate
    from api.app import create_app
    from api.clock import today
    from api.db import get_engine
    from api.domain.vocabulary import Role
    from api.keys import create_key
    from api.reference import DATA_DIR, load_reference_data
    from api.services.imports import import_files
    from api.web import pages

    migrate.upgrade(os.environ["DATABASE_URL"])
    with Session(get_engine()) as session, session.begin():
        load_reference_data(session)
        import_files(session, sorted((DATA_DIR / "ofsted").glob("*.ods")))
        _, token = create_key(session, Role.AUTHORITY, authority_code="E09000002")
    callers = {"public": {}, "authority E09000002": {"Authorization": f"Bearer {token}"}}

    with TestClient(create_app()) as client:
        print(f"{'caller':<22}{'limit':>6}{'changes':>9}{'pages':>7}{'seconds':>9}")
        for name, headers in callers.items():
            for limit in (500, 50):
                pages.clear()
                started, count, page_count, after = time.perf_counter(), 0, 0, None
                while True:
                    params = {"limit": limit, **({"after": after} if after else {})}
                    response = client.get("/v1/changes", params=params, headers=headers)
                    response.raise_for_status()
                    body = response.json()
                    count, page_count = count + len(body["items"]), page_count + 1
                    after = body["next_after"]
                    if body["next_cursor"] is None:
                        break
                seconds = time.perf_counter() - started
                print(f"{name:<22}{limit:>6}{count:>9}{page_count:>7}{seconds:>9.2f}")
            tail = client.get("/v1/changes", params={"after": after}, headers=headers)
            started = time.perf_counter()
            again = client.get(
                "/v1/changes",
                params={"after": after},
                headers={**headers, "If-None-Match": tail.headers["etag"]},
            )
            seconds = time.perf_counter() - started
            print(f"{name:<22} resync: {again.status_code} in {seconds:.3f} s")

        headers = callers["authority E09000002"]
        app = client.app
        held: dict[tuple[str, str], object] = {}

        def sync(after: str | None) -> tuple[str | None, int, int, float]:
            pages.clear()
            started, count, page_count = time.perf_counter(), 0, 0
            while True:
                params = {"limit": 50, **({"after": after} if after else {})}
                response = client.get("/v1/changes", params=params, headers=headers)
                response.raise_for_status()
                body = response.json()
                for item in body["items"]:
                    key = (item["resource_type"], item["resource_id"])
                    if item["deleted"]:
                        held.pop(key, None)
                    else:
                        held[key] = item["representation"]
                count, page_count = count + len(body["items"]), page_count + 1
                after = body["next_after"]
                if body["next_cursor"] is None:
                    return after, count, page_count, time.perf_counter() - started

        def listed(path: str, key: str) -> dict[str, object]:
            found: dict[str, object] = {}
            cursor = None
            while True:
                params = {"limit": 500, **({"cursor": cursor} if cursor else {})}
                body = client.get(path, params=params, headers=headers).json()
                found |= {item[key]: item for item in body["items"]}
                cursor = body["next_cursor"]
                if cursor is None:
                    return found

        def in_sync() -> bool:
            for kind, path, key in (
                ("authority", "/v1/authorities", "code"),
                ("event", "/v1/events", "id"),
            ):
                mine = {rid: rep for (k, rid), rep in held.items() if k == kind}
                if mine != listed(path, key):
                    return False
            return True

        print()
        print("council sync (authority E09000002, limit 50, applied to a local copy)")
        after, count, page_count, seconds = sync(None)
        print(
            f"  from the start:      {count:>5} changes {page_count:>3} pages {seconds:6.2f} s  "
            f"copy equals the lists: {in_sync()}"
        )
        first_day = asyncio.run(today())
        a_year_on = first_day + timedelta(days=365)
        app.dependency_overrides[today] = lambda: a_year_on
        after, count, page_count, seconds = sync(after)
        print(
            f"  resumed on {a_year_on}: {count:>5} changes {page_count:>3} pages {seconds:6.2f} s  "
            f"copy equals the lists: {in_sync()}"
        )


if __name__ == "__main__":
    main()
