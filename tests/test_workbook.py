"""The workbooks an auditor reads (avstamning.xlsx, kommunoversikt.xlsx), read back with openpyxl:
cell types, number formats, column widths, print setup, and traces that add up to the printed figures.

The shipped sample is built once (every nämnd and the overview); each test reads one aspect of
the two workbooks of the first nämnd and of the kommun.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from pipeline import orchestrator
from pipeline.numbers import tenths_of_mnkr
from pipeline.problems import Check, Severity
from pipeline.render import overview as rendered
from pipeline.render.workbook import checks_sheet, reconciliation_workbook, workbook_styles

ROOT = Path(__file__).resolve().parent.parent
STAMP = datetime(2023, 9, 1)


@pytest.fixture(scope="module")
def sample():
    built = orchestrator.build_reports(ROOT / "input_xlsx")
    report = built.namnder[0].report
    overview, problems = orchestrator.kommun_overview(built.kommun, built.namnder)
    return {
        "report": report,
        "avstamning": reconciliation_workbook(report, built.problems + built.namnder[0].problems, STAMP),
        "kommunoversikt": rendered.overview_workbook(overview, problems, STAMP),
    }


def _book(data: bytes):
    return openpyxl.load_workbook(BytesIO(data))


def _books(sample):
    return [(name, _book(sample[name])) for name in ("avstamning", "kommunoversikt")]


def _widths(sheet) -> dict[int, float]:
    """Column index (1-based) -> width; openpyxl keeps adjacent equal columns as one range."""
    widths = {}
    for dimension in sheet.column_dimensions.values():
        if dimension.width and dimension.customWidth:
            for col in range(dimension.min, dimension.max + 1):
                widths[col] = dimension.width
    return widths


def _shown(value: float, number_format: str) -> str:
    """What a number shows under the workbook's formats, written out here independently of the
    product (Swedish separators have the same length as these)."""
    positive = number_format.split(";")[0]
    if positive.endswith("%"):
        decimals = len(positive.split(".")[1].rstrip(" %")) if "." in positive else 0
        return f"{value * 100:.{decimals}f} %"
    decimals = len(positive.split(".")[1]) if "." in positive else 0
    grouped = "," if "," in positive else ""
    return f"{value:{grouped}.{decimals}f}"


def _headers(sheet, row: int = 1) -> dict[int, str]:
    return {cell.column: cell.value for cell in sheet[row] if isinstance(cell.value, str)}


def _records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


# --- numbers, formats, widths ------------------------------------------------------------------

def test_every_number_has_a_format_and_a_column_wide_enough_to_show_it(sample):
    """No `###`: each number's shown text (with its own format) fits the column's width."""
    for name, book in _books(sample):
        for sheet in book:
            widths = _widths(sheet)
            numbers = 0
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type != "n" or cell.value is None:
                        continue
                    numbers += 1
                    assert cell.number_format != "General", (name, sheet.title, cell.coordinate)
                    shown = _shown(cell.value, cell.number_format)
                    width = widths.get(cell.column, 8.43)
                    assert len(shown) + 1 <= width, (name, sheet.title, cell.coordinate, shown, width)
            assert numbers or sheet.title in ("Rader utan rapportenhet",), (name, sheet.title)


def test_every_text_fits_its_column_or_wraps(sample):
    for name, book in _books(sample):
        for sheet in book:
            widths = _widths(sheet)
            for row in sheet.iter_rows():
                for cell in row:
                    if not isinstance(cell.value, str) or not cell.value:
                        continue
                    width = widths.get(cell.column, 8.43)
                    if cell.alignment.wrap_text:          # headers and long texts: every word fits
                        assert max(len(word) for word in cell.value.split()) <= width, (sheet.title, cell.value)
                    elif cell.column + 1 not in (c.column for c in row if c.value not in (None, "")):
                        continue                          # runs over the empty cell to its right
                    else:
                        assert len(cell.value) <= width, (name, sheet.title, cell.coordinate, cell.value, width)


def test_printed_mnkr_are_numbers_equal_to_the_report_and_kr_columns_hold_kronor(sample):
    report = sample["report"]
    book = _book(sample["avstamning"])
    printed = {table.key: table for table in report.printed.values()}
    assert printed
    for key, table in printed.items():
        sheet = book[orchestrator_sheet(key, report)]
        rows = list(sheet.iter_rows())
        head = [cell.value for cell in rows[0]]
        assert "mnkr" not in head[0] and "(mnkr)" not in " ".join(str(c.value) for c in sheet["A"])
        for row, cells in zip(rows[1:], table.rows):
            for column, text in zip(table.header[1:], cells.cells):
                kr = row[head.index(f"{column} (kr)")]
                mnkr = row[head.index(f"{column} tryckt (mnkr)")]
                if text == "":
                    assert kr.value is None and mnkr.value is None
                    continue
                assert kr.data_type == "n" and kr.number_format == "#,##0.00;-#,##0.00"
                assert mnkr.data_type == "n" and mnkr.number_format == "#,##0.0;-#,##0.0"
                assert f"{mnkr.value:.1f}".replace(".", ",").replace("-", report.settings.report.minustecken) == \
                    text.replace("\u00a0", "")                                   # as printed
                assert mnkr.value * 10 == tenths_of_mnkr(round(kr.value * 100))     # rounded from the kronor


def orchestrator_sheet(key: str, report) -> str:
    prefix, _, kind = key.rpartition("_")
    return f"{ {'rr': 'RR', 'dr': 'DR', 'inv': 'Investeringar'}[kind]} {prefix.upper() or report.units[0].unit}"


def _under_headers(sheet):
    """(header, numeric cells under it) for every header cell (bold on the header colour) of the
    sheet: a column may hold a second small table further down."""
    for column in sheet.iter_cols():
        header, cells = None, []
        for cell in column:
            if isinstance(cell.value, str) and cell.fill.fgColor.rgb and cell.fill.fgColor.rgb.endswith("DDE4EE"):
                if header is not None:
                    yield header, cells
                header, cells = cell.value, []
            elif cell.data_type == "n" and cell.value is not None and header is not None:
                cells.append(cell)
        if header is not None:
            yield header, cells


def test_units_in_headers_match_the_cells(sample):
    """'(kr)' over kronor with öre, 'mnkr' over printed figures, '%' over shares, 'Antal' over
    whole numbers."""
    for name, book in _books(sample):
        seen = set()
        for sheet in book:
            for header, cells in _under_headers(sheet):
                formats = {cell.number_format for cell in cells}
                if header.endswith("(kr)"):
                    seen.add("kr")
                    assert formats <= {"#,##0.00;-#,##0.00"}, (sheet.title, header, formats)
                if "mnkr" in header:
                    seen.add("mnkr")
                    assert formats <= {"#,##0.0;-#,##0.0"}, (sheet.title, header, formats)
                if "%" in header:
                    seen.add("%")
                    assert formats <= {"0.0 %"} and all(-1 <= c.value <= 1 for c in cells), (sheet.title, header)
                if header.startswith(("Antal", "Anställda", "Avgångar", "Första Excel-rad", "Excel-rad")):
                    seen.add("antal")
                    assert all(float(c.value).is_integer() for c in cells) and "." not in "".join(formats), \
                        (sheet.title, header, formats)
        assert seen == {"kr", "mnkr", "%", "antal"}, name


def test_hr_sheets_show_rates_as_percent_with_one_decimal_and_hours_with_one(sample):
    book = _book(sample["avstamning"])
    records = _records(book["Sjukfrånvaro"])
    total = next(r for r in records if r["Omfattning"] == "Kommunen" and r["Grupp"] == "Totalt")
    assert total["Sjukfrånvaro (% av arbetstid)"] == pytest.approx(total["Sjuktimmar"]
                                                                  / total["Ordinarie arbetstid (timmar)"])
    sheet = book["Sjukfrånvaro"]
    head = [c.value for c in sheet[1]]
    assert sheet.cell(2, head.index("Sjukfrånvaro (% av arbetstid)") + 1).number_format == "0.0 %"
    assert sheet.cell(2, head.index("Anställda") + 1).number_format == "#,##0"
    assert sheet.cell(2, head.index("Sjuktimmar") + 1).number_format == "#,##0.0"


# --- paper -------------------------------------------------------------------------------------

def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row_and_name(sample):
    for name, book in _books(sample):
        for sheet in book:
            setup = sheet.page_setup
            assert setup.orientation == "landscape" and setup.paperSize == 9, (name, sheet.title)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, (name, sheet.title)
            assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, (name, sheet.title)   # absent: 1
            assert sheet.oddHeader.left.text == "&A", (name, sheet.title)       # the sheet's name
            assert "Sida &P av &N" in sheet.oddFooter.right.text
            header_row = int(re.fullmatch(r"\$(\d+):\$\1", sheet.print_title_rows).group(1))
            assert sheet.cell(header_row, 1).font.bold and sheet.cell(header_row, 1).fill.fgColor.rgb.endswith("DDE4EE")


# --- checks ------------------------------------------------------------------------------------

def test_a_check_that_does_not_match_says_what_it_means():
    checks = [Check("KS:rr:utfall", "RR mot huvudboken", 100, 250, "huvudboken", "resultaträkningen"),
              Check("KS:rader:utfall", "rader", 7, 7, "huvudboken", "klassificerade", quantity="rader",
                    severity=Severity.WARNING),
              Check("KS:dr:utfall", "DR mot huvudboken", 100, 90, "huvudboken", "driftsredovisningen",
                    severity=Severity.WARNING)]
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    checks_sheet(book, workbook_styles(book), checks, "Avstämning", "rapporten").finish()
    book.close()
    sheet = openpyxl.load_workbook(BytesIO(buffer.getvalue()))["Kontroller"]
    rows = {r["Kontroll"]: r for r in _records(sheet)}
    assert (rows["KS:rr:utfall"]["Resultat"], rows["KS:rr:utfall"]["Om kontrollen inte stämmer"]) == (
        "Stämmer inte", "Fel: rapporten skrivs inte")
    assert rows["KS:dr:utfall"]["Om kontrollen inte stämmer"] == "Varning: rapporten skrivs ändå"
    assert rows["KS:rr:utfall"]["Differens"] == 1.5 and rows["KS:dr:utfall"]["Differens"] == -0.1
    assert sheet["G3"].value == 0 and sheet["G3"].number_format == "#,##0"       # rows: a count
    assert sheet["G2"].number_format == "#,##0.00;-#,##0.00" and sheet["I2"].font.bold


# --- traces ------------------------------------------------------------------------------------

def test_spårning_separates_drift_from_investments_and_each_sums_to_its_printed_total(sample):
    report = sample["report"]
    book = _book(sample["avstamning"])
    assert "Spårning" not in book.sheetnames
    drift, investments = _records(book["Spårning drift"]), _records(book["Spårning investeringar"])
    assert "Rapportkolumn" in drift[0] and "Kolumn" not in drift[0]
    assert drift and investments
    assert not any(r["RR-rad"] == "Investering" for r in drift)
    assert {r["RR-rad"] for r in investments} == {"Investering"}
    for unit in report.units:
        table = _records(book[f"DR {unit.unit}"])
        total = next(r for r in table if r["Verksamhet"].startswith("Totalt"))
        columns = [h[: -len(" (kr)")] for h in total if h.endswith("(kr)")]
        traced = [c for c in columns if any(r["Rapportkolumn"] == c for r in drift)]
        assert len(traced) >= 3, traced                    # bokslut, utfall a year ago, utfall, budget
        for column in traced:
            rows = [r for r in drift if r["Enhet"] == unit.unit and r["Rapportkolumn"] == column]
            assert round(sum(r["Belopp (kr)"] for r in rows) * 100) == round(total[f"{column} (kr)"] * 100), column
    inv = next(r for r in _records(book[f"Investeringar {report.units[0].unit}"]) if r[next(iter(r))].startswith("Totalt"))
    column = next(h[: -len(" (kr)")] for h in inv if h.startswith("Utfall") and h.endswith("(kr)"))
    rows = [r for r in investments if r["Enhet"] == report.units[0].unit and r["Rapportkolumn"] == column]
    assert round(sum(r["Belopp (kr)"] for r in rows) * 100) == round(inv[f"{column} (kr)"] * 100)


def test_the_budget_split_rows_sum_to_the_figures_the_text_prints(sample):
    report = sample["report"]
    rows = list(_book(sample["avstamning"])["Budgetens delar"].iter_rows(values_only=True))
    head = rows[0]
    body = [dict(zip(head, r)) for r in rows[1:] if r[0] == report.units[0].unit]
    assert len(body) > 10 and all(isinstance(r["Excel-rad"], int) for r in body)
    label = head.index("Ursprunglig budget (kr)") - 1
    summa = next(r for r in rows if r[label] == "Summa (kr)")
    in_text_at = next(i for i, r in enumerate(rows) if r[label] == "I texten, nettokostnad")
    assert rows[in_text_at][head.index("Budget (kr)")] == "Budget (mnkr)"
    in_text = rows[in_text_at + 1]
    text = report.texts["ekonomi_budget"]
    for name in ("Ursprunglig budget (kr)", "Ändringsbudget (kr)", "Budget (kr)"):
        col = head.index(name)
        total = round(sum(r[name] for r in body) * 100)
        assert round(summa[col] * 100) == total
        assert in_text[col] * 10 == tenths_of_mnkr(-total)          # net cost: the sign turned
        assert f"{abs(in_text[col]):.1f}".replace(".", ",") + " mnkr" in text.replace("\u00a0", " ")
    # each row is the budget export's row: its three amounts add up as the export says
    assert all(round((r["Ursprunglig budget (kr)"] + r["Ändringsbudget (kr)"]) * 100) == round(r["Budget (kr)"] * 100)
               for r in body)


def _input_row(file: str, row: int) -> list:
    """Every sheet's cells of Excel row `row` of an input file (the test reads the file itself)."""
    book = openpyxl.load_workbook(next((ROOT / "input_xlsx").rglob(file)), read_only=True, data_only=True)
    return [value for sheet in book for line in sheet.iter_rows(min_row=row, max_row=row, values_only=True)
            for value in line]


def test_every_indicator_value_is_traced_to_its_row_or_its_computation(sample):
    report = sample["report"]
    records = _records(_book(sample["avstamning"])["Indikatorer"])
    printed = [(goal.heading, table.title, row.label, column, cell)
               for goal in report.personnel.goals for table in goal.tables
               for row in table.rows for column, cell in zip(table.header[1:], row.cells)]
    assert printed and sorted(printed) == sorted(
        (r["Mål"], r["Tabell"], r["Indikator"], r["Rapportkolumn"], r["Tryckt"]) for r in records)
    computed = 0
    for r in records:
        if r["Tryckt"] in ("", "–"):
            assert r["Värde"] is None and r["Täljare"] is None
            continue
        percent = r["Tryckt"].endswith("%")
        value = r["Värde"] * 100 if percent else r["Värde"]
        shown = r["Tryckt"].replace("\u00a0", "").replace(" ", "")
        if percent:
            assert f"{value:.1f}".replace(".", ",") + "%" == shown, r
        else:
            assert (f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")) == shown, r
        if r["Täljare"] is not None:                     # computed from this period's aggregates
            computed += 1
            assert r["Täljare"] / r["Nämnare"] * (100 if percent else 1) == pytest.approx(value)
            assert r["Excel-rad"] is None and r["Beräkning"]
        else:                                            # read from a row of an input file
            assert r["Fil"] and r["Excel-rad"] >= 2
            cells = _input_row(r["Fil"], r["Excel-rad"])
            assert any(isinstance(c, (int, float)) and c == pytest.approx(r["Värde"] * (100 if percent else 1))
                       for c in cells), r
    assert computed >= 2                                 # sick leave and turnover


# --- LibreOffice ------------------------------------------------------------------------------

def _calc_converts(folder: Path) -> bool:
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    probe = folder / "probe.xlsx"
    book = xlsxwriter.Workbook(probe)
    book.add_worksheet().write(0, 0, 1)
    book.close()
    _to_pdf(soffice, folder, probe)
    return (folder / "probe.pdf").exists()


def _to_pdf(soffice: str, folder: Path, *files: Path) -> None:
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profil').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
                   capture_output=True, timeout=180, check=False)


def test_libreoffice_shows_no_hash_marks_in_either_workbook(sample, tmp_path):
    """The workbooks as LibreOffice Calc prints them: every number shown, none as `###`."""
    if shutil.which("pdftotext") is None or not _calc_converts(tmp_path):
        pytest.skip("LibreOffice Calc (libreoffice-calc-nogui) is not installed")
    files = []
    for name in ("avstamning", "kommunoversikt"):
        (tmp_path / f"{name}.xlsx").write_bytes(sample[name])
        files.append(tmp_path / f"{name}.xlsx")
    _to_pdf(shutil.which("soffice"), tmp_path, *files)
    for name in ("avstamning", "kommunoversikt"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Sida 1 av" in text and "Kontroller" in text
        assert "###" not in text, name
