"""The `ilacs` command as an operator runs it: the installed entry point, in a subprocess.

Each database test runs once against a fresh SQLite file and once against a scratch
PostgreSQL database named after the suite's (created here, dropped afterwards), both set
through DATABASE_URL as in production. What is checked is what an operator reads (exit
code, stdout, stderr) and what the command did to the database or the files.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import OFSTED_RELEASES, PG_URL

ROOT = Path(__file__).resolve().parents[1]
KENT = "E10000016"
BARKING = "E09000002"
# 396 inspections and visits over both releases; the 2024 one leaves 68 rows undated that
# the 2025 one dates (tests/api/test_history.py).
# The older release is applied first; the newer one then corrects 4 of its inspections.
IMPORTED = (
    "imported 2 of 2 file(s): 396 created, 4 updated, 147 unchanged, 0 fact(s) filled, "
    "0 disagreement(s), 0 rejected (68 undated rows covered by another release)"
)
REIMPORTED = "imported 0 of 2 file(s): 0 created, 0 updated, 0 unchanged"


def _entry_point() -> str:
    beside = Path(sys.executable).with_name("ilacs")
    found = str(beside) if beside.is_file() else shutil.which("ilacs")
    if found is None:
        pytest.fail("the ilacs command is not installed (make install-dev)")
    return found


ILACS = _entry_point()


def ilacs(
    *args: str, url: str, cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `ilacs ARGS` against the database at `url`, from `cwd` (so no .env is read)."""
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [ILACS, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def refused(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The stderr of a refusal: exit `code`, nothing on stdout, a message and no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


def scalar(url: str, sql: str, **params: object) -> object:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).scalar_one()
    finally:
        engine.dispose()


def on_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


def _admin_execute(sql: str) -> None:
    admin = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(sql))
    finally:
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, workdir: Path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a scratch PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{workdir / 'ilacs.sqlite3'}"
        return
    scratch = f"{make_url(PG_URL).database}_cli"
    _admin_execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    _admin_execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield make_url(PG_URL).set(database=scratch).render_as_string(hide_password=False)
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@pytest.fixture(scope="module")
def migrated(database: str, workdir: Path) -> tuple[str, subprocess.CompletedProcess[str]]:
    """The database after a first `ilacs migrate`, and what that run said."""
    return database, ilacs("migrate", url=database, cwd=workdir)


@pytest.fixture(scope="module")
def server(migrated: tuple[str, subprocess.CompletedProcess[str]], workdir: Path) -> Iterator[str]:
    """`ilacs serve` on a free loopback port, up once /healthz answers; stopped afterwards."""
    url, _ = migrated
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = workdir / f"serve-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [ILACS, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir,
            env={**os.environ, "DATABASE_URL": url},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"ilacs serve exited {process.returncode}: {log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"ilacs serve did not answer /healthz in 30 s: {log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_migrate_builds_the_schema_then_finds_nothing_to_do(
    migrated: tuple[str, subprocess.CompletedProcess[str]], workdir: Path
) -> None:
    url, first = migrated
    assert first.returncode == 0, first.stderr
    built = re.fullmatch(
        r"schema at (\w+); reference data: (\d+) created, 0 updated, 0 unchanged\n", first.stdout
    )
    assert built, first.stdout
    revision, created = built[1], int(built[2])
    assert scalar(url, "SELECT version_num FROM alembic_version") == revision
    assert scalar(url, "SELECT count(*) FROM authority WHERE status = 'current'") == 153
    assert created > 153  # the authorities, their successions and the frameworks

    again = ilacs("migrate", url=url, cwd=workdir)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        f"schema at {revision}; reference data: 0 created, 0 updated, {created} unchanged\n"
    )


def test_import_refuses_an_unreadable_file_then_imports_once(
    migrated: tuple[str, subprocess.CompletedProcess[str]], workdir: Path, tmp_path: Path
) -> None:
    url, _ = migrated
    releases = [str(p) for p in OFSTED_RELEASES]
    assert len(releases) == 2
    assert scalar(url, "SELECT count(*) FROM event") == 0

    garbage = tmp_path / "outcomes.ods"
    garbage.write_bytes(b"this is not a spreadsheet")
    message = refused(ilacs("import", *releases, str(garbage), url=url, cwd=workdir), 1)
    assert message.startswith("refused, nothing imported: outcomes.ods: ")
    # Refused whole: not even the readable releases beside it were written.
    assert scalar(url, "SELECT count(*) FROM event") == 0

    if on_sqlite(url):  # checked before the database is opened: once is enough
        missing = tmp_path / "nowhere.ods"
        message = refused(ilacs("import", *releases, str(missing), url=url, cwd=workdir), 2)
        assert message == f"no such file: {missing}\n"
        assert scalar(url, "SELECT count(*) FROM event") == 0

    first = ilacs("import", *releases, url=url, cwd=workdir)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"{IMPORTED}\n"
    assert scalar(url, "SELECT count(*) FROM event") == 396
    changes = scalar(url, "SELECT count(*) FROM change")

    second = ilacs("import", *releases, url=url, cwd=workdir)
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    assert [line.endswith("already imported") or "nothing changed" in line for line in lines] == [
        True,
        True,
        False,
    ]
    assert lines[-1].startswith(REIMPORTED)
    assert scalar(url, "SELECT count(*) FROM event") == 396
    assert scalar(url, "SELECT count(*) FROM change") == changes


KEY_LINE = re.compile(r"key (key_\S+) \((admin|inspector|authority)\); its token, shown this once:")


def create_key(url: str, cwd: Path, *args: str) -> tuple[str, str]:
    """`ilacs keys create ARGS`: the new key's id and its token."""
    result = ilacs("keys", "create", *args, url=url, cwd=cwd)
    assert result.returncode == 0, result.stderr
    header, token = result.stdout.splitlines()
    said = KEY_LINE.fullmatch(header)
    assert said, header
    assert said[2] == args[args.index("--role") + 1]
    assert re.fullmatch(r"\S{20,}", token), token
    return said[1], token


def test_keys_create_shows_each_token_once_and_list_never(
    migrated: tuple[str, subprocess.CompletedProcess[str]], workdir: Path
) -> None:
    url, _ = migrated
    admin, admin_token = create_key(url, workdir, "--role", "admin", "--label", "ops desk")
    inspector, inspector_token = create_key(
        url, workdir, "--role", "inspector", "--region", "North West"
    )
    authority, authority_token = create_key(
        url, workdir, "--role", "authority", "--authority", BARKING
    )
    assert len({admin_token, inspector_token, authority_token}) == 3

    listed = ilacs("keys", "list", url=url, cwd=workdir)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert f"{admin}\tadmin\t-\tactive\tops desk" in lines
    assert f"{inspector}\tinspector\tnorth_west\tactive\t" in lines
    assert f"{authority}\tauthority\t{BARKING}\tactive\t" in lines
    for token in (admin_token, inspector_token, authority_token):
        assert token not in listed.stdout
        # Stored only as a hash.
        assert scalar(url, "SELECT count(*) FROM api_key WHERE token_hash = :t", t=token) == 0


# What `keys create` refuses, with the words an operator reads (exit 2 as for any bad usage).
# Only the unknown authority is a question for the database; the rest is checked on SQLite.
REFUSED_KEYS = [
    (
        ["--role", "authority", "--authority", "E99999999"],
        "refused: no current authority 'E99999999'",
    ),
    (["--role", "authority"], "refused: an authority key is bound to one authority (--authority)"),
]
REFUSED_KEYS_ARGUMENTS = [
    (["--role", "boss"], "argument --role: invalid choice: 'boss'"),
    (
        ["--role", "admin", "--authority", BARKING],
        "refused: only an authority key names an authority",
    ),
    (["--role", "admin", "--region", "London"], "refused: an admin key sees every region"),
    (
        ["--role", "inspector", "--region", "Atlantis"],
        "refused: no Ofsted region 'Atlantis' (one of: North East, Yorkshire and the Humber;",
    ),
]


def test_keys_create_refuses_what_makes_no_key(
    migrated: tuple[str, subprocess.CompletedProcess[str]], workdir: Path
) -> None:
    url, _ = migrated
    keys = scalar(url, "SELECT count(*) FROM api_key")
    for args, message in REFUSED_KEYS + (REFUSED_KEYS_ARGUMENTS if on_sqlite(url) else []):
        said = refused(ilacs("keys", "create", *args, url=url, cwd=workdir), 2)
        assert message in said, (args, said)
    assert scalar(url, "SELECT count(*) FROM api_key") == keys


def test_serve_answers_on_loopback(server: str) -> None:
    assert httpx.get(f"{server}/healthz").status_code == 200
    ready = httpx.get(f"{server}/readyz")
    assert ready.status_code == 200, ready.text
    kent = httpx.get(f"{server}/v1/authorities/{KENT}")
    assert kent.status_code == 200, kent.text
    assert kent.headers["content-type"].startswith("application/json")
    assert (kent.json()["code"], kent.json()["name"]) == (KENT, "Kent")


def test_a_revoked_key_is_refused_at_the_next_request(
    migrated: tuple[str, subprocess.CompletedProcess[str]], workdir: Path, server: str
) -> None:
    url, _ = migrated
    key, token = create_key(url, workdir, "--role", "authority", "--authority", BARKING)
    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{server}/v1/authorities/{BARKING}", headers=bearer).status_code == 200

    revoked = ilacs("keys", "revoke", key, url=url, cwd=workdir)
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout == f"key {key} revoked\n"
    refused_now = httpx.get(f"{server}/v1/authorities/{BARKING}", headers=bearer)
    assert refused_now.status_code == 401
    assert refused_now.headers["content-type"].startswith("application/problem+json")
    listed = ilacs("keys", "list", url=url, cwd=workdir).stdout.splitlines()
    (line,) = [line for line in listed if line.startswith(f"{key}\t")]
    assert line.split("\t")[3].startswith("revoked ")

    assert refused(ilacs("keys", "revoke", "key_nope", url=url, cwd=workdir), 2) == (
        "refused: no key 'key_nope'\n"
    )


def test_commands_on_a_database_not_migrated_say_so(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    for args in (["keys", "list"], ["import", str(OFSTED_RELEASES[0])]):
        message = refused(ilacs(*args, url=url, cwd=tmp_path), 1)
        assert message.startswith(f"ilacs {args[0]}: database error: no such table: "), message
        assert "`ilacs migrate`" in message


def test_migrate_with_the_database_down_says_so(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/ilacs"
    message = refused(ilacs("migrate", url=url, cwd=tmp_path), 1)
    assert message.startswith("ilacs migrate: database error: "), message
    assert "check DATABASE_URL" in message


def test_openapi_writes_the_committed_document(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    committed = (ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")
    output = tmp_path / "openapi.json"
    written = ilacs("openapi", "--output", str(output), url=url, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    assert output.read_text(encoding="utf-8") == committed

    nowhere = tmp_path / "missing" / "openapi.json"
    message = refused(ilacs("openapi", "--output", str(nowhere), url=url, cwd=tmp_path), 1)
    assert message == f"cannot write {nowhere}: No such file or directory\n"
    assert not nowhere.parent.exists()
