# phoihop — the two commands: `make run` and `make test`. Everything installs itself into .venv from python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8000
PHOIHOP_DATA_DIR ?= $(CURDIR)/var
export PHOIHOP_DATA_DIR
PYTEST_ARGS ?=

.PHONY: install run serve test e2e lint bench messages assets lock clean help

help:
	@echo "make run    — install, migrate, load the demo province, serve on http://127.0.0.1:$(PORT) with the worker"
	@echo "make test   — the whole test suite (browser tests too when chromium is installed)"
	@echo "make e2e    — browser tests only (Debian chromium)"
	@echo "make lint   — ruff and mypy"
	@echo "make bench  — benchmarks, printed as ratios against a baseline measured in the same run"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install
	PHOIHOP_DEMO=1 $(BIN)/phoihop migrate --noinput
	PHOIHOP_DEMO=1 $(BIN)/phoihop demo
	PHOIHOP_DEMO=1 PORT=$(PORT) $(BIN)/phoihop serve

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

e2e: install
	mkdir -p test-results
	PHOIHOP_E2E_REQUIRED=1 $(BIN)/pytest -m e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check phoihop scripts
	$(BIN)/ruff format --check phoihop scripts
	PHOIHOP_DEBUG=1 $(BIN)/mypy phoihop

bench: install
	PHOIHOP_DEMO=1 $(BIN)/python -m phoihop.bench

# Re-extract strings into the English catalogue (keeping its msgstrs; new ones empty, near matches fuzzy), regenerate
# the vendored Vietnamese catalogue, compile, and report what is left to translate (the suite fails on it).
messages: install
	cd phoihop && PHOIHOP_DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l en --add-location=file \
		--ignore "tests/*" --ignore "locale_vendor/*" --ignore "static/*" -v0
	$(BIN)/python scripts/vendor_vi.py
	cd phoihop && PHOIHOP_DEBUG=1 ../$(BIN)/python ../manage.py compilemessages -v0
	msgfmt -c --statistics -o /dev/null phoihop/locale/en/LC_MESSAGES/django.po

# Front-end assets are committed; run this only after changing package.json.
assets:
	npm ci --no-audit --no-fund
	node scripts/copy-assets.mjs

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check '.[dev]'
	.venv-lock/bin/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^phoihop' > requirements.lock
	rm -rf .venv-lock build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
