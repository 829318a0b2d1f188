# Set-up and everyday commands. `make demo` and `make test` work on a fresh machine with Python 3.11.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test eval train bench clean browser-deps web-deps

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) (set PY=python3 to use another)"; exit 1; }
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f detente.duckdb
	$(BIN)/detente code examples/ --db detente.duckdb

test: install
	-@$(MAKE) --no-print-directory browser-deps
	$(BIN)/python -m pytest

eval: install
	$(BIN)/detente eval ../shared/gold/news/statements.jsonl --split dev
	$(BIN)/detente eval ../shared/gold/news/articles_dev.jsonl
	$(BIN)/detente eval ../shared/gold/plover_gsr_dev.jsonl

# Rebuild the learned coder from ../shared/gold (about a minute here); the result is committed.
# EXTRA="my-reviews.jsonl …": more gold files, e.g. from `detente review export` (docs/review.md).
train: install
	$(BIN)/python -m detente.coding.learned.train --gold ../shared/gold $(if $(EXTRA),--extra $(EXTRA))

# Headless Chromium for the browser tests: Debian's package, installed where we run as root.
browser-deps:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "could not install chromium; browser tests will skip"; \
	else echo "chromium missing and not root: browser tests will skip (apt-get install chromium to enable)"; fi

# The dashboard's JavaScript libraries and world map (pinned in web/package-lock.json) from the npm
# registry into detente/web/static/vendor. Their files are committed: demo/test/serve need no npm.
web-deps:
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	$(PY) scripts/vendor_web.py

clean:
	rm -rf $(VENV) detente.duckdb .pytest_cache
