# The README's commands: make run, make test (and make bench).
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: run test test-sqlite test-postgres bench bench-search messages translations clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.runtime
	$(BIN)/python -m devtools.i18n compile

## make run: install, create or upgrade the database, add the demo network when empty, serve on PORT
run: translations
	$(FLASK) init-db
	$(FLASK) seed-demo
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl+C stops)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## make test: the whole suite on SQLite, then again on a throwaway PostgreSQL (each beside a throwaway Redis)
test: $(VENV)/.dev translations
	scripts/install-system-deps.sh
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== tests on SQLite =="
	scripts/with-redis.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== tests on PostgreSQL =="
	scripts/with-redis.sh scripts/with-postgres.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

## make bench: the benchmark (see bench/README.md); not part of the tests
bench: $(VENV)/.dev translations
	$(BIN)/python -m bench $(BENCH_ARGS)

## make bench-search: both search backends side by side on a throwaway PostgreSQL (bench/search_backends.py)
bench-search: $(VENV)/.dev translations
	scripts/with-postgres.sh $(BIN)/python -m bench search-backends $(BENCH_ARGS)

## make messages: extract new strings into every catalogue (then translate pl and uk)
messages: $(VENV)/.runtime
	$(BIN)/python -m devtools.i18n update
