# smsdocs: `make manual` checks the scope and builds the manual; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SMSDOCS := $(BIN)/smsdocs

.PHONY: manual site serve export check test lint typecheck pytest fuzz schema bench clean

# Material prints a notice about MkDocs 2 on every build; this project pins mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

# The virtual environment is rebuilt whenever the package's metadata changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

manual: $(VENV)/.installed
	$(SMSDOCS) check --strict
	$(SMSDOCS) export
	$(BIN)/mkdocs build --strict

site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

# The PDF and DOCX for auditors, with SHA256SUMS, in dist/.
export: $(VENV)/.installed
	$(SMSDOCS) export

# Preview the manual at http://127.0.0.1:8000, rebuilt on every change to docs/ or scope/.
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

check: $(VENV)/.installed
	$(SMSDOCS) check --strict

test: $(VENV)/.installed-test lint typecheck pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# The property tests with a long run each (5,000 examples instead of 300): a few minutes.
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider

# Time the check against a bare YAML parse on generated projects (see bench/run.py).
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

# Regenerate the JSON Schema the example's files point their editors at.
schema: $(VENV)/.installed
	$(SMSDOCS) schema --output scope/scope.schema.json

clean:
	rm -rf $(VENV) site dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
