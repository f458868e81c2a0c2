"""Unknown query parameters are refused, naming the ones the operation takes (as Stripe does):
a misspelt filter (`?regoin=london`) must not silently answer with everything. What an
operation takes is what the OpenAPI document says it takes."""

from __future__ import annotations

from fastapi import Request
from fastapi.routing import APIRoute

from api.web.problems import UnknownParameters

_accepted: dict[tuple[str, str], frozenset[str]] = {}


def _accepted_by(request: Request, route: APIRoute) -> frozenset[str]:
    key = (request.method, route.path)
    names = _accepted.get(key)
    if names is None:
        operation = request.app.openapi()["paths"].get(route.path, {}).get(request.method.lower())
        parameters = (operation or {}).get("parameters", [])
        names = frozenset(p["name"] for p in parameters if p.get("in") == "query")
        _accepted[key] = names
    return names


async def refuse_unknown_parameters(request: Request) -> None:
    if not request.query_params:
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    accepted = _accepted_by(request, route)
    unknown = sorted(set(request.query_params) - accepted)
    if unknown:
        raise UnknownParameters(unknown, sorted(accepted))
