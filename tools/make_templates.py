"""Build the default Word templates: one per report type (pipeline/templates/manadsuppfoljning.docx,
tertialrapport.docx, delarsrapport.docx, arsredovisning.docx) and tjansteskrivelse.docx.

Run from the project root:  .venv/bin/python tools/make_templates.py   (or: make templates)

The output stands in for .docx files made in Word with docxtpl's Jinja tags: everything a
municipality may want to change (heading texts, the order of sections, table styles, which rows
are bold, widths) is ordinary Word content in those files, and can be edited in Word afterwards.
The script only writes them once, reproducibly (a re-run gives byte-identical output). The
names the tags may use are in docs/report-context.md.

Accessibility (DOS-lagen) is built in: Swedish document language, real Heading 1-3 styles
numbered by Word's own heading numbering (a multi-level list linked to the styles, not numbers
typed in the text, so that a section left out leaves no gap), a table of contents field that
Word refreshes on opening, table header rows marked (repeated on each page, announced by screen
readers) and a caption on every table, no merged cells, no empty paragraphs for spacing (spacing
is in the styles), and pictures only through the context's charts, which carry their text
alternative.

A section whose inputs are missing (no Word text, no follow-up rows, no staff section) is left
out whole: its `{%p if %}` condition is the one pipeline/render/sections.py declares, which also
tells the ekonom which sections were left out and why.

How the tables work (docxtpl tags; docxtpl removes the rows and cells holding {%tr %} and
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

import re
import sys
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, without installing the package

from pipeline.render import overview, sections  # noqa: E402
from pipeline.render.accessibility import MINIMUM_CONTRAST, contrast_ratio, style_background  # noqa: E402
from pipeline.render.docx_package import LANGUAGE, core_properties_in_their_namespace  # noqa: E402
from pipeline.render.reproducible import reproducible_docx  # noqa: E402
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE, DEFAULT_TEMPLATE, TEMPLATES  # noqa: E402

TEMPLATE_DATE = datetime(2023, 1, 1)   # fixed, so that regenerating gives identical bytes
TEMPLATE_TITLE = "Mall för delårsrapport"
MEMO_TITLE = "Mall för tjänsteskrivelse"
OVERVIEW_TITLE = "Mall för kommunöversikt"

TEXT_WIDTH_CM = 17.0                   # A4 (21 cm) minus 2 cm margins left and right
TABLE_STYLE = "Ekonomitabell"
TABLE_TEXT = "Tabelltext"               # label column and tag rows
TABLE_FIGURES = "Tabellsiffror"         # figure columns: right-aligned
BORDER_COLOUR = "A6A6A6"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
HEADER_SHADING = "F2F2F2"
TABLE_CAPTION = "Tabellrubrik"          # a visible caption above a table, kept with it
FIGURE = "Figur"                        # paragraph holding a chart: centred, kept with its caption
SENDER = "Avsändare"                    # the memo's förvaltning and handläggare block
# The nämnd's ärendenummer after its name or the memo's date; [namnder.<KOD>] arendenummer is optional.
ARENDENUMMER = "{% if dokument.arendenummer %}, ärendenummer {{ dokument.arendenummer }}{% endif %}"
SIGNATURE = "Underskrift"
TOC_LEVELS = "1-2"
HEADING_NUMBERING = "Rubriknumrering"
HEADING_STYLES = ("Heading1", "Heading2", "Heading3")   # style ids linked to the list's levels 0-2
HEADING_NUMBERED_LEVELS = 2                            # Heading 1 and 2 show a number
BODY_FONT = "Calibri"                   # LibreOffice uses the metric-compatible Carlito
BULLETS = ("\u2022", "\u2013", "\u25e6")   # •, –, ◦ by list level
# Core properties left out when empty (python-docx's blank document has them empty).
EMPTY_CORE = ("identifier", "description", "category", "keywords", "lastModifiedBy", "subject")
# docProps/app.xml without the blank document's statistics and origin; Word writes its own on saving.
APP_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
# Built-in styles kept in every template although it does not use them (lower-case names, as in
# styles.xml): what an editor in Word or an organisation's text is likely to use.
KEPT_STYLES = frozenset({
    "normal", "title", "subtitle", "caption", "quote", "intense quote", "list paragraph", "list bullet",
    "list bullet 2", "list number", "list number 2", "toc heading", "toc 1", "toc 2", "toc 3", "header",
    "footer", "hyperlink", "strong", "emphasis", "table grid", "no spacing",
    *(f"heading {n}" for n in range(1, 10)),
})


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


RR = TableSpec("rr", "Resultaträkning", 5.6)                      # interim: six columns of 1.9 cm
DR = TableSpec("dr", "Driftsredovisning", 5.6)
INV = TableSpec("inv", "Investeringsredovisning", 7.0)            # interim: four columns of 2.5 cm
# Each DR row's forecast in the previous report and now, and the change (three columns).
PREVIOUS = TableSpec("jamforelse.prognos", "Prognosen per verksamhet jämfört med föregående rapport", 7.0)
UNIT_RR = TableSpec("enhet.rr", "Resultaträkning", 5.6)             # inside the loop over appended units
UNIT_DR = TableSpec("enhet.dr", "Driftsredovisning", 5.6)
INDICATOR = TableSpec("tabell", "Indikatorer", 6.0)               # inside the goal loop of section 5
LAW = TableSpec("personal.sjukfranvaro_lag", "Sjukfrånvaro enligt lag", 9.0)
OVERVIEW_DRIFT = TableSpec("drift", "Driftsredovisning per nämnd", 5.6)        # the kommun's overview
OVERVIEW_INVESTMENTS = TableSpec("investeringar", "Investeringar per nämnd", 7.0)
OVERVIEW_GOALS = TableSpec("mal", "Måluppfyllelse per nämnd", 6.0)
OVERVIEW_STAFF = TableSpec("personal", "Sjukfrånvaro och personalomsättning per förvaltning", 5.0)


GOALS = TextTable(
    "mal in mal", "Uppföljning verksamhetsmål",
    ("Kommunens uppgift", "KF mål", "Analys av måluppfyllelsen", "Status"),
    (("{{ mal.kommunens_uppgift }}",), ("{{ mal.mal }}",), ("{{ mal.analys }}",),
     ("{{r mal.status.rich }}",)),
    (3.0, 4.0, 7.2, 2.8),
)
PRIORITIES = TextTable(
    "satsning in satsningar", "Årets prioriterade satsningar",
    ("Årliga prioriteringar", "Kommentar", "Status"),
    (("{{ satsning.prioritering }}",),
     ("{%p for stycke in satsning.stycken %}",        # the comment's paragraphs, sub-headings bold
      "{%p if stycke.rubrik %}", "{{ stycke.rubrik }}", "{%p endif %}",
      "{%p if stycke.text %}", "{{ stycke.text }}", "{%p endif %}",
      "{%p endfor %}"),
     ("{{r satsning.status.rich }}",)),
    (4.0, 10.2, 2.8),
)
STAFF_PRIORITIES = TextTable(
    "satsning in medarbetarsatsningar", "Årets prioriterade satsningar, medarbetare",
    PRIORITIES.headers, PRIORITIES.cells, PRIORITIES.widths,
)
ASSIGNMENTS = TextTable(
    "uppdrag in uppdrag", "Uppföljning av de riktade uppdragen",
    ("Typ av uppdrag", "Uppdrag", "Kommentar"),
    (("{{ uppdrag.typ }}",), ("{{ uppdrag.uppdrag }}",), ("{{ uppdrag.kommentar }}",)),
    (3.5, 4.5, 9.0),
)
INTERNAL_CONTROL = TextTable(
    "kontroll in internkontroll", "Internkontroll",
    ("Risk", "Kontroll", "Resultat", "Kommentar"),
    (("{{ kontroll.risk }}",
      "{%p if kontroll.riskbeskrivning and (loop.first or kontroll.risk != loop.previtem.risk) %}",
      "{{ kontroll.riskbeskrivning }}",
      "{%p endif %}"),
     ("{{ kontroll.kontroll }}",), ("{{r kontroll.resultat.rich }}",), ("{{ kontroll.kommentar }}",)),
    (4.6, 3.4, 3.4, 5.6),
)


# Cell paragraphs printed bold: the risk a group of controls is under, a comment's sub-heading.
BOLD_CELL_TAGS = frozenset({"{{ kontroll.risk }}", "{{ stycke.rubrik }}"})


@dataclass(frozen=True)
class ReportLayout:
    """One shipped report template: the report type it serves, its title in the file's
    properties, and whether it is the lighter monthly report (the economy sections and the
    forecast, no title page or table of contents) or the full one (sections 1-11)."""

    path: Path
    title: str
    monthly: bool = False


REPORT_LAYOUTS = (
    ReportLayout(TEMPLATES / "manadsuppfoljning.docx", "Mall för månadsuppföljning", monthly=True),
    ReportLayout(TEMPLATES / "tertialrapport.docx", "Mall för tertialrapport"),
    ReportLayout(DEFAULT_TEMPLATE, TEMPLATE_TITLE),
    ReportLayout(TEMPLATES / "arsredovisning.docx", "Mall för årsredovisning"),
)


def main() -> None:
    """Build the templates and write them next to the package code."""
    for path, data in {**all_template_bytes(), overview.TEMPLATE: overview_template_bytes()}.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"Skrev {path.relative_to(ROOT)}")


def all_template_bytes() -> dict[Path, bytes]:
    """Every shipped template (the report types' and the memo's) as reproducible .docx bytes."""
    files = {layout.path: document_bytes(report_template(layout), layout.title) for layout in REPORT_LAYOUTS}
    files[DEFAULT_MEMO_TEMPLATE] = memo_template_bytes()
    return files


def overview_template_bytes() -> bytes:
    """The kommun's overview template (pipeline/templates/oversikt/kommunoversikt.docx)."""
    return document_bytes(overview_template(), OVERVIEW_TITLE)


def memo_template_bytes() -> bytes:
    """The tjänsteskrivelse template as reproducible .docx bytes."""
    return document_bytes(tjansteskrivelse_template(), MEMO_TITLE)


def document_bytes(document, title: str) -> bytes:
    _without_unused_styles(document)
    _accessible_colours(document)
    _core_properties(document, title)
    buffer = BytesIO()
    document.save(buffer)
    return reproducible_docx(buffer.getvalue(), TEMPLATE_DATE)


def _base_document():
    """A4, Swedish, the table and paragraph styles both templates use."""
    document = Document()
    _clean_package(document)
    _page_setup(document.sections[0])
    _language(document)
    _table_styles(document)
    _paragraph_styles(document)
    _real_bullets(document)
    return document


def report_template(layout: ReportLayout):
    """A report: headings numbered by Word, optional sections left out whole when their inputs
    are missing (pipeline/render/sections.py), then each appended unit's own section.

    Full: title page, table of contents, sections 1-10 in the reference's order. Monthly: a
    title, the economy and the investments."""
    document = _base_document()
    _heading_numbering(document)
    _page_number_footer(document)
    if layout.monthly:
        _title(document)
        _ekonomi(document)
        _investeringar(document)
    else:
        _update_fields_on_open(document)
        _title_page(document)
        _table_of_contents(document)
        _sammanfattning(document)
        _uppdrag_och_ansvar(document)
        _text_section(document, sections.VASENTLIGA_HANDELSER, "vasentliga_handelser")
        _verksamhetsmal(document)
        _medarbetare(document)
        _riktade_uppdrag(document)
        _ekonomi(document)
        _investeringar(document)
        _text_section(document, sections.FORVANTAD_UTVECKLING, "forvantad_utveckling")
        _internkontroll(document)
    _appended_units(document)
    return document


# --- report sections ------------------------------------------------------------------------

def _title(document) -> None:
    """The monthly report's title: no title page."""
    document.add_paragraph("{{ dokument.titel }}", style="Title")
    document.add_paragraph("{{ dokument.namnd }}, {{ dokument.kommun }}, {{ dokument.period_text }}",
                           style="Subtitle")


def _title_page(document) -> None:
    document.add_paragraph("{{ dokument.titel }}", style="Title")
    document.add_paragraph(f"{{{{ dokument.namnd }}}}{ARENDENUMMER}", style="Subtitle")
    document.add_paragraph("{{ dokument.kommun }}, {{ dokument.period_text }}", style="Subtitle")


def _table_of_contents(document) -> None:
    """A TOC field (Word refreshes it on opening; the PDF export updates it) on its own page."""
    heading = document.add_paragraph("Innehållsförteckning", style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    paragraph = document.add_paragraph()
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> TOC \\o "{TOC_LEVELS}" \\h \\z </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>Innehållsförteckningen fylls i när dokumentet öppnas i Word "
        "(eller högerklicka här och välj Uppdatera fält).</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))


def _sammanfattning(document) -> None:
    heading = document.add_heading("Sammanfattning", level=1)
    heading.paragraph_format.page_break_before = True
    _optional_text(document, "texter.malstatus")
    _avsnitt(document, "medarbetare")
    document.add_paragraph("{{ texter.budget }} {{ texter.investering }}")
    _avsnitt(document, "sammanfattning")


def _text_section(document, section: sections.Section, key: str) -> None:
    """A section that is the organisation's Word text: heading and text, or nothing."""
    _if(document, section)
    document.add_heading(section.title, level=1)
    document.add_paragraph(f"{{{{p avsnitt.{key} }}}}")
    _endif(document)


def _uppdrag_och_ansvar(document) -> None:
    """Section 2: the organisation's text, then its organisation chart when it has one
    (`organisationsschema`: the picture with its text alternative, and the caption under it)."""
    _if(document, sections.UPPDRAG_OCH_ANSVAR)
    document.add_heading(sections.UPPDRAG_OCH_ANSVAR.title, level=1)
    _avsnitt(document, "uppdrag_och_ansvar")
    document.add_paragraph("{%p if organisationsschema %}")
    document.add_paragraph("{{ organisationsschema.bild }}", style=FIGURE)
    document.add_paragraph("{{ organisationsschema.bildtext }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    _endif(document)


def _verksamhetsmal(document) -> None:
    _if(document, sections.VERKSAMHETSMAL)
    document.add_heading(sections.VERKSAMHETSMAL.title, level=1)
    _text_table(document, GOALS, "mal")
    _if(document, sections.SATSNINGAR)
    document.add_heading(sections.SATSNINGAR.title, level=2)
    _text_table(document, PRIORITIES, None)
    _endif(document)
    _endif(document)


def _medarbetare(document) -> None:
    """One subsection per staff goal: status, computed sentences, the indicator tables; then the
    sick-leave chart, the law's table at year end and the year's staff priorities."""
    _if(document, sections.MEDARBETARMAL)
    document.add_heading(sections.MEDARBETARMAL.title, level=1)
    document.add_paragraph("{%p if personal %}")
    document.add_paragraph("{%p for mal in personal.mal %}")
    document.add_heading("{{ mal.rubrik }}", level=2)
    document.add_paragraph("{%p if mal.status %}")
    document.add_paragraph("{{r mal.status.rich }}", style="Status")
    document.add_paragraph("{%p endif %}")
    document.add_heading("Analys av måluppfyllelsen", level=3)
    document.add_paragraph("{{ mal.text }}")
    document.add_paragraph("{%p if mal.analys %}")
    document.add_paragraph("{{ mal.analys }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p for tabell in mal.tabeller %}")
    _table_caption(document, "{{ tabell.title }} för målet: startläge, utfall och målvärde")
    _figure_table(document, INDICATOR)
    document.add_paragraph("{%p endfor %}")
    _chart(document, "sjukfranvaro",
           "Sjukfrånvaro i procent av den ordinarie arbetstiden: indikatorerna i tabellerna ovan, "
           "utfall för helåren och för {{ dokument.period_text }}, med målen som streckade linjer.",
           condition='mal.diagram == "sjukfranvaro"')
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if personal.lagtabell %}")
    document.add_heading("Sjukfrånvaro enligt lag", level=2)
    _figure_table(document, LAW)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if personal.fotnot %}")
    document.add_paragraph("{{ personal.fotnot }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endif %}")
    _if(document, sections.MEDARBETARSATSNINGAR)
    document.add_heading(sections.MEDARBETARSATSNINGAR.title, level=2)
    _text_table(document, STAFF_PRIORITIES, None)
    _endif(document)
    _endif(document)


def _riktade_uppdrag(document) -> None:
    _if(document, sections.RIKTADE_UPPDRAG)
    document.add_heading(sections.RIKTADE_UPPDRAG.title, level=1)
    _text_table(document, ASSIGNMENTS, None)
    _endif(document)


def _ekonomi(document) -> None:
    document.add_heading(sections.EKONOMI.title, level=1)
    document.add_heading("Resultaträkning", level=2)
    _figure_table(document, RR)
    document.add_heading("Driftsredovisning", level=2)
    _figure_table(document, DR)
    _chart(document, "budget_prognos", "Budget och {% if dokument.arsbokslut %}utfall för året"
                                       "{% else %}prognos för helåret{% endif %} per verksamhet, "
                                       "nettokostnad i mnkr: driftsredovisningens belopp ovan, med "
                                       "kostnaderna som positiva tal.")
    _since_previous_report(document)
    document.add_heading("Ekonomisk analys", level=2)
    document.add_paragraph("{{ texter.ekonomi_budget }}")
    _avsnitt(document, "ekonomisk_analys")
    _if(document, sections.ATGARDER)
    document.add_heading(sections.ATGARDER.title, level=2)
    document.add_paragraph("{{p avsnitt.atgarder_budget_i_balans }}")
    _endif(document)


def _since_previous_report(document) -> None:
    """Since the previous report (its record read, `jamforelse`): how the forecast changed,
    and each verksamhet's forecast then and now. Left out without a previous report."""
    document.add_paragraph("{%p if jamforelse %}")
    document.add_heading("Prognosen jämfört med {{ jamforelse.namn }}", level=3)
    _optional_text(document, "jamforelse.text")
    _figure_table(document, PREVIOUS)
    document.add_paragraph("{%p endif %}")


def _investeringar(document) -> None:
    """Left out for a nämnd without investment projects (its table would hold only a blank total)."""
    _if(document, sections.INVESTERINGAR)
    document.add_heading(sections.INVESTERINGAR.title, level=1)
    document.add_heading("Investeringsredovisning, årlig budget (mnkr)", level=2)
    _figure_table(document, INV)
    document.add_heading("Kommentarer till investeringsredovisning, årlig budget", level=3)
    document.add_paragraph("{{ texter.investering }}")
    _avsnitt(document, "investeringar")
    _endif(document)


def _internkontroll(document) -> None:
    _if(document, sections.INTERNKONTROLL)
    document.add_heading(sections.INTERNKONTROLL.title, level=1)
    _optional_text(document, "texter.internkontroll")
    _text_table(document, INTERNAL_CONTROL, None)
    _endif(document)


def _appended_units(document) -> None:
    """Each unit reported in this nämnd's report (organisation.xlsx, Redovisas i): a section
    named after it with its income statement, operating statement and forecast sentence."""
    document.add_paragraph("{%p for enhet in ovriga_enheter %}")
    document.add_heading("{{ enhet.namn }}", level=1)
    document.add_heading("Resultaträkning", level=2)
    _figure_table(document, UNIT_RR)
    document.add_heading("Driftsredovisning", level=2)
    _figure_table(document, UNIT_DR)
    document.add_paragraph("{%p if enhet.analys %}")
    document.add_heading("Ekonomisk analys", level=2)
    document.add_paragraph("{{ enhet.analys }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")


def _if(document, section: sections.Section) -> None:
    """Open a section printed only when its inputs are there (its condition in sections.py)."""
    document.add_paragraph(f"{{%p if {section.condition} %}}")


def _endif(document) -> None:
    document.add_paragraph("{%p endif %}")


# --- the kommun's overview -------------------------------------------------------------------

def overview_template():
    """The kommun's overview (for the executive board): the nämnder's driftsredovisning and investments,
    their goal statuses and each förvaltning's sick leave and turnover (pipeline/render/overview.py;
    the last two sections left out whole without their inputs)."""
    document = _base_document()
    _heading_numbering(document)
    _page_number_footer(document, "{{ dokument.titel }}, {{ dokument.kommun }} – sida ")
    document.add_paragraph("{{ dokument.titel }}", style="Title")
    document.add_paragraph("{{ dokument.kommun }}, {{ dokument.period_text }}", style="Subtitle")
    document.add_heading("Driftsredovisning per nämnd", level=1)
    _optional_text(document, "texter.drift")
    _figure_table(document, OVERVIEW_DRIFT)
    document.add_heading("Investeringar per nämnd", level=1)
    _optional_text(document, "texter.investeringar")
    _figure_table(document, OVERVIEW_INVESTMENTS)
    _if(document, overview.GOALS)
    document.add_heading(overview.GOALS.title, level=1)
    document.add_paragraph("Antal verksamhetsmål per status i nämndernas målbedömning.")
    _figure_table(document, OVERVIEW_GOALS)
    _endif(document)
    _if(document, overview.STAFF)
    document.add_heading(overview.STAFF.title, level=1)
    document.add_paragraph("Sjukfrånvaro i procent av den ordinarie arbetstiden och extern personalomsättning "
                           "i procent, samma månader båda åren.")
    _figure_table(document, OVERVIEW_STAFF)
    document.add_paragraph("{%p if fotnot %}")
    document.add_paragraph("{{ fotnot }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    _endif(document)
    return document


# --- the tjänsteskrivelse -------------------------------------------------------------------

def tjansteskrivelse_template():
    """The cover memo (domain.md §7): sender block, recipient, title, proposal, the case, the
    förvaltning's assessment with the key figures, consequences, documents, signatures.

    Every page has a header (kommun and förvaltning; the memo's date and the ärendenummer) and a
    footer "Sida x av y". The decision heading names the nämnd ("Förslag till kommunstyrelsens
    beslut", `memo.beslutsrubrik` from the settings). A list (the proposals, the documents, the
    recipients) is kept on one page with its heading: every item but the last keeps with the next."""
    document = _base_document()
    _memo_header(document)
    _page_x_of_y_footer(document)
    document.add_paragraph("{%p if dokument.forvaltning %}")     # optional: [namnder.<KOD>] forvaltning
    document.add_paragraph("{{ dokument.forvaltning }}", style=SENDER)
    document.add_paragraph("{%p endif %}")
    for tag in ("{{ memo.handlaggare.namn }}", "{{ memo.handlaggare.telefon }}", "{{ memo.handlaggare.epost }}"):
        document.add_paragraph(tag, style=SENDER)
    document.add_paragraph("{{ memo.mottagare }}", style="Mottagare")
    document.add_heading("{{ memo.titel }}", level=1)
    document.add_heading("{{ memo.beslutsrubrik }}", level=2)
    document.add_paragraph("{%p if memo.forslag_till_beslut %}")
    document.add_paragraph("{{ dokument.namnd }} beslutar att:").paragraph_format.keep_with_next = True
    _kept_list(document, "forslag in memo.forslag_till_beslut", "{{ forslag }}", "List Number")
    document.add_paragraph("{%p endif %}")
    document.add_heading("Ärendet", level=2)
    document.add_heading("Bakgrund", level=3)
    document.add_paragraph("{{ memo.bakgrund }}")
    document.add_heading("Ärendets beredning", level=3)
    document.add_paragraph("{{ memo.beredning }}")
    document.add_heading("{% if dokument.forvaltning %}{{ dokument.forvaltning }}s{% else %}Förvaltningens"
                         "{% endif %} bedömning", level=2)
    _optional_text(document, "memo.bedomning")
    _optional_text(document, "texter.malstatus")
    _avsnitt(document, "medarbetare")
    document.add_paragraph("{{ texter.budget }}")
    _optional_text(document, "texter.investering")
    document.add_heading("Ekonomiska konsekvenser", level=2)
    document.add_paragraph("{{ memo.ekonomiska_konsekvenser }}")
    document.add_heading("Sociala och miljömässiga konsekvenser", level=2)
    document.add_paragraph("{{ memo.sociala_konsekvenser }}")
    document.add_paragraph("{%p if memo.beslutsunderlag %}")
    document.add_heading("Beslutsunderlag", level=2)
    _kept_list(document, "underlag in memo.beslutsunderlag", "{{ underlag }}", "List Bullet")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p for underskrift in memo.underskrifter %}")
    document.add_paragraph("{{ underskrift.namn }}", style=SIGNATURE)
    document.add_paragraph("{{ underskrift.titel }}", style=SENDER).paragraph_format.keep_with_next = True
    document.add_paragraph("{{ dokument.kommun }}", style=SENDER)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if memo.skickas_till %}")
    document.add_heading("Beslutet skickas till", level=2)
    _kept_list(document, "mottagare in memo.skickas_till", "{{ mottagare }}", "List Bullet")
    document.add_paragraph("{%p endif %}")
    return document


def _kept_list(document, loop: str, tag: str, style: str) -> None:
    """A list from a loop, kept on one page: each item but the last keeps with the next (the
    heading before it keeps with the first, as every heading style does)."""
    document.add_paragraph(f"{{%p for {loop} %}}")
    document.add_paragraph("{%p if loop.last %}")
    document.add_paragraph(tag, style=style)
    document.add_paragraph("{%p else %}")
    document.add_paragraph(tag, style=style).paragraph_format.keep_with_next = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")


def _memo_header(document) -> None:
    """The memo's page header: the kommun and the förvaltning on the left, the memo's date and
    the ärendenummer on the right (a right tab at the text's edge), on every page."""
    header = document.sections[0].header
    header.is_linked_to_previous = False
    lines = (("{{ dokument.kommun }}", "Datum {{ dokument.datum }}"),
             ("{{ dokument.forvaltning }}",
              "{% if dokument.arendenummer %}Dnr {{ dokument.arendenummer }}{% endif %}"))
    for number, (left, right) in enumerate(lines):
        paragraph = header.paragraphs[0] if number == 0 else header.add_paragraph()
        paragraph.style = document.styles["Header"]
        # the style's centre tab cleared: the date and the dnr go to the right tab at the margin
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CLEAR)
        paragraph.add_run(left)
        paragraph.add_run().add_tab()
        paragraph.add_run(right)


def _page_x_of_y_footer(document) -> None:
    """"Sida 2 av 3": the PAGE and NUMPAGES fields, centred, on every page."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Sida ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" av ")
    _field(paragraph, "NUMPAGES", "1")


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple Word field (PAGE, NUMPAGES) with `shown` as its text until it is updated."""
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                f"<w:r><w:t>{shown}</w:t></w:r>",
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))


# --- building blocks ------------------------------------------------------------------------

def _optional_text(document, key: str) -> None:
    """A computed text that may be empty: no paragraph at all when it is."""
    document.add_paragraph(f"{{%p if {key} %}}")
    document.add_paragraph(f"{{{{ {key} }}}}")
    document.add_paragraph("{%p endif %}")


def _avsnitt(document, key: str) -> None:
    """The organisation's own Word text for a section, inserted whole (a docxtpl Subdoc)."""
    document.add_paragraph(f"{{%p if avsnitt.{key} %}}")
    document.add_paragraph(f"{{{{p avsnitt.{key} }}}}")
    document.add_paragraph("{%p endif %}")


def _chart(document, key: str, caption: str, condition: str = "") -> None:
    """A chart picture (with its text alternative from the context) and a visible caption; with
    `condition`, only where it holds (a chart that belongs under one goal of a loop)."""
    also = f"{condition} and " if condition else ""
    document.add_paragraph(f"{{%p if {also}diagram and diagram.{key} %}}")
    document.add_paragraph(f"{{{{ diagram.{key} }}}}", style=FIGURE)
    document.add_paragraph(caption, style="Caption")
    document.add_paragraph("{%p endif %}")


def _table_caption(document, text: str) -> None:
    """A visible caption above a table, saying what the table is: space above it (so it does not
    sit flush under a table before it; it also keeps Word from joining two tables) and kept on
    the page of the table it names."""
    document.add_paragraph(text, style=_table_caption_style(document))


def _table_caption_style(document):
    """The "Tabellrubrik" style: Word's Caption (its colour and size), with space above and kept
    with the table that follows."""
    styles = document.styles
    if TABLE_CAPTION in [style.name for style in styles]:
        return styles[TABLE_CAPTION]
    style = styles.add_style(TABLE_CAPTION, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Caption"]
    style.quick_style = True
    style.paragraph_format.space_before = Pt(12)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.keep_with_next = True
    return style


def _text_table(document, spec: TextTable, guard: str | None) -> None:
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


# --- tables ---------------------------------------------------------------------------------

def _figure_table(document, spec: TableSpec) -> None:
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


def _paragraph_styles(document) -> None:
    """Spacing lives in the styles, so the templates need no empty paragraphs."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    figure = styles.add_style(FIGURE, WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = normal
    figure.quick_style = True
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.space_before = Pt(6)
    status = styles.add_style("Status", WD_STYLE_TYPE.PARAGRAPH)
    status.base_style = normal
    status.quick_style = True
    status.font.bold = True
    status.paragraph_format.keep_with_next = True        # a goal's status stays with its analysis
    sender = styles.add_style(SENDER, WD_STYLE_TYPE.PARAGRAPH)
    sender.base_style = normal
    sender.quick_style = True
    sender.paragraph_format.space_after = Pt(0)
    recipient = styles.add_style("Mottagare", WD_STYLE_TYPE.PARAGRAPH)
    recipient.base_style = normal
    recipient.quick_style = True
    recipient.font.bold = True
    recipient.paragraph_format.space_before = Pt(18)
    recipient.paragraph_format.space_after = Pt(18)
    signature = styles.add_style(SIGNATURE, WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = sender
    signature.quick_style = True
    signature.paragraph_format.space_before = Pt(36)
    signature.paragraph_format.keep_with_next = True
    styles["Caption"].paragraph_format.space_after = Pt(10)
    for level in range(1, 4):           # the table of contents' entries: page number after dots
        styles.element.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
            f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{Cm(TEXT_WIDTH_CM).twips}"/></w:tabs>'
            f'<w:spacing w:after="60"/><w:ind w:left="{(level - 1) * 220}"/></w:pPr></w:style>'))
    border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if border is not None:          # a line under the title: drawn untagged in the PDF (PDF/UA)
        styles["Title"].element.pPr.remove(border)
    for name in ("Title", "TOC Heading"):
        # Headings to a screen reader and in the PDF's tag tree (H1): outline level 1. The table of
        # contents lists the Heading 1-2 styles only (no \\u in the field; lo_export.py does the same
        # in LibreOffice), so neither is listed in it.
        properties = styles[name].element.get_or_add_pPr()
        for old_level in properties.findall(qn("w:outlineLvl")):
            properties.remove(old_level)
        properties.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    for name in ("Header", "Footer"):        # Word's centre and right tabs, at this page's text width
        tabs = styles[name].paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)


def _heading_numbering(document) -> None:
    """Word's own heading numbering: a multi-level list linked to Heading 1-3 ("7", "7.1"; Heading
    3 is linked but shows no number, as in the reference), so a section left out leaves no gap
    and an edited template renumbers itself. The list's levels name the heading styles and each
    heading style names the list, as Word writes it (Start > Flernivålista > Rubriker)."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                          default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    levels = "".join(_numbering_level(level) for level in range(9))
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{HEADING_NUMBERING}"/>{levels}'
        "</w:abstractNum>")
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)          # the schema puts every abstractNum before the nums
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    for level in range(len(HEADING_STYLES)):
        numbered = document.styles[f"Heading {level + 1}"].element.get_or_add_pPr().get_or_add_numPr()
        numbered.get_or_add_ilvl().val = level
        numbered.get_or_add_numId().val = num_id
    for style in document.styles.element.findall(qn("w:style")):   # TOC Heading: based on Heading 1
        based_on = style.find(qn("w:basedOn"))
        if style.get(qn("w:styleId")) not in HEADING_STYLES and based_on is not None \
                and based_on.get(qn("w:val")) in HEADING_STYLES:
            style.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0   # 0: no number


def _numbering_level(level: int) -> str:
    """One level of the heading list: "%1", "%1.%2" and a single space before the heading's text
    for Heading 1 and 2; no number at Heading 3 and below."""
    shown = level < HEADING_NUMBERED_LEVELS
    text = ".".join(f"%{n + 1}" for n in range(level + 1)) if shown else ""
    style = f'<w:pStyle w:val="{HEADING_STYLES[level]}"/>' if level < len(HEADING_STYLES) else ""
    return (f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{"decimal" if shown else "none"}"/>{style}'
            f'<w:suff w:val="{"space" if shown else "nothing"}"/><w:lvlText w:val="{text}"/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>')


def _page_number_footer(document, text: str = "{{ dokument.titel }}, {{ dokument.namnd }} – sida ") -> None:
    """Page numbers in the footer (a PAGE field) after `text`, none on the title page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text)
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                "<w:r><w:t>2</w:t></w:r>",
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))


def _update_fields_on_open(document) -> None:
    """w:updateFields: Word refreshes the table of contents when the document is opened."""
    settings = document.settings.element
    element = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    settings.find(qn("w:compat")).addprevious(element)


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


def _without_unused_styles(document) -> None:
    """Only the styles a template uses, the built-in ones an editor or an organisation's text
    reaches for (KEPT_STYLES), and those they are based on, linked to or followed by.

    python-docx's blank document carries some 170 styles, most of them Word 2010 table styles in
    the old theme's light blue, with text colours below WCAG's 4.5:1; nothing uses them, and a
    style left out that an organisation's text uses comes with that text."""
    root = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in root.findall(qn("w:style"))}
    names = {style_id: style.find(qn("w:name")).get(qn("w:val")) for style_id, style in by_id.items()
             if style.find(qn("w:name")) is not None}
    parts = [part.element for part in document.part.package.iter_parts()
             if re.fullmatch(r"/word/(document|numbering|header\d*|footer\d*)\.xml", str(part.partname))]
    used = {node.get(qn("w:val")) for part in parts for node in part.iter(
        qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))}
    keep = used | {i for i, style in by_id.items()
                   if style.get(qn("w:default")) in ("1", "true") or names.get(i, "").lower() in KEPT_STYLES}
    todo = list(keep)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for link in style.iterchildren(qn("w:basedOn"), qn("w:link"), qn("w:next")):
            if link.get(qn("w:val")) not in keep:
                keep.add(link.get(qn("w:val")))
                todo.append(link.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            root.remove(style)


def _accessible_colours(document) -> None:
    """Every text colour in the styles at least 4.5:1 against its background (WCAG 2.1, 1.4.3).

    A colour is written as itself (the theme attributes go: Word would show the theme's colour,
    whatever the value says); one that is too light is darkened, keeping its hue, until it has
    the contrast. tests/test_accessibility.py computes the same from the templates' styles."""
    for style in document.styles.element.findall(qn("w:style")):
        for colour in style.iter(qn("w:color")):
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                colour.attrib.pop(qn(attribute), None)
            value = colour.get(qn("w:val"))
            if value is None or value == "auto":
                continue
            background = style_background(style, colour)
            while contrast_ratio(value, background) < MINIMUM_CONTRAST:
                value = "".join(f"{int(int(value[i:i + 2], 16) * 0.9):02X}" for i in (0, 2, 4))
            colour.set(qn("w:val"), value)


def _real_bullets(document) -> None:
    """List bullets as a real character in the body font ("•", "–", "◦"), not a private-use
    glyph of the Symbol or Wingdings font that a screen reader or a PDF's text cannot name."""
    for level in document.part.numbering_part.element.iter(qn("w:lvl")):
        if level.find(qn("w:numFmt")) is None or level.find(qn("w:numFmt")).get(qn("w:val")) != "bullet":
            continue
        depth = int(level.get(qn("w:ilvl"), "0"))
        level.find(qn("w:lvlText")).set(qn("w:val"), BULLETS[depth % len(BULLETS)])
        properties = level.find(qn("w:rPr"))
        if properties is not None:
            level.remove(properties)
        level.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
                               f'w:cs="{BODY_FONT}" w:hint="default"/></w:rPr>'))


def _core_properties(document, title: str) -> None:
    properties = document.core_properties
    properties.title = title
    properties.subject = ""
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    properties.language = LANGUAGE
    properties.created = properties.modified = TEMPLATE_DATE
    properties.revision = 1
    core = document.part.package.core_properties._element
    # python-docx's blank core.xml has cp:lastModifiedBy, cp:keywords, … in the custom-properties
    # namespace, copies beside the real ones; and empty dc:identifier, dc:description, cp:category
    core_properties_in_their_namespace(core)
    for node in list(core):
        if not (node.text or "").strip() and etree.QName(node).localname in EMPTY_CORE:
            core.remove(node)
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_PROPERTIES        # no "Pages 1, Words 0" from the blank document


if __name__ == "__main__":
    main()
