# The project's vocabulary: make run | serve | setup | test | test-fast | lint | bench
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SOURCES := fixtures/sources

.PHONY: run serve setup test test-fast lint venv venv-dev bench chromium test-postgres postgres backup restore load

# The background worker (imports, indexing retries) runs beside the web server and stops with it.
WORKER := $(MANAGE) run_worker & trap 'kill $$!' EXIT;

# Development values for make run's own commands (and its set-up) only: DEBUG on,
# a development secret key, localhost (legalkb/settings.py).
run: export DJANGO_DEBUG := 1
run: setup
	$(WORKER) $(MANAGE) runserver 127.0.0.1:8000

# gunicorn with gunicorn.conf.py, static files served by whitenoise; production settings
# come from the environment (docs/deploy.md). e.g. make serve BIND=0.0.0.0:8000 WEB_CONCURRENCY=8
serve: setup
	$(WORKER) $(BIN)/gunicorn --config gunicorn.conf.py legalkb.wsgi

setup: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) import_source $(SOURCES)/legal-status-of-the-person.txt --language kk --kind abstract
	$(MANAGE) import_source $(SOURCES)/state-legal-responsibility.txt --language kk --kind article \
		--title "Мемлекеттің заңды жауапкершілігі"
	$(MANAGE) load_taxonomy
	$(MANAGE) update_index --verbosity 0
	$(MANAGE) collectstatic --noinput --verbosity 0

# The whole suite, on a test database and a temporary index: never db.sqlite3 or var/.
test: venv-dev chromium sample-tools solr-jars redis-server
	$(BIN)/pytest

# Everything but the browser tests and the slow ones (processes, seconds each), and 100
# generated requests a fuzz test instead of 1,000, one process per core (pytest-xdist).
test-fast: venv-dev
	HYPOTHESIS_PROFILE=fast $(BIN)/pytest -m "not browser and not slow" -n auto

chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# Tests of the throttle's counters in Redis start their own redis-server on a free port.
.PHONY: redis-server
redis-server:
	command -v redis-server >/dev/null || (apt-get update && apt-get install -y redis-server)

# What reading scans needs (OCRmyPDF with Tesseract's Kazakh and Russian models), and what makes
# the sample files of the documents measurement (LibreOffice, poppler, fonts with Kazakh letters).
.PHONY: ocr sample-tools bench-documents bench-documents-large
ocr:
	command -v ocrmypdf >/dev/null || (apt-get update && apt-get install -y ocrmypdf)
	test -f /usr/share/tesseract-ocr/5/tessdata/kaz.traineddata || (apt-get update && apt-get install -y tesseract-ocr-kaz)
	test -f /usr/share/tesseract-ocr/5/tessdata/rus.traineddata || (apt-get update && apt-get install -y tesseract-ocr-rus)

sample-tools: chromium ocr
	command -v soffice >/dev/null || (apt-get update && apt-get install -y libreoffice-writer-nogui)
	command -v pdftotext >/dev/null || (apt-get update && apt-get install -y poppler-utils)
	fc-list | grep -q "Liberation Sans Narrow" || (apt-get update && apt-get install -y fonts-liberation)
	fc-list | grep -q "Liberation Serif" || (apt-get update && apt-get install -y fonts-liberation2)
	fc-list | grep -q "DejaVu Sans" || (apt-get update && apt-get install -y fonts-dejavu-core)

# The sample files read and scored against their ground truth; figures in docs/documents.md
bench-documents: venv-dev sample-tools
	$(BIN)/python -m bench.documents

# A 300-page PDF and a 100-page phone scan read, time and peak memory; figures in docs/benchmarks.md
bench-documents-large: venv-dev sample-tools
	$(BIN)/python -m bench.documents.large

# The suite on PostgreSQL, without the browser tests (they exercise the pages, not the
# database): Debian's package, its cluster listening on 127.0.0.1 only, a role and
# database for legalkb (pytest-django creates test_legalkb beside it).
PG_PASSWORD := legalkb-tests
# pytest-django makes its test database test_$(PG_DATABASE) beside it
PG_DATABASE ?= legalkb
PG_URL := postgres://legalkb:$(PG_PASSWORD)@127.0.0.1:5432/$(PG_DATABASE)
PSQL := runuser -u postgres -- psql -v ON_ERROR_STOP=1 -tAc

# Solr's engine tests run once, in make test (the scale-out test, on PostgreSQL's servers, runs here too).
test-postgres: venv-dev postgres sample-tools solr-jars redis-server
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser and not solr"

postgres:
	command -v pg_ctlcluster >/dev/null || (apt-get update && apt-get install -y postgresql)
	version=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	conf=/etc/postgresql/$$version/main/conf.d/legalkb.conf; \
	pg_lsclusters -h | grep -q "^$$version main " || pg_createcluster $$version main; \
	test -f $$conf || { echo "listen_addresses = '127.0.0.1'" > $$conf; pg_ctlcluster $$version main stop 2>/dev/null || true; }; \
	pg_ctlcluster $$version main status >/dev/null 2>&1 || pg_ctlcluster $$version main start
	$(PSQL) "SELECT 1 FROM pg_roles WHERE rolname = 'legalkb'" | grep -q 1 || $(PSQL) "CREATE ROLE legalkb LOGIN CREATEDB"
	$(PSQL) "ALTER ROLE legalkb PASSWORD '$(PG_PASSWORD)'"
	$(PSQL) "SELECT 1 FROM pg_database WHERE datname = '$(PG_DATABASE)'" | grep -q 1 || $(PSQL) "CREATE DATABASE $(PG_DATABASE) OWNER legalkb"

# An archive in var/backups/; restore one into an empty database: make restore FILE=var/backups/….tar.gz
# Both act on the database the environment names (DJANGO_DEBUG=1 for the development one).
backup: venv
	$(MANAGE) backup

restore: venv
	$(MANAGE) restore $(FILE)

# ruff, mypy (settings in pyproject.toml), migrations in step with the models, and docs that
# name only what exists
lint: export DJANGO_DEBUG := 1
lint: venv-dev
	$(BIN)/ruff check legalkb tests bench gunicorn.conf.py .ci
	$(BIN)/mypy
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python .ci/check_docs.py

# The kk/ru/en catalogues from the code and templates (no source locations, so that changes
# in different files do not collide), then compiled; translate the new entries in between.
.PHONY: messages
messages: export DJANGO_DEBUG := 1
messages: venv
	$(MANAGE) makemessages -l kk -l ru -l en --no-location --no-obsolete
	cd legalkb && ../$(BIN)/python ../manage.py compilemessages

# django-haystack's own Whoosh test suite, fetched by version, against legalkb's Whoosh engine
.PHONY: haystack-contract haystack-contract-solr
haystack-contract: venv
	$(BIN)/python .ci/haystack_contract.py

# Its Solr test suite against legalkb's SolrCloud engine, on the cluster at LEGALKB_SOLR_URL, or
# else on a one-node cluster started (on free ports, in a temporary folder) for the run
haystack-contract-solr: venv solr-jars
	$(BIN)/python .ci/haystack_contract.py solr

# The site's capacity: wrk against gunicorn (4 workers, production settings) on 127.0.0.1 at more
# and more connections, the API alone then a mix of readers, an editor and an import, on 100,000
# passages on tantivy; about 10 minutes with the corpus built (LOAD_ARGS=--keep-corpus reuses it).
load: venv-dev
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.load $(LOAD_ARGS)

# What a flood of refused requests and the worst allowed queries do to other readers: gunicorn
# with 4 workers, 100,000 passages on tantivy; figures in docs/benchmarks.md ("Under abuse")
.PHONY: abuse
abuse: venv-dev
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.abuse $(ABUSE_ARGS)

# Own databases and indexes under var/bench/; e.g. make bench BENCH_ARGS="--sizes 1000 --runs 1"
# The PostgreSQL full-text baseline has a PostgreSQL database of its own, emptied by each size.
BENCH_PG_DATABASE ?= legalkb_bench
bench: venv-dev
	$(MAKE) postgres PG_DATABASE=$(BENCH_PG_DATABASE)
	BENCH_POSTGRES_URL=postgres://legalkb:$(PG_PASSWORD)@127.0.0.1:5432/$(BENCH_PG_DATABASE) \
		$(BIN)/python -m bench $(BENCH_ARGS)

# What the site needs (requirements.txt); tests, lint and benchmarks add requirements-dev.txt.
venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# A local SolrCloud (2 nodes and ZooKeeper on 127.0.0.1, data in var/solr, legalkb's collection
# of 2 shards × 2 replicas behind the alias "legalkb"), from Maven Central's Solr jars (kept in
# ~/.m2 as Maven does). The last line printed is the Solr base URL, for LEGALKB_SOLR_URL.
.PHONY: solr solr-stop solr-jars
SOLR_ROOT := var/solr
SOLR_PORT ?= 8983
SOLR_ZK_PORT ?= 9983
solr: venv solr-jars
	$(BIN)/python -m legalkb.solrcloud.cluster start --root $(SOLR_ROOT) --port $(SOLR_PORT) --zk-port $(SOLR_ZK_PORT)

solr-stop: venv
	$(BIN)/python -m legalkb.solrcloud.cluster stop --root $(SOLR_ROOT) --port $(SOLR_PORT) --zk-port $(SOLR_ZK_PORT)

solr-jars: $(SOLR_ROOT)/classpath.txt

$(SOLR_ROOT)/classpath.txt: solr/pom.xml
	command -v java >/dev/null || (apt-get update && apt-get install -y openjdk-17-jdk-headless)
	command -v mvn >/dev/null || (apt-get update && apt-get install -y maven)
	mvn --quiet --batch-mode --file solr/pom.xml dependency:build-classpath -Dmdep.outputFile=$(CURDIR)/$@

# Debian's redis-server on 127.0.0.1 (data in var/redis), for LEGALKB_REDIS_URL=redis://127.0.0.1:$(REDIS_PORT)/0:
# the cache (and the throttle's counts) and the background jobs' queue, shared by app servers.
.PHONY: redis redis-stop serve-scaled
REDIS_PORT ?= 6379
REDIS_ROOT := var/redis
redis: redis-server
	mkdir -p $(REDIS_ROOT)
	redis-server --bind 127.0.0.1 --port $(REDIS_PORT) --dir $(CURDIR)/$(REDIS_ROOT) --daemonize yes \
		--pidfile $(CURDIR)/$(REDIS_ROOT)/redis.pid --logfile $(CURDIR)/$(REDIS_ROOT)/redis.log
	@echo redis://127.0.0.1:$(REDIS_PORT)/0

redis-stop:
	test ! -f $(REDIS_ROOT)/redis.pid || kill $$(cat $(REDIS_ROOT)/redis.pid)

# The scaled-out site on one machine, as on several (docs/deploy.md): two gunicorn servers on
# 127.0.0.1:$(SCALED_PORT) and the next port, each with a background worker, sharing PostgreSQL
# (make postgres), the SolrCloud collection (make solr) and Redis (make redis). Production
# settings come from the environment, as for make serve.
SCALED_PORT ?= 8140
SCALED_ENV = DATABASE_URL=$(PG_URL) LEGALKB_SEARCH_ENGINE=solr LEGALKB_REDIS_URL=redis://127.0.0.1:$(REDIS_PORT)/0 \
	LEGALKB_SOLR_URL=http://127.0.0.1:$(SOLR_PORT)/solr,http://127.0.0.1:$$(($(SOLR_PORT) + 1))/solr
serve-scaled: venv postgres solr redis
	$(SCALED_ENV) $(MANAGE) migrate --noinput
	$(SCALED_ENV) $(MANAGE) update_index --verbosity 0
	$(SCALED_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SCALED_ENV) $(MANAGE) run_worker & $(SCALED_ENV) $(MANAGE) run_worker --no-resume & \
	$(SCALED_ENV) BIND=127.0.0.1:$$(($(SCALED_PORT) + 1)) $(BIN)/gunicorn --config gunicorn.conf.py legalkb.wsgi & \
	trap 'kill $$(jobs -p)' EXIT; $(SCALED_ENV) BIND=127.0.0.1:$(SCALED_PORT) $(BIN)/gunicorn --config gunicorn.conf.py legalkb.wsgi
