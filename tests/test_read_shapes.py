"""Another municipality's export: other headings and order, extra columns, title rows, a sum
row, amounts as Swedish text, periods as 202302 or dates. Only rapport.toml changes."""

import datetime as dt

from conftest import write_inputs
from pipeline.orchestrator import build_report

OTHER_LEDGER = [
    ["Huvudboksutdrag Exempelkommun", None, None, None, None, None, None, None, None],
    ["Uttaget 2023-03-02 08:14", None, None, None, None, None, None, None, None],
    [None] * 9,
    ["Ver.nr", "Kostnadsställe", "Konto (Kommun-Bas)", "Belopp SEK", "Akt", "Period/Månad",
     "Verks", "Extra kolumn", "Motp"],
    ["A1", "12100", 5011, "1\u00a0000,00", "", 202301, "1200", "x", "000"],
    ["A2", "12100", 3510, "-200,00", "", "2023-02", "1200", "x", "000"],
    ["A3", "11010", 4610, 300.5, "", dt.datetime(2023, 2, 28), "1100", "x", "000"],
    ["A4", "13010", 4610, "120", "", "202302", "2600", "x", "000"],
    ["A5", "10100", 5011, "50,00", "", 202302, "1000", "x", "000"],
    ["A6", "12100", 8450, "10", "", 202302, "1200", "x", "000"],
    ["Summa", None, None, "1\u00a0280,50", None, None, None, None, None],
]

OTHER_MAP = '''
[kallor.huvudbok.kolumner]
period = "Period/Månad"
konto = "Konto (Kommun-Bas)"
ansvar = "Kostnadsställe"
verksamhet = "Verks"
aktivitet = "Akt"
projekt = ""
motpart = "Motp"
verifikation = "Ver.nr"
datum = ""
text = ""
belopp = "Belopp SEK"
'''


def _with_other_ledger_map(folder):
    toml = folder / "installningar" / "rapport.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("[kallor.huvudbok.kolumner]")
    end = text.index("[kallor.budget]")
    toml.write_text(text[:start] + OTHER_MAP.strip() + "\n\n" + text[end:], encoding="utf-8")


def _other_inputs(tmp_path):
    """Only the 2023 ledger, in the other municipality's shape (no 2022 file)."""
    return write_inputs(tmp_path / "in", huvudbok_2022=None, huvudbok_2023={"Export": OTHER_LEDGER})


def test_differently_shaped_export_reads_after_a_settings_change(tmp_path):
    folder = _other_inputs(tmp_path)
    _with_other_ledger_map(folder)
    report, problems = build_report(folder)
    assert [p.rule for p in problems] == ["föregående-år-saknas"]
    assert not problems[0].is_error
    rr = report.units[0].rr
    assert int(rr.loc["Personalkostnader", "utfall"]) == -100_000
    assert int(rr.loc["Bidrag (intäkter)", "utfall"]) == 20_000
    assert int(rr.loc["Köp av verksamhet", "utfall"]) == -42_050
    assert int(rr.loc["Summa totalt (mnkr)", "utfall"]) == -123_050      # sum row not counted
    assert int(report.units[1].rr.loc["Personalkostnader", "utfall"]) == -5_000


def test_without_the_settings_change_the_heading_row_is_not_found(tmp_path):
    folder = _other_inputs(tmp_path)
    report, problems = build_report(folder)
    assert report is None
    [problem] = [p for p in problems if p.rule == "rubrikrad-saknas"]
    assert (problem.location.file, problem.location.sheet) == ("huvudbok_2023.xlsx", "Export")
    assert '"Belopp"' in problem.message and '"Period"' in problem.message
    assert "rapport.toml" in problem.hint


def test_fixed_header_row_setting(tmp_path):
    folder = _other_inputs(tmp_path)
    _with_other_ledger_map(folder)
    toml = folder / "installningar" / "rapport.toml"
    text = toml.read_text(encoding="utf-8").replace("rubrikrad = 0", "rubrikrad = 4", 1)
    toml.write_text(text, encoding="utf-8")
    report, problems = build_report(folder)
    assert [p.rule for p in problems] == ["föregående-år-saknas"]
    assert int(report.units[0].rr.loc["Summa totalt (mnkr)", "utfall"]) == -123_050


def test_tkr_and_revenue_positive_budget_via_settings(tmp_path):
    budget = [["År", "Ansvar", "Verksamhet", "Konto", "Ursprunglig budget", "Ändringsbudget", "Budget"],
              [2023, "12100", "1200", "5011", "-3,0", "-0,6", "-3,6"],
              [2023, "12100", "1200", "3510", 0.5, 0, 0.5]]
    folder = write_inputs(tmp_path / "in", budget={"Budget": budget})
    toml = folder / "installningar" / "rapport.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("[kallor.budget]")
    section = text[start:text.index("[kallor.budget.kolumner]")]
    new = section.replace('tecken = "debet_positiv"', 'tecken = "intakt_positiv"').replace(
        'enhet = "kr"', 'enhet = "tkr"')
    toml.write_text(text.replace(section, new), encoding="utf-8")
    report, problems = build_report(folder)
    assert [p for p in problems if p.rule != "avstämning"] == []
    assert int(report.units[0].rr.loc["Personalkostnader", "budget"]) == -360_000
    assert int(report.units[0].rr.loc["Bidrag (intäkter)", "budget"]) == 50_000


def test_amounts_beyond_the_first_thousand_rows_as_text_are_read(tmp_path):
    from conftest import LEDGER_HEAD, ledger_row
    rows = [LEDGER_HEAD] + [ledger_row("2023-01", "5011", "12100", "1200", 1.0) for _ in range(1500)]
    rows.append(ledger_row("2023-01", "5011", "12100", "1200", "2\u00a0000,25"))
    folder = write_inputs(tmp_path / "in", huvudbok_2023={"Huvudbok": rows})
    report, problems = build_report(folder)
    assert [p for p in problems if p.rule != "avstämning"] == []
    assert int(report.units[0].rr.loc["Personalkostnader", "utfall"]) == -(150_000 + 200_025)
