# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: report check test sample templates clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

report: $(STAMP)
	$(PY) -m pipeline report

check: $(STAMP)
	$(PY) -m pipeline check

test: $(STAMP)
	$(PY) -m pytest -q

# Developer targets: regenerate the shipped sample inputs and the default Word template.
sample: $(STAMP)
	$(PY) tools/make_sample.py

templates: $(STAMP)
	$(PY) tools/make_templates.py

clean:
	rm -rf $(VENV) output .pytest_cache
