# The quick start: `make run` (install, write out/brief.html) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test install install-dev system-deps lint typecheck pytest lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e .

run: install
	$(BIN)/allied brief --out out/brief.html

install-dev: $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e '.[dev]'

# Chromium from Debian for the browser tests (never `playwright install`).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

test: install-dev system-deps lint typecheck pytest

# Re-pin every dependency after changing pyproject.toml (run in a fresh venv).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet -e '.[dev]'
	.lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^allied' > $(CONSTRAINTS)
	rm -rf .lockenv

clean:
	rm -rf $(VENV) out .mypy_cache .pytest_cache .ruff_cache
