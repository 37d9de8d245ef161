"""Sick hours from absence cases (pipeline/compute/absence.py, docs/absence.md): each rule on a
tiny input, properties over generated cases, and bad input located in Swedish without a person's
key or dates."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from conftest import EMPLOYMENTS, write_inputs
from hypothesis import given, settings as hypothesis_settings, strategies as st

from pipeline.classify.rules import rules_from_tables
from pipeline.compute import absence
from pipeline.personnel import staff_tables
from pipeline.read.inputs import read_inputs

PERIOD_END = dt.date(2023, 8, 31)
HOLIDAYS = absence.working_day_holidays(2021, 2023)
FULL_DAY = 8.0          # 40 hours a week, full time


def employment(key="E1", grade=1.0, start="2015-01-01", end=None, unit="KLF"):
    return {"anstalld": key, "forvaltning": unit, "kon": "K", "fodelsear": 1980, "anstallningsform": "Tillsvidare",
            "startdatum": pd.Timestamp(start), "slutdatum": pd.Timestamp(end) if end else pd.NaT,
            "sysselsattningsgrad": grade}


def case(first, last=None, share=1.0, key="E1"):
    return {"anstalld": key, "fran": pd.Timestamp(first), "till": pd.Timestamp(last) if last else pd.NaT,
            "omfattning": share}


def months(cases, employments=None, first_year=2022, period_end=PERIOD_END, relapse=5) -> pd.DataFrame:
    employments = pd.DataFrame(employments or [employment()])
    frame = pd.DataFrame(cases, columns=["anstalld", "fran", "till", "omfattning"])
    return absence.personnel_months(employments, frame, first_year, period_end, 40.0, relapse, HOLIDAYS)


def totals(rows: pd.DataFrame) -> tuple[float, float]:
    return float(rows["sjuktimmar"].sum()), float(rows["sjuktimmar_60"].sum())


def working_days(first: str, last: str) -> int:
    return int(np.busday_count(np.datetime64(first), np.datetime64(last) + 1, holidays=HOLIDAYS))


# --- scheduled and sick hours ------------------------------------------------------------------

def test_scheduled_hours_are_working_days_without_public_holidays_times_the_grade():
    rows = months([], [employment(grade=0.75)])
    january = rows[(rows["ar"] == 2023) & (rows["manad"] == 1)]
    # January 2023: 22 weekdays, one of them trettondedag jul (Friday 6 January)
    assert working_days("2023-01-01", "2023-01-31") == 21
    assert float(january["arbetstid"].iloc[0]) == 21 * FULL_DAY * 0.75


def test_a_sick_day_on_a_public_holiday_has_no_hours_and_a_day_before_it_has_its_share():
    assert totals(months([case("2023-01-06", "2023-01-06")])) == (0.0, 0.0)
    assert totals(months([case("2023-01-05", "2023-01-05", 0.25)])) == (FULL_DAY * 0.25, 0.0)


def test_a_case_outside_the_employment_counts_only_its_employed_days():
    rows = months([case("2023-03-01", "2023-03-31")], [employment(start="2023-03-20")])
    assert totals(rows)[0] == working_days("2023-03-20", "2023-03-31") * FULL_DAY


# --- 60-day spells -----------------------------------------------------------------------------

def test_spells_of_59_60_and_61_days():
    first = dt.date(2023, 2, 1)
    for length, long in ((59, False), (60, True), (61, True)):
        sick, long_hours = totals(months([case(first, first + dt.timedelta(days=length - 1))]))
        assert sick > 0 and (long_hours == sick) is long and (long_hours == 0) is not long


def test_a_case_5_days_after_the_last_ends_continues_the_spell_and_6_days_after_starts_a_new_one():
    # 40 days, then 20 days after a gap: one spell of 40 + gap + 20 days with a 5-day gap.
    for gap, long in ((5, True), (6, False)):
        second = dt.date(2023, 3, 11) + dt.timedelta(days=gap)       # the first case ends 2023-03-11
        sick, long_hours = totals(months([case("2023-01-31", "2023-03-11"),
                                          case(second, second + dt.timedelta(days=19))]))
        assert (long_hours == sick) is long and (long_hours == 0) is not long


def test_the_gap_is_a_setting():
    cases = [case("2023-01-31", "2023-03-11"), case("2023-03-18", "2023-04-06")]      # 7 days after
    assert totals(months(cases, relapse=5))[1] == 0
    assert totals(months(cases, relapse=7))[1] == totals(months(cases, relapse=7))[0] > 0


def test_two_overlapping_part_time_cases_add_up_and_make_one_spell():
    rows = months([case("2023-02-01", "2023-03-15", 0.5), case("2023-03-01", "2023-04-10", 0.5)])
    both = working_days("2023-03-01", "2023-03-15")
    one = working_days("2023-02-01", "2023-04-10") - both
    assert totals(rows) == (FULL_DAY * (both + 0.5 * one),) * 2          # 69 days: all long-term


def test_an_open_case_ends_on_the_periods_last_day():
    since_june = months([case("2023-06-01")])                      # 92 days by 31 August: long
    assert totals(since_june) == (working_days("2023-06-01", "2023-08-31") * FULL_DAY,) * 2
    since_july = months([case("2023-07-15")])                      # 48 days: not (yet) long
    assert totals(since_july) == (working_days("2023-07-15", "2023-08-31") * FULL_DAY, 0.0)
    later = months([case("2023-07-15")], period_end=dt.date(2023, 9, 30))   # 78 days by September
    assert totals(later)[1] == totals(later)[0]


def test_a_spell_across_the_year_boundary_is_long_in_both_years():
    rows = months([case("2022-11-20", "2023-01-20")])              # 62 days
    for year in (2022, 2023):
        sick, long_hours = totals(rows[rows["ar"] == year])
        assert sick > 0 and long_hours == sick


def test_a_spell_that_began_before_the_report_years_counts_its_days_before():
    rows = months([case("2021-11-15", "2022-01-20")], first_year=2022)     # 67 days, 20 in 2022
    assert set(rows.loc[rows["sjuktimmar"] > 0, "ar"]) == {2022}
    assert totals(rows) == (working_days("2022-01-01", "2022-01-20") * FULL_DAY,) * 2


def test_one_person_with_two_employments_gets_the_spell_in_both():
    employments = [employment(grade=0.5), employment(grade=0.5, unit="BUF")]
    rows = months([case("2023-02-01", "2023-04-30")], employments)
    by_unit = rows.groupby("forvaltning")[["sjuktimmar", "sjuktimmar_60"]].sum()
    assert by_unit.loc["KLF"].tolist() == by_unit.loc["BUF"].tolist() and by_unit.loc["KLF", "sjuktimmar_60"] > 0


# --- properties --------------------------------------------------------------------------------

DAY0 = dt.date(2021, 10, 1)


@st.composite
def case_lists(draw):
    cases = []
    for _ in range(draw(st.integers(0, 6))):
        first = DAY0 + dt.timedelta(days=draw(st.integers(0, 700)))
        length = draw(st.integers(1, 120))
        open_end = draw(st.booleans()) and draw(st.booleans())
        cases.append(case(first, None if open_end else first + dt.timedelta(days=length - 1),
                          draw(st.sampled_from((0.25, 0.5, 1.0)))))
    return cases


@hypothesis_settings(max_examples=60, deadline=None)
@given(case_lists(), st.sampled_from((0.5, 1.0)))
def test_long_term_hours_never_exceed_sick_hours_nor_sick_hours_scheduled_hours(cases, grade):
    rows = months(cases, [employment(grade=grade)])
    assert (rows["sjuktimmar_60"] <= rows["sjuktimmar"] + 1e-9).all()
    assert (rows["sjuktimmar"] <= rows["arbetstid"] + 1e-9).all()


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.integers(0, 600), st.integers(2, 150), st.data(), st.sampled_from((0.25, 1.0)))
def test_splitting_a_case_into_two_adjacent_cases_changes_nothing(start, length, data, share):
    first = DAY0 + dt.timedelta(days=start)
    last = first + dt.timedelta(days=length - 1)
    cut = first + dt.timedelta(days=data.draw(st.integers(0, length - 2)))
    whole = months([case(first, last, share)])
    split = months([case(first, cut, share), case(cut + dt.timedelta(days=1), last, share)])
    pd.testing.assert_frame_equal(whole, split)


# --- bad input ---------------------------------------------------------------------------------

ABSENCE_HEAD = ["Anställd", "Orsak", "Från", "Till", "Omfattning"]
SETTINGS_LINES = """
[kallor.franvaro]
filer = ["franvaro*.xlsx"]
blad = ""
rubrikrad = 0
summarad = []

[kallor.franvaro.kolumner]
anstalld = "Anställd"
orsak = "Orsak"
fran = "Från"
till = "Till"
omfattning = "Omfattning"
"""


def absence_employments() -> list[list]:
    head, *rows = EMPLOYMENTS
    return [[*head, "Kön", "Födelseår", "Sysselsättningsgrad"],
            *[[*row, "K" if row[0].startswith("K") else "M", 1975, 1] for row in rows]]


def absence_folder(tmp_path, cases, employments=None):
    folder = write_inputs(tmp_path / "input", texter=False, personal_2022=None, personal_2023=None,
                          anstallningar={"Anställningar": employments or absence_employments()})
    from conftest import write_xlsx
    write_xlsx(folder / "franvaro.xlsx", {"Frånvaro": [ABSENCE_HEAD, *cases]})
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"^\[kallor\.personal\]\n.*?(?=\n\[kallor\.anstallningar\])", "", text, flags=re.S | re.M)
    text = text.replace("[kallor.anstallningar.kolumner]\n", '[kallor.anstallningar.kolumner]\nkon = "Kön"\n'
                        'fodelsear = "Födelseår"\nsysselsattningsgrad = "Sysselsättningsgrad"\n')
    settings.write_text(text + SETTINGS_LINES, encoding="utf-8")
    return folder


def staff_problems(folder) -> list:
    inputs, problems = read_inputs(folder)
    rules, _ = rules_from_tables(inputs.settings_tables)
    _, found = staff_tables(inputs, inputs.settings, rules)
    return problems + found


GOOD = ["K01", "SJK", dt.datetime(2023, 1, 9), dt.datetime(2023, 1, 13), 1]


def test_good_cases_give_no_problem(tmp_path):
    problems = staff_problems(absence_folder(tmp_path, [GOOD, ["K02", "VAB", dt.datetime(2023, 2, 1), None, 1]]))
    assert [p.describe() for p in problems if p.is_error] == []


def located_problems(tmp_path, rows, rule, employments=None):
    problems = staff_problems(absence_folder(tmp_path, rows, employments))
    for p in problems:
        text = p.describe() + p.hint
        assert not re.search(r"K0\d|M0\d|X0\d|2023-0\d-\d\d|1975", text), text
    return [p for p in problems if p.rule == rule]


def where(problem) -> tuple:
    loc = problem.location
    return loc.file, loc.sheet, loc.row, loc.column, loc.header


def test_omfattning_outside_0_to_1_and_a_percent_are_refused_not_guessed(tmp_path):
    rows = [GOOD, [*GOOD[:4], 25], [*GOOD[:4], 0], [*GOOD[:4], "25 %"]]
    problems = staff_problems(absence_folder(tmp_path, rows))
    [over, zero] = [p for p in problems if p.rule == "andel-ogiltig"]
    [percent] = [p for p in problems if p.rule == "tal-ogiltigt"]
    assert [where(p) for p in (over, zero, percent)] == [
        ("franvaro.xlsx", "Frånvaro", row, "E", "Omfattning") for row in (3, 4, 5)]
    assert "0,25 för 25 %" in over.hint


def test_a_to_date_before_the_from_date(tmp_path):
    [p] = located_problems(tmp_path, [GOOD, ["K01", "SJK", dt.datetime(2023, 3, 9), dt.datetime(2023, 3, 1), 1]],
                           "datum-omöjligt")
    assert where(p) == ("franvaro.xlsx", "Frånvaro", 3, "D", "Till")


def test_an_unknown_cause_code(tmp_path):
    [p] = located_problems(tmp_path, [GOOD, ["K02", "XYZ", dt.datetime(2023, 3, 1), None, 1]], "orsak-okänd")
    assert where(p) == ("franvaro.xlsx", "Frånvaro", 3, "B", "Orsak") and "sjk" in p.hint


def test_a_case_of_an_employee_without_employment(tmp_path):
    [p] = located_problems(tmp_path, [["Z99", "SJK", dt.datetime(2023, 3, 1), None, 0.5], GOOD],
                           "anställning-saknas")
    assert where(p) == ("franvaro.xlsx", "Frånvaro", 2, "A", "Anställd")


def test_overlapping_cases_of_one_person_over_100_percent(tmp_path):
    rows = [["K01", "SJK", dt.datetime(2023, 3, 1), dt.datetime(2023, 3, 31), 0.5],
            ["K01", "SJK", dt.datetime(2023, 3, 10), None, 0.75],
            ["K02", "SJK", dt.datetime(2023, 3, 1), dt.datetime(2023, 3, 31), 0.5],     # 0,5 + 0,5: fine
            ["K02", "SJK", dt.datetime(2023, 3, 5), dt.datetime(2023, 3, 6), 0.5],
            ["K03", "SJK", dt.datetime(2023, 3, 1), dt.datetime(2023, 3, 9), 1],         # after each other
            ["K03", "SJK", dt.datetime(2023, 3, 10), dt.datetime(2023, 3, 20), 1]]
    [p] = located_problems(tmp_path, rows, "omfattning-över-100")
    assert where(p) == ("franvaro.xlsx", "Frånvaro", 3, "E", "Omfattning")


def test_employment_columns_of_the_absence_format(tmp_path):
    rows = absence_employments()
    rows[1][-1] = 75                       # a percent: refused
    rows[2][-1] = None                     # missing grade of a permanent employment
    rows[3][-3] = None                     # missing kön
    problems = staff_problems(absence_folder(tmp_path, [GOOD], rows))
    found = {(p.rule, p.location.row, p.location.header) for p in problems if p.is_error}
    assert found == {("andel-ogiltig", 2, "Sysselsättningsgrad"), ("värde-saknas", 3, "Sysselsättningsgrad"),
                     ("värde-saknas", 4, "Kön")}


def test_all_problems_of_the_cases_come_at_once(tmp_path):
    rows = [GOOD, [*GOOD[:4], 2], ["K02", "XYZ", dt.datetime(2023, 3, 1), None, 1],
            ["Z99", "SJK", dt.datetime(2023, 3, 1), dt.datetime(2023, 2, 1), 1]]
    rules = {p.rule for p in staff_problems(absence_folder(tmp_path, rows))}
    assert {"andel-ogiltig", "orsak-okänd", "anställning-saknas", "datum-omöjligt"} <= rules


# --- the HR system's scheduled hours -------------------------------------------------------------

def schedule(rows):
    return pd.DataFrame(rows, columns=["anstalld", "ar", "manad", "arbetstid"])


def test_exported_scheduled_hours_replace_the_grade_and_spread_over_the_working_days():
    february = working_days("2023-02-01", "2023-02-28")            # 20
    employments = pd.DataFrame([employment(grade=1.0)])
    frame = pd.DataFrame([case("2023-02-01", "2023-02-03")], columns=["anstalld", "fran", "till", "omfattning"])
    rows = absence.personnel_months(employments, frame, 2023, PERIOD_END, 40.0, 5, HOLIDAYS,
                                    schedule([["E1", 2023, 2, 100.0]]))
    month = rows[rows["manad"] == 2].iloc[0]
    assert month["arbetstid"] == 100.0 and month["sjuktimmar"] == 3 * 100.0 / february
    march = rows[rows["manad"] == 3].iloc[0]                        # not exported: from the grade
    assert march["arbetstid"] == working_days("2023-03-01", "2023-03-31") * FULL_DAY


def test_exported_hours_of_two_employments_are_shared_by_their_grades():
    employments = pd.DataFrame([employment(grade=0.75), employment(grade=0.25, unit="BUF")])
    frame = pd.DataFrame([], columns=["anstalld", "fran", "till", "omfattning"])
    rows = absence.personnel_months(employments, frame, 2023, PERIOD_END, 40.0, 5, HOLIDAYS,
                                    schedule([["E1", 2023, 2, 120.0]]))
    february = rows[rows["manad"] == 2].set_index("forvaltning")["arbetstid"]
    assert february.to_dict() == {"KLF": 90.0, "BUF": 30.0}


SCHEDULE_LINES = """
[kallor.schema]
filer = ["schema*.xlsx"]

[kallor.schema.kolumner]
period = "Period"
anstalld = "Anställd"
arbetstid = "Arbetstid"
"""


def test_scheduled_hours_of_an_unknown_employee_and_twice_for_one_month(tmp_path):
    folder = absence_folder(tmp_path, [GOOD])
    from conftest import write_xlsx
    write_xlsx(folder / "schema.xlsx", {"Schema": [["Period", "Anställd", "Arbetstid"], ["2023-02", "K01", 160],
                                                   ["2023-02", "Z99", 160], ["2023-02", "K01", 150]]})
    with open(folder / "installningar" / "rapport.toml", "a", encoding="utf-8") as settings:
        settings.write(SCHEDULE_LINES)
    problems = staff_problems(folder)
    found = sorted((p.rule, p.location.row) for p in problems if p.is_error)
    assert found == [("anställning-saknas", 3), ("dubblett-anställd-månad", 4)]
    assert all("K01" not in p.describe() and "Z99" not in p.describe() for p in problems)


def test_scheduled_hours_in_a_month_outside_every_employment_are_refused_not_dropped(tmp_path):
    folder = absence_folder(tmp_path, [GOOD])
    from conftest import write_xlsx
    write_xlsx(folder / "schema.xlsx", {"Schema": [["Period", "Anställd", "Arbetstid"],
                                                   ["2023-01", "X02", 160],     # ends 31 January: fine
                                                   ["2023-01", "X03", 80],      # ends 15 January: fine
                                                   ["2023-03", "X02", 150],     # after it ended
                                                   ["2023-04", "X02", 0]]})     # no hours: nothing lost
    with open(folder / "installningar" / "rapport.toml", "a", encoding="utf-8") as settings:
        settings.write(SCHEDULE_LINES)
    problems = staff_problems(folder)
    [p] = [p for p in problems if p.rule == "schema-utan-anställning"]
    assert p.is_error and where(p) == ("schema.xlsx", "Schema", 4, "A", "Period")
    assert "X02" not in p.describe() and "2023-03" not in p.describe()


def test_both_or_neither_staff_format_is_a_settings_problem(tmp_path):
    folder = absence_folder(tmp_path, [GOOD])
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + '\n[kallor.personal]\nfiler = ["personal_*.xlsx"]\n', encoding="utf-8")
    both = [p for p in staff_problems(folder) if p.rule == "inställning-ogiltig"]
    assert len(both) == 1 and "Både [kallor.personal] och [kallor.franvaro]" in both[0].message
    settings.write_text(re.sub(r"^\[kallor\.franvaro\]\n.*?(?=\Z)", "", text, flags=re.S | re.M), encoding="utf-8")
    neither = [p for p in staff_problems(folder) if p.rule == "inställning-saknas"]
    assert len(neither) == 1 and "Varken [kallor.personal] eller [kallor.franvaro]" in neither[0].message
