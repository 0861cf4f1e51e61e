# coprod: `make demo` runs the main job, `make test` runs lint, type-check and the default
# suite (every test but the slow and browser ones), `make test-slow` the slow and browser tests
# (CI runs both: .ci/run). They create the virtual environment in .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# The two parts of the suite, complements of each other (tests/conftest.py marks tests by rule;
# docs/testing.md): postgres tests run in either part only when COPROD_TEST_POSTGRES is set.
DEFAULT_TESTS := not slow and not browser
SLOW_TESTS := slow or browser

.PHONY: setup demo test test-slow test-all lint typecheck unit format clean mutation messages

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)  ## install coprod and everything it needs into .venv

demo: setup  ## load the demo registry into a fresh SQLite file and show it
	$(BIN)/coprod demo

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

test: lint typecheck  ## lint, type-check, then the default suite (not slow, not browser)
	$(BIN)/pytest -n auto -m "$(DEFAULT_TESTS)" $(PYTEST_ARGS)

test-slow: setup  ## the slow tests (Dask, kill -9, schemathesis, scaling, fuzzing) and the browser ones
	$(BIN)/pytest -n auto -m "$(SLOW_TESTS)" $(PYTEST_ARGS)

test-all: test test-slow  ## everything CI runs on SQLite: lint, type-check, both parts

mutation: setup  ## mutation testing of the guard modules (docs/testing.md); not part of `test`
	$(BIN)/python scripts/mutation.py $(MUTATION_ARGS)

LOCALE := src/coprod/web/locale
messages: setup  ## extract the pages' texts into messages.pot and merge them into each language's .po
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NC_:1c,2 -k NP_:1,2 --no-location --sort-output --project coprod -o $(LOCALE)/messages.pot src/coprod/web
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --ignore-obsolete

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) var test-artifacts .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
