# newsgraph: `make run` serves on http://127.0.0.1:8000; `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GAZETTEER := app/extraction/data/gazetteer.sqlite
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres lint migrate lock clean bench eval

install: $(STAMP) $(GAZETTEER)

# Rebuilt only when the dependencies change, so a second `make install` takes a second.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# The offline gazetteer index, built once from the installed GeoNames packages (~20 s).
$(GAZETTEER): $(STAMP) app/extraction/gazetteer_build.py app/extraction/gazetteer.py
	$(BIN)/newsgraph build-gazetteer

migrate: install
	$(BIN)/python -m alembic upgrade head

run: migrate
	$(BIN)/newsgraph serve --host 127.0.0.1 --port 8000

test: install test-sqlite test-postgres

test-sqlite: install
	NEWSGRAPH_TEST_DATABASE=sqlite $(BIN)/python -m pytest $(PYTEST_ARGS)

# Runs when NEWSGRAPH_TEST_POSTGRES_URL names a database (.ci/run sets it).
test-postgres: install
	@if [ -n "$$NEWSGRAPH_TEST_POSTGRES_URL" ]; then \
		NEWSGRAPH_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(PYTEST_ARGS); \
	else \
		echo "!!! PostgreSQL pass NOT RUN: set NEWSGRAPH_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/newsgraph_test) !!!"; \
	fi

lint: install
	$(BIN)/ruff check app tests bench migrations
	$(BIN)/mypy app
	$(BIN)/hadolint Dockerfile
	@if command -v docker-compose >/dev/null; then docker-compose -f docker-compose.yml config -q && echo "docker-compose.yml: valid"; \
	else echo "!!! docker-compose not installed: docker-compose.yml NOT validated (apt-get install docker-compose) !!!"; fi

# Figures, not pass/fail: ingest throughput vs raw spaCy, and query latency at 100k articles.
bench: install
	$(BIN)/python bench/seed.py
	$(BIN)/python bench/ingest.py --articles 300
	$(BIN)/python bench/query.py --articles 100000

# Extraction quality on the public gold corpora in ../shared/eval, ours vs raw spaCy
# (~1.5 min; EVAL_ARGS=--sample for a subset in under 1, --json, --only NAME...).
EVAL_ARGS ?=
eval: install
	$(BIN)/python -m bench.eval $(EVAL_ARGS)

# Re-pin every dependency to what resolves today, in a throw-away environment.
lock:
	rm -rf /tmp/newsgraph-lock && $(PYTHON) -m venv /tmp/newsgraph-lock
	/tmp/newsgraph-lock/bin/python -m pip install --quiet '.[dev]'
	/tmp/newsgraph-lock/bin/python -m pip freeze --exclude newsgraph > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
