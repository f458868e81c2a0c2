"""The OpenAPI document: what FastAPI generates from the routes, completed with what it cannot
infer from them (the problem schema, headers, links, servers, licences, bounds of formats).

The app calls `install(app)`; `app.openapi()` then builds the document once and keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from fastapi import FastAPI

from api.web.problems import PROBLEM_MEDIA_TYPE, Problem

DESCRIPTION = """\
The open, machine-readable record of Ofsted's inspections of local authority children's
services (ILACS) in England: the 153 authorities, their inspections and visits, judgements,
priority actions, pathways and due windows.

Errors are RFC 9457 `application/problem+json`. Lists are cursor-paginated (`next_cursor`, and
an RFC 8288 `Link` header). Every GET answers with an `ETag` (and answers HEAD): send it as
`If-None-Match` to revalidate; send a resource's `ETag` as `If-Match` to change it. Reads
are public; a bearer token shows more. The service has no rate limits.

Licences: the code is MIT-licensed (`info.license`); the data is public sector information
licensed under the Open Government Licence v3.0 (`info.x-data-license`), from Ofsted's
"Local authority inspection outcomes" official statistics.
"""

CONTACT = {"name": "ILACS API maintainers"}
CODE_LICENSE = {"name": "MIT", "identifier": "MIT"}
DATA_LICENSE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
# Relative: the document describes the server it is served from, wherever that is.
SERVERS = [
    {
        "url": "/",
        "description": "The server this document is served from: production, or a local or test "
        "instance",
        "x-internal": False,
    }
]

TAGS = [
    {
        "name": "authorities",
        "description": "The upper-tier local authorities, their pathway and next inspection",
    },
    {
        "name": "events",
        "description": "Inspections, visits and meetings, their lifecycle, judgements and letters",
    },
    {
        "name": "self-evaluations",
        "description": "Authorities' yearly self-evaluations: read by the authority, its "
        "region's inspectors and admins; never public",
    },
    {
        "name": "engagement meetings",
        "description": "Annual engagement meetings with the Director of Children's Services: "
        "recorded by the region's inspectors, read by them and the authority; never public",
    },
    {
        "name": "priority actions",
        "description": "Areas for priority action, their action-plan deadlines and answers",
    },
    {
        "name": "schedule",
        "description": "What falls due in a period (windows, monitoring visits, deadlines) and "
        "where each item stands",
    },
    {"name": "frameworks", "description": "The framework versions and their judgement sets"},
    {"name": "statistics", "description": "The figures of Ofsted's official statistics"},
    {
        "name": "changes",
        "description": "The change feed: every change you may see, in the order it became "
        "visible to you, to sync from",
    },
    {
        "name": "exports",
        "description": "The lists' data as CSV and XLSX files, with their filters, streamed",
    },
    {"name": "operations", "description": "Liveness, readiness and metrics, for the platform"},
]

HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "The version of what was answered: send it as If-None-Match or If-Match",
        "required": True,
        "schema": {"type": "string", "maxLength": 200, "pattern": '^(W/)?"[\\x21\\x23-\\x7e]*"$'},
    },
    "Link": {
        "description": 'RFC 8288: `<...>; rel="next"` to the next page, when there is one',
        "schema": {"type": "string", "maxLength": 4000, "pattern": '^<[^>]+>; rel="next"$'},
    },
    "Location": {
        "description": "Where the new resource is",
        "required": True,
        "schema": {"type": "string", "maxLength": 100, "pattern": "^/v1/[A-Za-z0-9/_-]+$"},
    },
    "Allow": {
        "description": "The methods this path has",
        "required": True,
        "schema": {"type": "string", "maxLength": 100, "pattern": "^[A-Z]+(, [A-Z]+)*$"},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "string", "maxLength": 6, "pattern": "^[0-9]{1,6}$"},
    },
    "Retry-After-Required": {
        "description": "Seconds to wait before trying again",
        "required": True,
        "schema": {"type": "string", "maxLength": 6, "pattern": "^[0-9]{1,6}$"},
    },
    "Cache-Control": {
        "description": "`public, no-cache` to the public (a shared cache may keep it and "
        "revalidates every time), `private, no-cache` to a token",
        "required": True,
        "schema": {"type": "string", "maxLength": 200, "pattern": "^[ -~]*$"},
    },
    "Vary": {
        "description": "What the answer depends on besides the URL: Authorization, and "
        "Accept-Encoding where it may be compressed",
        "required": True,
        "schema": {"type": "string", "maxLength": 200, "pattern": "^[ -~]*$"},
    },
    "Access-Control-Allow-Origin": {
        "description": "CORS, when the request has Origin: `*` for public reads (any origin), "
        "or the origin itself when it is one of ILACS_CORS_ORIGINS",
        "schema": {"type": "string", "maxLength": 200, "pattern": "^[ -~]+$"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the "
        "same Idempotency-Key",
        "schema": {"type": "string", "enum": ["true"]},
    },
}

DESCRIPTIONS = {
    304: "Not modified: the If-None-Match ETag is current",
    405: "Another method than those this path has (see Allow)",
    500: "Something went wrong on our side; it is logged",
    503: "The database cannot be reached right now: try again after Retry-After",
}

# What the stateful phase of a contract test (and a client) follows from one answer to the
# next: ids from bodies, and the ETag as the If-Match of a change.
_EVENT_STEPS = (
    "events-notify",
    "events-start",
    "events-complete",
    "events-publish",
    "events-cancel",
    "events-defer",
    "events-pause",
    "events-resume",
    "events-update",
    "events-judgements-put",
    "events-letter-put",
)


def _link(operation_id: str, description: str, **parameters: str) -> dict[str, Any]:
    return {"operationId": operation_id, "description": description, "parameters": parameters}


def _event_links(id_expression: str, *, with_etag: bool) -> dict[str, Any]:
    links = {
        "get": _link("events-get", "Read the event", event_id=id_expression),
        "history": _link("events-history", "Its history", event_id=id_expression),
    }
    if with_etag:
        for step in _EVENT_STEPS:
            links[step.removeprefix("events-")] = _link(
                step,
                "Change it, as of this version",
                event_id=id_expression,
                **{"header.If-Match": "$response.header.ETag"},
            )
    return links


def _action_links(id_expression: str, *, with_etag: bool) -> dict[str, Any]:
    links = {"get": _link("priority-actions-get", "Read the action", action_id=id_expression)}
    if with_etag:
        for name, step in (
            ("submit-plan", "priority-actions-submit-plan"),
            ("close", "priority-actions-close"),
        ):
            links[name] = _link(
                step,
                "Change it, as of this version",
                action_id=id_expression,
                **{"header.If-Match": "$response.header.ETag"},
            )
    return links


def _links() -> dict[tuple[str, str], dict[str, Any]]:
    """Links by (operation id, status)."""
    body_id = "$response.body#/id"
    first_item = "$response.body#/items/0/id"
    links: dict[tuple[str, str], dict[str, Any]] = {
        ("events-plan", "201"): _event_links(body_id, with_etag=True),
        ("authorities-self-evaluations-submit", "201"): _event_links(body_id, with_etag=False),
        ("events-get", "200"): _event_links(body_id, with_etag=True),
        ("events-list", "200"): _event_links(first_item, with_etag=False),
        ("authorities-events-list", "200"): _event_links(first_item, with_etag=False),
        ("authorities-list", "200"): {
            "get": _link("authorities-get", "Read it", code="$response.body#/items/0/code"),
            "events": _link(
                "authorities-events-list", "Its events", code="$response.body#/items/0/code"
            ),
        },
        ("authorities-get", "200"): {
            "events": _link("authorities-events-list", "Its events", code="$response.body#/code"),
        },
        ("priority-actions-list", "200"): _action_links(first_item, with_etag=False),
        ("priority-actions-get", "200"): _action_links(body_id, with_etag=True),
    }
    for step in _EVENT_STEPS:
        links[(step, "200")] = _event_links(body_id, with_etag=True)
    for step in ("priority-actions-submit-plan", "priority-actions-close"):
        links[(step, "200")] = _action_links(body_id, with_etag=True)
    return links


def install(app: FastAPI) -> None:
    """Make `app.openapi()` answer with the completed document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    info = schema.setdefault("info", {})
    info["description"] = DESCRIPTION
    info["contact"] = CONTACT
    info["license"] = CODE_LICENSE
    info["x-data-license"] = DATA_LICENSE
    schema["servers"] = SERVERS
    schema["tags"] = TAGS
    components = schema.setdefault("components", {})
    _add_problem_schema(components.setdefault("schemas", {}))
    components["headers"] = deepcopy(HEADERS)
    _optional_authentication_for_reads(schema)
    _no_authentication_elsewhere(schema)
    _declare_headers_and_links(schema)
    _bound_formats(schema)
    return schema


def _add_problem_schema(schemas: dict[str, Any]) -> None:
    """The Problem schema, where every route's errors refer to it."""
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem


def _optional_authentication_for_reads(schema: dict[str, Any]) -> None:
    """Reads serve the public without a token and more with one: their security requirement
    lists the empty alternative too (OpenAPI's way to say 'optional')."""
    for item in schema.get("paths", {}).values():
        operation = item.get("get")
        if operation and operation.get("security"):
            operation["security"] = [{}, *operation["security"]]


def _no_authentication_elsewhere(schema: dict[str, Any]) -> None:
    """Operations that read no token say so (an empty requirement), rather than say nothing."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            operation.setdefault("security", [])


def _header(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def _problem(status: int, description: str, headers: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": description,
        "headers": headers,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _declare_headers_and_links(schema: dict[str, Any]) -> None:
    links = _links()
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if not path.startswith("/v1"):
                continue
            responses = operation["responses"]
            names = {p["name"] for p in operation.get("parameters", [])}
            paged = "cursor" in names
            for status, response in responses.items():
                headers = response.setdefault("headers", {})
                if method == "get" and status in ("200", "304"):
                    headers["ETag"] = _header("ETag")
                    headers["Cache-Control"] = _header("Cache-Control")
                    headers["Vary"] = _header("Vary")
                    if paged:
                        headers["Link"] = _header("Link")
                elif method != "get" and status.startswith("2"):
                    headers["ETag"] = _header("ETag")
                    if status == "201":
                        headers["Location"] = _header("Location")
                    if method == "post" and "Idempotency-Key" in names:
                        headers["Idempotent-Replayed"] = _header("Idempotent-Replayed")
                elif status == "409":
                    headers["Retry-After"] = _header("Retry-After")
                found = links.get((operation["operationId"], status))
                if found:
                    response["links"] = found
            responses["405"] = _problem(405, DESCRIPTIONS[405], {"Allow": _header("Allow")})
            responses["500"] = _problem(500, DESCRIPTIONS[500], {})
            responses["503"] = _problem(
                503, DESCRIPTIONS[503], {"Retry-After": _header("Retry-After-Required")}
            )
            for response in responses.values():
                response.setdefault("headers", {})["Access-Control-Allow-Origin"] = _header(
                    "Access-Control-Allow-Origin"
                )
            operation["responses"] = dict(sorted(responses.items()))


# The length of an RFC 3339 full-date, and the longest date-time the service writes
# (2026-11-23T10:00:00.123456+00:00).
_FORMAT_LENGTHS = {"date": (10, 10), "date-time": (20, 32)}


def _schemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "type" in node or "format" in node:
            yield node
        for value in node.values():
            yield from _schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas(value)


def _bound_formats(schema: dict[str, Any]) -> None:
    """Say what the formats already imply: the length of a day or an instant, and the width
    of each integer from its declared range."""
    for node in _schemas(schema):
        if node.get("type") == "string" and node.get("format") in _FORMAT_LENGTHS:
            shortest, longest = _FORMAT_LENGTHS[node["format"]]
            node.setdefault("minLength", shortest)
            node.setdefault("maxLength", longest)
        if node.get("type") == "integer" and "format" not in node:
            highest = node.get("maximum", node.get("exclusiveMaximum"))
            lowest = node.get("minimum", node.get("exclusiveMinimum"))
            if highest is not None and lowest is not None:
                fits = lowest >= -(2**31) and highest <= 2**31 - 1
                node["format"] = "int32" if fits else "int64"
