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

test: setup services lint
	$(BIN)/python -m pytest -p no:cacheprovider -q
