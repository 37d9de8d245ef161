"""Sick leave and turnover definitions on tiny hand-computed inputs; bad HR input with locations."""

import datetime as dt

import pandas as pd
import pytest
from conftest import EMPLOYMENTS, PERSONNEL_HEAD, personnel_rows, write_inputs, write_inputs_without_buf

from pipeline.compute import personnel as staff
from pipeline.orchestrator import build_report
from pipeline.settings import PersonnelSettings

SETTINGS = PersonnelSettings(
    forvaltningar=("KLF",), women=frozenset({"k"}), men=frozenset({"m"}), permanent=frozenset({"tillsvidare"}),
    temporary=frozenset({"visstid"}), hourly=frozenset({"timavlönad"}),
    reasons=frozenset({"egen begäran", "pension", "intern förflyttning"}),
    internal_reasons=frozenset({"intern förflyttning"}), retirement_reasons=frozenset({"pension"}),
    count_retirements=True, max_suppressed_group=10)


def people(rows: list[tuple]) -> pd.DataFrame:
    """rows: (key, kön, födelseår, arbetstid, sjuktimmar, sjuktimmar_60), all in KLF, 2023-01."""
    return pd.DataFrame([{"anstalld": k, "forvaltning": "KLF", "kon": sex, "fodelsear": born,
                          "anstallningsform": "Tillsvidare", "befattning": "Handläggare", "arbetstid": hours,
                          "sjuktimmar": sick, "sjuktimmar_60": long, "ar": 2023, "manad": 1}
                         for k, sex, born, hours, sick, long in rows])


def group(groups, name):
    return next(g for g in groups if g.group == name)


def test_long_term_share_is_of_total_sick_leave_not_of_working_time():
    rows = [(f"K{i}", "K", 1980, 100, 0, 0) for i in range(10)]
    rows += [("A", "K", 1980, 100, 30, 30), ("B", "K", 1980, 100, 10, 10), ("C", "K", 1980, 100, 20, 0)]
    total = group(staff.sick_leave_groups(people(rows), "KLF", 2023, 1, SETTINGS), "Totalt")
    assert total.rate == pytest.approx(60 / 1300)
    assert total.long_share == pytest.approx(40 / 60)          # not 40 / 1300
    assert total.long_rate == pytest.approx(40 / 1300)
    assert total.short_rate == pytest.approx(20 / 1300)


def test_age_groups_and_sexes_against_their_own_working_time():
    young = [(f"Y{i}", "K", 2000, 100, 5 if i < 2 else 0, 0) for i in range(11)]      # 23 years old
    old = [(f"O{i}", "M", 1960, 200, 20 if i < 2 else 0, 0) for i in range(11)]       # 63 years old
    groups = staff.sick_leave_groups(people(young + old), "KLF", 2023, 1, SETTINGS)
    assert group(groups, "29 år eller yngre").rate == pytest.approx(10 / 1100)      # not 10 / 3300
    assert group(groups, "50 år eller äldre").rate == pytest.approx(40 / 2200)
    assert group(groups, "Kvinnor").rate == pytest.approx(10 / 1100)
    assert group(groups, "Män").rate == pytest.approx(40 / 2200)
    assert group(groups, "Totalt").rate == pytest.approx(50 / 3300)


def test_a_group_of_exactly_ten_is_suppressed_and_eleven_is_shown():
    women = [(f"K{i}", "K", 1980, 100, 4 if i < 3 else 0, 0) for i in range(10)]
    men = [(f"M{i}", "M", 1980, 100, 4 if i < 3 else 0, 0) for i in range(11)]
    groups = staff.sick_leave_groups(people(women + men), "KLF", 2023, 1, SETTINGS)
    assert group(groups, "Kvinnor").suppressed and group(groups, "Kvinnor").rate is None
    assert "10 eller färre" in group(groups, "Kvinnor").reason
    # Complementary: with women hidden, men's figure and the total would give women's away.
    assert group(groups, "Män").suppressed and "annan dold uppgift inte kan räknas fram" in group(groups, "Män").reason
    eleven = [(f"K{i}", "K", 1980, 100, 4 if i < 3 else 0, 0) for i in range(11)]
    groups = staff.sick_leave_groups(people(eleven + men), "KLF", 2023, 1, SETTINGS)
    assert not group(groups, "Kvinnor").suppressed and group(groups, "Kvinnor").rate == pytest.approx(12 / 1100)
    assert not group(groups, "Män").suppressed


def test_a_figure_that_points_to_one_person_is_suppressed():
    rows = [(f"K{i}", "K", 1980, 100, 8 if i == 0 else 0, 0) for i in range(15)]
    total = group(staff.sick_leave_groups(people(rows), "KLF", 2023, 1, SETTINGS), "Totalt")
    assert total.suppressed and "enskild person" in total.reason


def test_one_long_term_case_hides_both_long_and_short_term_rates():
    rows = [(f"K{i}", "K", 1980, 100, 5, 0) for i in range(12)] + [("L", "K", 1980, 100, 50, 50)]
    total = group(staff.sick_leave_groups(people(rows), "KLF", 2023, 1, SETTINGS), "Totalt")
    assert total.rate == pytest.approx(110 / 1300)
    assert total.long_share is None and total.long_rate is None and total.short_rate is None


def test_hourly_paid_without_schedule_are_outside_the_population():
    rows = [(f"K{i}", "K", 1980, 100, 5 if i < 2 else 0, 0) for i in range(11)] + [("T", "K", 1980, 0, 0, 0)]
    total = group(staff.sick_leave_groups(people(rows), "KLF", 2023, 1, SETTINGS), "Totalt")
    assert total.employees == 11


def employments(rows):
    return pd.DataFrame([{"anstalld": k, "forvaltning": unit, "anstallningsform": form, "befattning": title,
                          "startdatum": pd.Timestamp(start), "slutdatum": pd.Timestamp(end) if end else pd.NaT,
                          "avgangsorsak": reason} for k, unit, form, title, start, end, reason in rows])


STAFF = [(f"P{i}", "KLF", "Tillsvidare", "Handläggare", "2010-01-01", None, "") for i in range(18)]


def test_turnover_counts_leavers_over_the_mean_of_month_end_permanent_staff():
    rows = STAFF + [
        ("A", "KLF", "Tillsvidare", "Handläggare ekonomi", "2010-01-01", "2022-12-31", "Egen begäran"),
        ("B", "KLF", "Tillsvidare", "Tekniker IT", "2010-01-01", "2023-01-31", "Pension"),
        ("C", "KLF", "Tillsvidare", "Tekniker IT", "2010-01-01", "2023-01-15", "Intern förflyttning"),
        ("D", "KLF", "Visstid", "Vikarie", "2022-06-01", "2023-01-31", "Visstid upphör"),
        ("E", "KLF", "Tillsvidare", "Handläggare", "2010-01-01", "2023-02-28", "Egen begäran"),
    ]
    result = staff.turnover(employments(rows), "KLF", 2023, 2, SETTINGS)
    # A (31/12: leaves 1 January) and B (retirement) count; C moved internally; D is not permanent;
    # E's first day away is 1 March, after the period.
    assert result.leavers == 2
    assert result.average_permanent == pytest.approx((20 + 19) / 2)    # 31 Jan: P*18, B, E; 28 Feb: P*18, E
    assert result.rate == pytest.approx(2 / 19.5)
    assert result.titles == (("Handläggare ekonomi", 1), ("Tekniker IT", 1))


def test_turnover_without_retirements_is_a_setting():
    from dataclasses import replace
    rows = STAFF + [("B", "KLF", "Tillsvidare", "Tekniker IT", "2010-01-01", "2023-01-31", "Pension")]
    result = staff.turnover(employments(rows), "KLF", 2023, 2, replace(SETTINGS, count_retirements=False))
    assert result.leavers == 0 and not result.retirements_included


def test_kommunen_scope_spans_every_forvaltning():
    rows = STAFF + [("Q", "BUF", "Tillsvidare", "Lärare", "2010-01-01", "2023-01-10", "Egen begäran")]
    assert staff.turnover(employments(rows), "KLF", 2023, 2, SETTINGS).leavers == 0
    assert staff.turnover(employments(rows), staff.KOMMUNEN, 2023, 2, SETTINGS).leavers == 1


# --- bad HR input: located, Swedish, no personal data in the message --------------------------

def hr_problems(tmp_path, rule, **replace):
    folder = write_inputs(tmp_path, **replace)
    _, problems = build_report(folder)
    found = [p for p in problems if p.rule == rule]
    for p in problems:
        assert "K01" not in p.describe() and "1971" not in p.describe()
    return found


def personnel_with(change) -> dict:
    rows = [r[:] for r in personnel_rows(2023)]
    change(rows)
    return {"Personal": rows}


def test_negative_hours(tmp_path):
    [p] = hr_problems(tmp_path, "timmar-negativa",
                      personal_2023=personnel_with(lambda r: r[2].__setitem__(8, -3)))
    assert (p.location.file, p.location.row, p.location.column) == ("personal_2023.xlsx", 3, "I")


def test_sick_hours_above_working_hours(tmp_path):
    [p] = hr_problems(tmp_path, "timmar-omöjliga",
                      personal_2023=personnel_with(lambda r: r[2].__setitem__(8, 170)))
    assert (p.location.row, p.location.column, p.location.header) == (3, "I", "Sjuktimmar")


def test_unknown_sex_and_employment_form_codes(tmp_path):
    def change(rows):
        rows[4][3] = "X"
        rows[5][5] = "Provanställd"
    folder = write_inputs(tmp_path, personal_2023=personnel_with(change))
    _, problems = build_report(folder)
    sex = next(p for p in problems if p.rule == "kön-okänt")
    form = next(p for p in problems if p.rule == "anställningsform-okänd")
    assert (sex.location.row, sex.location.column) == (5, "D")
    assert (form.location.row, form.location.column) == (6, "F")
    assert "Provanställd" not in form.message


def test_missing_birth_year(tmp_path):
    [p] = hr_problems(tmp_path, "år-ogiltigt", personal_2023=personnel_with(lambda r: r[3].__setitem__(4, None)))
    assert (p.location.row, p.location.column, p.location.header) == (4, "E", "Födelseår")


def test_one_employee_in_two_forvaltningar_in_one_month(tmp_path):
    def change(rows):
        rows.append(["2023-01", "K01", "BUF", "K", 1971, "Tillsvidare", "Handläggare", 10, 0, 0])
    [p] = hr_problems(tmp_path, "dubblett-anställd-månad", personal_2023=personnel_with(change))
    assert (p.location.column, p.location.row) == ("B", len(personnel_rows(2023)) + 1)
    assert "annan förvaltning" in p.message and "rad 2" in p.message


def test_leaving_date_before_start(tmp_path):
    rows = [r[:] for r in EMPLOYMENTS]
    rows[13][5] = dt.datetime(2009, 1, 1)
    [p] = hr_problems(tmp_path, "datum-omöjligt", anstallningar={"Anställningar": rows})
    assert (p.location.file, p.location.row, p.location.column) == ("anstallningar.xlsx", 14, "F")


def test_hr_period_outside_the_report_years(tmp_path):
    [p] = hr_problems(tmp_path, "period-utanför-året",
                      personal_2023=personnel_with(lambda r: r[1].__setitem__(0, "2020-01")))
    assert (p.location.file, p.location.row, p.location.column) == ("personal_2023.xlsx", 2, "A")


def test_survey_and_history_rows_for_unknown_units(tmp_path):
    from conftest import INDICATORS, SURVEY
    survey = [r[:] for r in SURVEY] + [[2023, "XYZ", "HME", 70]]
    indicators = {"Indikatorer": INDICATORS["Indikatorer"], "Historik": INDICATORS["Historik"] + [["Okänd", 2022, 1]]}
    folder = write_inputs(tmp_path, medarbetarenkat={"Index": survey}, indikatorer=indicators)
    _, problems = build_report(folder)
    unit = next(p for p in problems if p.rule == "enhet-okänd")
    history = next(p for p in problems if p.rule == "indikator-okänd")
    assert (unit.location.file, unit.location.row, unit.location.column) == ("medarbetarenkat.xlsx", 8, "B")
    assert (history.location.sheet, history.location.row) == ("Historik", 6)


def test_staff_section_in_the_tiny_report(tmp_path):
    """The tiny kommun without BUF (whose three employees would hide KLF as well: test_disclosure):
    KLF's figures are printed."""
    report, problems = build_report(write_inputs_without_buf(tmp_path / "input"))
    assert problems == []
    klf = next(s for s in report.personnel.sick_leave if s.scope == "KLF" and s.group == "Totalt"
               and s.period.startswith("2023"))
    assert klf.rate == pytest.approx(56 / 3840)
    assert report.personnel.texts["personalomsattning"].startswith(
        "Den externa personalomsättningen inom kommunledningsförvaltningen är 16,0 procent")
    nämnd = report.personnel.goals[1].tables[0]
    assert nämnd.rows[0].cells == ("4,6\u00a0%", "", "4,3\u00a0%", "1,5\u00a0%", "4,0\u00a0%")
    assert PERSONNEL_HEAD[1] == "Anställd"


def test_the_laws_seven_key_figures_print_in_a_year_end_report_only(tiny):
    from dataclasses import replace

    from pipeline.compute.period import Period
    from pipeline.render.output import personnel_context

    report, _ = build_report(tiny)
    table = report.personnel.key_figures
    assert [r.label for r in table.rows] == [
        "Total sjukfrånvaro", "Andel sjukfrånvaro 60 dagar eller mer", "Kvinnor", "Män",
        "29 år eller yngre", "30–49 år", "50 år eller äldre"]
    assert table.rows[0].cells == ("2,6\u00a0%", "2,6\u00a0%")            # 116 of 4 440 hours, both years
    assert table.rows[2].cells == ("–", "–")                  # 9 women: at most ten, not shown
    assert personnel_context(report)["lagtabell"] is False
    december = personnel_context(replace(report, period=Period(2023, 12)))
    assert december["lagtabell"] is True and december["fotnot"].startswith("– betyder")
