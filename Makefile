# The two commands a newcomer needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site offline test serve bench clean

$(BIN)/portal: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/portal
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

site: $(BIN)/portal  ## build site/ from data/
	$(BIN)/portal build

offline: $(BIN)/portal  ## the copy to open from the disk (file://), in site-offline/
	$(BIN)/portal build --offline

test: $(VENV)/.test-deps  ## every test, browser tests included
	scripts/install-test-tools.sh
	$(BIN)/python -m pytest

serve: $(BIN)/portal  ## live preview on http://127.0.0.1:8000
	$(BIN)/mkdocs serve

bench: $(VENV)/.test-deps  ## build 300, 3,000 and 10,000 metas and print the figures
	scripts/install-test-tools.sh
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site site-offline .venv bench-out test-artifacts
