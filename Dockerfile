# Production image: the service installed as `make install` installs it, PostgreSQL via
# DATABASE_URL. Build: docker build -t ilacs-api .   Run: docker run -e DATABASE_URL=... -p 8000:8000 ilacs-api
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/app/.venv/bin:$PATH

WORKDIR /app
RUN useradd --create-home --uid 10001 ilacs

COPY pyproject.toml README.md ./
COPY api ./api
COPY migrations ./migrations
# The same two steps as `make install`: a virtual environment in .venv, the project into it.
RUN python -m venv .venv && .venv/bin/pip install --quiet -e .

USER ilacs
EXPOSE 8000
# Migrations (and the idempotent reference data) first, then the server on all interfaces of
# the container.
CMD ["sh", "-c", "ilacs migrate && exec ilacs serve --host 0.0.0.0 --port 8000 --workers 2"]
