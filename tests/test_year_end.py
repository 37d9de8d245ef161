"""The year-end report (Årsredovisning, period December) from its shipped template.

The figure tables have fewer columns at the year end (no forecast): the template's column loops
give the RR/DR tables four figure columns and the investment table three, with widths that fill
the table. The law's seven sick-leave key figures are printed in December only.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import LEDGER_HEAD, ledger_2023, ledger_row, write_inputs
from pipeline.cli import main
from pipeline.render.accessibility import accessibility_findings
from pipeline.render.contract import year_end_context
from pipeline.render.template_lint import template_problems
from pipeline.render.word import DEFAULT_TEMPLATE, TEMPLATES, TemplateError, render_docx
from word_headings import numbered_headings

YEAR_END_TEMPLATE = TEMPLATES / "arsredovisning.docx"

YEAR_END_HEADER = ["Intäkter / Kostnader (mnkr)", "Bokslut 2022", "Utfall 2023", "Budget 2023",
                   "Avvikelse utfall mot budget"]
INVESTMENT_HEADER = ["Investeringar 2023 (mnkr)", "Budget 2023", "Utfall 2023",
                     "Avvikelse utfall mot budget"]
LAW_HEADING = "Sjukfrånvaro, andel av ordinarie arbetstid"


def _ledger_2022_every_month() -> list[list]:
    """100 000 kr of KS staff costs a month: Bokslut 2022 prints -1,2 mnkr."""
    return [LEDGER_HEAD] + [ledger_row(f"2022-{month:02d}", "5011", "12100", "1200", 100_000.00)
                            for month in range(1, 13)]


def _run(folder: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def december(tmp_path_factory) -> Path:
    """The CLI's output folder for a tiny input whose ledger reaches December 2023."""
    base = tmp_path_factory.mktemp("arsbokslut")
    folder = write_inputs(base / "in", huvudbok_2022={"Huvudbok": _ledger_2022_every_month()},
                          huvudbok_2023={"Huvudbok": ledger_2023() + [
                              ledger_row("2023-12", "5011", "12100", "1200", 250_000.00)]})
    _run(folder, base / "ut")
    return base / "ut" / "2023-12" / "kommunstyrelsen"


@pytest.fixture(scope="module")
def february(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("februari")
    _run(write_inputs(base / "in"), base / "ut")
    return base / "ut" / "2023-02" / "kommunstyrelsen"


@pytest.fixture(scope="module")
def report(december) -> docx.Document:
    return docx.Document(december / "arsredovisning.docx")


def _texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def _tables_headed(document, first: str) -> list:
    return [table for table in document.tables if table.rows[0].cells[0].text == first]


def _runs(row) -> list:
    return [run for cell in row.cells for p in cell.paragraphs for run in p.runs if run.text]


def _grid(table) -> list[int]:
    return [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def _cell_widths(row) -> list[int]:
    return [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.findall(qn("w:tc"))]


def test_year_end_report_and_memo_are_written(december):
    assert {p.name for p in december.iterdir()} == {"arsredovisning.docx", "tjansteskrivelse.docx",
                                                    "avstamning.xlsx", "utskrivet.json"}


def test_rr_tables_have_the_year_end_columns_in_every_row(report):
    rr_tables = _tables_headed(report, "Intäkter / Kostnader (mnkr)")
    assert len(rr_tables) == 2                                   # KS (7.1) and KF (11.1)
    for table in rr_tables:
        assert _texts(table.rows[0]) == YEAR_END_HEADER
        assert all(len(row._tr.findall(qn("w:tc"))) == 5 for row in table.rows)
        assert len(table.columns) == 5
    personal = next(row for row in rr_tables[0].rows if row.cells[0].text == "Personalkostnader")
    assert _texts(personal)[1:3] == ["-1,2", "-0,3"]              # Bokslut 2022, Utfall 2023


def test_dr_and_investment_tables_have_the_year_end_columns(report):
    for table in _tables_headed(report, "Verksamhet (mnkr)"):
        assert _texts(table.rows[0]) == ["Verksamhet (mnkr)", *YEAR_END_HEADER[1:]]
        assert all(len(row._tr.findall(qn("w:tc"))) == 5 for row in table.rows)
    [investments] = _tables_headed(report, "Investeringar 2023 (mnkr)")
    assert _texts(investments.rows[0]) == INVESTMENT_HEADER
    assert all(len(row._tr.findall(qn("w:tc"))) == 4 for row in investments.rows)
    assert len(investments.columns) == 4


def test_label_column_keeps_its_width_and_figure_columns_share_the_rest(report):
    template = docx.Document(YEAR_END_TEMPLATE)
    label_width = {table.rows[0].cells[0].text: _grid(table)[0] for table in template.tables}
    for first, tag in (("Intäkter / Kostnader (mnkr)", "{{ rr.header[0] }}"),
                       ("Investeringar 2023 (mnkr)", "{{ inv.header[0] }}")):
        table = _tables_headed(report, first)[0]
        grid = _grid(table)
        table_width = int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))
        assert grid[0] == label_width[tag]
        assert sum(grid) == table_width
        assert max(grid[1:]) - min(grid[1:]) <= 1
        assert all(_cell_widths(row) == grid for row in table.rows)


def test_year_end_tables_keep_header_row_bold_sums_and_right_aligned_figures(report):
    table = _tables_headed(report, "Intäkter / Kostnader (mnkr)")[0]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    total = next(row for row in table.rows if row.cells[0].text.startswith("Summa totalt"))
    ordinary = next(row for row in table.rows if row.cells[0].text == "Personalkostnader")
    assert _runs(total) and all(run.bold is True for run in _runs(total))
    assert not any(run.bold for run in _runs(ordinary))
    alignments = [cell.paragraphs[0].style.paragraph_format.alignment for cell in ordinary.cells]
    assert alignments[1:] == [WD_ALIGN_PARAGRAPH.RIGHT] * 4


def test_year_end_report_is_accessible(december):
    assert accessibility_findings((december / "arsredovisning.docx").read_bytes()) == []


def test_laws_key_figures_are_in_december_and_not_in_february(report, december, february):
    [law] = _tables_headed(report, LAW_HEADING)
    assert _texts(law.rows[0]) == [LAW_HEADING, "2023", "2022"]
    assert len(law.rows) == 8 and all(len(row.cells) == 3 for row in law.rows)
    headings = [text for _, text in numbered_headings((december / "arsredovisning.docx").read_bytes())]
    assert "5.4 Sjukfrånvaro enligt lag" in headings
    interim = docx.Document(february / "manadsuppfoljning.docx")
    assert _tables_headed(interim, LAW_HEADING) == []
    assert not any("Sjukfrånvaro enligt lag" in p.text for p in interim.paragraphs)


def test_chart_caption_speaks_of_the_outcome_at_the_year_end(report, february):
    captions = [p.text for p in report.paragraphs if p.style.name == "Caption"]
    assert ("Budget och utfall för året per verksamhet, nettokostnad i mnkr: driftsredovisningens belopp ovan, "
            "med kostnaderna som positiva tal.") in captions
    interim = [p.text for p in docx.Document(february / "manadsuppfoljning.docx").paragraphs
               if p.style.name == "Caption"]
    assert ("Budget och prognos för helåret per verksamhet, nettokostnad i mnkr: driftsredovisningens belopp "
            "ovan, med kostnaderna som positiva tal.") in interim


# --- the template check and the renderer ---------------------------------------------------

def test_shipped_template_renders_the_contracts_year_end_sample():
    data = render_docx(YEAR_END_TEMPLATE, year_end_context(), timestamp=_stamp(), title="Årsredovisning",
                       subject="Kommunstyrelsen", author="Kommunledningsförvaltningen")
    document = docx.Document(BytesIO(data))
    assert [len(table.columns) for table in document.tables
            if table.rows[0].cells[0].text in ("Intäkter / Kostnader (mnkr)", "Verksamhet (mnkr)",
                                               "Investeringar 2023 (mnkr)")] == [5, 5, 4, 5, 5]
    assert b"kolumnloop" not in data


def test_template_naming_a_fixed_column_is_reported_before_december(tmp_path):
    template = docx.Document(DEFAULT_TEMPLATE)
    template.add_paragraph("{{ rr.rows[0].cells[5] }}")
    path = tmp_path / "fast_kolumn.docx"
    template.save(path)
    problems = template_problems(path)
    assert [p.rule for p in problems] == ["mall-fast-kolumn"]
    assert "[5]" in problems[0].message and "Årsredovisning december 2023" in problems[0].message
    assert "{%tc for cell in row.cells %}" in problems[0].hint


def test_row_with_a_figure_too_many_is_an_error_not_a_ragged_table():
    context = year_end_context()
    context["inv"]["rows"][0]["cells"].append("0,0")
    with pytest.raises(TemplateError, match="har 4 siffror men tabellen har bara 3 kolumnrubriker"):
        render_docx(YEAR_END_TEMPLATE, context, timestamp=_stamp(), title="Årsredovisning",
                    subject="Kommunstyrelsen", author="Kommunledningsförvaltningen")


def _stamp() -> datetime:
    return datetime(2023, 12, 31, 12, 0)


def test_year_end_sentences_speak_of_the_years_outcome(report):
    text = " ".join(p.text for p in report.paragraphs)
    assert "sammantagna prognos" not in text and "Prognosen" not in text
    assert "Kommunstyrelsens resultat för året" in text
    assert "Utfallet är enligt budget." in text or "Utfallet visar" in text
