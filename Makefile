# Webcastory: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: compile-messages run test lock-check upgrade lint format migrate seed messages serve worker bench faults clean schema screenshots

# Every Python package comes from uv.lock (exact versions and hashes). uv itself
# is installed, pinned and hash-checked, into .tools/ from requirements-uv.txt.
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

$(UV): requirements-uv.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-uv.txt
	touch $@

# Install exactly the lock, and nothing else, before every target (a tenth of a second
# when nothing changed; a package installed by hand is removed). --locked refuses a
# lock that no longer matches pyproject.toml.
.PHONY: $(VENV)/.installed
$(VENV)/.installed: $(UV)
	@$(UV) sync --locked --quiet


# CI: pyproject.toml and uv.lock must agree (a dependency changed without its lock fails).
lock-check: $(UV)
	$(UV) lock --check

# The deliberate way to move dependencies: refresh the lock, install it, and
# commit uv.lock on its own after reading `git diff uv.lock` and running make test.
# One package only: make upgrade PACKAGE=django-allauth
upgrade: $(UV)
	$(UV) lock $(if $(PACKAGE),--upgrade-package $(PACKAGE),--upgrade)
	$(UV) sync --locked
	@git diff --stat uv.lock

# Links in mails, feeds and calendars follow the address the site runs on, unless
# SITE_URL (environment or .env) says otherwise: see webcastory/settings.py.
run: export RUN_SITE_URL = http://$(HOST):$(PORT)
run: $(VENV)/.installed
	@$(MAKE) --no-print-directory compile-messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Webcastory is starting on http://$(HOST):$(PORT)/ with its task worker (Ctrl+C stops both)"
	@$(BIN)/python manage.py worker --reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: lock-check $(VENV)/.installed
	@$(MAKE) --no-print-directory compile-messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The API's OpenAPI schema, committed: tests/api/test_schema.py fails (in make test)
# when the code and api/openapi.yaml differ. Regenerate it after changing the API.
schema: $(VENV)/.installed
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file api/openapi.yaml

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Production serving on this machine: gunicorn, debug off, WhiteNoise, hashed
# static files. Needs DJANGO_SECRET_KEY (and DATABASE_URL / CACHE_URL to use
# PostgreSQL and Redis); see the README.
WORKERS ?= 3
serve: $(VENV)/.installed
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY (50+ random characters) to serve in production mode."; exit 1; }
	@$(MAKE) --no-print-directory compile-messages
	DJANGO_DEBUG=false $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=false $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_DEBUG=false $(BIN)/python manage.py check --fail-level ERROR
	DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-false} \
		exec $(BIN)/gunicorn webcastory.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --max-requests 20000 --max-requests-jitter 2000 --timeout 30 --preload

# The task worker (django-tasks' database backend): mails, digests, the notices of
# new comments. Run one or more beside `make serve`: each takes its own tasks.
worker: $(VENV)/.installed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} exec $(BIN)/python manage.py worker

# The load benchmark (PostgreSQL, Redis and wrk on this machine); see bench/run.py.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk"; apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py $(if $(SCALE),--scale $(SCALE)) $(BENCH_ARGS)

# Fault drill: the database goes away and comes back under `make serve`.
faults: $(VENV)/.installed
	$(BIN)/python bench/faults.py

# The main pages at 1366 px and 390 px, in English and French, into docs/screens/, from a
# live server with the demo data in a temporary database (Playwright + Debian's Chromium).
screenshots: $(VENV)/.installed
	@$(MAKE) --no-print-directory compile-messages
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles .pytest_cache .ruff_cache

# The compiled catalogues are committed, so a machine without gettext still
# gets French; with gettext they are rebuilt from the .po files.
compile-messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(BIN)/python manage.py compilemessages --ignore=.venv -v0; \
	else \
		echo "gettext is not installed: using the committed .mo files"; \
	fi
