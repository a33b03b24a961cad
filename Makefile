# Two commands for a fresh machine with Python 3.11+ and make:
#   make report   set up, then write the whole knowledge base to build/report.json
#                 (FORMAT=markdown: build/report.md, the format's own suffix)
#   make test     set up, then ruff, mypy --strict, pytest (core and plugins), docs
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FORMAT ?= json
# Empty: build/report plus the format's own suffix (build/report.md for markdown).
REPORT ?=
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

# An unknown FORMAT finds no suffix; `multilat report` then names the formats there are.
# Plugin warnings are left to `multilat report`, which tells them once.
report: $(STAMP)
	@out='$(REPORT)'; \
	if [ -z "$$out" ]; then \
		suffix=$$($(BIN)/python -W ignore -c 'import sys; from multilat.plugins import load_formats; \
			f = load_formats().get(sys.argv[1]); print(f.suffix if f else "")' '$(FORMAT)') || exit 2; \
		out="build/report$$suffix"; \
	fi; \
	mkdir -p "$$(dirname "$$out")" && \
	$(BIN)/multilat report --format '$(FORMAT)' -o "$$out" && echo "wrote $$out"

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy src tests $(PLUGINS)

pytest: $(STAMP)
	$(BIN)/pytest tests $(foreach p,$(PLUGINS),$(p)tests)

# The docs build loads the knowledge base: its fragment cache stays in build/.
docs: export MULTILAT_CACHE_DIR = $(CURDIR)/build/cache
docs: $(STAMP)
	$(BIN)/sphinx-build -q -W -n -b html docs build/docs/html
	$(BIN)/sphinx-build -q -W -n -b doctest docs build/docs/doctest

test: lint typecheck pytest docs

clean:
	rm -rf $(VENV) build docs/_build
