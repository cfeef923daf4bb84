# Council–VCS relationships toolkit. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= auto

.PHONY: help run test lint format assets migrate demo system-deps check-deploy prod-check clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.created:
	@PYTHON=$$(scripts/find-python) || exit 1; echo "Using $$PYTHON"; "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.runtime: requirements.txt $(VENV)/.created
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.created
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are needed to build the front-end assets: install Node.js 20 or newer." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

build/static/.built: node_modules/.installed frontend/build.mjs $(shell find frontend -type f)
	npm run --silent build
	@touch $@

assets: build/static/.built ## Build the front-end assets (GOV.UK Frontend via Dart Sass)

migrate: $(VENV)/.runtime ## Create or update the local SQLite database
	$(MANAGE) migrate --no-input

demo: migrate ## Load the reference data and the fictional demo area, and print the demo logins
	$(MANAGE) load_reference_data
	$(MANAGE) load_demo

run: $(VENV)/.runtime assets demo ## Set everything up and serve on http://127.0.0.1:8000 with the demo area
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker (Ctrl+C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --queue-name default & \
	  $(MANAGE) runserver $(HOST):$(PORT)

system-deps: ## Install the system packages the tests need when missing (Debian's chromium; Pango for PDF reports)
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	ldconfig -p | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so' || missing="$$missing libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@test -x "$(CHROMIUM)" || { echo "Chromium is required for the browser and accessibility tests and could not be installed. Set CHROMIUM=/path/to/chromium." >&2; exit 1; }
	@ldconfig -p | grep -q 'libpango-1.0.so' || { echo "Pango (libpango-1.0-0) is required for PDF reports and could not be installed." >&2; exit 1; }

lint: $(VENV)/.dev ## Check style with Ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev ## Format the code with Ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# PYTEST_ARGS narrows or adds to the run (.ci/run's PostgreSQL pass: -m "not browser and not make_run").
test: $(VENV)/.dev assets system-deps lint ## Install what the tests need and run every test (unit, integration, browser, accessibility)
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal --durations=10 $(PYTEST_ARGS)

prod-check: $(VENV)/.runtime assets ## Run the production configuration locally (PostgreSQL, Redis, gunicorn x4, worker) and check /healthz
	scripts/prod-check

check-deploy: $(VENV)/.runtime ## Run Django's deployment checks with the production settings
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$${SECRET_KEY:-check-deploy-only-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9)} \
	  ALLOWED_HOSTS=toolkit.example.org SITE_URL=https://toolkit.example.org DATABASE_URL=$${DATABASE_URL:-sqlite:///check.sqlite3} \
	  $(MANAGE) check --deploy --fail-level WARNING

clean: ## Remove the virtual environment, built assets, the local database and its cache
	rm -rf $(VENV) node_modules build staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm .cache
