# One command to run the site (make run) and one to run the tests (make test).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/hospital
export DJANGO_SETTINGS_MODULE := hospital.settings

.PHONY: run serve setup venv assets messages translations static demo test bench browser java fonts screenshots clamav services test-sqlite test-postgres test-quick lint clean

# Python 3.12 or newer: python3.13/python3.12 on PATH, else pyenv's versions.
PYTHON ?= $(shell for c in python3.13 python3.12 $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3.1? 2>/dev/null); do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$c; break; }; done)

run: setup demo ## set up everything and serve the site at http://127.0.0.1:8000
	DJANGO_DEBUG=1 $(MANAGE) ensure_admin
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

serve: setup ## production-like: gunicorn with debug off (set DJANGO_SECRET_KEY)
	$(VENV)/bin/gunicorn hospital.wsgi --bind 127.0.0.1:8000 --workers 2

setup: venv assets messages static

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "error: Python 3.12 or newer is required (python3.12 / python3.13 or pyenv)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

assets: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is required for the front-end packages." >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

messages: venv
	@command -v msgfmt >/dev/null || apt-get install -y gettext >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y gettext >/dev/null)
	DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules

LOCALES := en zh_Hans id ms th vi bn ar
translations: venv ## refresh every catalogue from the code (then translate the new strings)
	DJANGO_DEBUG=1 $(MANAGE) makemessages --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var \
		--ignore=tests --ignore=bench $(addprefix -l ,$(LOCALES))
	# The admin's JavaScript (static/): the rich-text editor's menu and dialogs.
	DJANGO_DEBUG=1 $(MANAGE) makemessages -d djangojs --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var \
		--ignore=tests --ignore=bench $(addprefix -l ,$(LOCALES))
	# English is the source language: its catalogue says so explicitly (msgstr = msgid).
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen -o locale/en/LC_MESSAGES/djangojs.po locale/en/LC_MESSAGES/djangojs.po

static: venv assets
	DJANGO_DEBUG=1 $(MANAGE) collectstatic --noinput --verbosity 0

demo: venv
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) setup_roles
	DJANGO_DEBUG=1 $(MANAGE) load_demo

test: setup browser java clamav services test-sqlite test-postgres ## set up and run the whole suite on SQLite and PostgreSQL

bench: setup ## load benchmark at scale: wrk against gunicorn (production settings), ratios to a bare Django view
	$(PY) bench/bench_site.py

browser:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
		apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null); }

screenshots: setup browser fonts demo ## every public page type as PNG at 390 and 1280 px in en, zh-hans, ar (var/screenshots/)
	$(PY) tools/screenshots.py --out var/screenshots

# Debian's Noto fonts, so Chinese, Thai, Bengali and Arabic text is drawn with real glyphs.
NOTO_FAMILIES := "Noto Sans CJK SC" "Noto Sans Thai" "Noto Sans Bengali" "Noto Sans Arabic"
fonts:
	@missing=0; for family in $(NOTO_FAMILIES); do fc-list : family 2>/dev/null | grep -qF "$$family" || missing=1; done; \
	if [ $$missing = 1 ]; then echo "installing Debian's fonts-noto-cjk and fonts-noto-core for the screenshots"; \
		apt-get install -y --no-install-recommends fonts-noto-cjk fonts-noto-core fontconfig >/dev/null 2>&1 || \
		(apt-get update >/dev/null && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-noto-core fontconfig >/dev/null); fi

java: ## Java for the Nu HTML checker (vnu-jar from npm) of the HTML-validity test
	@command -v java >/dev/null || { echo "installing Debian's default-jre-headless for the HTML checker"; \
		apt-get install -y default-jre-headless >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y default-jre-headless >/dev/null); }

clamav:
	@command -v clamd >/dev/null || test -x /usr/sbin/clamd || { echo "installing Debian's clamav-daemon for the virus-scan tests"; \
		apt-get install -y clamav-daemon >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y clamav-daemon >/dev/null); }

# PostgreSQL and Redis on this machine (started if they are not running): the two-app-servers test
# (tests/test_two_app_servers.py) shares them between its processes; it uses Redis database 4.
services: venv
	@pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@command -v redis-server >/dev/null || { echo "installing Debian's redis-server for the two-app-servers test"; \
		apt-get install -y redis-server >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y redis-server >/dev/null); }
	@$(PY) -c "import redis; redis.Redis(socket_connect_timeout=1).ping()" 2>/dev/null || \
		redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /tmp

# Both passes include the slow tests (marker `slow`: processes started, ~1 min); the object-storage
# tests (marker `object_storage`) start moto's S3 server themselves.
test-sqlite: venv
	$(VENV)/bin/pytest

test-postgres: venv services
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest

test-quick: venv ## SQLite without the slow tests, for the edit-test loop (CI runs everything)
	$(VENV)/bin/pytest -m "not slow"

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules var
