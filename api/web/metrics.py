"""Prometheus metrics: requests by route template and status, and their durations."""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "ilacs_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
DURATION = Histogram(
    "ilacs_http_request_duration_seconds", "Time to answer an HTTP request", ["method", "route"]
)


# Each (method, route, status) is looked up once; a bounded number of them (methods are the
# client's to choose).
_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
_MAX_SERIES = 1024


def note(method: str, route: str, status: int, seconds: float) -> None:
    """Count an answer and its duration under its route's template."""
    series = _series.get((method, route, status))
    if series is None:
        series = (REQUESTS.labels(method, route, str(status)), DURATION.labels(method, route))
        if len(_series) < _MAX_SERIES:
            _series[(method, route, status)] = series
    series[1].observe(seconds)
    series[0].inc()


class MetricsMiddleware:
    """A plain ASGI middleware (no BaseHTTPMiddleware), so measuring costs next to nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            # The route template, never the raw path: one series per route, whatever is asked.
            route = getattr(scope.get("route"), "path", "unmatched")
            note(scope["method"], route, status, time.perf_counter() - started)
