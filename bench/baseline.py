"""The baseline: a bare FastAPI app, one `async def` endpoint answering a constant small JSON.

Served by uvicorn exactly as `ilacs serve` serves the API (one worker, uvicorn[standard]: uvloop
and httptools, no access log, no proxy headers), so the ratio to it measures the service alone.

    python bench/baseline.py --host 127.0.0.1 --port 8001
"""

from __future__ import annotations

import argparse
from typing import Any

import uvicorn
from fastapi import FastAPI

# About the size of one authority in the list (a few hundred bytes), built once.
CONSTANT: dict[str, Any] = {
    "code": "E10000016",
    "name": "Kent",
    "ofsted_name": "Kent",
    "dfe_number": 886,
    "la_type": "county_council",
    "region": "south_east",
    "region_name": "South East",
    "status": "current",
    "abolished_on": None,
    "predecessors": [],
    "successors": [],
    "pathway": "standard",
    "latest_judgements": None,
    "next_inspection": None,
    "open_priority_actions": [],
}

app = FastAPI()


@app.get("/constant")
async def constant() -> dict[str, Any]:
    return CONSTANT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # The same options as api.cli._serve.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        workers=1,
        proxy_headers=False,
        access_log=False,
    )


if __name__ == "__main__":
    main()
