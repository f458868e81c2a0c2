"""The `ilacs` command: serve, migrate, import, openapi."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session


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
    from api.db import get_engine
    from api.importer import UnreadableFile
    from api.services.imports import import_files

    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        with Session(get_engine()) as session, session.begin():
            summary = import_files(session, paths)
    except UnreadableFile as error:
        print(f"refused, nothing imported: {error}", file=sys.stderr)
        return 1
    for row in summary.rejected:
        print(f"rejected: {row}")
    print(
        f"imported {len(paths)} file(s): {summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(summary.rejected)} rejected"
        + (
            f" ({summary.superseded} undated rows covered by another release)"
            if summary.superseded
            else ""
        )
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

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
    else:
        Path(args.output).write_text(document, encoding="utf-8")
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
        help="import Ofsted's inspection outcome releases (ODS, XLSX or CSV sheets); idempotent",
    )
    importer.add_argument("files", nargs="+", metavar="FILE")
    importer.set_defaults(run=_import)

    openapi = commands.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("--output", default="openapi/openapi.json")
    openapi.set_defaults(run=_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
