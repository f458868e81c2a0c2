"""The Python client a dashboard would generate from openapi/openapi.json, exercised against a
running server: the contract is usable as published, not only valid."""

from __future__ import annotations

import datetime
import importlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import uvicorn
from fastapi import FastAPI

from tests.conftest import OWN_AUTHORITY

DOCUMENT = Path(__file__).parents[2] / "openapi" / "openapi.json"
PACKAGE = "ilacs_generated_client"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Generate the client once (openapi-python-client, failing on any warning)."""
    where = tmp_path_factory.mktemp("client")
    # The generator reads only JSON, text and octet-stream bodies: the spreadsheet exports
    # come to its users as bytes.
    config = where / "config.yml"
    config.write_text(f"content_type_overrides:\n  {XLSX}: application/octet-stream\n")
    bin_dir = str(Path(sys.executable).parent)  # its post-processing calls ruff
    subprocess.run(
        [
            f"{bin_dir}/openapi-python-client",
            "generate",
            "--path",
            str(DOCUMENT),
            "--output-path",
            str(where / PACKAGE),
            "--meta",
            "none",
            "--fail-on-warning",
            "--config",
            str(config),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    sys.path.insert(0, str(where))
    yield PACKAGE
    sys.path.remove(str(where))


def _module(package: str, name: str) -> ModuleType:
    return importlib.import_module(f"{package}.{name}")


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, stopped after the test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    instance = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def test_a_dashboard_reads_through_the_generated_client(generated: str, server: str) -> None:
    client_module = _module(generated, "client")
    authorities_list = _module(generated, "api.authorities.authorities_list")
    statistics = _module(generated, "api.statistics.statistics_judgements")
    models = _module(generated, "models")

    client = client_module.Client(base_url=server)
    page = authorities_list.sync(client=client, region=models.Region.LONDON, limit=500)
    assert isinstance(page, models.AuthorityPage)
    assert len(page.items) == 33
    barking = next(a for a in page.items if a.code == OWN_AUTHORITY)
    assert barking.pathway == models.Pathway.STANDARD
    assert barking.next_inspection.kind == models.EventKind.STANDARD_INSPECTION

    figures = statistics.sync(
        client=client, as_of=datetime.date(2025, 6, 30), fieldwork_to=datetime.date(2025, 3, 31)
    )
    overall = next(j for j in figures.judgements if j.judgement.value == "overall_effectiveness")
    assert overall.counts.additional_properties == {
        "outstanding": 36,
        "good": 67,
        "requires_improvement": 31,
        "inadequate": 19,
    }

    missing = _module(generated, "api.authorities.authorities_get").sync_detailed(
        "E99999999", client=client
    )
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.Problem)
    assert missing.parsed.type_ == "/problems/not-found"


def test_an_inspector_plans_and_notifies_through_the_generated_client(
    generated: str, server: str, tokens: dict[str, dict[str, str]]
) -> None:
    client_module = _module(generated, "client")
    models = _module(generated, "models")
    plan = _module(generated, "api.events.events_plan")
    notify = _module(generated, "api.events.events_notify")

    token = tokens["inspector"]["Authorization"].removeprefix("Bearer ")
    inspector = client_module.AuthenticatedClient(base_url=server, token=token)
    planned = plan.sync_detailed(
        client=inspector,
        body=models.EventPlan(
            authority_code=OWN_AUTHORITY,
            kind=models.EventKind.STANDARD_INSPECTION,
            fieldwork_start=datetime.date(2026, 11, 2),
            fieldwork_end=datetime.date(2026, 11, 13),
        ),
    )
    assert planned.status_code == 201
    event = planned.parsed
    assert event.status == models.EventStatus.PLANNED

    notified = notify.sync_detailed(
        event.id,
        client=inspector,
        body=models.NotifyBody(notified_on=datetime.date(2026, 10, 26)),
        if_match=planned.headers["etag"],
    )
    assert notified.status_code == 200
    assert notified.parsed.status == models.EventStatus.NOTIFIED
    stale = notify.sync_detailed(
        event.id,
        client=inspector,
        body=models.NotifyBody(notified_on=datetime.date(2026, 10, 26)),
        if_match=planned.headers["etag"],
    )
    assert stale.status_code == 412
    assert stale.parsed.type_ == "/problems/precondition-failed"
