"""How long a council system takes to sync from the change feed, from the start.

    .venv/bin/python bench/feed_sync.py

Builds a fresh SQLite database in a temporary folder with the shipped Ofsted releases (as
`make run` does), then reads /v1/changes from the start to its end, through the whole app in
process (no network), as the public and as one authority's key, with `limit` 500 and 50.
Each sync starts cold (no page or result already built). Prints the number of changes, the
number of pages and the seconds, then the cost of a resync that finds nothing new (a 304).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="ilacs-feed-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/ilacs.sqlite3"

    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from api import migrate
    from api.app import create_app
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


if __name__ == "__main__":
    main()
