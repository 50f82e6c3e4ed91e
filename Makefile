# `make run` and `make test` set up everything they need on a fresh Debian machine:
# system packages (apt-get, when missing), the virtual environment, npm packages and the
# compiled translations. Each step is its own target and is skipped when already done.

PYTHON_BIN ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
# Fonts for PDFs (Noto CJK, AR PL UKai), Chromium for browser tests, poppler for PDF checks,
# gettext for compiling translations, Pango for WeasyPrint.
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-arphic-ukai poppler-utils gettext \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test setup system messages migrate seed lint check-deploy clean

# The web server and one job worker (imports, documents, archives, daily reminders) together;
# Ctrl-C, or the web server ending, stops both.
run: setup migrate seed
	@echo "Serving on http://$(HOST)/ with a job worker (Ctrl-C to stop both)"
	@$(MANAGE) db_worker --no-reload --no-startup-delay --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST)

# One pytest worker per core, each with its own test database (pytest-xdist).
test: setup lint
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

setup: system $(VENV)/.installed node_modules/.installed messages

system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput -v0

seed: migrate
	$(MANAGE) seed_demo

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# What production runs: `check --deploy` under production-like settings must be clean.
check-deploy: setup
	DEBUG=False SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
		ALLOWED_HOSTS=portal.example.org $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles
