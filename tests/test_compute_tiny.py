"""The whole build on a tiny input whose every figure is computed by hand below."""

import pandas as pd
import pytest

from pipeline.orchestrator import build_report


@pytest.fixture
def report(tiny):
    built, problems = build_report(tiny)
    assert [p.describe() for p in problems] == []
    return built


def cell(table, row, column):
    value = table.loc[row, column]
    return None if pd.isna(value) else int(value)


def test_period_defaults_to_latest_ledger_month(report):
    assert report.period.label == "2023-02"


def test_resultatrakning_sums_unrounded_ore_with_printed_sign(report):
    rr = report.units[0].rr
    assert cell(rr, "Personalkostnader", "utfall") == -100_000          # 5011: 1 000,00 kr cost
    assert cell(rr, "Bidrag (intäkter)", "utfall") == 20_000            # 3510: -200,00 kr debit
    assert cell(rr, "Köp av verksamhet", "utfall") == -42_050           # 300,50 + 120,00
    assert cell(rr, "Kapitaltjänstkostnader", "utfall") == -1_000       # 8450 override, not excluded
    assert cell(rr, "Summa intäkter", "utfall") == 20_000
    assert cell(rr, "Summa kostnader", "utfall") == -143_050
    assert cell(rr, "Summa totalt (mnkr)", "utfall") == -123_050


def test_empty_cells_stay_empty_and_previous_year_columns_follow_the_period(report):
    rr = report.units[0].rr
    assert cell(rr, "Taxor och avgifter", "bokslut_fg") == 5_000        # October 2022 counts in bokslut
    assert cell(rr, "Personalkostnader", "bokslut_fg") == -120_000
    assert cell(rr, "Personalkostnader", "utfall_fg") is None            # nothing in jan-feb 2022
    assert cell(rr, "Summa totalt (mnkr)", "utfall_fg") is None
    assert cell(rr, "Lokalhyror", "budget") is None


def test_budget_forecast_and_deviation(report):
    rr, dr = report.units[0].rr, report.units[0].dr
    assert cell(rr, "Summa totalt (mnkr)", "budget") == -410_000
    assert cell(rr, "Summa totalt (mnkr)", "prognos") == -370_000        # tkr in the forecast file
    assert cell(rr, "Summa totalt (mnkr)", "avvikelse") == 40_000
    assert cell(rr, "Bidrag (intäkter)", "avvikelse") == 0               # 0,5 tkr against 500 kr
    assert cell(dr, "Förvaltning", "utfall") == -81_000                  # -1000 + 200 - 10
    assert cell(dr, "Politisk verksamhet", "utfall") == -30_050
    assert cell(dr, "Räddningstjänst", "utfall") == -12_000              # matched by verksamhet 2600
    assert cell(dr, "Totalt (mnkr)", "avvikelse") == 40_000


def test_other_units_are_excluded_and_kf_has_its_own_tables(report):
    kf = report.units[1]
    assert kf.unit == "KF"
    assert cell(kf.rr, "Personalkostnader", "utfall") == -5_000
    assert cell(kf.rr, "Summa intäkter", "utfall") is None
    totals = [cell(t.rr, t.rr.index[-1], "utfall") for t in report.units]
    assert -99_900 not in totals                                           # BUN's 999 kr is nowhere


def test_investments_per_group(report):
    inv = report.units[0].investments
    assert cell(inv, "Reinvesteringar IT", "budget") == -100_000
    assert cell(inv, "Reinvesteringar IT", "utfall") == -40_000
    assert cell(inv, "Diverse inventarier", "utfall") is None
    assert cell(inv, "Totalt (mnkr)", "prognos") == -90_000
    assert cell(inv, "Totalt (mnkr)", "avvikelse") == 20_000


def test_key_figures(report):
    k = report.key_figures
    assert (k.budget, k.utfall, k.prognos, k.deviation) == (410_000, 123_050, 370_000, 40_000)
    assert (k.ursprunglig_budget, k.andringsbudget) == (350_000, 60_000)
    assert k.forbrukning == pytest.approx(1230.50 / 4100)
    assert (k.investment_budget, k.investment_deviation) == (110_000, 20_000)


def test_all_checks_pass_and_each_compares_two_sources(report):
    assert report.checks and all(c.passed for c in report.checks)
    ids = {c.check_id for c in report.checks}
    assert {"KS:rr:utfall", "KS:dr:utfall", "KS:rader:utfall", "KS:budget:andring",
            "KS:rr:prognos", "KS:inv:utfall", "KF:rr:budget"} <= ids
    assert all(c.expected_source != c.actual_source for c in report.checks)


def test_printed_headers_follow_the_period(report):
    assert report.printed["rr"].header == (
        "Intäkter / Kostnader (mnkr)", "Bokslut 2022", "Utfall jan-feb 2022", "Utfall jan-feb 2023",
        "Budget 2023", "Prognos helår 2023", "Avvikelse prognos mot budget")
    assert report.printed["kf_rr"].rows[-1].label == "Summa totalt (mnkr)"


def test_requested_earlier_period_recomputes_columns(tiny):
    built, problems = build_report(tiny, "2023-01")
    assert problems == []
    assert built.printed["dr"].header[3] == "Utfall jan 2023"
    assert cell(built.units[0].rr, "Summa totalt (mnkr)", "utfall") == -100_000


def test_ledger_rows_that_differ_only_in_unused_fields_are_summed_exactly():
    from pipeline.read.catalog import LEDGER
    from pipeline.validate.exports import summed_rows

    def row(rad, konto, belopp, text):
        return {"fil": "hb.xlsx", "rad": rad, "ar": 2023, "manad": 2, "konto": konto, "ansvar": "12100",
                "verksamhet": "1200", "aktivitet": "", "projekt": "", "motpart": "000",
                "verifikation": f"V{rad}", "datum": "", "text": text, "belopp": belopp}
    rows = pd.DataFrame([row(7, "4610", 30_050, "a"), row(2, "5011", 100_000, "b"),
                         row(9, "4610", 12_000, "c"), row(4, "4610", -1, "d")])
    summed = summed_rows(rows, LEDGER)
    assert summed[["rad", "sista_rad", "rader", "konto", "belopp"]].values.tolist() == [
        [2, 2, 1, "5011", 100_000],           # in the order of their first Excel rows
        [4, 9, 3, "4610", 42_049],
    ]
    assert "text" not in summed and "verifikation" not in summed
