# The two quick-start commands: `make run` (refresh the warehouse and reports from raw/)
# and `make test` (the whole suite, linters and browser tests included). Both create the
# virtual environment on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.caetl-installed

export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: run test lint bench mutate install clean

run: $(STAMP)
	$(BIN)/caetl refresh

test: $(STAMP)
	bash scripts/install_browser.sh
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/sqlfluff lint dbt_project

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Mutation score, outside the test command (docs/testing.md): mutmut over the refresh,
# lock, load and gate code ([tool.mutmut] in pyproject.toml), then the SQL harness over the
# formula and verdict macros and the reporting models (needs a published warehouse: make
# run). Niced, one mutant at a time: it shares the machine.
mutate: $(STAMP)
	CAETL_HOME=$(CURDIR) nice -n 15 $(BIN)/mutmut run --max-children 1
	$(BIN)/mutmut results
	nice -n 15 $(BIN)/python scripts/sql_mutate.py $(SQL_MUTATE_ARGS)

install: $(STAMP)

# Re-install when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

clean:
	rm -rf warehouse reports dbt_project/target dbt_project/logs mutants
