# The two commands of the README: `make demo` (the end-to-end demo) and `make test` (the whole test suite).
# Each creates or reuses a local .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint release datasets benchmark benchmark-grading benchmark-classroom server hub clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/aitrain demo

# JupyterHub's proxy (configurable-http-proxy) for tests/test_classroom_server.py and the classroom server:
# installed by npm when node_modules is missing or older than the lock file, from npm's cache when it has it.
HUB_PROXY := deploy/jupyterhub/node_modules/.package-lock.json
$(HUB_PROXY): deploy/jupyterhub/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js's npm for JupyterHub's proxy: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix deploy/jupyterhub --prefer-offline --no-audit --no-fund --loglevel=error
	@touch $@

# jsonschema (which nbformat, nbgrader, papermill, alembic and Jupyter import) builds three Earley parsers from
# rfc3987-syntax on import, for an "iri" format that no Jupyter schema uses: 1.5 s of CPU in every such process,
# hundreds in a test run. This venv skips that import (a .pth file: jsonschema then has no "iri" check); a
# participant's install is unchanged (tests/test_kit.py installs and runs one).
NO_IRI := $(VENV)/.no-iri-grammar-stamp
$(NO_IRI): $(STAMP)
	printf 'import sys; sys.modules.setdefault("rfc3987_syntax", None)\n' > \
	    "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/aitrain_dev_no_iri_grammar.pth"
	@touch $@

# pytest-xdist's workers: one more than the cores, so that the CPU has work while a worker waits (for a browser, a
# server starting, the hub); each worker's kernels get an equal share of the cores (tests/conftest.py).
# `make test WORKERS=auto` gives one worker per core.
WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")
test: $(STAMP) $(NO_IRI) $(HUB_PROXY)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/python -m pytest -n $(WORKERS) --durations=15

lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks

release: $(STAMP)
	$(BIN)/aitrain release

datasets: $(STAMP)
	$(BIN)/aitrain datasets build

benchmark: $(STAMP)
	$(BIN)/python benchmarks/notebooks.py

benchmark-grading: $(STAMP)
	$(BIN)/python benchmarks/grading.py

# The classroom at full size (as root; docs/classroom-server.md, Sizing): before/after of a participant's server,
# then the day for 60 and a 10-minute soak.
CLASSROOM ?= --compare 4 --participants 15 30 60 --soak 600
benchmark-classroom: $(STAMP)
	$(BIN)/python benchmarks/classroom.py $(CLASSROOM)

# The classroom server (docs/classroom-server.md), as root on a Debian or Ubuntu server:
#   make server ROSTER=participants.csv TRAINER=maria   then   make hub
ROSTER ?= participants.csv
TRAINER ?= trainer
STATE ?= /srv/aitrain
server:
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends python3-venv postgresql bubblewrap nodejs npm fonts-noto-core
	service postgresql start
	npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error
	$(MAKE) $(STAMP) PYTHON=/usr/bin/python3  # Debian's: every account can run it
	$(BIN)/aitrain server init --roster $(ROSTER) --trainer $(TRAINER) --state $(STATE)

hub: $(STAMP)
	$(BIN)/aitrain server start --state $(STATE)

clean:
	rm -rf $(VENV) runs .pytest_cache
