# The README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve setup setup-dev chromium nginx lint bench screenshots clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo

setup-dev: $(VENV)/.installed-dev

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn on the settings in config/settings/prod.py (README, Deployment).
# Without REDIS_URL the workers share a cache table in the database, which
# migrate creates (ops/apps.py). gunicorn's own
# settings are in config/gunicorn.conf.py; the address and the number of workers
# stay on the command line, where ps (and bench/load_mixed.sh) can see them.
serve: $(VENV)/.installed
	@for variable in SECRET_KEY DATABASE_URL ALLOWED_HOSTS; do \
	  if [ -z "$$(printenv $$variable)" ]; then \
	    echo "make serve: set $$variable in the environment (see README, Deployment)."; exit 1; \
	  fi; \
	done
	@if [ "$${LOCAL_HTTP:-}" = "true" ]; then echo "WARNING: LOCAL_HTTP=true serves production settings over plain HTTP; loopback only."; fi
	export DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.prod}; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	$(PY) manage.py check --deploy --fail-level WARNING && \
	exec $(VENV)/bin/gunicorn config.wsgi:application \
	  --workers $${WEB_CONCURRENCY:-2} --bind $${BIND:-127.0.0.1:8000} \
	  --config config/gunicorn.conf.py

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium package for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: install Debian's 'chromium' package (sudo apt-get install chromium)."; exit 1; \
	  fi; }

# The reverse-proxy tests (tests/production/) run Debian's nginx on loopback,
# each its own instance, and check the TLS site with a throwaway certificate
# made by openssl. policy-rc.d keeps the package from starting its own service
# on port 80 while it installs.
nginx:
	@{ command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } && command -v openssl >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's nginx and openssl packages for the reverse-proxy tests..."; \
	    added=; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && added=1; \
	    fi; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl) >/dev/null; \
	    status=$$?; if [ -n "$$added" ]; then rm -f /usr/sbin/policy-rc.d; fi; exit $$status; \
	  else \
	    echo "The reverse-proxy tests need nginx and openssl: install Debian's 'nginx' and 'openssl' packages (sudo apt-get install nginx openssl)."; exit 1; \
	  fi; }

test: setup-dev chromium nginx
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff format --check .

screenshots: setup-dev chromium
	SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest tests/browser -q

bench: setup-dev
	bash bench/run_load.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
