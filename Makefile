# Two commands for a fresh machine with Python 3.11+ and make:
#   make report   set up, then write the report of the whole knowledge base
#   make test     set up, then ruff, mypy --strict, pytest (core and plugins), docs
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FORMAT ?= json
REPORT ?= build/report.$(FORMAT)
PLUGINS := $(sort $(dir $(wildcard plugins/*/pyproject.toml)))
STAMP := $(VENV)/.installed

.PHONY: report test lint typecheck pytest docs clean

$(STAMP): pyproject.toml requirements/constraints.txt $(wildcard plugins/*/pyproject.toml)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "multilat needs Python 3.11 or newer (PYTHON=$(PYTHON))" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt \
		-e '.[test,lint,docs]' $(foreach p,$(PLUGINS),-e $(p))
	@touch $@

report: $(STAMP)
	@mkdir -p $(dir $(REPORT))
	$(BIN)/multilat report --format $(FORMAT) -o $(REPORT)
	@echo "wrote $(REPORT)"

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy src tests $(PLUGINS)

pytest: $(STAMP)
	$(BIN)/pytest tests $(foreach p,$(PLUGINS),$(p)tests)

docs: $(STAMP)
	$(BIN)/sphinx-build -q -W -n -b html docs build/docs/html
	$(BIN)/sphinx-build -q -W -n -b doctest docs build/docs/doctest

test: lint typecheck pytest docs

clean:
	rm -rf $(VENV) build docs/_build
