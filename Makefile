# Two entry points (README): `make run` and `make test`. Each creates its own
# virtual environment; pip is upgraded first because the pip a fresh venv
# brings (23.2) cannot resolve some extras.
PYTHON ?= python3
RUN_VENV := .venv
TEST_VENV := .venv-test

.PHONY: run test bench clean-env

$(RUN_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(RUN_VENV)
	$(RUN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RUN_VENV)/bin/python -m pip install --quiet .
	touch $@

$(TEST_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TEST_VENV)/bin/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(RUN_VENV)/.installed
	$(RUN_VENV)/bin/python -m pip install --quiet --no-deps --force-reinstall .
	$(RUN_VENV)/bin/evidence-extract run raw -o output

test: $(TEST_VENV)/.installed
	$(TEST_VENV)/bin/ruff check src tests benchmarks
	$(TEST_VENV)/bin/python -m pytest

bench: $(TEST_VENV)/.installed
	$(TEST_VENV)/bin/python -m pip install --quiet -e ".[test,bench]"
	$(TEST_VENV)/bin/python benchmarks/bench_clean.py
	$(TEST_VENV)/bin/python benchmarks/bench_speed.py
	$(TEST_VENV)/bin/python benchmarks/bench_batch.py

clean-env:
	rm -rf $(RUN_VENV) $(TEST_VENV)
