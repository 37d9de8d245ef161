# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: report pdf check test properties sample templates sidor clean clean-cache bench robust

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

report: $(STAMP)
	$(PY) -m pipeline rapport

# The same, plus tagged PDF/UA versions of the documents (needs LibreOffice).
pdf: $(STAMP)
	$(PY) -m pipeline rapport --pdf

check: $(STAMP)
	$(PY) -m pipeline kontrollera

# Empty the cache of parsed exports (.cache/exporter, or $PIPELINE_CACHE).
clean-cache: $(STAMP)
	$(PY) -m pipeline rensa-cache

test: $(STAMP)
	$(PY) -m pytest -q -n auto

# The slow property tests with all their examples (make test tries a fifth of them); CI runs it.
properties: $(STAMP)
	PIPELINE_PROPERTIES=full $(PY) -m pytest -q -n auto tests/test_properties.py

# Developer targets: regenerate the shipped sample inputs and the default Word template.
sample: $(STAMP)
	$(PY) tools/make_sample.py
	$(PY) tools/make_hr_sample.py
	$(PY) tools/make_followup_sample.py
	$(PY) tools/make_org_chart.py

templates: $(STAMP)
	$(PY) tools/make_templates.py

# Every PDF of the sample (each nämnd's report and tjänsteskrivelse, the overview) as PNG pages
# under sidor/<period>/<nämnd>/, to look at (needs LibreOffice and pdftoppm).
sidor: $(STAMP)
	$(PY) tools/sidor.py

# The report on a ledger at Excel's row limit (built once under bench/), timed per stage against
# fastexcel and openpyxl; figures in bench/results.md and bench/results.json. Takes a few minutes.
bench: $(STAMP)
	$(PY) tools/bench.py

# The corpus of spoiled inputs and faults (tools/robust.py): every case must get its Swedish answer.
# Results in robust/results.md. Takes a few minutes; the fault cases that mount a tmpfs need root.
robust: $(STAMP)
	$(PY) tools/robust.py

clean:
	rm -rf $(VENV) output sidor .pytest_cache
