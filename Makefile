# The two commands of the README: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
OUT ?= public

.PHONY: setup system-packages venv node services demo test lint

setup: system-packages venv node

system-packages:
	bash scripts/install-system-packages.sh

venv: $(BIN)/publisher

$(BIN)/publisher: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node:
	@if [ -f package.json ]; then bash scripts/setup-axe.sh; fi

services:
	bash scripts/start-services.sh

demo: setup
	PUBLISHER_CONFIG=examples/publisher.toml $(BIN)/publisher publish examples/*.md --out $(OUT)

lint: venv
	$(BIN)/ruff check publisher workers tests benchmarks scripts
	$(BIN)/ruff format --check publisher workers tests benchmarks scripts
	$(BIN)/mypy publisher workers

# Two worker processes (pytest-xdist): every test has its own temporary folder, ports, Redis queue
# and PostgreSQL schema; tests sharing the published example site stay on one worker.
# The code is compiled once first: every Python process the tests start (CLI runs, Celery workers,
# app servers) would otherwise compile what it imports anew where no bytecode is written
# (PYTHONDONTWRITEBYTECODE) or not yet written (a clean clone). The test modules' rewritten asserts
# are written once too (tests/rewrite_cache.py), which each test process would otherwise redo.
test: setup services lint
	$(BIN)/python -m compileall -q -j 2 publisher workers tests > /dev/null
	$(BIN)/python -m tests.rewrite_cache
	$(BIN)/python -m pytest -p no:cacheprovider -q -n 2 --dist loadgroup
