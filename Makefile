# The two commands a new user needs: `make serve` and `make test`.
# Everything runs from a local virtualenv (.venv) built from requirements.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
THREADS ?= 4
# Products made by `seed_demo` on the first `make serve`.
DEMO_PRODUCTS ?= 200

.PHONY: install serve test lint format check bench clean

# The venv is rebuilt only when requirements.txt changes.
$(BIN)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

install: $(BIN)/.installed

## serve: migrate, load the demo shop once, make a superuser, serve on $(HOST):$(PORT)
serve: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty --products $(DEMO_PRODUCTS)
	$(PY) manage.py ensure_superuser
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://$(HOST):$(PORT)/  (API docs: /api/v1/docs/, dashboard: /dashboard/, CMS: /cms/)"
	exec $(BIN)/gunicorn project.wsgi --workers $(WORKERS) --threads $(THREADS) \
		--bind $(HOST):$(PORT) --pid var/gunicorn.pid --access-logfile - \
		--control-socket var/gunicorn.ctl

## test: the whole pytest suite (SQLite, or DATABASE_URL / REDIS_URL when set)
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## bench: our speed next to the vanilla Oscar peer's, on this machine
bench: install
	$(PY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf var .pytest_cache .ruff_cache
