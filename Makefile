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

# pytest-xdist's workers (auto: one per core); `make test WORKERS=3` tries more workers than cores.
WORKERS ?= auto
test: $(STAMP)
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

benchmark-classroom: $(STAMP)
	$(BIN)/python benchmarks/classroom.py

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
