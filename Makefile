# The quick start: `make run` (install, write out/brief.html) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test install install-dev system-deps postgres lint typecheck pytest lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e .

run: install
	$(BIN)/allied brief --mkdir --out out/brief.html

install-dev: $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e '.[dev]'

# Chromium from Debian for the browser tests (never `playwright install`).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

# PostgreSQL from Debian, started on 127.0.0.1:5432, with a role and an empty
# database for the sharing tests (the SQLite backend needs nothing).
PG_URL := postgresql://allied:allied@127.0.0.1:5432/allied_test
postgres:
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; \
	fi; \
	VERSION=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	$$SUDO pg_ctlcluster $$VERSION main start 2>/dev/null || true; \
	for i in 1 2 3 4 5 6 7 8 9 10; do $$SUDO runuser -u postgres -- pg_isready -q -h 127.0.0.1 && break; sleep 1; done; \
	$$SUDO runuser -u postgres -- psql -q -h 127.0.0.1 -c "DO \$$\$$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'allied') THEN CREATE ROLE allied LOGIN PASSWORD 'allied'; END IF; END \$$\$$;" 2>/dev/null \
		|| $$SUDO runuser -u postgres -- psql -q -c "DO \$$\$$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'allied') THEN CREATE ROLE allied LOGIN PASSWORD 'allied'; END IF; END \$$\$$;"; \
	$$SUDO runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'allied_test'" | grep -q 1 \
		|| $$SUDO runuser -u postgres -- createdb -O allied allied_test

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck:
	$(BIN)/mypy

pytest:
	ALLIED_TEST_POSTGRES_URL=$${ALLIED_TEST_POSTGRES_URL:-$(PG_URL)} $(BIN)/pytest

test: install-dev system-deps postgres lint typecheck pytest

# Re-pin every dependency after changing pyproject.toml (run in a fresh venv).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet -e '.[dev]'
	.lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^allied' > $(CONSTRAINTS)
	rm -rf .lockenv

clean:
	rm -rf $(VENV) out .mypy_cache .pytest_cache .ruff_cache
