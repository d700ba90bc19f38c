# The two commands a new user needs: `make serve` and `make test`.
# Everything runs from a local virtualenv (.venv): requirements.txt for serving,
# plus requirements-dev.txt (tests, lint, benchmark) for the other targets.

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

.PHONY: install install-dev serve test lint format check bench clean up down

# Packages are installed again only when a requirements file changes.
$(BIN)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

## serve: migrate, load the demo shop once, make a superuser, serve on $(HOST):$(PORT)
# No web server in front here: Django serves /media/ (SERVE_MEDIA=1 unless set).
serve: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty --products $(DEMO_PRODUCTS)
	$(PY) manage.py ensure_superuser
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://$(HOST):$(PORT)/  (API docs: /api/v1/docs/, dashboard: /dashboard/, CMS: /cms/)"
	SERVE_MEDIA=$${SERVE_MEDIA:-1} exec $(BIN)/gunicorn project.wsgi --workers $(WORKERS) --threads $(THREADS) \
		--bind $(HOST):$(PORT) --pid var/gunicorn.pid --access-logfile - \
		--control-socket var/gunicorn.ctl

## test: the whole pytest suite (SQLite, or DATABASE_URL / REDIS_URL when set)
test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## bench: our speed next to the vanilla Oscar peer's, on this machine (bench/, a tool: python -m bench)
bench: install-dev
	$(PY) -m bench $(BENCH_ARGS)

## up: the deployment on this machine: nginx on $(NGINX_PORT) in front of two gunicorn
## instances, a Celery worker and beat (deploy/), on DATABASE_URL and REDIS_URL.
## Runs migrate and collectstatic first; PIDs in var/run/, logs in var/log/.
NGINX_PORT ?= 8080
WEB_PORTS ?= 8001,8002
up: install
	$(PY) -m deploy.stack up --port $(NGINX_PORT) --web-ports $(WEB_PORTS)

## down: stop what `make up` started, by the PIDs in var/run/
down:
	$(PY) -m deploy.stack down

clean:
	rm -rf var .pytest_cache .ruff_cache
