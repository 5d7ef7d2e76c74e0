# Two commands on a fresh machine: `make run` and `make test`.
# Dependencies come from the hashed lock files (requirements.lock for the bot,
# requirements-dev.lock adds the test tools); after editing pyproject.toml run `make lock`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EMULATOR := tests/e2e/emulator
WEBTESTS := tests/web
LOCK_FLAGS := --generate-hashes --python-version 3.11 --quiet

.PHONY: setup run test lint lock bench check eval snapshot clean browser-deps screenshots

$(VENV)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(EMULATOR)/node_modules/.package-lock.json: $(EMULATOR)/package-lock.json
	npm ci --prefix $(EMULATOR) --no-audit --no-fund

$(WEBTESTS)/node_modules/.package-lock.json: $(WEBTESTS)/package-lock.json
	npm ci --prefix $(WEBTESTS) --no-audit --no-fund

setup: $(VENV)/.installed

## Debian's chromium for the web chat's browser tests (apt, as root; skipped when installed).
browser-deps:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	else echo "chromium is missing and only root can install it: the browser tests will be skipped"; fi

## Start the bot: Telegram when TELEGRAM_BOT_TOKEN is set, else the terminal chat.
run: setup
	$(PY) -m bot run

## Every test: lint (code and Dockerfile), types, knowledge base, unit, end-to-end and browser.
test: browser-deps setup $(EMULATOR)/node_modules/.package-lock.json $(WEBTESTS)/node_modules/.package-lock.json
	$(PY) -m ruff check bot tests
	$(VENV)/bin/hadolint Dockerfile
	$(PY) -m mypy
	$(PY) -m bot check
	$(PY) -m pytest -q

## Re-pin every dependency (with hashes) after a change to pyproject.toml.
lock: setup
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements-dev.lock

## The README's screenshots of the web chat, made by its browser tests.
screenshots: setup $(WEBTESTS)/node_modules/.package-lock.json
	SCREENSHOTS=1 $(PY) -m pytest -q tests/web/test_browser.py -k "axe or narrow"

bench: setup
	$(PY) -m bot bench

check: setup
	$(PY) -m bot check

eval: setup
	$(PY) ../shared/eval/score.py --show-fails

## Every question set's answers as JSON lines (OUT=file; COMPARE=earlier file must be equal).
snapshot: setup
	$(PY) tests/eval/snapshot.py $(or $(OUT),answers.jsonl) $(if $(COMPARE),--compare $(COMPARE))

clean:
	rm -rf $(VENV) $(EMULATOR)/node_modules $(WEBTESTS)/node_modules
