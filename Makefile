# The two quick-start commands: `make run` (refresh the warehouse and reports from raw/)
# and `make test` (the whole suite, linters and browser tests included). Both create the
# virtual environment on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.caetl-installed

export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: run test lint bench install clean

run: $(STAMP)
	$(BIN)/caetl refresh

test: $(STAMP)
	bash scripts/install_browser.sh
	bash scripts/install_terminal.sh
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/sqlfluff lint dbt_project

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

install: $(STAMP)

# Re-install when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

clean:
	rm -rf warehouse reports dbt_project/target dbt_project/logs
