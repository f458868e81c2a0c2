"""The `ilacs` command: serve, migrate, import, keys, openapi."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.domain.vocabulary import REGION_NAMES, Region

if TYPE_CHECKING:
    from api.services.imports import ImportSummary


def _migrate(_: argparse.Namespace) -> int:
    from api import migrate
    from api.db import get_engine
    from api.reference import load_reference_data
    from api.settings import get_settings

    migrate.upgrade(get_settings().database_url)
    with Session(get_engine()) as session, session.begin():
        summary = load_reference_data(session)
    print(
        f"schema at {migrate.head_revision()}; reference data: {summary.created} created, "
        f"{summary.updated} updated, {summary.unchanged} unchanged"
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    import time

    from api.db import get_engine
    from api.importer import UnreadableFile
    from api.services.imports import import_files
    from api.services.report_imports import ManifestError, import_reports

    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if args.manifest and not Path(args.manifest).is_file():
        missing.append(args.manifest)
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    reports = [p for p in paths if p.suffix.casefold() == ".pdf"]
    releases = [p for p in paths if p.suffix.casefold() != ".pdf"]
    if args.manifest and not reports:
        print("--manifest describes report PDFs, and none was given", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        with Session(get_engine()) as session, session.begin():
            summary = import_files(session, releases) if releases else None
            result = (
                import_reports(session, reports, Path(args.manifest) if args.manifest else None)
                if reports
                else None
            )
    except UnreadableFile as error:
        print(f"refused, nothing imported: {error}", file=sys.stderr)
        return 1
    except ManifestError as error:
        print(f"refused, nothing imported: manifest {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    if summary is not None:
        _print_releases(summary, len(releases))
    if result is None:
        return 0
    for outcome in result.files:
        print(outcome)
    for disagreement in result.disagreements:
        print(f"disagreement: {disagreement}")
    print(
        f"reports: {len(result.files)} file(s), {result.read} read "
        f"({result.count('created')} created, {result.count('merged')} merged, "
        f"{result.count('unchanged')} unchanged), {result.count('already imported')} already "
        f"imported, {result.filled} fact(s) filled, {len(result.disagreements)} "
        f"disagreement(s), {len(result.refused)} refused; {seconds:.2f} s"
    )
    return 1 if result.refused else 0


def _print_releases(summary: ImportSummary, given: int) -> None:
    for name, earlier in summary.already_imported:
        print(f"{name}: already imported (same content as {earlier}): nothing changed")
    for row in summary.rejected:
        print(f"rejected: {row}")
    for disagreement in summary.disagreements:
        print(f"disagreement: {disagreement}")
    print(
        f"imported {given - len(summary.already_imported)} of {given} file(s): "
        f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.filled} fact(s) filled, {len(summary.disagreements)} disagreement(s), "
        f"{len(summary.rejected)} rejected"
        + (
            f" ({summary.superseded} undated rows covered by another release)"
            if summary.superseded
            else ""
        )
    )


def _keys(args: argparse.Namespace) -> int:
    from api import keys as auth
    from api.db import get_engine
    from api.domain.vocabulary import Role

    with Session(get_engine()) as session, session.begin():
        if args.keys_command == "create":
            try:
                region = _region(args.region) if args.region else None
                key, token = auth.create_key(
                    session,
                    Role(args.role),
                    authority_code=args.authority,
                    region=region,
                    label=args.label,
                )
            except ValueError as error:
                print(f"refused: {error}", file=sys.stderr)
                return 2
            print(f"key {key.id} ({key.role}); its token, shown this once:")
            print(token)
        elif args.keys_command == "list":
            for key in auth.list_keys(session):
                state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
                scope = key.authority_code or key.region or "-"
                print(f"{key.id}\t{key.role}\t{scope}\t{state}\t{key.label or ''}")
        else:
            try:
                key = auth.revoke_key(session, args.id)
            except ValueError as error:
                print(f"refused: {error}", file=sys.stderr)
                return 2
            print(f"key {key.id} revoked")
    return 0


def _slug(value: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", value.casefold()).strip("_")


def _region(value: str) -> Region:
    try:
        return Region(_slug(value))
    except ValueError:
        names = "; ".join(REGION_NAMES.values())
        raise ValueError(f"no Ofsted region {value!r} (one of: {names})") from None


def _serve(args: argparse.Namespace) -> int:
    import tempfile

    import uvicorn

    from api.data_version import make_signal_file

    with tempfile.TemporaryDirectory(prefix="ilacs-") as shared:
        if args.workers > 1:
            # The workers (started after this) tell each other of their commits through it.
            signal = os.path.join(shared, "changes")
            make_signal_file(signal)
            os.environ["ILACS_CHANGE_SIGNAL_FILE"] = signal
        uvicorn.run(
            "api.app:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=False,
            access_log=False,
        )
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from api.app import create_app

    document = json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"
    if args.output == "-":
        sys.stdout.write(document)
        return 0
    try:
        Path(args.output).write_text(document, encoding="utf-8")
    except OSError as error:
        print(f"cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ilacs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the API over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser(
        "migrate", help="build or upgrade the schema and load the reference data"
    )
    migrate.set_defaults(run=_migrate)

    importer = commands.add_parser(
        "import",
        help="import Ofsted's inspection outcome releases (ODS, XLSX or CSV sheets) and "
        "inspection report PDFs; a file imported before (same content) changes nothing, and no "
        "import undoes an admin's correction",
    )
    importer.add_argument("files", nargs="+", metavar="FILE")
    importer.add_argument(
        "--manifest",
        metavar="FILE.csv",
        help="for report PDFs: a CSV with the columns file,published_on,report_url (file "
        "relative to the manifest)",
    )
    importer.set_defaults(run=_import)

    keys = commands.add_parser("keys", help="create, list and revoke API keys")
    keys.set_defaults(run=_keys)
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    create = key_commands.add_parser("create", help="create a key and print its token once")
    create.add_argument("--role", required=True, choices=["admin", "inspector", "authority"])
    create.add_argument("--authority", help="ONS code (authority keys)")
    create.add_argument("--region", help="Ofsted region (inspector keys; none means all)")
    create.add_argument("--label", help="who or what holds the key")
    key_commands.add_parser("list", help="list keys (never their tokens)")
    revoke = key_commands.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("id")

    openapi = commands.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("--output", default="openapi/openapi.json")
    openapi.set_defaults(run=_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SQLAlchemyError as error:
        # An operator's mistake (DATABASE_URL wrong, database down, not migrated), not a bug:
        # say what the database said and what to check, without a traceback.
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"ilacs {args.command}: database error: {reason}", file=sys.stderr)
        if args.command != "migrate":
            print("check DATABASE_URL, and that `ilacs migrate` has run", file=sys.stderr)
        else:
            print("check DATABASE_URL and that the database is up", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
