# Two commands matter: `make run` serves the API on 127.0.0.1:8000 (SQLite, seeded), and
# `make test` runs lint, types and the whole suite on SQLite and PostgreSQL.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The Ofsted releases shipped with the service, imported by `make run`.
OFSTED_RELEASES := $(wildcard api/data/ofsted/*.ods)

.PHONY: run test install install-dev migrate seed serve lint types pytest postgres openapi openapi-lint node-tools clean bench

run: install migrate seed serve

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

migrate: install
	$(BIN)/ilacs migrate

seed: install
	$(BIN)/ilacs import $(OFSTED_RELEASES)

serve: install
	$(BIN)/ilacs serve --host $(HOST) --port $(PORT)

test: install-dev postgres lint openapi-lint types pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install-dev
	$(BIN)/mypy

pytest: install-dev postgres
	$(BIN)/pytest

# PostgreSQL on 127.0.0.1:5432 for the suite: started if it is installed but down, installed
# from the distribution's packages if it is missing (as root, on Debian or Ubuntu).
postgres:
	@if ! command -v pg_ctlcluster >/dev/null 2>&1; then \
		echo "installing PostgreSQL"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
		echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1

# The benchmark, on 127.0.0.1 (about 5-6 minutes; wants wrk: apt-get install wrk): read
# throughput of the lists (plain, gzip, br, 304) against a bare FastAPI endpoint side by side,
# the price of a change at today's history and 100 times it, a mixed load, memory, and two
# workers. Prints figures and ratios against the goals; never fails on them. To choose parts:
# `make bench BENCH_ARGS="--only throughput,change --scale 100"` (see bench/README.md).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

openapi: install
	$(BIN)/ilacs openapi --output openapi/openapi.json

# The OpenAPI linters and the TypeScript client generator, pinned in tools/openapi (Node 20+).
TOOLS := tools/openapi
# No telemetry from the tools, and no install scripts run.
NODE_ENV_VARS := REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true SCARF_ANALYTICS=false
node-tools: $(TOOLS)/node_modules/.installed

$(TOOLS)/node_modules/.installed: $(TOOLS)/package.json $(TOOLS)/package-lock.json
	cd $(TOOLS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The committed document, linted by Spectral (OpenAPI and OWASP rules) and Redocly: 0 errors.
openapi-lint: node-tools
	cd $(TOOLS) && $(NODE_ENV_VARS) node_modules/.bin/spectral lint --ruleset .spectral.yaml \
		--fail-severity error --display-only-failures ../../openapi/openapi.json
	cd $(TOOLS) && $(NODE_ENV_VARS) node_modules/.bin/redocly lint --config redocly.yaml \
		--format stylish ../../openapi/openapi.json

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(TOOLS)/node_modules
