# Two entry points for a fresh machine: `make run` and `make test`.
# Each creates its own virtual environment on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench train clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[all,dev]"
	touch $(STAMP)

## Classify the example thread with the shipped default model.
run: $(STAMP)
	$(VENV)/bin/claimcheck corpus stats
	$(VENV)/bin/claimcheck thread examples/ccsvi_thread.jsonl

## Lint, type-check and run the whole test suite.
test: $(STAMP) lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check claimcheck tests benchmarks
	$(VENV)/bin/ruff format --check claimcheck tests benchmarks
	$(VENV)/bin/mypy

## Rebuild the shipped model from the corpus (re-pins its digest in claimcheck/shipped.json:
## commit both together).
train: $(STAMP)
	$(VENV)/bin/claimcheck train --corpus corpus/ --out models/default

## Every benchmark -> docs/benchmarks.md (contender 4 also needs torch, see benchmarks/contenders.py).
bench: $(STAMP)
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
