"""The HR exports under spoiled input: duplicate keys named with both rows, no cell value of an HR
file in any message, the small-group rule on the workbook's leavers per title, and nothing of a
person in the cache. Tiny inputs (tests/conftest.py), one defect each."""

from __future__ import annotations

import datetime as dt
import io
import json
from datetime import datetime

import openpyxl
import pytest
from conftest import EMPLOYMENTS, SURVEY, personnel_rows, write_inputs, write_xlsx

from pipeline.classify.rules import rules_from_tables
from pipeline.compute import personnel as staff
from pipeline.orchestrator import build_report
from pipeline.personnel import staff_tables
from pipeline.problems import Severity
from pipeline.read.cache import ExportCache, unframed
from pipeline.read.inputs import read_inputs
from pipeline.render.workbook import reconciliation_workbook
from pipeline.validate.cells import MAX_PROBLEMS_PER_COLUMN


FINANCE = dict.fromkeys(("huvudbok_2022", "huvudbok_2023", "budget", "prognos", "investeringar",
                         "malbedomning", "internkontroll"))


def staff_problems(folder) -> list:
    """The problems of typing and checking the HR exports (`staff_tables`), as a run finds them."""
    inputs, problems = read_inputs(folder)
    rules, found = rules_from_tables(inputs.settings_tables)
    assert rules is not None and found == []
    _, found = staff_tables(inputs, inputs.settings, rules)
    hr_files = {t.file for tables in inputs.exports.values() for t in tables
                if t.file.startswith(("personal", "anstallningar", "medarbetarenkat", "indikatorer"))}
    return [p for p in problems if p.location.file in hr_files] + found


def problems_of(tmp_path, **replace_files) -> list:
    """A tiny input folder with only the settings and the HR exports, one of them replaced."""
    return staff_problems(write_inputs(tmp_path / "input", texter=False, **FINANCE, **replace_files))


def with_rule(problems: list, rule: str) -> list:
    return [p for p in problems if p.rule == rule]


def where(problem) -> tuple:
    loc = problem.location
    return loc.file, loc.sheet, loc.row, loc.column, loc.header


def personnel(change) -> dict:
    rows = [r[:] for r in personnel_rows(2023)]
    change(rows)
    return {"Personal": rows}


def employments(change) -> dict:
    rows = [r[:] for r in EMPLOYMENTS]
    change(rows)
    return {"Anställningar": rows}


def survey(change) -> dict:
    rows = [r[:] for r in SURVEY]
    change(rows)
    return {"Index": rows}


# --- duplicate keys ------------------------------------------------------------------------------

def test_the_tiny_hr_exports_have_no_problem(tmp_path):
    assert problems_of(tmp_path) == []


def test_the_same_employee_and_month_twice_names_both_rows(tmp_path):
    repeated = len(personnel_rows(2023)) + 1                  # the Excel row of the appended copy
    problems = problems_of(tmp_path, personal_2023=personnel(lambda rows: rows.append(rows[3][:])))
    [p] = with_rule(problems, "dubblett-anställd-månad")
    assert where(p) == ("personal_2023.xlsx", "Personal", repeated, "B", "Anställd")
    assert p.is_error and "personal_2023.xlsx, blad Personal, rad 4" in p.message


def test_an_employee_in_two_forvaltningar_in_one_month_is_the_same_duplicate(tmp_path):
    def change(rows):
        rows.append([*rows[1][:2], "BUF", *rows[1][3:]])
    [p] = with_rule(problems_of(tmp_path, personal_2023=personnel(change)), "dubblett-anställd-månad")
    assert where(p)[2:4] == (len(personnel_rows(2023)) + 1, "B")
    assert "annan förvaltning" in p.message and "rad 2" in p.message


def test_an_employee_month_repeated_in_another_file_of_the_source_names_the_first_file(tmp_path):
    folder = write_inputs(tmp_path / "input", texter=False, **FINANCE)
    row = personnel_rows(2023)[5]
    write_xlsx(folder / "personal_2023_rattelse.xlsx", {"Personal": [personnel_rows(2023)[0], row]})
    problems = staff_problems(folder)
    [p] = with_rule(problems, "dubblett-anställd-månad")
    assert where(p) == ("personal_2023_rattelse.xlsx", "Personal", 2, "B", "Anställd")
    assert "personal_2023.xlsx, blad Personal, rad 6" in p.message


def test_many_duplicates_are_capped_with_a_count(tmp_path):
    extra = MAX_PROBLEMS_PER_COLUMN + 5
    problems = problems_of(tmp_path, personal_2023=personnel(lambda rows: rows.extend(r[:] for r in rows[1:1 + extra])))
    found = with_rule(problems, "dubblett-anställd-månad")
    assert len(found) == MAX_PROBLEMS_PER_COLUMN + 1
    assert found[-1].location.row is None and "5 rader till" in found[-1].message


def test_the_same_employment_twice_names_both_rows(tmp_path):
    problems = problems_of(tmp_path, anstallningar=employments(lambda rows: rows.append(rows[13][:])))
    [p] = with_rule(problems, "dubblett-anställning")
    assert where(p) == ("anstallningar.xlsx", "Anställningar", len(EMPLOYMENTS) + 1, "A", "Anställd")
    assert p.is_error and "anstallningar.xlsx, blad Anställningar, rad 14" in p.message


def test_an_employment_repeated_in_another_file_of_the_source(tmp_path):
    folder = write_inputs(tmp_path / "input", texter=False, **FINANCE)
    write_xlsx(folder / "anstallningar_tillagg.xlsx", {"Anställningar": [EMPLOYMENTS[0], EMPLOYMENTS[2]]})
    problems = staff_problems(folder)
    [p] = with_rule(problems, "dubblett-anställning")
    assert where(p)[:3] == ("anstallningar_tillagg.xlsx", "Anställningar", 2)
    assert "anstallningar.xlsx, blad Anställningar, rad 3" in p.message


def test_two_employments_of_one_person_are_legitimate(tmp_path):
    def change(rows):
        rows.append([rows[1][0], "KLF", "Tillsvidare", "Handläggare", dt.datetime(2023, 2, 1), None, None])
        rows.append([rows[2][0], "KLF", "Timavlönad", "Handläggare", rows[2][4], None, None])   # same day, hourly
    problems = problems_of(tmp_path, anstallningar=employments(change))
    assert with_rule(problems, "dubblett-anställning") == []


def test_a_survey_row_repeated_with_the_same_value_is_a_warning(tmp_path):
    problems = problems_of(tmp_path, medarbetarenkat=survey(lambda rows: rows.append(rows[3][:])))
    [p] = with_rule(problems, "dubblett-enkät")
    assert where(p) == ("medarbetarenkat.xlsx", "Index", len(SURVEY) + 1, "A", "År")
    assert p.severity is Severity.WARNING and "medarbetarenkat.xlsx, blad Index, rad 4" in p.message
    assert with_rule(problems, "enkät-motstridig") == []


def test_a_conflicting_survey_row_is_an_error_at_its_value(tmp_path):
    def change(rows):
        rows.append([2023, "klf", "hme", 60])               # row 4 says KLF's HME 2023 is 77
    problems = problems_of(tmp_path, medarbetarenkat=survey(change))
    [p] = with_rule(problems, "enkät-motstridig")
    assert where(p) == ("medarbetarenkat.xlsx", "Index", len(SURVEY) + 1, "D", "Värde")
    assert p.is_error and "rad 4" in p.message
    assert with_rule(problems, "dubblett-enkät") == []


# --- no cell value of an HR file in any message ---------------------------------------------------

PERSONNUMMER, KEY = "19781231-1234", "A04711"


def assert_no_value_in(problems: list) -> None:
    for p in problems:
        for text in (p.describe(), p.message, p.hint):
            assert PERSONNUMMER not in text and KEY not in text and "1978" not in text, p.describe()


def test_no_message_about_an_hr_file_holds_a_cell_value(tmp_path):
    def spoil_personnel(rows):
        rows[2][3] = PERSONNUMMER                 # Kön: an unknown code
        rows[3][2] = KEY                          # Förvaltning: an unknown code
        rows[4][5] = KEY                          # Anställningsform
        rows[5][7] = PERSONNUMMER                 # Arbetstid: not a number
        rows.append(rows[6][:])                   # row 7 again

    def spoil_employments(rows):
        rows[13][6] = PERSONNUMMER                # Avgångsorsak of an ended permanent employment
        rows[1][1] = KEY                          # Förvaltning
        rows[2][5] = PERSONNUMMER                 # Slutdatum: not a date
        rows.append(rows[3][:])

    def spoil_survey(rows):
        rows[1][1] = KEY                          # Enhet
        rows[2][2] = PERSONNUMMER                 # Index
        rows.append([2023, "KLF", "Chefsfrågor", 1978])   # conflicts with row 7

    problems = problems_of(tmp_path, personal_2023=personnel(spoil_personnel),
                           anstallningar=employments(spoil_employments), medarbetarenkat=survey(spoil_survey))
    assert_no_value_in(problems)
    found = {(p.rule, p.location.file, p.location.row, p.location.column) for p in problems}
    assert found >= {
        ("kön-okänt", "personal_2023.xlsx", 3, "D"), ("kod-okänd", "personal_2023.xlsx", 4, "C"),
        ("anställningsform-okänd", "personal_2023.xlsx", 5, "F"), ("tal-ogiltigt", "personal_2023.xlsx", 6, "H"),
        ("dubblett-anställd-månad", "personal_2023.xlsx", len(personnel_rows(2023)) + 1, "B"),
        ("orsak-okänd", "anstallningar.xlsx", 14, "G"), ("kod-okänd", "anstallningar.xlsx", 2, "B"),
        ("datum-ogiltigt", "anstallningar.xlsx", 3, "F"),
        ("dubblett-anställning", "anstallningar.xlsx", len(EMPLOYMENTS) + 1, "A"),
        ("enhet-okänd", "medarbetarenkat.xlsx", 2, "B"), ("index-okänt", "medarbetarenkat.xlsx", 3, "C"),
        ("enkät-motstridig", "medarbetarenkat.xlsx", len(SURVEY) + 1, "D"),
    }


def test_an_unknown_code_is_named_by_its_column_and_the_known_codes_are_listed(tmp_path):
    problems = problems_of(tmp_path, personal_2023=personnel(lambda rows: rows[2].__setitem__(3, "X")))
    [p] = with_rule(problems, "kön-okänt")
    assert p.message == 'Koden i kolumnen "Kön" är okänd.'
    assert "för kvinna: k, kvinna; för man: m, man" in p.hint


def test_a_whole_unknown_forvaltning_is_one_problem_at_its_first_row(tmp_path):
    def change(rows):
        for row in rows[1:]:
            if row[2] == "BUF":
                row[2] = KEY
    [p] = with_rule(problems_of(tmp_path, personal_2023=personnel(change)), "kod-okänd")
    assert where(p)[2:4] == (14, "C") and "5 rader till" in p.message and "BUF, KLF" in p.hint


def test_no_period_or_birth_year_cell_is_quoted(tmp_path):
    def spoil(rows):
        rows[2][4] = PERSONNUMMER                 # Födelseår: a personnummer typed in
        rows[3][0] = f"{KEY}-13"                  # Period
    problems = problems_of(tmp_path, personal_2023=personnel(spoil))
    assert {(p.rule, p.location.row) for p in problems} >= {("år-ogiltigt", 3), ("period-ogiltig", 4)}
    assert_no_value_in(problems)


# --- the workbook's leavers per title: the small-group rule ------------------------------------

def test_titles_of_small_groups_are_merged_and_never_a_lone_one():
    leavers = {"Handläggare": 3, "Tekniker": 2, "Jurist": 1, "Registrator": 1}
    big = {"Handläggare": 30.0, "Tekniker": 12.5, "Jurist": 25.0, "Registrator": 11.0}
    assert staff.title_breakdown(leavers, big, 10) == (
        ("Handläggare", 3), ("Tekniker", 2), ("Jurist", 1), ("Registrator", 1))
    one_small = {**big, "Jurist": 3.0}
    # Jurist alone hidden would be the total minus the rest: Registrator (the smallest shown) joins it.
    assert staff.title_breakdown(leavers, one_small, 10) == (
        ("Handläggare", 3), ("Tekniker", 2), (staff.OTHER_TITLES, 2))
    two_small = {**big, "Jurist": 3.0, "Handläggare": 10.0}          # at the limit is small
    assert staff.title_breakdown(leavers, two_small, 10) == (
        ("Tekniker", 2), ("Registrator", 1), (staff.OTHER_TITLES, 4))
    assert staff.title_breakdown(leavers, big, 12) == (
        ("Handläggare", 3), ("Jurist", 1), (staff.OTHER_TITLES, 3))       # the limit is the setting


def test_the_workbook_names_no_title_of_a_small_group(tmp_path):
    def change(rows):        # a title of eleven, of whom one leaves; a title of three, of whom one leaves
        rows += [[f"H{i:02d}", "KLF", "Tillsvidare", "Controller", dt.datetime(2015, 1, 1),
                  dt.datetime(2023, 1, 31) if i == 0 else None, "Egen begäran" if i == 0 else None]
                 for i in range(12)]
        rows += [[f"J{i:02d}", "KLF", "Tillsvidare", "Jurist", dt.datetime(2015, 1, 1),
                  dt.datetime(2023, 1, 31) if i == 0 else None, "Egen begäran" if i == 0 else None]
                 for i in range(3)]
        # BUF's one permanent employee would hide KLF's turnover as well (Kommunen minus KLF):
        # without it BUF has no permanent staff, a known zero.
        rows[:] = [row for row in rows if "BUF" not in row or row[2] != "Tillsvidare"]
    report, problems = build_report(write_inputs(tmp_path / "input", anstallningar=employments(change)))
    assert problems == []
    book = openpyxl.load_workbook(io.BytesIO(reconciliation_workbook(report, problems, datetime(2023, 9, 1))))
    rows = list(book["Avgångar per befattning"].iter_rows(min_row=2, values_only=True))
    now = [(title, count) for scope, period, title, count in rows if period.startswith("2023")]
    # Controller: 12 and 11 at the month ends, shown; Jurist (3) and the tiny fixture's leavers'
    # titles (no one left at a month end) are merged.
    assert now == [("Controller", 1), (staff.OTHER_TITLES, 3)]
    total = next(r for r in book["Personalomsättning"].iter_rows(min_row=2, values_only=True)
                 if r[0] == "KLF" and r[1].startswith("2023"))
    assert total[2] == sum(count for _, count in now)
    shown = {title for title, _ in now} | {title for _, p, title, _ in rows if p.startswith("2022")}
    assert not shown & {"Jurist", "Tekniker IT", "Handläggare ekonomi"}


# --- the cache -------------------------------------------------------------------------------------

def test_an_hr_warning_is_shown_on_every_run_and_stores_no_staff_section(tmp_path):
    folder = write_inputs(tmp_path / "input", medarbetarenkat=survey(lambda rows: rows.append(rows[3][:])))
    for _ in range(2):
        cache = ExportCache(tmp_path / "cache")
        report, problems = build_report(folder, cache=cache)
        cache.close()
        assert [p.rule for p in problems] == ["dubblett-enkät"] and report.personnel is not None
        assert not cache.staff_used
        assert list((tmp_path / "cache").glob("personalavsnitt--*")) == []


def test_the_cached_staff_section_holds_no_title_the_report_does_not(tiny, tmp_path):
    cache = ExportCache(tmp_path / "cache")
    report, _ = build_report(tiny, cache=cache)
    cache.close()
    [entry] = (tmp_path / "cache").glob("personalavsnitt--*.json")
    stored = json.loads(unframed(entry.name, entry.read_bytes()))["KS"]["turnover"]
    fields = set(staff.Turnover.__dataclass_fields__)
    latest = max(t["period"] for t in stored)
    for turnover in stored:
        assert set(turnover) == fields                         # no per-title head count is kept
        if turnover["period"] != latest:                       # the sentence lists this year's leavers only
            assert turnover["titles"] == []
            continue
        named = {title for title, _ in turnover["titles"]}
        assert {title for title, _ in turnover["titles_grouped"]} <= named | {staff.OTHER_TITLES}
        assert sum(n for _, n in turnover["titles_grouped"]) == sum(n for _, n in turnover["titles"])
    assert any(t["titles_grouped"] for t in stored)
