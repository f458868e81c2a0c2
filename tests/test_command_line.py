"""The installed `ilacs` command, run as an operator runs it (what `make run` and the container
do at every start), against a database of its own on SQLite and on PostgreSQL.

An admin's correction made through the API survives the import of the same releases at the
next start, and the import of the same facts under other file names; Ofsted's report PDFs
merge into the record without a duplicate, fill what the releases lack, and a refused file
is refused with its reason.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from api.app import create_app
from api.clock import today
from api.db import build_engine, engine_dependency, session_factory, sessions_of
from tests.conftest import FIXTURES, OFSTED_RELEASES, TEST_TODAY, _recreate_postgres

ILACS = Path(sys.executable).with_name("ilacs")
REPORTS = FIXTURES / "ofsted_reports"
KENT = "E10000016"


@dataclass
class Deployment:
    url: str
    engine: Engine

    def run(self, *args: str | Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DATABASE_URL": self.url}
        done = subprocess.run(
            [str(ILACS), *map(str, args)], env=env, capture_output=True, text=True, timeout=600
        )
        if ok:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def client(self) -> TestClient:
        app = create_app()
        app.dependency_overrides[session_factory] = lambda: sessions_of(self.engine)
        app.dependency_overrides[engine_dependency] = lambda: self.engine
        app.dependency_overrides[today] = lambda: TEST_TODAY
        return TestClient(app, raise_server_exceptions=False)

    def admin(self) -> dict[str, str]:
        created = self.run("keys", "create", "--role", "admin", "--label", "test")
        token = created.stdout.strip().splitlines()[-1]
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def deployment(database_url: str, tmp_path: Path) -> Iterator[Deployment]:
    """A database of its own, migrated and seeded by the command line as `make run` does."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'deployed.sqlite3'}"
    else:
        main = make_url(database_url)
        url = main.set(database=f"{main.database}_cli").render_as_string(hide_password=False)
        _recreate_postgres(url)
    deployed = Deployment(url, build_engine(url))
    deployed.run("migrate")
    deployed.run("import", *OFSTED_RELEASES)
    yield deployed
    deployed.engine.dispose()


def _latest_of(client: TestClient, code: str) -> dict[str, object]:
    standing = client.get(f"/v1/authorities/{code}").json()["latest_judgements"]
    assert standing is not None
    event: dict[str, object] = client.get(f"/v1/events/{standing['event_id']}").json()
    return event


def test_a_restart_keeps_an_admins_correction(deployment: Deployment, tmp_path: Path) -> None:
    admin = deployment.admin()
    with deployment.client() as client:
        kent = _latest_of(client, KENT)
        grades = dict(kent["judgements"])  # type: ignore[call-overload]
        assert grades["overall_effectiveness"] == "outstanding"
        corrected = {**grades, "overall_effectiveness": "good"}
        etag = client.get(f"/v1/events/{kent['id']}", headers=admin).headers["etag"]
        response = client.put(
            f"/v1/events/{kent['id']}/judgements",
            json={"grades": corrected, "reason": "Typed from the wrong report."},
            headers={**admin, "If-Match": etag},
        )
        assert response.status_code == 200, response.text
        history = client.get(f"/v1/events/{kent['id']}/history").json()["items"]

    # The next start imports the same releases: nothing changes, and the command says so.
    again = deployment.run("import", *OFSTED_RELEASES)
    assert again.stdout.count("already imported") == len(OFSTED_RELEASES)
    # The same releases as CSV exports (other bytes, the same facts): weighed fact by fact, the
    # correction stands and Ofsted's word on it is reported as a disagreement.
    exports = sorted((FIXTURES / "ofsted").glob("*.csv"))
    as_csv = deployment.run("import", *exports)
    assert "0 created, 0 updated" in as_csv.stdout
    disagreements = [line for line in as_csv.stdout.splitlines() if line.startswith("disagree")]
    assert any(KENT in line and "overall_effectiveness" in line for line in disagreements)

    with deployment.client() as client:
        after = client.get(f"/v1/events/{kent['id']}").json()
        assert after["judgements"] == corrected
        assert client.get(f"/v1/events/{kent['id']}/history").json()["items"] == history
        assert history[-1]["action"] == "judgements_corrected"
        corrections = [s for s in after["sources"] if s["kind"] == "correction"]
        assert corrections == [
            {
                "kind": "correction",
                "reference": "admin",
                "fields": ["grades.overall_effectiveness"],
            }
        ]
        releases = [s for s in after["sources"] if s["kind"] == "release"]
        assert releases
        assert all("2025" in s["reference"] for s in releases)
        fields = {field for source in after["sources"] for field in source["fields"]}
        assert {"kind", "fieldwork_start", "published_on", "grades.help_and_protection"} <= fields


def _events_by_inspection(client: TestClient) -> Counter[tuple[str, str, str]]:
    seen: Counter[tuple[str, str, str]] = Counter()
    cursor = None
    while True:
        query = "/v1/events?limit=500" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(query).json()
        for event in page["items"]:
            if event["kind"] in ("short_inspection", "standard_inspection", "sif_inspection"):
                family = "sif" if event["kind"] == "sif_inspection" else "ilacs"
                seen[(event["authority_code"], family, event["published_on"])] += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


def test_reports_fill_what_the_releases_lack(deployment: Deployment, tmp_path: Path) -> None:
    expected = {row["file"]: row for row in csv.DictReader((REPORTS / "expected.csv").open())}
    pdfs = sorted(REPORTS.glob("*.pdf"))
    with deployment.client() as client:
        before = _events_by_inspection(client)
    done = deployment.run("import", *pdfs, "--manifest", REPORTS / "manifest.csv", ok=False)
    assert done.returncode == 1, done.stdout + done.stderr  # one file refused
    lines = {line.split(":", 1)[0]: line for line in done.stdout.splitlines()}
    refused = [name for name, row in expected.items() if row["kind"] == "refused"]
    assert refused == ["E08000018_2012-08-10.pdf"]
    assert "refused" in lines[refused[0]]
    assert "HTML" in lines[refused[0]]
    for name, row in expected.items():
        if row["kind"] == "refused":
            continue
        sif = row["kind"] == "sif_inspection"
        # The releases hold every ILACS inspection: those reports merge; the SIF ones are new.
        assert lines[name].startswith(f"{name}: {'created' if sif else 'merged'}"), lines[name]
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith("reports: 18 file(s), 17 read (4 created, 13 merged, 0 unchanged)")
    assert "39 fact(s) filled, 0 disagreement(s), 1 refused" in summary

    with deployment.client() as client:
        after = _events_by_inspection(client)
        assert max(after.values()) == 1, "a report duplicated an inspection"
        assert sum(after.values()) == sum(before.values()) + 4
        leicester = _latest_of(client, "E06000016")
        assert leicester["fieldwork_end"] == "2024-09-27"
        assert leicester["lead_inspector"] == "Tom Anthony"
        assert leicester["report_url"] == "https://files.ofsted.gov.uk/v1/file/50267800"
        kinds = {s["kind"]: s["fields"] for s in leicester["sources"]}
        assert kinds["report"] == ["fieldwork_end", "lead_inspector"]
        assert kinds["manifest"] == ["report_url"]
        assert "grades.overall_effectiveness" in kinds["release"]

    # The same files again: nothing changes, and each says so.
    again = deployment.run("import", *pdfs, "--manifest", REPORTS / "manifest.csv", ok=False)
    assert again.stdout.count("already imported (same content") == 17
    assert again.returncode == 1  # the refused file is tried, and refused, again


def test_a_manifest_that_disagrees_is_reported_and_a_file_without_date_refused(
    deployment: Deployment, tmp_path: Path
) -> None:
    leicester, sif = "E06000016_2025-01-29.pdf", "E06000012_2017-09-25.pdf"
    for name in (leicester, sif):
        shutil.copy(REPORTS / name, tmp_path / name)
    (tmp_path / "manifest.csv").write_text(
        "file,published_on,report_url\n"
        f"{leicester},2025-02-03,https://files.ofsted.gov.uk/v1/file/1\n"
        f"{sif},2017-09-26,\n"
    )
    done = deployment.run(
        "import", tmp_path / leicester, tmp_path / sif, "--manifest", tmp_path / "manifest.csv"
    )
    disagreements = [line for line in done.stdout.splitlines() if line.startswith("disagree")]
    # The release's publication date stands over the manifest's; the SIF report prints its
    # own, which stands over the manifest's.
    assert len(disagreements) == 2, done.stdout
    assert any("published_on stays 2025-01-29 (release" in line for line in disagreements)
    assert any("published_on stays 2017-09-25 (report" in line for line in disagreements)

    # Without a manifest, an ILACS report (which never prints its publication date) of an
    # inspection the record lacks cannot be dated: refused, saying how to date it.
    (tmp_path / "other").mkdir()
    lone = shutil.copy(REPORTS / "E06000012_2021-11-26.pdf", tmp_path / "other" / "lone.pdf")
    with deployment.engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(
            text(
                "DELETE FROM event WHERE authority_code = 'E06000012' AND kind <> 'sif_inspection'"
            )
        )
    refused = deployment.run("import", lone, ok=False)
    assert refused.returncode == 1
    assert "--manifest" in refused.stdout
    assert "published_on" in refused.stdout
