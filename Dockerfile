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
RUN python -m venv .venv && .venv/bin/pip install --quiet -e . \
    && mkdir var && chown ilacs var  # where the embedded SQLite default lives, if no DATABASE_URL

USER ilacs
EXPOSE 8000
# As `make run` does: migrations and reference data, Ofsted's shipped releases (both loads are
# idempotent, so a restart changes nothing), then the server on the container's interfaces.
CMD ["sh", "-c", "ilacs migrate && ilacs import api/data/ofsted/*.ods && exec ilacs serve --host 0.0.0.0 --port 8000 --workers 2"]
