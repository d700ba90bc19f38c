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
# The example storefront (`make storefront`) and the API it calls.
STOREFRONT_PORT ?= 8001
API_URL ?= http://$(HOST):$(PORT)/api/v1

.PHONY: install install-dev serve test lint format check bench clean up down
.PHONY: docs docs-images typecheck storefront node

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

# Node tools (package-lock.json): Mermaid for the docs, openapi-typescript,
# openapi-fetch and TypeScript for `make typecheck`; Node also runs the
# guide's JavaScript examples in the tests. Installed again when the lockfile changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

node: node_modules/.installed

## serve: migrate, load the demo shop once, make a superuser, serve on $(HOST):$(PORT)
# The example storefront's origins may call the API unless CORS_ALLOWED_ORIGINS says otherwise.
serve: export CORS_ALLOWED_ORIGINS ?= http://127.0.0.1:$(STOREFRONT_PORT),http://localhost:$(STOREFRONT_PORT)
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
test: install-dev node_modules/.installed
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

## docs: the developer documentation (docs/, mkdocs.yml) built into var/site, warnings as errors
docs: install-dev node_modules/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## docs-images: the browser journeys write the screenshots the docs show into docs/images/
docs-images: install-dev
	DOCS_SCREENSHOTS=1 $(BIN)/pytest -p no:cacheprovider -q \
		tests/browser/test_merchandiser_journey.py tests/browser/test_storefront_journey.py

## typecheck: a TypeScript client generated from the schema type-checks the guide's flows
typecheck: install node_modules/.installed
	mkdir -p var
	$(PY) manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml
	npx openapi-typescript var/openapi.yaml --default-non-nullable false \
		-o examples/typescript/generated/schema.d.ts
	npx tsc --noEmit -p examples/typescript

## storefront: the example storefront on $(HOST):$(STOREFRONT_PORT), calling the API at $(API_URL)
storefront:
	$(PYTHON) examples/storefront/serve.py --host $(HOST) --port $(STOREFRONT_PORT) --api $(API_URL)

## up: the deployment on this machine: nginx on $(NGINX_PORT) in front of two gunicorn
## instances, a Celery worker and beat (deploy/), on DATABASE_URL and REDIS_URL.
## Runs migrate and collectstatic first; PIDs in var/run/, logs in var/log/.
NGINX_PORT ?= 8080
WEB_PORTS ?= 8081,8082
up: install
	$(PY) -m deploy.stack up --port $(NGINX_PORT) --web-ports $(WEB_PORTS)

## down: stop what `make up` started, by the PIDs in var/run/
down:
	$(PY) -m deploy.stack down

clean:
	rm -rf var .pytest_cache .ruff_cache
