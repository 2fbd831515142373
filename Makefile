# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make demo   render the default integration, run it against the sandbox, call it
#   make test   the whole template test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Four workers for the two cores of the CI machine: a baked project's own tests spend
# most of their time waiting (timeouts, servers, sockets); with three workers the two
# cores sat about a quarter idle, with four they are busy (docs/performance.md).
PYTEST_WORKERS ?= 4

.PHONY: install demo test test-fast lint docs lock clean bench

install: $(VENV)/.installed

# pip installs uv (one of the test dependencies) into .venv; uv installs the rest in
# seconds, where pip alone takes about 20. Compiled to bytecode once, as pip does: the suite
# starts hundreds of Python processes, and where PYTHONDONTWRITEBYTECODE is set none of
# them would keep what it compiles.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.9,<1'
	$(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]'
	touch $@

demo: install
	$(BIN)/python -m integration_template.demo

test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal

# Unit tests and the hostile/unsupported renders only (seconds, not minutes).
test-fast: install
	$(BIN)/python -m pytest -m 'not render and not baked and not slow'

# The generated service against two naive peers, side by side (docs/performance.md); needs
# wrk and redis-server (apt-get install -y wrk redis-server). BENCH_ARGS=--help for options.
bench: install
	$(BIN)/python -m integration_template.bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

docs: install
	$(BIN)/integration-template questions --format markdown > docs/questionnaire.md

# The generated projects' pinned dependency sets (requirements/*.txt in the project folder),
# resolved from PyPI with uv; tests/unit/test_locks.py fails when one is stale.
lock: install
	$(BIN)/python -m integration_template.locks

clean:
	rm -rf $(VENV) build .mypy_cache .pytest_cache .ruff_cache
