"""Bad input: one defect per test, asserting the rule and where the ekonom finds it in Excel."""

from pathlib import Path

from click.testing import CliRunner
from conftest import BUDGET, FORECAST, LEDGER_HEAD, ledger_2023, ledger_row, write_inputs

from pipeline.cli import main
from pipeline.orchestrator import build_report


def problems_of(folder: Path, rule: str):
    _, problems = build_report(folder)
    return [p for p in problems if p.rule == rule]


def test_renamed_column_names_file_sheet_heading_row_and_heading(tmp_path):
    rows = ledger_2023()
    rows[0] = [("Summa kr" if h == "Belopp" else h) for h in rows[0]]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "kolumn-saknas")
    loc = problem.location
    assert (loc.file, loc.sheet, loc.row, loc.header) == ("huvudbok_2023.xlsx", "Huvudbok", 1, "Belopp")
    assert "Summa kr" in problem.message           # shows the headings that are there
    assert "rapport.toml" in problem.hint


def test_amount_that_is_not_a_number(tmp_path):
    rows = ledger_2023()
    rows[3][10] = "12,5 kr"
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "belopp-ej-tal")
    loc = problem.location
    assert (loc.file, loc.sheet, loc.row, loc.column, loc.header) == (
        "huvudbok_2023.xlsx", "Huvudbok", 4, "K", "Belopp")
    assert '"12,5 kr"' in problem.message
    assert problem.location.describe() == 'huvudbok_2023.xlsx, blad Huvudbok, rad 4, kolumn K "Belopp"'


def test_unmapped_account_gives_rows_and_amount_at_stake(tmp_path):
    rows = ledger_2023() + [ledger_row("2023-02", "4710", "12100", "1200", 1234.5),
                            ledger_row("2023-02", "4710", "12100", "1200", 100)]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "konto-saknas")
    assert (problem.location.row, problem.location.column) == (10, "B")
    assert "Konto 4710 finns inte i kontoplanen" in problem.message
    assert "2 rader, sammanlagt 1\u00a0334,50 kr" in problem.message
    assert "kontoplan.xlsx" in problem.hint


def test_unmapped_account_also_fails_the_reconciliation(tmp_path):
    rows = ledger_2023() + [ledger_row("2023-02", "4710", "12100", "1200", 1234.5)]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    report, problems = build_report(folder)
    failed = {c.check_id: c for c in report.checks if not c.passed}
    assert {"KS:rr:utfall", "KS:dr:utfall", "KS:rader:utfall"} <= set(failed)
    assert failed["KS:rr:utfall"].difference == 123_450         # RR misses a 1 234,50 kr cost
    assert failed["KS:rader:utfall"].expected - failed["KS:rader:utfall"].actual == 1
    assert any(p.rule == "avstämning" and "differens 1\u00a0234,50 kr" in p.message for p in problems)


def test_unmapped_account_of_an_unreported_unit_is_no_problem(tmp_path):
    rows = ledger_2023() + [ledger_row("2023-02", "4710", "20100", "3000", 99)]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    assert problems_of(folder, "konto-saknas") == []


def test_unknown_ansvar(tmp_path):
    rows = ledger_2023() + [ledger_row("2023-02", "5011", "99999", "1200", 75)]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "ansvar-okänt")
    assert (problem.location.row, problem.location.column, problem.location.header) == (10, "C", "Ansvar")
    assert "Ansvar 99999 finns inte på bladet Ansvar" in problem.message
    assert "75,00 kr" in problem.message


def test_ansvar_and_verksamhet_matching_no_dr_row(tmp_path):
    rows = ledger_2023() + [ledger_row("2023-02", "4610", "13010", "2700", 10)]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "dr-rad-saknas")
    assert (problem.location.row, problem.location.column) == (10, "D")
    assert "13010" in problem.message and "2700" in problem.message


def test_period_outside_the_report_years(tmp_path):
    rows = ledger_2023() + [ledger_row("2021-12", "5011", "12100", "1200", 10),
                            ledger_row("2021-11", "4610", "12100", "1200", 20)]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "period-utanför-året")        # one per file and year
    assert (problem.location.file, problem.location.row, problem.location.column) == (
        "huvudbok_2023.xlsx", 10, "A")
    assert "år 2021" in problem.message and "Gäller 2 rader" in problem.message


def test_invalid_period_text(tmp_path):
    rows = ledger_2023()
    rows[2][0] = "aug"
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "period-ogiltig")
    assert (problem.location.row, problem.location.column) == (3, "A")


def test_same_period_in_two_files(tmp_path):
    folder = write_inputs(tmp_path)
    from conftest import write_xlsx
    write_xlsx(folder / "huvudbok_2023_feb.xlsx",
               {"Huvudbok": [LEDGER_HEAD, ledger_row("2023-02", "5011", "12100", "1200", 5)]})
    [problem] = problems_of(folder, "period-i-flera-filer")
    assert "2023-02" in problem.message
    assert {"huvudbok_2023.xlsx", "huvudbok_2023_feb.xlsx"} <= set(problem.message.split()) | {
        problem.location.file}


def test_missing_source(tmp_path):
    folder = write_inputs(tmp_path, budget=None)
    [problem] = problems_of(folder, "källa-saknas")
    assert "budgeten" in problem.message and "budget_*.xlsx" in problem.message


def test_empty_sheet(tmp_path):
    folder = write_inputs(tmp_path, prognos={"Prognos": [[None]]})
    [problem] = problems_of(folder, "tomt-blad")
    assert (problem.location.file, problem.location.sheet) == ("prognos_2023.xlsx", "Prognos")


def test_headings_without_rows_is_an_empty_sheet_too(tmp_path):
    folder = write_inputs(tmp_path, prognos={"Prognos": [FORECAST[0]]})
    [problem] = problems_of(folder, "tomt-blad")
    assert "inga datarader" in problem.message


def test_budget_row_that_does_not_add_up(tmp_path):
    budget = [row[:] for row in BUDGET]
    budget[1][6] = 3700
    folder = write_inputs(tmp_path, budget={"Budget": budget})
    [problem] = problems_of(folder, "budget-summa")
    assert (problem.location.row, problem.location.column, problem.location.header) == (2, "G", "Budget")
    assert "differens 100,00 kr" in problem.message


def test_forecast_row_for_an_unknown_dr_row(tmp_path):
    forecast = [row[:] for row in FORECAST]
    forecast[2][2] = "Förvaltningen"
    folder = write_inputs(tmp_path, prognos={"Prognos": forecast})
    [problem] = problems_of(folder, "dr-rad-okänd")
    assert (problem.location.row, problem.location.column) == (3, "C")


def test_investment_row_without_a_known_project(tmp_path):
    rows = ledger_2023() + [ledger_row("2023-02", "1221", "12300", "1200", 50, projekt="99999")]
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    [problem] = problems_of(folder, "projekt-okänt")
    assert (problem.location.row, problem.location.column) == (10, "F")


def test_all_problems_of_a_run_come_at_once(tmp_path):
    rows = ledger_2023() + [ledger_row("2023-02", "4710", "12100", "1200", 10),
                            ledger_row("2023-02", "5011", "99999", "1200", 10)]
    rows[3][10] = "x"
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows}, budget=None)
    _, problems = build_report(folder)
    assert {"belopp-ej-tal", "konto-saknas", "ansvar-okänt", "källa-saknas"} <= {p.rule for p in problems}


def test_cli_reports_in_swedish_exits_non_zero_and_keeps_previous_output(tmp_path):
    folder = write_inputs(tmp_path / "in")
    out = tmp_path / "out"
    runner = CliRunner()
    ok = runner.invoke(main, ["report", "--input", str(folder), "--output", str(out)],
                       catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    written = {p.name: p.read_bytes() for p in (out / "2023-02" / "kommunstyrelsen").iterdir()}
    assert set(written) == {"manadsuppfoljning.docx", "tjansteskrivelse.docx", "avstamning.xlsx", "utskrivet.json"}

    rows = ledger_2023()
    rows[3][10] = "tolv"
    write_inputs(folder, huvudbok_2023={"Huvudbok": rows})
    bad = runner.invoke(main, ["report", "--input", str(folder), "--output", str(out)])
    assert bad.exit_code == 1
    assert ('huvudbok_2023.xlsx, blad Huvudbok, rad 4, kolumn K "Belopp": "tolv" i kolumnen "Belopp" '
            "är inte ett belopp.") in bad.output
    assert "Kommunstyrelsen: INTE skriven" in bad.output and "orörda" in bad.output
    assert {p.name: p.read_bytes() for p in (out / "2023-02" / "kommunstyrelsen").iterdir()} == written


def test_check_command_writes_nothing(tmp_path):
    folder = write_inputs(tmp_path / "in")
    result = CliRunner().invoke(main, ["check", "--input", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Avstämning: 31 av 31 kontroller stämmer." in result.output
    assert not (tmp_path / "output").exists()


def test_unknown_period_option(tmp_path):
    folder = write_inputs(tmp_path / "in")
    result = CliRunner().invoke(main, ["check", "--input", str(folder), "--period", "2023-07"])
    assert result.exit_code == 1
    assert "Huvudboken har inga rader för 2023-07 (senaste period är 2023-02)" in result.output


def test_investment_budget_for_a_project_of_the_unit_missing_from_the_projekt_sheet(tmp_path):
    from conftest import INVESTMENTS
    rows = [r[:] for r in INVESTMENTS] + [[2023, "91099", "12300", "Okänt", 10, 10]]
    folder = write_inputs(tmp_path, investeringar={"Investeringar": rows})
    report, problems = build_report(folder)
    [problem] = [p for p in problems if p.rule == "projekt-okänt"]
    assert (problem.location.file, problem.location.row, problem.location.column) == (
        "investeringar_2023.xlsx", 5, "B")
    failed = [c for c in report.checks if not c.passed]
    assert [c.check_id for c in failed] == ["KS:inv:budget", "KS:inv:prognos"]
    assert failed[0].difference == 1_000                  # the 10 kr left out of the table
