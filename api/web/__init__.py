"""The HTTP edge: everything that speaks HTTP, and nothing else does.

Problems (RFC 9457), authentication, conditional requests (ETags, If-None-Match, If-Match),
idempotency keys, pages rendered once per data version, cursors and Link headers, the
request-level middleware (body limits, HEAD, caching headers, CORS, metrics) and the query
and path parameters the routers share. Use cases in `api.services` return domain results;
the edge renders them.
"""
