# Set-up and everyday commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP = $(VENV)/.installed-$(EXTRAS)
EXTRAS ?= dev

.PHONY: install run test lint eval bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

## make run: install, build the index, then the main job (Telegram if TELEGRAM_BOT_TOKEN is set, else the terminal chat)
run: install
	$(PY) -m bot ingest
	$(PY) -m bot run

## make test: lint (ruff) and the whole test suite
test: install
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: install
	$(PY) -m ruff check .
	$(PY) -m mypy

eval: install
	$(PY) -m bot eval

bench: install
	$(PY) -m bot bench

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache
