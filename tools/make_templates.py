"""Build the default Word template, pipeline/templates/delarsrapport.docx.

Run from the project root:  .venv/bin/python tools/make_templates.py   (or: make templates)

The output stands in for a .docx made in Word with docxtpl's Jinja tags: everything a
municipality may want to change (heading texts, table styles, which rows are bold, widths) is
ordinary Word content in that file, and can be edited in Word afterwards. The script only
writes it once, reproducibly (a re-run gives byte-identical output).

How the tables work (docxtpl tags, one per row; docxtpl removes the rows holding them):

    | {{ rr.header[0] }} | {{ rr.header[1] }} | ... |   header row: bold, repeats on every page
    | {%tr for row in rr.rows %}             |     |
    | {%tr if row.is_sum %}                  |     |
    | {{ row.label }}    | {{ row.cells[0] }}| ... |   sum row template: bold text
    | {%tr else %}                           |     |
    | {{ row.label }}    | {{ row.cells[0] }}| ... |   ordinary row template
    | {%tr endif %}                          |     |
    | {%tr endfor %}                         |     |

So how a sum row looks (bold, a border, shading) is set in Word on the sum-row template.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, without installing the package

from pipeline.render.word import DEFAULT_TEMPLATE, LANGUAGE, reproducible_docx  # noqa: E402

TEMPLATE_DATE = datetime(2023, 1, 1)   # fixed, so that regenerating gives identical bytes
TEMPLATE_TITLE = "Mall för delårsrapport"

TEXT_WIDTH_CM = 17.0                   # A4 (21 cm) minus 2 cm margins left and right
TABLE_STYLE = "Ekonomitabell"
TABLE_TEXT = "Tabelltext"               # label column and tag rows
TABLE_FIGURES = "Tabellsiffror"         # figure columns: right-aligned
BORDER_COLOUR = "A6A6A6"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
HEADER_SHADING = "F2F2F2"


@dataclass(frozen=True)
class TableSpec:
    """One figure table: its context key, accessible caption and column widths."""

    key: str
    caption: str
    label_cm: float
    figure_cm: float
    figures: int

    @property
    def widths(self) -> list[float]:
        return [self.label_cm] + [self.figure_cm] * self.figures


RR = TableSpec("rr", "Resultaträkning", 5.6, 1.9, 6)
DR = TableSpec("dr", "Driftsredovisning", 5.6, 1.9, 6)
INV = TableSpec("inv", "Investeringsredovisning", 7.0, 2.5, 4)
KF_RR = TableSpec("kf_rr", "Resultaträkning, kommunfullmäktige och revision", 5.6, 1.9, 6)
KF_DR = TableSpec("kf_dr", "Driftsredovisning, kommunfullmäktige och revision", 5.6, 1.9, 6)
INDICATOR = TableSpec("tabell", "Indikatorer", 6.0, 2.2, 5)       # inside the goal loop of section 5
LAW = TableSpec("personal.sjukfranvaro_lag", "Sjukfrånvaro enligt lag", 9.0, 4.0, 2)


def main() -> None:
    """Build the template and write it next to the package code."""
    DEFAULT_TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    DEFAULT_TEMPLATE.write_bytes(template_bytes())
    print(f"Skrev {DEFAULT_TEMPLATE.relative_to(ROOT)}")


def template_bytes() -> bytes:
    """The template as reproducible .docx bytes."""
    document = delarsrapport_template()
    buffer = BytesIO()
    document.save(buffer)
    return reproducible_docx(buffer.getvalue(), TEMPLATE_DATE)


def delarsrapport_template():
    """The whole template document: page, styles, then the report's sections in order."""
    document = Document()
    _clean_package(document)
    _page_setup(document.sections[0])
    _language(document)
    _table_styles(document)
    _core_properties(document)
    _title_block(document)
    _section_5_medarbetare(document)
    _section_7_ekonomi(document)
    _section_8_investeringar(document)
    _section_11_kommunfullmaktige(document)
    return document


# --- sections -------------------------------------------------------------------------------

def _title_block(document) -> None:
    document.add_paragraph("{{ dokument.titel }}", style="Title")
    document.add_paragraph(
        "{{ dokument.namnd }}, ärendenummer {{ dokument.arendenummer }}", style="Subtitle"
    )


def _section_5_medarbetare(document) -> None:
    """One subsection per staff goal: computed sentences, then the KF and nämnd indicator tables."""
    document.add_paragraph("{%p if personal %}")
    document.add_heading("5 Uppföljning medarbetarmål", level=1)
    document.add_paragraph("{%p for mal in personal.mal %}")
    document.add_heading("5.{{ loop.index }} {{ mal.rubrik }}", level=2)
    document.add_heading("Analys av måluppfyllelsen", level=3)
    document.add_paragraph("{{ mal.text }}")
    document.add_paragraph("{%p for tabell in mal.tabeller %}")
    document.add_paragraph("{{ tabell.title }}", style="Caption")   # also keeps Word from joining tables
    _figure_table(document, INDICATOR)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if personal.lagtabell %}")
    document.add_heading("Sjukfrånvaro enligt lag", level=2)
    _figure_table(document, LAW)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if personal.fotnot %}")
    document.add_paragraph("{{ personal.fotnot }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endif %}")


def _section_7_ekonomi(document) -> None:
    document.add_heading("7 Uppföljning ekonomi", level=1)
    document.add_heading("7.1 Resultaträkning", level=2)
    _figure_table(document, RR)
    document.add_heading("7.2 Driftsredovisning", level=2)
    _figure_table(document, DR)
    document.add_heading("7.3 Ekonomisk analys", level=2)
    document.add_paragraph("{{ texter.ekonomi_budget }}")


def _section_8_investeringar(document) -> None:
    document.add_heading("8 Investeringsredovisning", level=1)
    document.add_heading("8.1 Investeringsredovisning, årlig budget (mnkr)", level=2)
    _figure_table(document, INV)
    document.add_heading("Kommentarer till investeringsredovisning, årlig budget", level=3)
    document.add_paragraph("{{ texter.investering }}")


def _section_11_kommunfullmaktige(document) -> None:
    document.add_heading("11 Kommunfullmäktige och revision", level=1)
    document.add_heading("11.1 Resultaträkning", level=2)
    _figure_table(document, KF_RR)
    document.add_heading("11.2 Driftsredovisning", level=2)
    _figure_table(document, KF_DR)
    document.add_heading("11.3 Ekonomisk analys", level=2)
    document.add_paragraph("{{ texter.kf_analys }}")


# --- tables ---------------------------------------------------------------------------------

def _figure_table(document, spec: TableSpec) -> None:
    """Header row, then the docxtpl row loop with a bold sum-row and an ordinary-row template."""
    table = document.add_table(rows=0, cols=len(spec.widths))
    table.style = document.styles[TABLE_STYLE]
    columns = len(spec.widths)
    _cells_row(table, [f"{{{{ {spec.key}.header[{i}] }}}}" for i in range(columns)], bold=True)
    _tag_row(table, f"{{%tr for row in {spec.key}.rows %}}")
    _tag_row(table, "{%tr if row.is_sum %}")
    _cells_row(table, _row_tags(spec.figures), bold=True)
    _tag_row(table, "{%tr else %}")
    _cells_row(table, _row_tags(spec.figures), bold=False)
    _tag_row(table, "{%tr endif %}")
    _tag_row(table, "{%tr endfor %}")
    _mark_header_row(table.rows[0])
    _fix_widths(table, spec.widths)
    _caption(table, spec.caption)


def _row_tags(figures: int) -> list[str]:
    return ["{{ row.label }}"] + [f"{{{{ row.cells[{i}] }}}}" for i in range(figures)]


def _cells_row(table, texts: list[str], *, bold: bool) -> None:
    """A row with one tag per cell: label left-aligned, figures right-aligned."""
    row = table.add_row()
    _keep_row_together(row)
    for column, (cell, text) in enumerate(zip(row.cells, texts)):
        paragraph = cell.paragraphs[0]
        paragraph.style = TABLE_TEXT if column == 0 else TABLE_FIGURES
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


# --- styles and package ---------------------------------------------------------------------

def _table_styles(document) -> None:
    """Paragraph styles for table text and figures, and a light bordered table style."""
    styles = document.styles
    text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = styles["Normal"]
    text.quick_style = True
    text.font.size = Pt(9)
    text.paragraph_format.space_before = Pt(1)
    text.paragraph_format.space_after = Pt(1)
    text.paragraph_format.line_spacing = 1.0
    figures = styles.add_style(TABLE_FIGURES, WD_STYLE_TYPE.PARAGRAPH)
    figures.base_style = text
    figures.quick_style = True
    figures.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Normal Table"]
    table.element.append(_table_style_properties())
    table.element.append(_header_row_look())


def _table_style_properties():
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
    )


def _header_row_look():
    return parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_SHADING}"/></w:tcPr>'
        "</w:tblStylePr>"
    )


def _page_setup(section) -> None:
    """A4 portrait, 2.5 cm top and bottom, 2 cm left and right."""
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2)


def _language(document) -> None:
    """Swedish for spelling and hyphenation (docDefaults) and for Word's field formats."""
    styles = document.styles.element
    lang = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang.find(qn("w:lang")).set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), LANGUAGE)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")


def _clean_package(document) -> None:
    """Drop what python-docx's blank document carries over from its own origin.

    The preview picture (stale), and stylesWithEffects.xml (a Word 2010 duplicate of the
    styles that would keep the old language and fonts).
    """
    _drop_relationships(document.part.package.rels, RT.THUMBNAIL)
    _drop_relationships(document.part.rels, STYLES_WITH_EFFECTS)
    preview = document.settings.element.find(qn("w:savePreviewPicture"))
    if preview is not None:
        document.settings.element.remove(preview)


def _drop_relationships(rels, reltype: str) -> None:
    for rel_id in [rel_id for rel_id, rel in rels.items() if rel.reltype == reltype]:
        del rels[rel_id]


def _core_properties(document) -> None:
    properties = document.core_properties
    properties.title = TEMPLATE_TITLE
    properties.subject = ""
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    properties.language = LANGUAGE
    properties.created = properties.modified = TEMPLATE_DATE
    properties.revision = 1


if __name__ == "__main__":
    main()
