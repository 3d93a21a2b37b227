# Two commands for a fresh machine: `make build` and `make test` (see README.md).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Debian packages: fonts with Latin diacritics and Cyrillic in every style (not fonts-ebgaramond,
# whose Cyrillic italic is broken), poppler for PDF checks; Chromium for the browser tests.
APT_BUILD := fonts-linuxlibertine fonts-noto-core poppler-utils
APT_TEST := chromium

.PHONY: build test install install-test system-deps system-deps-test validate serve bench clean

build: install
	$(VENV)/bin/edition build

test: install-test
	$(PY) -m pytest

validate: install
	$(VENV)/bin/edition validate tei

serve: build
	$(VENV)/bin/edition serve

bench: install
	$(PY) benchmarks/build_times.py

install: system-deps $(VENV)/.installed

install-test: system-deps system-deps-test $(VENV)/.installed-test

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -U pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e . > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	$(PY) -c "import edition, saxonche, weasyprint"
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]' > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	$(PY) -c "import pytest, pypdf, playwright"
	touch $@

system-deps:
	@bash tools/apt-ensure $(APT_BUILD)
	@# Jing (readable schema messages) runs on Java, which this kind of machine normally has.
	@command -v java >/dev/null || bash tools/apt-ensure default-jre-headless

system-deps-test:
	@bash tools/apt-ensure $(APT_TEST)

clean:
	rm -rf build
