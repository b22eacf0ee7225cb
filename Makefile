# One command each: `make run` (set up and serve), `make test` (set up and run every check).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.run-stamp

.PHONY: run test lint typecheck pytest vocab bench bench-smoke bench-deps clean system-deps browser-deps screenshots

# `make run` installs what running needs (the package and its dependencies, no extras);
# `make test` and the other checks add the test and dev extras.
$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP) $(RUN_STAMP)

# Java runs the HermiT reasoner gate; install it where it is missing (Debian).
# Virtuoso 7 is the second remote store engine of the tests (tests/conftest.py starts its own on
# 127.0.0.1); where it cannot be installed, those tests skip and say why.
system-deps:
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }
	@command -v virtuoso-t >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null 2>&1; } || \
		echo "system-deps: virtuoso-opensource could not be installed; the Virtuoso tests will be skipped"

# Debian's Chromium runs the web front's end-to-end tests (tests/e2e); install it where it is
# missing. If it cannot be installed (no root, no mirror), those tests skip and say why.
# axe-core (MPL-2.0) for the accessibility audit (tests/e2e/test_accessibility.py), from npm into a
# git-ignored folder; never loaded from a CDN.
AXE_VERSION := 4.14.1
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; } || \
		echo "browser-deps: chromium could not be installed; the browser tests will be skipped"
	@test -f .browser-deps/node_modules/axe-core/axe.min.js || \
		npm install --silent --no-audit --no-fund --prefix .browser-deps axe-core@$(AXE_VERSION) >/dev/null 2>&1 || \
		echo "browser-deps: axe-core could not be installed from npm; the accessibility audit will be skipped"

run: $(RUN_STAMP)
	$(BIN)/mscos serve

test: $(STAMP) system-deps browser-deps lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src api tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

vocab: $(STAMP)
	$(BIN)/mscos vocab build

# wrk is the HTTP load generator of the benchmarks; install it where it is missing (Debian).
# Without it the suite falls back to a slow built-in generator and does not judge those targets.
bench-deps:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }

# The full suite (about half an hour on 2 cores); results and SUMMARY.md in benchmarks/results/.
bench: $(STAMP) bench-deps
	$(BIN)/python -m pip install --quiet -e '.[test,dev,bench]'
	$(BIN)/python -m benchmarks.run

bench-smoke: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev,bench]'
	$(BIN)/python -m benchmarks.run --smoke --output test-artifacts/bench-smoke

# Refresh the screenshots the README shows (docs/screenshots/) from the end-to-end tests.
screenshots: $(STAMP) browser-deps
	MSCOS_UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/e2e -q

clean:
	rm -rf $(VENV) build dist *.egg-info
