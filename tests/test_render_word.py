"""Rendering the shipped Word template (pipeline/templates/delarsrapport.docx)."""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from pipeline.model import PrintedTable, TableRow
from pipeline.render.contract import sparse_context
from pipeline.render.word import DEFAULT_TEMPLATE, TemplateError, render_docx
from word_headings import numbered_headings

TIMESTAMP = datetime(2023, 9, 15, 8, 30)
PERIOD_COLUMNS = (
    "Bokslut 2022", "Utfall jan-aug 2022", "Utfall jan-aug 2023", "Budget 2023",
    "Prognos helår 2023", "Avvikelse prognos mot budget",
)
RR_ROWS = (
    TableRow("Taxor & avgifter", ("0,5", "", "0,5", "", "", "")),
    TableRow("Övriga intäkter", ("13,8", "9,3", "9,8", "16,3", "15,0", "-1,3")),
    TableRow("Summa intäkter", ("14,3", "9,3", "10,3", "16,3", "15,0", "-1,3"), kind="sum"),
)


def _table(key: str, label_heading: str, columns: tuple[str, ...], rows) -> dict:
    return PrintedTable(key, key, (label_heading, *columns), tuple(rows)).as_context()


def _context() -> dict:
    """A tiny context in the shape the pipeline passes (the contract's sparse sample: no
    organisation texts, goals, staff section or charts, so only the five figure tables remain)."""
    one_row = [TableRow("Kommunledningsförvaltning", ("-1,0",) * 6),
               TableRow("Totalt (mnkr)", ("-1,0",) * 6, kind="total")]
    inv_columns = ("Budget 2023", "Utfall jan-aug 2023", "Prognos helår 2023",
                   "Avvikelse prognos mot budget")
    return {
        **sparse_context(),
        "dokument": {**sparse_context()["dokument"], "titel": "Delårsrapport augusti 2023",
                     "namnd": "Kommunstyrelsen", "arendenummer": "KS2023/623",
                     "kommun": "Enköpings kommun", "period_text": "januari–augusti 2023"},
        "rr": _table("rr", "Intäkter / Kostnader (mnkr)", PERIOD_COLUMNS, RR_ROWS),
        "dr": _table("dr", "Verksamhet (mnkr)", PERIOD_COLUMNS, one_row),
        "inv": _table("inv", "Investeringar 2023 (mnkr)", inv_columns,
                      [TableRow("Reinvesteringar IT", ("-12,9", "-3,3", "-8,5", "4,4"))]),
        "ovriga_enheter": [{"kod": "KF", "namn": "Kommunfullmäktige och revision",
                            "rr": _table("rr", "Intäkter / Kostnader (mnkr)", PERIOD_COLUMNS, RR_ROWS),
                            "dr": _table("dr", "Verksamhet (mnkr)", PERIOD_COLUMNS, one_row),
                            "analys": "Prognosen är enligt budget."}],
        "texter": {**sparse_context()["texter"], "ekonomi_budget": "Första stycket.\n\nAndra stycket.",
                   "investering": "Investeringstext."},
        "personal": None,     # no staff section configured: section 5 is left out
    }


def _render(context: dict | None = None, template: Path = DEFAULT_TEMPLATE) -> bytes:
    return render_docx(template, _context() if context is None else context, timestamp=TIMESTAMP,
                       title="Delårsrapport augusti 2023", subject="Kommunstyrelsen",
                       author="Kommunledningsförvaltningen")


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return _render()


@pytest.fixture(scope="module")
def document(rendered):
    return docx.Document(BytesIO(rendered))


def _texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def _runs_with_text(row) -> list:
    return [run for cell in row.cells for p in cell.paragraphs for run in p.runs if run.text]


def test_rr_table_holds_header_and_rows_in_place(document):
    rows = document.tables[0].rows
    assert len(rows) == 1 + len(RR_ROWS)
    assert _texts(rows[0]) == ["Intäkter / Kostnader (mnkr)", *PERIOD_COLUMNS]
    assert _texts(rows[1]) == ["Taxor & avgifter", "0,5", "", "0,5", "", "", ""]
    assert _texts(rows[2]) == ["Övriga intäkter", "13,8", "9,3", "9,8", "16,3", "15,0", "-1,3"]
    assert _texts(rows[3])[0] == "Summa intäkter"
    assert _texts(rows[3])[6] == "-1,3"


def test_every_table_is_rendered_in_template_order(document):
    firsts = [table.rows[1].cells[0].text for table in document.tables]
    assert firsts == ["Taxor & avgifter", "Kommunledningsförvaltning", "Reinvesteringar IT",
                      "Taxor & avgifter", "Kommunledningsförvaltning"]
    assert [len(table.columns) for table in document.tables] == [7, 7, 5, 7, 7]


def test_sum_row_is_bold_and_ordinary_row_is_not(document):
    rows = document.tables[0].rows
    sum_runs, ordinary_runs = _runs_with_text(rows[3]), _runs_with_text(rows[2])
    assert len(sum_runs) == 7 and all(run.bold is True for run in sum_runs)
    assert len(ordinary_runs) == 7 and not any(run.bold for run in ordinary_runs)


def test_total_row_is_bold(document):
    total = document.tables[1].rows[2]
    assert total.cells[0].text == "Totalt (mnkr)"
    assert all(run.bold is True for run in _runs_with_text(total))


def test_header_row_repeats_and_is_bold(document):
    header = document.tables[0].rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold is True for run in _runs_with_text(header))
    body_row = document.tables[0].rows[1]
    assert body_row._tr.trPr is None or body_row._tr.trPr.find(qn("w:tblHeader")) is None


def test_figures_are_right_aligned_and_labels_left(document):
    row = document.tables[0].rows[2]
    alignments = [cell.paragraphs[0].style.paragraph_format.alignment for cell in row.cells]
    assert alignments[0] in (None, WD_ALIGN_PARAGRAPH.LEFT)
    assert alignments[1:] == [WD_ALIGN_PARAGRAPH.RIGHT] * 6


def test_headings_use_built_in_heading_styles_numbered_without_the_left_out_sections(rendered):
    """No texts, goals, staff or follow-up: those sections are left out and Word's numbering
    closes the gaps (the economy is section 2, the appended unit section 4)."""
    assert [h for h in numbered_headings(rendered) if h[0] in ("Heading1", "Heading2")] == [
        ("Heading1", "1 Sammanfattning"),
        ("Heading1", "2 Uppföljning ekonomi"), ("Heading2", "2.1 Resultaträkning"),
        ("Heading2", "2.2 Driftsredovisning"), ("Heading2", "2.3 Ekonomisk analys"),
        ("Heading1", "3 Investeringsredovisning"),
        ("Heading2", "3.1 Investeringsredovisning, årlig budget (mnkr)"),
        ("Heading1", "4 Kommunfullmäktige och revision"), ("Heading2", "4.1 Resultaträkning"),
        ("Heading2", "4.2 Driftsredovisning"), ("Heading2", "4.3 Ekonomisk analys"),
    ]


def test_title_block_and_texts_are_filled(document):
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Delårsrapport augusti 2023"
    assert document.paragraphs[0].style.name == "Title"
    assert texts[1] == "Kommunstyrelsen, ärendenummer KS2023/623"
    analysis = texts.index("Ekonomisk analys")
    assert texts[analysis + 1: analysis + 3] == ["Första stycket.", "Andra stycket."]
    assert "Prognosen är enligt budget." in texts


def test_core_properties_are_set(rendered):
    """Read from core.xml itself: once docxtpl is imported, python-docx looks for cp:lastModifiedBy,
    cp:revision and cp:lastPrinted in the custom-properties namespace (docxcompose rebinds the
    prefix), where Word and LibreOffice do not read them."""
    from zipfile import ZipFile
    from lxml import etree

    core = etree.fromstring(ZipFile(BytesIO(rendered)).read("docProps/core.xml"))
    ns = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
          "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
    value = {name: core.findtext(name, namespaces=ns) for name in (
        "dc:title", "dc:subject", "dc:creator", "cp:lastModifiedBy", "dc:language", "cp:revision",
        "dcterms:created", "dcterms:modified", "cp:lastPrinted")}
    assert value["dc:title"] == "Delårsrapport augusti 2023"
    assert value["dc:subject"] == "Kommunstyrelsen"
    assert value["dc:creator"] == value["cp:lastModifiedBy"] == "Kommunledningsförvaltningen"
    assert value["dc:language"] == "sv-SE"
    assert value["cp:revision"] == "1"
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        assert value[name] == TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len({node.tag for node in core}) == len(core)                # each property once


def test_no_template_tags_are_left(document):
    paragraphs = list(document.paragraphs) + [
        p for table in document.tables for row in table.rows for cell in row.cells
        for p in cell.paragraphs
    ]
    leftovers = [p.text for p in paragraphs if "{{" in p.text or "{%" in p.text]
    assert leftovers == []


def test_rendering_twice_gives_identical_bytes(rendered):
    again = _render()
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(rendered).hexdigest()


def test_missing_key_raises_template_error_naming_template_and_field():
    context = copy.deepcopy(_context())
    del context["dokument"]["arendenummer"]
    with pytest.raises(TemplateError) as raised:
        _render(context)
    assert str(DEFAULT_TEMPLATE) in str(raised.value)
    assert '"arendenummer"' in str(raised.value)


def test_missing_table_raises_template_error():
    context = _context()
    del context["ovriga_enheter"][0]["dr"]
    with pytest.raises(TemplateError, match='fältet "dr"'):
        _render(context)


def test_missing_template_raises_template_error(tmp_path):
    missing = tmp_path / "finns_inte.docx"
    with pytest.raises(TemplateError, match="finns_inte.docx finns inte"):
        _render(template=missing)


def test_file_that_is_not_a_docx_raises_template_error(tmp_path):
    not_docx = tmp_path / "mall.docx"
    not_docx.write_text("inte en Word-fil", encoding="utf-8")
    with pytest.raises(TemplateError, match="kunde inte öppnas som Word-dokument"):
        _render(template=not_docx)


def test_tag_left_after_rendering_raises_template_error(tmp_path):
    template = tmp_path / "mall.docx"
    source = docx.Document()
    source.add_paragraph("{{ dokument.titel }}")
    source.add_paragraph("{_{ dokument.namnd }_}")  # docxtpl's escape: prints a literal {{
    source.save(template)
    with pytest.raises(TemplateError, match=r"mall.docx har taggar som inte ersattes.*dokument\.namnd"):
        _render(template=template)


def test_row_with_too_few_figures_raises_template_error():
    context = _context()
    context["rr"]["rows"][0]["cells"] = ["0,5", "", "0,5"]
    with pytest.raises(TemplateError, match=r"plats \[3\] i en lista"):
        _render(context)
