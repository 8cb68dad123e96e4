# The verbs a newcomer needs: make run, make test, make lint.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the PostgreSQL leg of `make test` looks when DATABASE_URL is not set.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/baliportal
PYTEST_ARGS ?=

.PHONY: install run test lint check-migrations fixtures worldmap soak audit lock bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs the versions pinned in requirements.lock (`make lock` after changing pyproject.toml).
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	# A new venv holds the setuptools its Python shipped with (65 for 3.11, with known advisories).
	$(BIN)/python -m pip install --quiet --upgrade -c requirements.lock setuptools
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: export DJANGO_DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_knowledge
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite, then again on PostgreSQL when a server answers.
test: install
	@status=0; legs=""; \
	echo "== test suite on SQLite"; \
	if DJANGO_DEBUG=1 DATABASE_URL= $(BIN)/pytest $(PYTEST_ARGS); then legs="$$legs SQLite:passed"; \
	else status=1; legs="$$legs SQLite:FAILED"; fi; \
	pg_url="$${DATABASE_URL:-$(TEST_POSTGRES_URL)}"; \
	if $(BIN)/python -m baliportal.dbprobe "$$pg_url"; then \
		echo "== test suite on PostgreSQL ($$pg_url)"; \
		if DJANGO_DEBUG=1 DATABASE_URL="$$pg_url" $(BIN)/pytest $(PYTEST_ARGS); then legs="$$legs PostgreSQL:passed"; \
		else status=1; legs="$$legs PostgreSQL:FAILED"; fi; \
	else legs="$$legs PostgreSQL:skipped(no-server-answered)"; fi; \
	echo "== databases the suite ran on:$$legs"; \
	exit $$status

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate fixtures/knowledge.json from the knowledge-base builder.
fixtures: install
	DJANGO_DEBUG=1 $(BIN)/python -m fixtures.build

# Rebuild the map's outlines (static/maps/world.svg and portal/data/worldmap.json) from Natural
# Earth, as packaged by world-atlas on npm. Needs npm; the result is committed, so nothing else does.
WORLD_ATLAS ?= world-atlas@2.0.2
worldmap: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[maps]'
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent $(WORLD_ATLAS) >/dev/null && tar xzf *.tgz) && \
		$(BIN)/python -m fixtures.build_worldmap $$tmp/package/countries-50m.json; \
		status=$$?; rm -rf $$tmp; exit $$status

# 60 seconds of mixed reads and writes against gunicorn; fails on any error or lost write.
SOAK_SECONDS ?= 60
soak: install
	SOAK_SECONDS=$(SOAK_SECONDS) $(BIN)/python -m bench.soak

# Known vulnerabilities in the locked dependencies.
audit: install
	$(BIN)/python -m bench.audit requirements.lock

# Pin what is installed now, setuptools included (--all); not pip itself, nor pip-audit, which
# pip may spell pip_audit.
lock: install
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -i -E '^(pip|pip[-_]audit)==|^-e' > requirements.lock

# The benchmark table (bench/run.py). SCALE=100 first builds a synthetic database 100 times the real one.
SCALE ?= 1
bench: install
	@command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || \
		{ echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	SCALE=$(SCALE) $(BIN)/python -m bench.run
