"""Liveness, readiness and metrics: for the platform, not for the contract's users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from api import migrate
from api.db import engine_dependency
from api.schemas import Health
from api.web.authentication import OperatorDep
from api.web.problems import problem_responses, read_responses

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    name="health-live",
    summary="The process is up",
    response_model=Health,
    responses=read_responses(),
)
def healthz() -> Health:
    """Answers 200 while the process is up; it reads nothing else."""
    return Health(status="ok")


@router.get(
    "/readyz",
    name="health-ready",
    summary="The database is reachable and its schema is at the latest migration",
    response_model=Health,
    responses={**read_responses(), 503: {"model": Health, "description": "Not ready"}},
)
def readyz(engine: Annotated[Engine, Depends(engine_dependency)]) -> Response:
    """200 when the database answers and its schema is at the latest migration; 503 otherwise,
    saying which.
    """
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = migrate.current_revision(engine)
    except SQLAlchemyError:
        return JSONResponse(Health(status="unavailable", database="unreachable").model_dump(), 503)
    head = migrate.head_revision()
    if revision != head:
        body = Health(status="unavailable", database="behind", revision=revision)
        return JSONResponse(body.model_dump(), 503)
    return JSONResponse(Health(status="ok", database="ok", revision=revision).model_dump())


@router.get(
    "/metrics",
    name="metrics",
    summary="Prometheus metrics (operators: an admin token)",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string", "maxLength": 2**20}}}},
        **problem_responses(400, 401, 403),
    },
)
def metrics(_operator: OperatorDep) -> Response:
    # Per-route counters show planning and publishing as they happen: operators only.
    """Request counts and durations in Prometheus' text format."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
