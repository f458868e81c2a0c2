"""If-Match: every change to an existing resource names the version it read.

The caller sends the ETag it read as `If-Match`: 428 without one, 412 when it is not the
current one. The comparison is strong (RFC 9110 §13.1.1), so a weak tag never matches.
`If-Match: *` ("any current version") names no version and so protects no one's change: it is
answered like a missing If-Match, 428. The check here is backed in the database by
`api.repositories.claims`, so two writers racing with the same ETag cannot both win.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from api.web.conditional import etag_matches
from api.web.problems import ApiProblem

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=200,
        pattern=r"^[!-~]([ -~]*[!-~])?$",
        description="The ETag of the resource as you last read it (strong comparison; `*` is "
        "not accepted, since it names no version)",
    ),
]


class PreconditionRequired(ApiProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(428, "precondition-required", detail)


class PreconditionFailed(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            412,
            "precondition-failed",
            "The resource has changed since you read it: read it again, then retry.",
        )


def require_match(if_match: str | None, current_etag: str) -> None:
    if if_match is None:
        raise PreconditionRequired(
            "Send the ETag you last read as If-Match, so that no one else's change is lost."
        )
    if if_match.strip() == "*":
        raise PreconditionRequired(
            "If-Match: * names no version, so it cannot keep anyone's change from being lost: "
            "send the ETag you last read."
        )
    if not etag_matches(if_match, current_etag, weak=False):
        raise PreconditionFailed()
