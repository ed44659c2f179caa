# The two commands of the README: `make demo` (the end-to-end demo) and `make test` (the whole test suite).
# Each creates or reuses a local .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint release datasets benchmark benchmark-grading clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/aitrain demo

test: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=15

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

clean:
	rm -rf $(VENV) runs .pytest_cache
