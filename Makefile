# The project's vocabulary: make run | setup | test | lint
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SOURCES := fixtures/sources

.PHONY: run setup test lint venv bench

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

setup: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) import_source $(SOURCES)/legal-status-of-the-person.txt --language kk --kind abstract
	$(MANAGE) import_source $(SOURCES)/state-legal-responsibility.txt --language kk --kind article \
		--title "Мемлекеттің заңды жауапкершілігі"
	$(MANAGE) load_taxonomy
	$(MANAGE) update_index --remove --verbosity 0
	$(MANAGE) collectstatic --noinput --verbosity 0

test: setup
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check legalkb tests

# Own database and index under var/bench/; e.g. make bench BENCH_ARGS="--sizes 1000 --runs 1"
bench: setup
	$(MANAGE) bench $(BENCH_ARGS)

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@
