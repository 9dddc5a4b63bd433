# Forum metropolitano — the two commands of the README, and a few helpers.
#   make demo   set up a local venv, migrate SQLite, load reference + demo data, compute
#               themes, serve on http://127.0.0.1:5000 and print the demo logins
#   make test   install what the tests need and run the whole suite (SQLite, then PostgreSQL)
#   make assets re-vendor Bootstrap Italia and axe-core from npm (versions pinned in package.json)
#               into app/static/vendor/ and tests/e2e/vendor/; the results are committed

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/forum_test
export FLASK_APP := wsgi

.PHONY: assets screenshots demo test test-sqlite test-postgres install install-test translations compile-translations lint serve clean-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

compile-translations: $(BIN)/python
	$(BIN)/pybabel compile -d translations

# Extract the strings and merge them into the catalogues (then translate translations/it).
translations: $(BIN)/python
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

demo: install compile-translations
	$(BIN)/flask db upgrade
	$(BIN)/flask forum load-reference
	$(BIN)/flask forum load-demo
	$(BIN)/flask synthesis run --consultation all --skip-existing
	$(BIN)/flask forum publish-demo-synthesis
	@echo ""
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C to stop). Demo logins are printed above."
	$(BIN)/flask run --host 127.0.0.1 --port 5000

serve: compile-translations
	$(BIN)/flask run --host 127.0.0.1 --port 5000

clean-demo:
	rm -f instance/forum.sqlite

# The two suites run side by side, one per core of the CI machine: on 2 cores this halves
# the wall time without splitting either suite (see README, "Tests"). Each has its own
# database and its own Redis db; -O prints each suite's output whole once it ends.
test: install-test compile-translations
	@echo "== test suites on SQLite and PostgreSQL, side by side (each prints when it ends) =="
	$(MAKE) --no-print-directory -j2 -O test-sqlite test-postgres

SQLITE_REDIS_URL ?= redis://127.0.0.1:6379/15
PG_REDIS_URL ?= redis://127.0.0.1:6379/14

test-sqlite:
	@echo "== test suite on SQLite =="
	env -u TEST_DATABASE_URL TEST_REDIS_URL=$(SQLITE_REDIS_URL) $(BIN)/pytest -q -m "not postgres"

test-postgres:
	@echo "== test suite on PostgreSQL ($(PG_TEST_URL)) =="
	TEST_DATABASE_URL=$(PG_TEST_URL) TEST_REDIS_URL=$(PG_REDIS_URL) $(BIN)/pytest -q --ignore=tests/nlp -m "not e2e"

# Needs Node and npm; run it only to change the front-end versions (see docs/ui.md).
assets:
	npm ci --no-audit --no-fund
	$(PYTHON) scripts/vendor_assets.py

# Screenshots of the main pages at desktop and phone size into docs/screenshots/ (for the README);
# builds the demo in a temporary database and needs Debian's chromium (apt-get install chromium).
screenshots: install-test compile-translations
	$(BIN)/python -m scripts.screenshots

# The style checks CI runs (the whole project, configured in pyproject.toml); `ruff format`
# fixes what the second one reports. Needs `make install-test` first.
lint:
	$(BIN)/ruff check
	$(BIN)/ruff format --check
