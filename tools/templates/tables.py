"""The templates' tables: a figure table (docxtpl row and column loops) and a table of texts (one
row per item of a context list), with header rows marked, fixed widths and an accessible caption.

How the figure tables work (docxtpl tags; docxtpl removes the rows and cells holding {%tr %} and
{%tc %} tags):

    | {{ rr.header[0] }}         | {%tc for heading in rr.header[1:] %} | {{ heading }} | {%tc endfor %} |
    | {%tr for row in rr.rows %} |                                      |               |                |
    | {%tr if row.is_sum %}      |                                      |               |                |
    | {{ row.label }}            | {%tc for cell in row.cells %}        | {{ cell }}    | {%tc endfor %} |
    | {%tr else %}               |                                      |               |                |
    | {{ row.label }}            | {%tc for cell in row.cells %}        | {{ cell }}    | {%tc endfor %} |
    | {%tr endif %}              |                                      |               |                |
    | {%tr endfor %}             |                                      |               |                |

The first row is the header row (bold, repeated on every page), then the sum-row template (bold
text) and the ordinary-row template. How a sum row looks (bold, a border, shading) is set in Word
on the sum-row template. The figure columns are a column loop, so one template serves every
period: six RR/DR columns in a tertial or delår report, four at the year end (no forecast), and
four or three in the investment table. The label column keeps its width and the loop's columns
share the rest of the table's width equally (pipeline/render/word.py does that after rendering).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from templates.package import TEXT_WIDTH_CM
from templates.styles import TABLE_FIGURES, TABLE_STYLE, TABLE_TEXT

# Cell paragraphs printed bold: the risk a group of controls is under, a comment's sub-heading.
BOLD_CELL_TAGS = frozenset({"{{ kontroll.risk }}", "{{ stycke.rubrik }}"})


@dataclass(frozen=True)
class TextTable:
    """A table of texts, one row per item of a context list: header texts, cell tags, widths."""

    loop: str                 # "item in mal"
    caption: str
    headers: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]   # per column: its paragraphs' tags
    widths: tuple[float, ...]


@dataclass(frozen=True)
class TableSpec:
    """One figure table: its context key, accessible caption and label column width.

    The table is as wide as the text; its figure columns (as many as the period has) share
    what the label column leaves. In the template the loop's three cells (the {%tc for %} cell,
    the figure cell and the {%tc endfor %} cell) share it, so that the tags are readable in Word.
    """

    key: str
    caption: str
    label_cm: float

    @property
    def widths(self) -> list[float]:
        loop = (TEXT_WIDTH_CM - self.label_cm) / 3
        return [self.label_cm, loop, loop, TEXT_WIDTH_CM - self.label_cm - 2 * loop]


def text_table(document, spec: TextTable, guard: str | None) -> None:
    """Header row, then one row per item; left out entirely when the list is empty."""
    if guard:
        document.add_paragraph(f"{{%p if {guard} %}}")
    table = document.add_table(rows=0, cols=len(spec.headers))
    table.style = document.styles[TABLE_STYLE]
    header = table.add_row()
    _keep_row_together(header)
    for cell, text in zip(header.cells, spec.headers):
        paragraph = cell.paragraphs[0]
        paragraph.style = TABLE_TEXT
        paragraph.paragraph_format.keep_with_next = True      # the header row stays with the first row
        paragraph.add_run(text).bold = True
    _tag_row(table, f"{{%tr for {spec.loop} %}}")
    row = table.add_row()         # may break across pages: a row of text can be longer than a page
    for cell, tags in zip(row.cells, spec.cells):
        for index, tag in enumerate(tags):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.style = TABLE_TEXT
            run = paragraph.add_run(tag)
            if tag in BOLD_CELL_TAGS:
                run.bold = True
            if tag == "{{ kontroll.riskbeskrivning }}":
                run.italic = True
    _tag_row(table, "{%tr endfor %}")
    _mark_header_row(table.rows[0])
    _fix_widths(table, list(spec.widths))
    _caption(table, spec.caption)
    if guard:
        document.add_paragraph("{%p endif %}")


def figure_table(document, spec: TableSpec) -> None:
    """Header row, then the docxtpl row loop with a bold sum-row and an ordinary-row template;
    the figure columns are a docxtpl column loop over the header and each row's cells."""
    table = document.add_table(rows=0, cols=len(spec.widths))
    table.style = document.styles[TABLE_STYLE]
    _cells_row(table, [f"{{{{ {spec.key}.header[0] }}}}",
                       *_column_loop(f"heading in {spec.key}.header[1:]", "{{ heading }}")], bold=True)
    _tag_row(table, f"{{%tr for row in {spec.key}.rows %}}")
    _tag_row(table, "{%tr if row.is_sum %}")
    _cells_row(table, _row_tags(), bold=True)
    _tag_row(table, "{%tr else %}")
    _cells_row(table, _row_tags(), bold=False)
    _tag_row(table, "{%tr endif %}")
    _tag_row(table, "{%tr endfor %}")
    _mark_header_row(table.rows[0])
    _fix_widths(table, spec.widths)
    _caption(table, spec.caption)


def _column_loop(loop: str, tag: str) -> list[str]:
    """The three cells of a docxtpl column loop: the repeated cell between its two tag cells."""
    return [f"{{%tc for {loop} %}}", tag, "{%tc endfor %}"]


def _row_tags() -> list[str]:
    return ["{{ row.label }}", *_column_loop("cell in row.cells", "{{ cell }}")]


def _cells_row(table, texts: list[str], *, bold: bool) -> None:
    """A row with one tag per cell: label left-aligned, figures right-aligned."""
    row = table.add_row()
    _keep_row_together(row)
    for column, (cell, text) in enumerate(zip(row.cells, texts)):
        paragraph = cell.paragraphs[0]
        paragraph.style = TABLE_TEXT if column == 0 else TABLE_FIGURES
        paragraph.paragraph_format.keep_with_next = True      # the table stays on one page
        run = paragraph.add_run(text)
        run.bold = True if bold else None


def _tag_row(table, tag: str) -> None:
    """A control row: the docxtpl tag in the first cell, the other cells empty (not merged)."""
    row = table.add_row()
    row.cells[0].paragraphs[0].style = TABLE_TEXT
    row.cells[0].paragraphs[0].add_run(tag)
    for cell in row.cells[1:]:
        cell.paragraphs[0].style = TABLE_TEXT


def _mark_header_row(row) -> None:
    """Table header row: repeated on each page and announced as headers by screen readers."""
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _keep_row_together(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))


def _fix_widths(table, widths_cm: list[float]) -> None:
    """Fixed layout with explicit grid and cell widths, so Word and LibreOffice agree."""
    table.autofit = False
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(Cm(w).twips for w in widths_cm)))
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _caption(table, caption: str) -> None:
    """Accessible table title (w:tblCaption, Word's "Alternativ text" > Rubrik)."""
    table._tbl.tblPr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="{caption}"/>'))
