# The two quick-start commands: `make run` (refresh the warehouse and reports from raw/)
# and `make test` (the whole suite, linters and browser tests included). Both create the
# virtual environment on first use: `run` installs only what a refresh needs, `test` adds
# the test, lint and Spark extras.

# The newest supported Python present, unless PYTHON= is given.
PYTHON ?= $(or $(shell for v in 3.13 3.12 3.11; do \
	python$$v -c '' >/dev/null 2>&1 && { echo python$$v; break; }; done),python3)
VENV ?= .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.caetl-run-installed
TEST_STAMP := $(VENV)/.caetl-test-installed
BENCH_STAMP := $(VENV)/.caetl-bench-installed

export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: run test lint bench mutate install clean

run: $(RUN_STAMP)
	$(BIN)/caetl refresh

# A whole file to a worker (module fixtures build once), longest files first (tests/conftest.py).
test: $(TEST_STAMP)
	bash scripts/install_browser.sh
	bash scripts/install_terminal.sh
	$(BIN)/pytest -n auto --dist loadfile --no-loadscope-reorder

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/sqlfluff lint dbt_project

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py

# Mutation score, outside the test command (docs/testing.md): mutmut over the refresh,
# lock, load and gate code ([tool.mutmut] in pyproject.toml), then the SQL harness over the
# formula and verdict macros and the reporting models (needs a published warehouse: make
# run). Niced, one mutant at a time: it shares the machine. The tests run inside mutants/,
# where the load tests find raw/ and the dbt seeds through links. MUTANTS= names a subset
# (docs/testing.md: a sample of every sixth).
mutate: $(TEST_STAMP)
	mkdir -p mutants
	ln -sfn ../raw mutants/raw
	ln -sfn ../dbt_project mutants/dbt_project
	CAETL_HOME=$(CURDIR) nice -n 15 $(BIN)/mutmut run --max-children 1 $(MUTANTS)
	$(BIN)/mutmut results
	nice -n 15 $(BIN)/python scripts/sql_mutate.py $(SQL_MUTATE_ARGS)

install: $(RUN_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install when the project's dependencies change.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(RUN_STAMP) $(TEST_STAMP) $(BENCH_STAMP)

$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $(RUN_STAMP) $(BENCH_STAMP)

clean:
	rm -rf warehouse reports dbt_project/target dbt_project/logs mutants
