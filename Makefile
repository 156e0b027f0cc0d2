# smsdocs: `make manual` checks the scope and builds the manual; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SMSDOCS := $(BIN)/smsdocs

.PHONY: example manual where site serve serve-repo export check test test-fast test-engines lint typecheck pytest fuzz schema translations typst-fonts bench clean

# Material for MkDocs prints a notice on every run of the `mkdocs` command: it reaches end of
# life on 2027-05-05 (critical and security fixes until then) and Zensical succeeds it.
# NO_MKDOCS_2_WARNING, despite its name, is the variable Material reads to leave that notice
# out (material/templates/__init__.py); it is set here so the check's own findings are not
# pushed off the screen by it on every make. README "Site engines" says what the date means
# for the manual and how to build it with ProperDocs; `mkdocs build` run by hand shows it.
# (ProperDocs's own notice, DISABLE_MKDOCS_2_WARNING, shows only when a plugin asks for it
# under the `mkdocs` command, and none that smsdocs uses does.)
export NO_MKDOCS_2_WARNING := 1

# The virtual environment is rebuilt whenever the package's metadata changes. pip shows what
# it fetches (a first install takes about a minute), so the wait is never silent.
$(BIN)/python:
	@echo "creating the virtual environment $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "installing smsdocs, MkDocs, Material and their dependencies into $(VENV) (about a minute the first time)"
	$(BIN)/python -m pip install --progress-bar off -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "installing smsdocs with its test tools into $(VENV) (about a minute the first time)"
	$(BIN)/python -m pip install --progress-bar off -e '.[test]'
	@touch $@ $(VENV)/.installed

# The example as a new project has it: `smsdocs init --example` copies this repository's
# manual into build/example and records its approved versions as release tags there. This
# repository holds the example's files but not its releases, so here the check warns
# approval-untagged. (`smsdocs init DIR` alone makes a blank project for a real organisation.)
EXAMPLE := build/example
IN_EXAMPLE := cd $(EXAMPLE) &&

example: $(VENV)/.installed
	rm -rf $(EXAMPLE)
	$(SMSDOCS) init --example $(EXAMPLE)

# The site in build/example/site/, the PDF and DOCX with SHA256SUMS in build/example/dist/.
manual: example
	$(IN_EXAMPLE) $(abspath $(SMSDOCS)) check --strict
	$(IN_EXAMPLE) $(abspath $(SMSDOCS)) export
	$(IN_EXAMPLE) $(abspath $(BIN))/mkdocs build --strict
	@$(MAKE) --no-print-directory where

# Where `make manual` put the manual, and how to read it.
where:
	@echo
	@echo "the site: $(abspath $(EXAMPLE))/site/index.html (read it with 'make serve'; to read it from disk, 'smsdocs bundle' in $(EXAMPLE) packs it as a zip that works there)"
	@for f in $(abspath $(EXAMPLE))/dist/*.pdf $(abspath $(EXAMPLE))/dist/*.docx; do \
	  [ -f "$$f" ] && echo "the $${f##*.}: $$f" | sed 's/^the pdf/the PDF/; s/^the docx/the DOCX/'; \
	done; true
	@echo "run smsdocs and mkdocs yourself after '. $(VENV)/bin/activate'"

site: example
	$(IN_EXAMPLE) $(abspath $(BIN))/mkdocs build --strict

export: example
	$(IN_EXAMPLE) $(abspath $(SMSDOCS)) export

check: example
	$(IN_EXAMPLE) $(abspath $(SMSDOCS)) check --strict

# Read the example that `make manual` built at http://127.0.0.1:8000, rebuilt on every change
# to its docs/ or scope/ (made first if build/example is not there).
serve: $(VENV)/.installed
	@[ -f $(EXAMPLE)/mkdocs.yml ] || $(MAKE) --no-print-directory example
	$(IN_EXAMPLE) $(abspath $(BIN))/mkdocs serve

# Preview this repository's own manual, while editing its docs/ or scope/ (it warns
# approval-untagged: the example's releases are tagged in build/example).
serve-repo: $(VENV)/.installed
	$(BIN)/mkdocs serve

# Everything: every test (export, browser, client, slow and fuzz included), lint and types.
test: $(VENV)/.installed-test lint typecheck pytest

# The inner loop while you work, under a minute: lint, types, and every test without the
# export, browser, client or slow marker; the property tests run 20 examples each. It says
# how many tests it left out, and names any unmarked test that took over a second.
FAST := not (export or browser or client or slow)
test-fast: $(VENV)/.installed-test lint typecheck
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -q -m "$(FAST)"

# The second site engine: an environment of its own with ProperDocs in place of MkDocs, in
# which tests/test_engines.py builds the example with `properdocs build --strict`, exports it
# and packs it, and compares its site with MkDocs's page by page (a few minutes; CI runs it
# after `make test`). Material and mkdocs-macros declare mkdocs, so pip installs it with them;
# it is uninstalled after, and nothing installs it again: ProperDocs answers their
# `import mkdocs.*` with its own modules. pip's cache keeps the wheels between runs.
PROPERDOCS_VENV ?= .venv-properdocs
PROPERDOCS := properdocs==1.6.7

$(PROPERDOCS_VENV)/.installed: pyproject.toml
	rm -rf $(PROPERDOCS_VENV)
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet -e . '$(PROPERDOCS)'
	$(PROPERDOCS_VENV)/bin/python -m pip uninstall --quiet --yes mkdocs
	@touch $@

test-engines: $(VENV)/.installed-test $(PROPERDOCS_VENV)/.installed
	SMSDOCS_TEST_ENGINES=1 $(BIN)/python -m pytest -q -rs tests/test_engines.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# The property tests with a long run each (5,000 examples instead of 300): a few minutes.
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -m fuzz -p no:cacheprovider

# Time the check against a bare YAML parse on generated projects (see bench/run.py).
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

# Regenerate the JSON Schema the example's files point their editors at.
schema: $(VENV)/.installed
	$(SMSDOCS) schema --output scope/scope.schema.json

# The catalogues of the words smsdocs writes into the manual (README "Languages"): the marked
# strings extracted from the source (babel.cfg) into the template, each language's .po updated
# from it (new words untranslated, for its translator), and compiled into the .mo files the
# package reads, which are committed so that an install needs no step of its own.
LOCALE := src/smsdocs/locale
translations: $(VENV)/.installed
	$(BIN)/pybabel extract --mapping-file=babel.cfg --keywords=N_ --keywords=say --keywords=say_n:1,2 --no-location --sort-output \
	  --omit-header --output-file=$(LOCALE)/smsdocs.pot src/smsdocs
	$(BIN)/pybabel update --domain=smsdocs --input-file=$(LOCALE)/smsdocs.pot \
	  --output-dir=$(LOCALE) --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile --domain=smsdocs --directory=$(LOCALE) --statistics

# The characters Typst's own fonts draw, which the check counts as covered: after a new Typst.
typst-fonts: $(VENV)/.installed
	$(BIN)/python -m smsdocs.export.typst

clean:
	rm -rf $(VENV) $(PROPERDOCS_VENV) site dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
