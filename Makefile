# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EMULATOR := tests/e2e/emulator

.PHONY: setup run test lint bench check eval clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

$(EMULATOR)/node_modules/.package-lock.json: $(EMULATOR)/package-lock.json
	npm ci --prefix $(EMULATOR) --no-audit --no-fund

setup: $(VENV)/.installed

## Start the bot: Telegram when TELEGRAM_BOT_TOKEN is set, else the terminal chat.
run: setup
	$(PY) -m bot run

## Every test: lint, types, unit, knowledge base, and end-to-end against the Bot API emulator.
test: setup $(EMULATOR)/node_modules/.package-lock.json
	$(PY) -m ruff check bot tests
	$(PY) -m mypy
	$(PY) -m bot check
	$(PY) -m pytest -q

bench: setup
	$(PY) -m bot bench

check: setup
	$(PY) -m bot check

eval: setup
	$(PY) ../shared/eval/score.py --show-fails

clean:
	rm -rf $(VENV) $(EMULATOR)/node_modules
