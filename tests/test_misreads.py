"""No silent misreads: a cell that cannot be read with certainty is a located problem, never a number.

Tiny inline tables with one defect each, asserting the rule and where the ekonom finds the cell;
the text amount rule as a table; and the program run on a copy of the sample with one spoiled cell.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import PERSONNEL_HEAD, ledger_2023, personnel_rows, write_inputs

from pipeline.compute.period import latest_period
from pipeline.orchestrator import build_report
from pipeline.read import catalog, cell_xml
from pipeline.read.excel import read_sheet
from pipeline.read.raw_table import RawTable
from pipeline.read.sources import SETTINGS_DIR, export_files, read_settings
from pipeline.settings import SourceSettings
from pipeline.validate import cells, exports

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input_xlsx"


def raw(columns: dict[str, list], file: str = "budget_2023.xlsx", sheet: str = "Budget",
        personal: bool = False) -> RawTable:
    """A raw table as the reader makes it: data from Excel row 2, fields in columns A, B, ...;
    a column of numbers only is float64, any other holds text (as fastexcel gives it)."""
    def column(values: list) -> pd.Series:
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        return pd.Series(values, dtype="float64" if numeric else "object")
    frame = pd.DataFrame({name: column(values) for name, values in columns.items()})
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="excel_rad")
    letters = {name: chr(65 + i) for i, name in enumerate(columns)}
    headers = {name: name.capitalize() for name in columns}
    return RawTable(file, sheet, frame, letters, headers, personal=personal)


def where(problem) -> tuple:
    loc = problem.location
    return loc.file, loc.sheet, loc.row, loc.column


def source(ore_per_unit: int = 100, sign: int = 1) -> SourceSettings:
    return SourceSettings("x", ("*.xlsx",), "", 0, sign, ore_per_unit, (), {})


# --- the text amount rule ---------------------------------------------------------------------

ACCEPTED = [
    ("1234", 1234.0), ("1234,5", 1234.5), ("1234,50", 1234.5), ("-12,9", -12.9), ("\u221212,9", -12.9),
    ("+5", 5.0), ("0", 0.0), ("  48213,50 ", 48213.5),
    ("1 234,50", 1234.5), ("1\u00a0234,50", 1234.5), ("1\u202f234,50", 1234.5), ("12 345 678", 12345678.0),
    ("\u22121 234 567,89", -1234567.89), ("1 234,567", 1234.567),
    ("1.234,50", 1234.5), ("1.234.567,89", 1234567.89), ("-1.234,5", -1234.5),
    ("1234.5", 1234.5), ("-17806.94", -17806.94), ("0.125", 0.125), ("1234.567", 1234.567), ("1.2345", 1.2345),
    ("123456789012.339996338", 123456789012.34),        # a number cell as the reader gives it in a text column
    ("1,2345", 1.2345), ("0,125", 0.125), ("12,5", 12.5), ("1e5", 1e5), ("1.5E+3", 1500.0),
    ("1e400", math.inf), ("inf", math.inf), ("-Infinity", -math.inf),   # read, then refused as too large
]
AMBIGUOUS = ["201,298.77", "1,234.5", "1.234.567", "1.234", "1,234", "-1,234", "12.345", "999,999",
             "1,234,567", "12 34", "1 2345", "1  234", "1 234.50", "1'234", "1.234,5.6", "1.23,45",
             "1.2345,6", ",5", "1.", "1,", "1 234,", ".5"]
NOT_A_NUMBER = ["12,5 kr", "tolv", "(1 234)", "1234-", "NaN", "nan", "--5", "1e", "kr 5", "1_000", "1\u20135",
                "-", "x1", "\u0661\u0662\u0663"]                # the last: Arabic-Indic digits


@pytest.mark.parametrize(("text", "value"), ACCEPTED)
def test_accepted_text_amounts(text, value):
    assert cells.amount_from_text(text) == (value, cells.AMOUNT_OK)


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_ambiguous_or_foreign_separators_are_refused(text):
    assert cells.amount_from_text(text) == (None, cells.AMOUNT_AMBIGUOUS)


@pytest.mark.parametrize("text", NOT_A_NUMBER)
def test_text_that_is_no_number_is_refused(text):
    assert cells.amount_from_text(text) == (None, cells.AMOUNT_NOT_A_NUMBER)


def test_the_column_rule_is_the_cell_rule():
    texts = [t for t, _ in ACCEPTED] + AMBIGUOUS + NOT_A_NUMBER
    values, verdicts = cells.amounts_from_text(pd.Series(texts + ["", None, "#N/A"], dtype="object"))
    for text, value, verdict in zip(texts, values, verdicts):
        expected_value, expected_verdict = cells.amount_from_text(text)
        assert verdict == expected_verdict, text
        assert (math.isnan(value) if expected_value is None else value == expected_value), text
    assert verdicts[-3:].tolist() == [cells.BLANK, cells.BLANK, cells.EXCEL_ERROR]


# --- amounts ------------------------------------------------------------------------------------

def test_english_notation_is_refused_at_its_cell_not_read_as_201_30():
    table = raw({"ar": ["2023", "2023"], "budget": ["201,298.77", "1 234,50"]})
    ore, problems = cells.amounts_ore(table, "budget", 100)
    [problem] = problems
    assert problem.rule == "belopp-tvetydigt"
    assert where(problem) == ("budget_2023.xlsx", "Budget", 2, "B")
    assert '"201,298.77"' in problem.message and "201 298,77" in problem.hint
    assert ore.tolist() == [0, 123450]


def test_a_number_cell_in_a_text_column_reads_as_the_number():
    table = raw({"budget": ["-17806.94", "10750000", "1 234,50"]})    # what the reader gives for mixed cells
    ore, problems = cells.amounts_ore(table, "budget", 100)
    assert problems == [] and ore.tolist() == [-1780694, 1075000000, 123450]


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_blank_amount_on_a_coded_row_is_an_error_not_zero(blank):
    table = raw({"konto": ["5011", "5011"], "belopp": ["12,5", blank]}, file="huvudbok_2023.xlsx",
                sheet="Huvudbok")
    _, problems = cells.amounts_ore(table, "belopp", 100)
    [problem] = problems
    assert problem.rule == "belopp-saknas"
    assert where(problem) == ("huvudbok_2023.xlsx", "Huvudbok", 3, "B")
    assert "formel" in problem.hint and "#DIV/0!" in problem.hint and "spara filen igen" in problem.hint


def test_blank_cell_in_a_numeric_amount_column():
    table = raw({"budget": [100.0, math.nan]})
    _, problems = cells.amounts_ore(table, "budget", 100)
    assert [(p.rule, p.location.row) for p in problems] == [("belopp-saknas", 3)]


def test_a_refused_budget_amount_is_not_also_a_budget_row_of_0_kr():
    table = budget_table([["2023", "12100", "1200", "5011", 100, 0, "201,298.77"],
                          ["2023", "12100", "1200", "3510", 5, 0, 6]])
    typed, problems = exports.typed_export([table], catalog.BUDGET, source())
    assert [(p.rule, p.location.row) for p in problems] == [("belopp-tvetydigt", 2)]
    assert [(p.rule, p.location.row) for p in exports.budget_row_problems(typed, [table], problems)] == [
        ("budget-summa", 3)]


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(("cell", "numeric"), [
    (1e17, True), (1e13, True), (-1e13, True), (1e300, True),
    ("1e400", False), ("inf", False), ("1" * 50, False), ("10 000 000 000 000,00", False),
])
def test_amounts_the_report_cannot_hold_are_refused_at_the_cell(cell, numeric):
    table = raw({"belopp": [5.0 if numeric else "5", cell]})
    ore, problems = cells.amounts_ore(table, "belopp", 100)
    [problem] = problems
    assert (problem.rule, problem.location.row, problem.location.column) == ("belopp-för-stort", 3, "A")
    assert ore.tolist() == [500, 0]


@pytest.mark.filterwarnings("error")
def test_the_bound_is_in_ore_after_the_unit():
    below = 10**13 / 1000 - 0.01          # tkr: just under 10^13 kr
    table = raw({"prognos": [below, 10**10]}, file="prognos_2023.xlsx", sheet="Prognos")
    ore, problems = cells.amounts_ore(table, "prognos", 100_000)
    assert [(p.rule, p.location.row) for p in problems] == [("belopp-för-stort", 3)]
    assert ore.iloc[0] == 10**15 - 1000              # 0,01 tkr under the bound: read


@pytest.mark.filterwarnings("error")
def test_amounts_that_together_would_overflow_a_sum_are_refused_before_summing():
    n = 1300                                              # 1 300 rows of 9 * 10^12 kr: over 2^60 öre
    table = raw({"period": ["2023-01"] * n, "konto": ["5011"] * n, "ansvar": ["12100"] * n,
                 "verksamhet": ["1200"] * n, "projekt": [""] * n, "belopp": [9e12] * n},
                file="huvudbok_2023.xlsx", sheet="Huvudbok")
    _, problems = exports.typed_export([table], catalog.LEDGER, source())
    [problem] = problems
    assert problem.rule == "belopp-för-stort" and "tillsammans" in problem.message
    assert where(problem) == ("huvudbok_2023.xlsx", "Huvudbok", None, "F")


# --- Excel errors and formulas without a value ------------------------------------------------------

@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                                   "#SPILL!", "#CALC!", "#GETTING_DATA", "#n/a"])
def test_excel_error_text_in_an_amount(error):
    table = raw({"konto": ["5011"], "belopp": [error]})
    ore, problems = cells.amounts_ore(table, "belopp", 100)
    [problem] = problems
    assert (problem.rule, where(problem)) == ("excel-fel", ("budget_2023.xlsx", "Budget", 2, "B"))
    assert error in problem.message
    assert ore.tolist() == [0]


def test_excel_error_in_code_text_period_and_year_fields():
    table = raw({"ar": ["#REF!"], "konto": ["#N/A"], "rr_rad": ["#VALUE!"], "period": ["#NAME?"]})
    year, year_problems = cells.years(table, "ar")
    code, code_problems = cells.codes(table, "konto", required=True)
    text, text_problems = cells.texts(table, "rr_rad", required=True)
    _, month, period_problems = cells.periods(table, "period")
    found = year_problems + code_problems + text_problems + period_problems
    assert [(p.rule, p.location.column) for p in found] == [("excel-fel", "A"), ("excel-fel", "B"),
                                                            ("excel-fel", "C"), ("excel-fel", "D")]
    assert (year.tolist(), code.tolist(), text.tolist(), month.tolist()) == ([0], [""], [""], [0])


@pytest.mark.parametrize(("cell", "rule", "said"), [
    ("=1/0", "formel-utan-värde", "formel utan sparat värde"),   # openpyxl saves no cached value
    ("#DIV/0!", "excel-fel", "Excel-felet #DIV/0!"),               # saved as an error value (t="e")
    ("#N/A", "excel-fel", "Excel-felet #N/A"),
])
def test_formula_without_a_value_and_error_values_are_named_at_their_cell(tmp_path, cell, rule, said):
    rows = ledger_2023()
    rows[3][10] = cell                    # the reader gives all three as a blank cell
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    _, problems = build_report(folder)
    [problem] = [p for p in problems if p.rule in ("belopp-saknas", "formel-utan-värde", "excel-fel")]
    assert (problem.rule, where(problem)) == (rule, ("huvudbok_2023.xlsx", "Huvudbok", 4, "K"))
    assert said in problem.message and "spara filen igen" in problem.hint


def test_a_blank_that_is_truly_empty_stays_a_missing_amount(tmp_path):
    rows = ledger_2023()
    rows[3][10] = None
    folder = write_inputs(tmp_path, huvudbok_2023={"Huvudbok": rows})
    _, problems = build_report(folder)
    assert [(p.rule, p.location.row) for p in problems if p.is_error] == [("belopp-saknas", 4)]


def sheet_with_cells(path: Path, rows: list[str], doctype: str = "", workbook_doctype: str = "") -> Path:
    """An .xlsx of one sheet "Data" whose sheetData is `rows` (row elements as XML text)."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": workbook_doctype + '<workbook xmlns:r="r"><sheets>'
                           '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
                                      "</Relationships>",
        "xl/worksheets/sheet1.xml": f'{doctype}<worksheet><sheetData>{"".join(rows)}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_cell_xml_finds_formulas_and_errors_across_chunks(tmp_path, monkeypatch):
    rows = [f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c><c r="B{r}"><v>{r}</v></c></row>' for r in range(1, 40)]
    rows[9] = '<row r="10"><c r="A10"><f>1/0</f></c><c r="B10" t="e"><f>A1/0</f><v>#DIV/0!</v></c></row>'
    rows[19] = '<row r="20"/>'
    rows[29] = '<x:row r="30"><x:c r="B30"><x:f t="shared" si="0"/><x:v></x:v></x:c></x:row>'
    path = sheet_with_cells(tmp_path / "data.xlsx", rows)
    for chunk in (1 << 20, 7):
        monkeypatch.setattr(cell_xml, "CHUNK", chunk)
        assert cell_xml.blank_cell_contents(path, "Data", ["A10", "B10", "A20", "B30", "B35", "A99"]) == {
            "A10": cell_xml.FORMULA, "B10": "#DIV/0!", "B30": cell_xml.FORMULA}


def test_cell_xml_expands_no_entity(tmp_path):
    laughs = ('<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    row = '<row r="2"><c r="A2" t="e"><v>&c;</v></c></row>'
    in_sheet = sheet_with_cells(tmp_path / "sheet.xlsx", [row], doctype=laughs)
    in_workbook = sheet_with_cells(tmp_path / "workbook.xlsx", ['<row r="2"><c r="A2"><f>1</f></c></row>'],
                                   workbook_doctype=laughs)
    assert cell_xml.blank_cell_contents(in_sheet, "Data", ["A2"]) == {}
    assert cell_xml.blank_cell_contents(in_workbook, "Data", ["A2"]) == {}
    assert cell_xml.blank_cell_contents(in_sheet, "Nej", ["A2"]) == {}


# --- periods ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2023-13", "2023-00", "2023-1x", "202313", "20238", "2023.1", "2023-08-45",
                                  "2023-08 aug", "aug", "2023"])
def test_a_period_that_is_no_month_is_a_problem_and_no_month(text):
    table = raw({"period": ["2023-08", text]}, file="huvudbok_2023.xlsx", sheet="Huvudbok")
    year, month, problems = cells.periods(table, "period")
    [problem] = problems
    assert (problem.rule, where(problem)) == ("period-ogiltig", ("huvudbok_2023.xlsx", "Huvudbok", 3, "A"))
    assert year.tolist() == [2023, 0] and month.tolist() == [8, 0]


@pytest.mark.parametrize("text", ["2023-08", "2023-8", "2023/08", "202308", "2023.08", "2023-08-31",
                                  "2023-08-31 00:00:00", "2023-08-01T00:00:00"])
def test_accepted_period_forms(text):
    year, month, problems = cells.periods(raw({"period": [text]}), "period")
    assert (year.tolist(), month.tolist(), problems) == ([2023], [8], [])


def test_the_latest_period_counts_valid_months_only():
    period = latest_period(pd.Series([2023, 2023, 2023]), pd.Series([2, 13, 0]))
    assert (period.year, period.month) == (2023, 2)


# --- duplicate keys -----------------------------------------------------------------------------------

BUDGET_COLUMNS = ("ar", "ansvar", "verksamhet", "konto", "ursprunglig_budget", "andringsbudget", "budget")


def budget_table(rows: list[list], file: str = "budget_2023.xlsx") -> RawTable:
    return raw({name: [r[i] for r in rows] for i, name in enumerate(BUDGET_COLUMNS)}, file=file)


def test_budget_row_twice_names_both_rows():
    rows = [["2023", "12100", "1200", "5011", 100, 0, 100], ["2023", "12100", "1200", "3510", 5, 0, 5],
            ["2023", "12100", "1200", "5011", 100, 0, 100]]
    _, problems = exports.typed_export([budget_table(rows)], catalog.BUDGET, source())
    [problem] = problems
    assert (problem.rule, where(problem)) == ("dubblett-rad", ("budget_2023.xlsx", "Budget", 4, "D"))
    assert "som rad 2 (" in problem.message and "5011" in problem.message


def test_budget_row_twice_across_files_and_from_the_cache():
    first = budget_table([["2023", "12100", "1200", "5011", 100, 0, 100]], file="budget_2023.xlsx")
    cached_frame, _ = exports.typed_export([first], catalog.BUDGET, source())
    cached = RawTable(first.file, first.sheet, pd.DataFrame(), first.letters, first.headers, typed=cached_frame)
    second = budget_table([["2023", "13010", "2600", "4610", 1, 0, 1], ["2023", "12100", "1200", "5011", 7, 0, 7]],
                          file="budget_2023_tillagg.xlsx")
    for tables in ([first, second], [cached, second]):
        _, problems = exports.typed_export(tables, catalog.BUDGET, source())
        [problem] = problems
        assert (problem.rule, where(problem)) == ("dubblett-rad", ("budget_2023_tillagg.xlsx", "Budget", 3, "D"))
        assert "som rad 2 i budget_2023.xlsx" in problem.message


def test_forecast_and_investment_rows_twice():
    forecast = raw({"ar": ["2023", "2023", "2023"], "rapportenhet": ["KS", "KS", "KS"],
                    "dr_rad": ["Förvaltning", "Förvaltning", "Förvaltning"],
                    "rr_rad": ["Personalkostnader", "Lokalhyror", "Personalkostnader"],
                    "prognos": [-3.2, -1.0, -3.2]}, file="prognos_2023.xlsx", sheet="Prognos")
    _, problems = exports.typed_export([forecast], catalog.FORECAST, source(100_000, -1))
    assert [(p.rule, where(p)) for p in problems] == [("dubblett-rad", ("prognos_2023.xlsx", "Prognos", 4, "D"))]
    investments = raw({"ar": ["2023", "2023"], "projekt": ["91001", "91001"], "ansvar": ["12300", "12600"],
                       "benamning": ["Datorer", "Datorer"], "budget": [1.0, 2.0], "prognos": [1.0, 2.0]},
                      file="investeringar_2023.xlsx", sheet="Investeringar")
    _, problems = exports.typed_export([investments], catalog.INVESTMENTS, source())
    assert [(p.rule, where(p)) for p in problems] == [
        ("dubblett-rad", ("investeringar_2023.xlsx", "Investeringar", 3, "B"))]


def test_a_budget_exported_twice_names_25_rows_and_counts_the_rest():
    rows = [["2023", "12100", "1200", str(5000 + i), 1, 0, 1] for i in range(40)]
    _, problems = exports.typed_export([budget_table(rows + rows)], catalog.BUDGET, source())
    assert [p.rule for p in problems] == ["dubblett-rad"] * 26
    assert [p.location.row for p in problems[:2]] == [42, 43] and problems[-1].location.row is None
    assert "15 rader till" in problems[-1].message


def test_a_year_or_row_that_differs_is_no_duplicate_and_the_ledger_is_exempt():
    rows = [["2023", "12100", "1200", "5011", 100, 0, 100], ["2022", "12100", "1200", "5011", 100, 0, 100]]
    assert exports.typed_export([budget_table(rows)], catalog.BUDGET, source())[1] == []
    ledger = raw({"period": ["2023-01"] * 2, "konto": ["5011"] * 2, "ansvar": ["12100"] * 2,
                  "verksamhet": ["1200"] * 2, "projekt": [""] * 2, "belopp": [1.0, 1.0]},
                 file="huvudbok_2023.xlsx", sheet="Huvudbok")
    typed, problems = exports.typed_export([ledger], catalog.LEDGER, source())
    assert problems == [] and typed["belopp"].tolist() == [200]


def test_the_samples_budget_forecast_and_investments_have_no_duplicate_keys():
    settings, _ = read_settings(SAMPLE / SETTINGS_DIR)
    files, _ = export_files(SAMPLE, settings)
    for contract in (catalog.BUDGET, catalog.FORECAST, catalog.INVESTMENTS):
        mine = [f for f in files if f.contract is contract]
        tables = [read_sheet(f.path, f.spec)[0] for f in mine]
        typed, problems = exports.typed_export(tables, contract, mine[0].source)
        assert len(typed) > 10 and problems == []


# --- personal data ---------------------------------------------------------------------------------------

def test_hr_tables_are_marked_personal_in_the_catalog():
    assert {c.name for c in (*catalog.EXPORTS, *catalog.HR_EXPORTS) if c.personal} == {
        "personal", "franvaro", "schema", "anstallningar", "medarbetarenkat"}


def test_cell_parsers_never_quote_a_value_of_personal_data():
    secret = "19780101-1234"
    table = raw({"period": [secret], "fodelsear": [secret], "arbetstid": [secret], "startdatum": [secret],
                 "belopp": [secret], "anstalld": ["#N/A"]}, file="personal_2023.xlsx", sheet="Personal",
                personal=True)
    found = (cells.periods(table, "period")[2] + cells.years(table, "fodelsear")[1]
             + cells.numbers(table, "arbetstid", True, True)[1] + cells.days(table, "startdatum", True)[1]
             + cells.amounts_ore(table, "belopp", 100)[1] + cells.codes(table, "anstalld", True)[1])
    assert {p.rule for p in found} == {"period-ogiltig", "år-ogiltigt", "tal-ogiltigt", "datum-ogiltigt",
                                       "belopp-ej-tal", "excel-fel"}
    assert all("1978" not in p.message + p.hint for p in found)
    assert all("#N/A" not in p.message for p in found)
    [year] = [p for p in found if p.rule == "år-ogiltigt"]
    assert year.message == 'Värdet i kolumnen "Fodelsear" är inget årtal.'
    assert where(year) == ("personal_2023.xlsx", "Personal", 2, "B")


def test_a_personnummer_in_the_birth_year_is_not_echoed(tmp_path):
    rows = personnel_rows(2023)
    rows[3][PERSONNEL_HEAD.index("Födelseår")] = "19780101-1234"
    folder = write_inputs(tmp_path, personal_2023={"Personal": rows})
    _, problems = build_report(folder)
    [problem] = [p for p in problems if p.rule == "år-ogiltigt"]
    assert where(problem) == ("personal_2023.xlsx", "Personal", 4, "E")
    assert "1978" not in problem.describe()


# --- the program on a copy of the sample with one spoiled cell ----------------------------------------

def spoiled_sample(tmp_path: Path, file: str, cell: str, text: str) -> Path:
    """A copy of the sample whose `cell` (on the file's only sheet) holds `text` as text. The
    sheet's XML is edited directly: loading and saving the ledger with openpyxl takes seconds."""
    folder = tmp_path / "input"
    shutil.copytree(SAMPLE, folder)
    path = folder / file
    with zipfile.ZipFile(SAMPLE / file) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rf'<c r="{cell}"[^>]*?(?:/>|>.*?</c>)'.encode(),
                                      f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'.encode(), data,
                                      count=1)
                assert count == 1
            target.writestr(item, data)
    return folder


def run_program(folder: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run([sys.executable, "-m", "pipeline", "report", "--utan-cache", "--input", str(folder),
                           "--output", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_program_on_a_ledger_period_2023_13(tmp_path):
    folder = spoiled_sample(tmp_path, "huvudbok_2023.xlsx", "A5", "2023-13")
    result = run_program(folder, tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert ('huvudbok_2023.xlsx, blad Huvudbok, rad 5, kolumn A "Period": "2023-13" i kolumnen "Period" '
            "är ingen period.") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()


def test_program_on_a_budget_amount_in_english_notation(tmp_path):
    folder = spoiled_sample(tmp_path, "budget_2023.xlsx", "G2", "201,298.77")
    result = run_program(folder, tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert ('budget_2023.xlsx, blad Budget, rad 2, kolumn G "Budget": "201,298.77" i kolumnen "Budget" går '
            "inte att läsa säkert som ett belopp") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "Warning" not in result.stderr
