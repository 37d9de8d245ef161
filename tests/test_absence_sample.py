"""Both staff formats on the shipped sample: the monthly export (input_xlsx/personal_*.xlsx) and
the absence cases (exempel/franvaro/franvaro.xlsx, the same spells as cases) give every nämnd the
same printed report: every table cell, key figure and sentence of the printed record
(utskrivet.json's content), and the same staff aggregates. tests/test_reference.py holds the
monthly format against the published reference."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import pytest

from pipeline.orchestrator import build_reports
from pipeline.render.output import printed_record

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from absence_sample import absence_format_folder  # noqa: E402  (the switch as the README describes it)


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    """The monthly format, the absence cases, and the cases with the HR system's scheduled hours."""
    return (build_reports(ROOT / "input_xlsx"),
            build_reports(absence_format_folder(tmp_path_factory.mktemp("franvaro"))),
            build_reports(absence_format_folder(tmp_path_factory.mktemp("schema"), schedule=True)))


@pytest.fixture(scope="module", params=["franvaro", "franvaro och schema"])
def both(request, formats):
    monthly, absence, scheduled = formats
    return monthly, absence if request.param == "franvaro" else scheduled


def test_the_absence_format_runs_without_problems(both):
    _, absence = both
    assert [p.message for p in absence.problems if p.is_error] == []
    assert absence.kommun.settings.personnel.absence_format
    assert "personal" not in absence.kommun.settings.sources
    assert all(o.report is not None and o.report.personnel is not None for o in absence.namnder)


def test_every_printed_table_and_sentence_is_the_same_in_both_formats(both):
    monthly, absence = both
    assert [o.code for o in absence.namnder] == [o.code for o in monthly.namnder]
    for month_outcome, case_outcome in zip(monthly.namnder, absence.namnder):
        expected = json.dumps(printed_record(month_outcome.report), ensure_ascii=False, indent=1)
        assert json.dumps(printed_record(case_outcome.report), ensure_ascii=False, indent=1) == expected
        assert case_outcome.report.personnel.texts == month_outcome.report.personnel.texts


def _close(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b


def test_the_staff_aggregates_are_the_same_hours_in_both_formats(both):
    """The workbooks' hours and head counts (unrounded), every scope and group."""
    monthly, absence = both
    for month_outcome, case_outcome in zip(monthly.namnder, absence.namnder):
        month_data = month_outcome.report.personnel.printed_only().as_data()
        case_data = case_outcome.report.personnel.printed_only().as_data()
        assert _close(case_data, month_data)
    some = monthly.namnder[0].report.personnel.sick_leave
    assert any(s.long_hours > 0 for s in some) and any(s.sick_hours > s.long_hours for s in some)


def test_no_key_or_date_of_the_cases_reaches_the_printed_record_or_the_cached_section(both):
    _, absence = both
    import pandas as pd
    cases = pd.read_excel(ROOT / "exempel" / "franvaro" / "franvaro.xlsx")
    keys = set(cases["Anställd"].astype(str))
    days = {d.strftime("%Y-%m-%d") for d in pd.to_datetime(cases["Från"])}
    for outcome in absence.namnder:
        held = json.dumps([printed_record(outcome.report), outcome.report.personnel.printed_only().as_data()],
                          ensure_ascii=False)
        words = set(re.findall(r"[A-Z]\d{5}|\d{4}-\d{2}-\d{2}", held))
        assert not words & keys and not words & days
