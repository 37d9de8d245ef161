"""The shipped sample's PDFs (one `--pdf` run for the module).

Page breaks (issue 11, item 1): no table leaves its header row alone at the end of a page, and a
figure table (the template keeps its rows together) is never split. Read from the PDF's tag tree
(tests/pdf_tables.py), on the shipped sample's documents of every nämnd, and on a small document
made to break wrongly, so the check is seen to fail. And the reference's headings and computed
sentences in kommunstyrelsen's report and memo, as the PDF reader sees them.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT, libreoffice_or_skip
from docx.shared import Pt
from pdf_tables import placed_tables

from pipeline.cli import main
from pipeline.render.table_layout import release_last_rows

TIMESTAMP = datetime(2023, 8, 31, 12, 0)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample_documents(tmp_path_factory) -> dict[Path, tuple[bytes, bytes]]:
    """Every PDF the shipped sample gives with --pdf, with the .docx it was made from."""
    libreoffice_or_skip()
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(main, ["report", "--input", str(ROOT / "input_xlsx"), "--output", str(out),
                                       "--pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.glob("*/*/*.pdf"))
    return {pdf.relative_to(out): (pdf.read_bytes(), pdf.with_suffix(".docx").read_bytes()) for pdf in pdfs}


def test_pdf_of_the_shipped_sample_holds_every_heading_and_the_computed_sentences(sample_documents):
    """The real chain: shipped inputs -> Word -> LibreOffice -> tagged PDF, with the reference's
    headings and figures (tests/test_reference.py checks the tables; LibreOffice is installed by
    .ci/run)."""
    import pypdf

    folder = Path("2023-08") / "kommunstyrelsen"

    def text(name: str) -> str:
        pdf = pypdf.PdfReader(BytesIO(sample_documents[folder / name][0]))
        return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)

    report, memo = text("delarsrapport.pdf"), text("tjansteskrivelse.pdf")
    headings = ["1 Sammanfattning", "2 Uppdrag och ansvar", "3 Väsentliga händelser",
                "4 Uppföljning verksamhetsmål", "4.1 Årets prioriterade satsningar",
                "5 Uppföljning medarbetarmål", "6 Uppföljning av de riktade uppdragen", "7 Uppföljning ekonomi",
                "8 Investeringsredovisning", "9 Förväntad utveckling", "10 Internkontroll",
                "11 Kommunfullmäktige och revision"]
    positions = [report.rfind(h) for h in headings]          # after the table of contents
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    for phrase in (
        "Kommunstyrelsens driftsbudget för 2023 uppgår till 237,2 mnkr. Utfallet uppgår till 144,0 mnkr "
        "vilket motsvarar en förbrukning på 60,7 procent av budgeten.",
        "Kommunstyrelsens sammantagna prognos för året visar ett överskott på 5,9 mnkr.",
        "Nämndens investeringsbudget är på 15,3 mnkr. Nämnden prognostiserar ett överskott på 4,4 mnkr för året.",
        "Bedömningen är att 7 av målen är på rätt väg för måluppfyllelse och 4 mål är delvis på rätt väg. "
        "Inga av målen bedöms vara på fel väg. Bedömningen är oförändrad jämfört med tertialrapporten i april.",
        "10 kontroller inom 6 riskområden. 8 av kontrollerna har genomförts",
    ):
        assert phrase in report, phrase
        if "kontroller" not in phrase:
            assert phrase in memo, phrase
    assert "Förslag till kommunstyrelsens beslut" in memo and "Beslutsunderlag" in memo
    assert "Datum 2023-09-15" in memo and "Dnr KS2023/623" in memo and "Sida 1 av 2" in memo


def test_the_sample_gives_a_report_and_a_memo_of_every_namnd(sample_documents):
    names = {path.name for path in sample_documents}
    folders = {path.parent for path in sample_documents if path.name == "delarsrapport.pdf"}
    assert names >= {"delarsrapport.pdf", "tjansteskrivelse.pdf"}
    assert len(folders) == 6
    assert all(folder / "tjansteskrivelse.pdf" in sample_documents for folder in folders)


def test_no_table_header_row_is_the_last_thing_on_a_page(sample_documents):
    alone = []
    for path, (pdf, _) in sample_documents.items():
        tables = placed_tables(pdf)
        if path.name == "delarsrapport.pdf":
            assert len(tables) >= 10, path             # the tag tree was read: the report has its tables
        alone += [f"{path}: tabell {t.number} (sidor {sorted(t.pages)})" for t in tables if t.header_alone]
    assert alone == []


def test_a_figure_table_is_never_split_over_pages(sample_documents):
    """The tables whose rows the template keeps together (RR, DR, investments, indicators) each
    sit on one page; the long text tables (goals, internal control) may run over pages."""
    split, kept = [], 0
    for path, (pdf, document) in sample_documents.items():
        tables = placed_tables(pdf)
        word_tables = _word_tables(document)
        assert len(tables) == len(word_tables), path
        for table, rows_kept in zip(tables, word_tables):
            if rows_kept:
                kept += 1
                if len(table.pages) > 1:
                    split.append(f"{path}: tabell {table.number} (sidor {sorted(table.pages)})")
    assert kept >= 6 * 4                # each report's RR and DR, its appended unit's, its indicators
    assert split == []


def test_the_check_finds_a_header_row_left_at_a_page_end():
    """A table after a page of text, whose header row fits and whose first row does not: LibreOffice
    leaves the header alone, and the check says so; with the header kept with the next row it
    moves along, and the check passes."""
    libreoffice_or_skip()
    from pipeline.render.pdf import pdf_from_docx

    loose = placed_tables(pdf_from_docx(_table_at_page_end(keep_header=False), timestamp=TIMESTAMP))
    kept = placed_tables(pdf_from_docx(_table_at_page_end(keep_header=True), timestamp=TIMESTAMP))
    assert [t.header_alone for t in loose] == [True]
    assert [t.header_alone for t in kept] == [False]
    assert kept[0].pages == {2}


def test_the_last_row_of_a_table_is_not_kept_with_what_follows():
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    release_last_rows(document.element.body)
    kept = [[cell.paragraphs[0].paragraph_format.keep_with_next for cell in row.cells] for row in table.rows]
    assert kept == [[True, True], [True, True], [None, None]]


def _word_tables(document: bytes) -> list[bool]:
    """Per table of the .docx, in document order: whether the rendered template keeps its rows
    together: no row may break across pages, and every paragraph of every row but the last is
    kept with the next (a text table keeps only its header row with the first row, whose text
    may run over a page)."""
    body = docx.Document(BytesIO(document)).element.body
    found = []
    for table in body.iter(f"{_W}tbl"):
        rows = table.findall(f"{_W}tr")
        paragraphs = [p for row in rows[:-1] for p in row.iterfind(f"{_W}tc/{_W}p")]
        found.append(len(rows) > 1 and all(row.find(f"{_W}trPr/{_W}cantSplit") is not None for row in rows)
                     and all(p.find(f"{_W}pPr/{_W}keepNext") is not None for p in paragraphs))
    return found


def _table_at_page_end(*, keep_header: bool, lines: int = 38) -> bytes:
    """A page of text with room for two lines at its foot, then a table: a header row and a row of
    eight lines that cannot break over pages. The header row is not marked as repeated
    (w:tblHeader): LibreOffice moves a repeated header row along with the next row by itself, but a
    template may lack the mark, and then only "keep with next" holds the header to its row."""
    document = docx.Document()
    for number in range(lines):
        paragraph = document.add_paragraph(f"Stycke {number + 1}.")
        paragraph.paragraph_format.space_after = Pt(0)
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    header, body = table.rows
    body._tr.get_or_add_trPr().append(docx.oxml.parse_xml(
        '<w:cantSplit xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'))
    for cell, text in zip(header.cells, ("Rubrik", "Värde")):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].paragraph_format.keep_with_next = keep_header or None
    body.cells[0].paragraphs[0].text = "\n".join(f"Rad {n}" for n in range(8))
    body.cells[1].paragraphs[0].text = "1"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
