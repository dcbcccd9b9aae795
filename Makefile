# gemcell — `make run` serves the app with demo data; `make test` runs the whole suite. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask
export FLASK_APP := wsgi.py
export PYTHONDONTWRITEBYTECODE := 1

# WeasyPrint (Pango, HarfBuzz subsetting), a Devanagari font, PDF tools, PostgreSQL, Chromium for browser tests.
APT_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils \
                postgresql chromium chromium-driver
CATALOGS := $(patsubst %.po,%.mo,$(wildcard gemcell/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test bench load install system translations extract-messages serve clean

install: system $(VENV)/.installed $(CATALOGS)

system:
	@scripts/install-system.sh $(APT_PACKAGES)

$(VENV)/.installed: setup.cfg pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade 'pip>=23'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Catalogs are compiled by the build, never committed.
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(CATALOGS)

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o gemcell/translations/messages.pot .
	$(BIN)/pybabel update -i gemcell/translations/messages.pot -d gemcell/translations --no-fuzzy-matching

run: install
	$(FLASK) db upgrade
	$(FLASK) gemcell demo
	@scripts/serve.sh

# One test process per CPU (pytest-xdist), each with its own database.
test: install
	$(BIN)/python -m pytest -n auto
	scripts/with-postgres.sh $(BIN)/python -m pytest -n auto -m 'not browser'

bench: install
	$(BIN)/python -m bench

# The month-end rush on gunicorn + PostgreSQL (scripts/load.sh; Locust in a venv of its own, wrk for the baseline).
load: install .venv-load/.installed
	@scripts/install-system.sh wrk curl
	scripts/with-postgres.sh scripts/load.sh

.venv-load/.installed:
	@test -x .venv-load/bin/python || $(PYTHON) -m venv .venv-load
	.venv-load/bin/python -m pip install --quiet --disable-pip-version-check 'locust==2.47.0'
	@touch $@

clean:
	rm -rf $(VENV) .venv-load instance $(CATALOGS) test-artifacts
