# danchu — two commands: `make run` and `make test`.
# Another interpreter in its own venv: `make test PYTHON=python3.13 VENV=.venv-3.13`.
PYTHON ?= python3
PORT ?= 8000
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock 2>/dev/null | cut -c1-12)
# The oldest Python danchu supports (README "Python", pyproject requires-python).
MIN_PYTHON := 3.11
PY_VERSION := import sys; print("%d.%d" % sys.version_info[:2])
PY_TOO_OLD := import sys; sys.exit(sys.version_info[:2] < tuple(map(int, "$(MIN_PYTHON)".split("."))))

.PHONY: run test lint unit browser bench bench-ballots messages clean python-check

# The interpreter exists and is new enough; an existing venv was built from the Python asked for.
python-check:
	@if [ -x $(BIN)/python ]; then \
	  if [ "$(origin PYTHON)" != default ] && [ "$(origin PYTHON)" != file ]; then \
	    asked=$$($(PYTHON) -c '$(PY_VERSION)' 2>/dev/null); have=$$($(BIN)/python -c '$(PY_VERSION)'); \
	    if [ -n "$$asked" ] && [ "$$asked" != "$$have" ]; then \
	      echo "$(VENV) was built with Python $$have, not $$asked ($(PYTHON))." >&2; \
	      echo "Use a venv of its own: make $(MAKECMDGOALS) PYTHON=$(PYTHON) VENV=.venv-$$asked" >&2; \
	      exit 1; \
	    fi; \
	  fi; \
	else \
	  if ! $(PYTHON) -c 'import sys' >/dev/null; then \
	    echo "Cannot run $(PYTHON). Install Python >= $(MIN_PYTHON) with venv, or name it: PYTHON=/path/to/python3.X" >&2; \
	    exit 1; \
	  fi; \
	  if ! $(PYTHON) -c '$(PY_TOO_OLD)'; then \
	    echo "danchu needs Python >= $(MIN_PYTHON); $(PYTHON) is $$($(PYTHON) -c '$(PY_VERSION)')." >&2; \
	    echo "Name a newer one: make $(MAKECMDGOALS) PYTHON=python3.13 VENV=.venv-3.13" >&2; \
	    exit 1; \
	  fi; \
	fi

$(STAMP): requirements.lock | python-check
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing dependencies from requirements.lock ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

# Links that leave the browser (QR codes, printed notices, e-mails) carry the address the server
# was started on, unless DANCHU_SITE_URL is set (production sets it).
DANCHU_SITE_URL ?= http://127.0.0.1:$(PORT)
export DANCHU_SITE_URL
DEMO_ENV := DANCHU_DEMO=1
# `make run` serves as a visitor sees it: DEBUG off, so a missing page is the site's own page in
# the visitor's language (never Django's list of URL patterns); --insecure still serves /static/
# from the source folders, with no collectstatic step. `make dev` keeps Django's debug pages.
RUN_DEBUG ?= 0
# The daily e-mail digest goes out during this hour (it sends once per person and day).
DIGEST_HOUR ?= 07

.PHONY: dev

## make run: set up everything (venv, dependencies, database, demo province) and serve on 127.0.0.1:$(PORT)
run: $(STAMP)
	@$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	@$(DEMO_ENV) $(BIN)/python manage.py seed_demo --if-empty
	@$(DEMO_ENV) $(BIN)/python manage.py seed_demo_disclosures --if-empty
	@$(DEMO_ENV) $(BIN)/python manage.py seed_demo_consultations --if-empty
	@$(DEMO_ENV) $(BIN)/python manage.py seed_demo_conferences --if-empty
	@$(DEMO_ENV) $(BIN)/python manage.py seed_demo_compliance --if-empty
	@$(DEMO_ENV) $(BIN)/python manage.py analyze_db -v 0 >/dev/null
	@$(DEMO_ENV) $(BIN)/python manage.py sign_audit_checkpoints >/dev/null
	@$(DEMO_ENV) $(BIN)/python manage.py show_demo_accounts --port $(PORT)
	@echo "Links in QR codes, notices and e-mails: $(DANCHU_SITE_URL)"
	@trap 'trap "" INT TERM; trap - EXIT; kill 0; exit 0' INT TERM EXIT; \
	  $(DEMO_ENV) $(BIN)/python manage.py db_worker >var/worker.log 2>&1 & \
	  while sleep 60; do $(DEMO_ENV) $(BIN)/python manage.py advance_consultations >>var/clock.log 2>&1; \
	    $(DEMO_ENV) $(BIN)/python manage.py sign_audit_checkpoints >>var/clock.log 2>&1; \
	    $(DEMO_ENV) $(BIN)/python manage.py announce_scheduled_disclosures >>var/clock.log 2>&1; \
	    if [ "$$(date +%H)" = "$(DIGEST_HOUR)" ]; then \
	      $(DEMO_ENV) $(BIN)/python manage.py send_notification_digest >>var/clock.log 2>&1; fi; \
	    if [ "$$(date +%H%M)" = "0130" ]; then \
	      $(DEMO_ENV) $(BIN)/python manage.py compliance_refresh >>var/clock.log 2>&1; fi; done & \
	  DEBUG=$(RUN_DEBUG) $(DEMO_ENV) $(BIN)/python manage.py runserver $(if $(filter 0,$(RUN_DEBUG)),--insecure) 127.0.0.1:$(PORT)

## make dev: the same as `make run`, with Django's debug pages (tracebacks, URL lists) on
dev:
	@$(MAKE) --no-print-directory run RUN_DEBUG=1

## make test: lint, types, templates, import contracts, migrations, the whole pytest suite
test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/djlint danchu --lint --quiet
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1

unit: $(STAMP)
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: running in /usr/bin/chromium (headless)."; \
	 else echo "Browser tests: SKIPPED — /usr/bin/chromium is not installed (apt-get install chromium; .ci/run installs it)."; fi
	$(BIN)/pytest -q
	@if [ -z "$$DATABASE_URL" ]; then echo "Concurrency tests again on a SQLite file, where threads share the database:"; \
	 rm -f var/test-threads.sqlite3; DANCHU_SQLITE_TEST_PATH=$(CURDIR)/var/test-threads.sqlite3 $(BIN)/pytest -q -m threads; fi

## make bench: serve with gunicorn and measure the main pages (see bench/README.md)
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## make bench-ballots: 5,000 secret ballots against gunicorn, two workers killed, on SQLite and PostgreSQL
bench-ballots: $(STAMP)
	$(BIN)/python bench/ballots.py
	$(BIN)/python bench/ballots.py --database-url postgres://postgres@127.0.0.1:5432/danchu_ballots \
	  --redis-url redis://127.0.0.1:6379/12

## make messages: refresh and compile the translations (needs GNU gettext)
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=browser_tests --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
