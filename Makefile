# Targets for the newsfigures notebook collection. `make help` lists them.
# The first target that needs Python creates .venv (uv when installed, else pip) and
# reinstalls only when pyproject.toml changes.

.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_VENV := .venv-lab
UV := $(shell command -v uv 2>/dev/null)
ARGS ?=

$(STAMP): pyproject.toml Makefile
	@if [ -n "$(UV)" ]; then \
		[ -x $(BIN)/python ] || uv venv --quiet --python $(PYTHON) $(VENV); \
		uv pip install --quiet --python $(BIN)/python -e '.[test,dask]'; \
	else \
		[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dask]'; \
	fi
	@touch $(STAMP)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: setup
setup: $(STAMP) ## Create .venv and install the project (done by every target that needs it)

.PHONY: report
report: $(STAMP) ## Run every notebook in order and write reports/report.html
	$(BIN)/python -m newsfigures run $(ARGS)

.PHONY: test
test: $(STAMP) ## Run the unit tests, plus runs of the whole pipeline into temporary folders
	$(BIN)/python -m pytest $(ARGS)

.PHONY: pdf
pdf: $(STAMP) ## Print reports/report.html to reports/report.pdf with headless Chromium
	$(BIN)/python -m newsfigures.browser pdf reports/report.html reports/report.pdf

.PHONY: exercises
exercises: $(STAMP) ## Build student and grader versions of the exercises into build/exercises/
	$(BIN)/python -m newsfigures.exercises build $(ARGS)

.PHONY: grade
grade: $(STAMP) ## Grade a folder of submitted notebooks: make grade SUBMISSIONS=DIR
	@[ -n "$(SUBMISSIONS)" ] || { echo "error: say which folder to grade: make grade SUBMISSIONS=DIR" >&2; exit 2; }
	$(BIN)/python -m newsfigures.exercises grade "$(SUBMISSIONS)" $(ARGS)

.PHONY: bench
bench: $(STAMP) ## Run the benchmarks; writes reports/benchmarks.csv and a chart
	$(BIN)/python -m newsfigures.bench $(ARGS)

.PHONY: params
params: $(STAMP) ## Print every notebook's parameters (type, default, help)
	@$(BIN)/python -m newsfigures params

.PHONY: lab
lab: $(STAMP) ## Open JupyterLab on the project's kernel (its own environment, kept out of the pipeline's)
	@if [ ! -x $(LAB_VENV)/bin/jupyter-lab ]; then \
		if [ -n "$(UV)" ]; then uv venv --quiet --python $(PYTHON) $(LAB_VENV) && uv pip install --quiet --python $(LAB_VENV)/bin/python 'jupyterlab>=4.2'; \
		else $(PYTHON) -m venv $(LAB_VENV) && $(LAB_VENV)/bin/python -m pip install --quiet 'jupyterlab>=4.2'; fi; \
	fi
	@$(BIN)/python -m ipykernel install --prefix $(abspath $(LAB_VENV)) --name newsfigures --display-name "Python (newsfigures)" >/dev/null 2>&1
	$(LAB_VENV)/bin/jupyter-lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS) notebooks/

.PHONY: strip
strip: $(STAMP) ## Strip outputs and execution counts from every notebook before committing
	$(BIN)/python -m newsfigures.hygiene --strip notebooks

.PHONY: clean
clean: ## Remove generated outputs (data/interim, data/processed, reports, build); keeps .venv and data/raw
	rm -rf data/interim/* data/processed/* build .newsfigures-staging-*
	find reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## Also remove the virtual environments
	rm -rf $(VENV) $(LAB_VENV)
