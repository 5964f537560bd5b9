# The two commands a newcomer needs: `make site` and `make test`.
#
# Installs come from the lock files in requirements/ (exact versions, sha256 of every file):
#   runtime.txt     what `make site` needs
#   test.txt        the same versions plus the test extras (`make test`, `make bench`)
#   properdocs.txt  the same versions with ProperDocs instead of MkDocs, in a venv of its own
#                   (.venv-properdocs) where tests/test_properdocs.py builds the site with it
# A stamp file in each venv records the install; it is redone when a lock or pyproject.toml changes.
# `make lock` refreshes the locks after a change to pyproject.toml (keeping the versions that still
# fit); `make lock LOCK_FLAGS=--upgrade` moves every package to its newest release within the ranges.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PROPERDOCS_VENV := .venv-properdocs
SERVE_ADDR ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

# The project itself, after the lock: --no-index, so a dependency of pyproject.toml missing from
# the lock stops the install here (run `make lock`) instead of being fetched unpinned.
INSTALL_PROJECT = pip install --quiet --no-index --no-build-isolation

.PHONY: site ejemplo offline test serve bench lock properdocs-env clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-runtime: requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --requirement requirements/runtime.txt
	$(BIN)/$(INSTALL_PROJECT) --editable .
	@touch $@

$(VENV)/.installed-test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --requirement requirements/test.txt
	$(BIN)/$(INSTALL_PROJECT) --editable ".[test]"
	@touch $@

# --no-deps: Material declares MkDocs as a dependency, and this venv has ProperDocs in its place.
$(PROPERDOCS_VENV)/.installed: requirements/properdocs.txt pyproject.toml
	test -x $(PROPERDOCS_VENV)/bin/python || $(PYTHON) -m venv $(PROPERDOCS_VENV)
	@echo '*' > $(PROPERDOCS_VENV)/.gitignore
	$(PROPERDOCS_VENV)/bin/pip install --quiet --no-deps --require-hashes --requirement requirements/properdocs.txt
	$(PROPERDOCS_VENV)/bin/$(INSTALL_PROJECT) --no-deps --editable .
	@touch $@

properdocs-env: $(PROPERDOCS_VENV)/.installed  ## the venv where the site is built with ProperDocs

site: $(VENV)/.installed-runtime  ## build site/ from data/
	$(BIN)/portal build

# data/ plus the invented amendment of examples/modificacion/ (history, modifications, cancellations) and the
# invented earlier period with its results of examples/periodo-anterior/ (the rules across periods).
ejemplo: $(VENV)/.installed-runtime  ## site-ejemplo/ from data/ and examples/
	rm -rf build/ejemplo-datos && mkdir -p build && cp -r data build/ejemplo-datos && cp -r examples/modificacion/. examples/periodo-anterior/. build/ejemplo-datos/
	$(BIN)/portal build --data build/ejemplo-datos --site-dir site-ejemplo

offline: $(VENV)/.installed-runtime  ## the copy to open from the disk (file://), in site-offline/
	$(BIN)/portal build --offline

# PORTAL_REQUIRE_PROPERDOCS: here the ProperDocs build is not skipped, it fails if it cannot run.
test: $(VENV)/.installed-test $(PROPERDOCS_VENV)/.installed  ## every test, browser tests included
	scripts/install-test-tools.sh
	PORTAL_REQUIRE_PROPERDOCS=1 $(BIN)/python -m pytest

# --watch data: an edit to any file under data/ rebuilds the preview, as one under site_src/ does.
serve: $(VENV)/.installed-runtime  ## live preview on http://127.0.0.1:8000 (another: make serve SERVE_ADDR=127.0.0.1:8001)
	$(BIN)/mkdocs serve --dev-addr $(SERVE_ADDR) --watch data

bench: $(VENV)/.installed-test  ## figures at 1,000, 10,000 and 30,000 metas (half an hour or more)
	scripts/install-test-tools.sh
	$(BIN)/python scripts/bench.py

# uv (pinned, in .venv) resolves for every platform and Python >= 3.11; the test lock comes first
# and constrains the other two, so the three agree on every version they share.
UV := $(BIN)/uv
UV_VERSION := 0.13.8
UV_COMPILE = $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" $(LOCK_FLAGS)
BUILD_REQUIREMENT := setuptools>=77
lock: | $(BIN)/python  ## refresh requirements/*.txt from pyproject.toml
	$(UV) --version 2>/dev/null | grep -qF ' $(UV_VERSION) ' || $(BIN)/pip install --quiet uv==$(UV_VERSION)
	echo '$(BUILD_REQUIREMENT)' | $(UV_COMPILE) pyproject.toml - --extra test --output-file requirements/test.txt
	echo '$(BUILD_REQUIREMENT)' | $(UV_COMPILE) pyproject.toml - --constraints requirements/test.txt --output-file requirements/runtime.txt
	echo '$(BUILD_REQUIREMENT)' | $(UV_COMPILE) pyproject.toml - --extra properdocs --constraints requirements/test.txt \
	  --no-emit-package mkdocs --no-emit-package mkdocs-get-deps --no-emit-package mergedeep --output-file requirements/properdocs.txt

clean:
	rm -rf site site-offline site-ejemplo build $(VENV) $(PROPERDOCS_VENV) bench-out test-artifacts
