# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test test-browser lint format clean messages

# The compiled catalogues (GNU gettext's msgfmt), built from the translated ones.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard rectrack/locale/*/LC_MESSAGES/django.po))

rectrack/locale/%.mo: rectrack/locale/%.po
	msgfmt --check -o $@ $<

# After adding or changing a message: the five catalogues refreshed from the code, each new
# message then to be translated (a test fails on any left untranslated or fuzzy).
messages: $(VENV)/.installed-test
	cd rectrack && ../$(BIN)/rectrack makemessages --all --no-obsolete --ignore "*/tests/*" --ignore conftest.py
	$(MAKE) $(CATALOGUES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed $(CATALOGUES)
	$(BIN)/rectrack migrate --noinput
	$(BIN)/rectrack demo --if-empty
	$(BIN)/rectrack serve --port $(PORT)

# The whole suite on SQLite; again on PostgreSQL when RECTRACK_TEST_POSTGRES_URL is set.
test: $(VENV)/.installed-test $(CATALOGUES)
	$(BIN)/ruff check rectrack bench tools
	$(BIN)/ruff format --check rectrack bench tools
	$(BIN)/rectrack makemigrations --check --dry-run
	$(BIN)/pytest
	@if [ -n "$$RECTRACK_TEST_POSTGRES_URL" ]; then \
		echo "== The suite again on PostgreSQL"; \
		RECTRACK_DATABASE_URL="$$RECTRACK_TEST_POSTGRES_URL" $(BIN)/pytest; \
	fi

test-browser: $(VENV)/.installed-test
	$(BIN)/pytest -m browser

lint: $(VENV)/.installed-test
	$(BIN)/ruff check rectrack bench tools
	$(BIN)/ruff format --check rectrack bench tools

format: $(VENV)/.installed-test
	$(BIN)/ruff format rectrack bench tools
	$(BIN)/ruff check --fix rectrack bench tools

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
