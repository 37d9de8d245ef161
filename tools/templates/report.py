"""The report templates, one per report type: the full report (title page, table of contents,
sections 1-10 in the reference's order) and the lighter monthly one (the economy and the
investments), each followed by the appended units' sections. A section whose inputs are missing
is left out whole: its `{%p if %}` condition is the one pipeline/render/sections.py declares."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.render import sections
from pipeline.render.word import DEFAULT_TEMPLATE, TEMPLATES
from templates.blocks import (avsnitt, chart, endif, field, if_section, optional_text, page_number_footer,
                              table_caption)
from templates.document import base_document
from templates.numbering import heading_numbering
from templates.package import update_fields_on_open
from templates.styles import FIGURE
from templates.tables import TableSpec, TextTable, figure_table, text_table

TEMPLATE_TITLE = "Mall för delårsrapport"
TOC_LEVELS = "1-2"
# The nämnd's ärendenummer after its name or the memo's date; [namnder.<KOD>] arendenummer is optional.
ARENDENUMMER = "{% if dokument.arendenummer %}, ärendenummer {{ dokument.arendenummer }}{% endif %}"

RR = TableSpec("rr", "Resultaträkning", 5.6)                      # interim: six columns of 1.9 cm
DR = TableSpec("dr", "Driftsredovisning", 5.6)
INV = TableSpec("inv", "Investeringsredovisning", 7.0)            # interim: four columns of 2.5 cm
# Each DR row's forecast in the previous report and now, and the change (three columns).
PREVIOUS = TableSpec("jamforelse.prognos", "Prognosen per verksamhet jämfört med föregående rapport", 7.0)
UNIT_RR = TableSpec("enhet.rr", "Resultaträkning", 5.6)             # inside the loop over appended units
UNIT_DR = TableSpec("enhet.dr", "Driftsredovisning", 5.6)
INDICATOR = TableSpec("tabell", "Indikatorer", 6.0)               # inside the goal loop of section 5
LAW = TableSpec("personal.sjukfranvaro_lag", "Sjukfrånvaro enligt lag", 9.0)

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


def report_template(layout: ReportLayout):
    """A report: headings numbered by Word, optional sections left out whole when their inputs
    are missing (pipeline/render/sections.py), then each appended unit's own section.

    Full: title page, table of contents, sections 1-10 in the reference's order. Monthly: a
    title, the economy and the investments."""
    document = base_document()
    heading_numbering(document)
    page_number_footer(document)
    if layout.monthly:
        _title(document)
        _ekonomi(document)
        _investeringar(document)
    else:
        update_fields_on_open(document)
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
    field(document.add_paragraph(), f'TOC \\o "{TOC_LEVELS}" \\h \\z',
          "Innehållsförteckningen fylls i när dokumentet öppnas i Word "
          "(eller högerklicka här och välj Uppdatera fält).", dirty=True)


def _sammanfattning(document) -> None:
    heading = document.add_heading("Sammanfattning", level=1)
    heading.paragraph_format.page_break_before = True
    optional_text(document, "texter.malstatus")
    avsnitt(document, "medarbetare")
    document.add_paragraph("{{ texter.budget }} {{ texter.investering }}")
    avsnitt(document, "sammanfattning")


def _text_section(document, section: sections.Section, key: str) -> None:
    """A section that is the organisation's Word text: heading and text, or nothing."""
    if_section(document, section)
    document.add_heading(section.title, level=1)
    document.add_paragraph(f"{{{{p avsnitt.{key} }}}}")
    endif(document)


def _uppdrag_och_ansvar(document) -> None:
    """Section 2: the organisation's text, then its organisation chart when it has one
    (`organisationsschema`: the picture with its text alternative, and the caption under it)."""
    if_section(document, sections.UPPDRAG_OCH_ANSVAR)
    document.add_heading(sections.UPPDRAG_OCH_ANSVAR.title, level=1)
    avsnitt(document, "uppdrag_och_ansvar")
    document.add_paragraph("{%p if organisationsschema %}")
    document.add_paragraph("{{ organisationsschema.bild }}", style=FIGURE)
    document.add_paragraph("{{ organisationsschema.bildtext }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    endif(document)


def _verksamhetsmal(document) -> None:
    if_section(document, sections.VERKSAMHETSMAL)
    document.add_heading(sections.VERKSAMHETSMAL.title, level=1)
    text_table(document, GOALS, "mal")
    _text_table_section(document, sections.SATSNINGAR, PRIORITIES, level=2)
    endif(document)


def _medarbetare(document) -> None:
    """One subsection per staff goal: status, computed sentences, the indicator tables; then the
    sick-leave chart, the law's table at year end and the year's staff priorities."""
    if_section(document, sections.MEDARBETARMAL)
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
    table_caption(document, "{{ tabell.title }} för målet: startläge, utfall och målvärde")
    figure_table(document, INDICATOR)
    document.add_paragraph("{%p endfor %}")
    chart(document, "sjukfranvaro",
          "Sjukfrånvaro i procent av den ordinarie arbetstiden: indikatorerna i tabellerna ovan, "
          "utfall för helåren och för {{ dokument.period_text }}, med målen som streckade linjer.",
          condition='mal.diagram == "sjukfranvaro"')
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if personal.lagtabell %}")
    document.add_heading("Sjukfrånvaro enligt lag", level=2)
    figure_table(document, LAW)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if personal.fotnot %}")
    document.add_paragraph("{{ personal.fotnot }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endif %}")
    _text_table_section(document, sections.MEDARBETARSATSNINGAR, STAFF_PRIORITIES, level=2)
    endif(document)


def _riktade_uppdrag(document) -> None:
    _text_table_section(document, sections.RIKTADE_UPPDRAG, ASSIGNMENTS, level=1)


def _text_table_section(document, section: sections.Section, spec: TextTable, level: int) -> None:
    """An optional section that is its heading and a table of texts."""
    if_section(document, section)
    document.add_heading(section.title, level=level)
    text_table(document, spec, None)
    endif(document)


def _ekonomi(document) -> None:
    document.add_heading(sections.EKONOMI.title, level=1)
    document.add_heading("Resultaträkning", level=2)
    figure_table(document, RR)
    document.add_heading("Driftsredovisning", level=2)
    figure_table(document, DR)
    chart(document, "budget_prognos", "Budget och {% if dokument.arsbokslut %}utfall för året"
                                      "{% else %}prognos för helåret{% endif %} per verksamhet, "
                                      "nettokostnad i mnkr: driftsredovisningens belopp ovan, med "
                                      "kostnaderna som positiva tal.")
    _since_previous_report(document)
    document.add_heading("Ekonomisk analys", level=2)
    document.add_paragraph("{{ texter.ekonomi_budget }}")
    avsnitt(document, "ekonomisk_analys")
    if_section(document, sections.ATGARDER)
    document.add_heading(sections.ATGARDER.title, level=2)
    document.add_paragraph("{{p avsnitt.atgarder_budget_i_balans }}")
    endif(document)


def _since_previous_report(document) -> None:
    """Since the previous report (its record read, `jamforelse`): how the forecast changed,
    and each verksamhet's forecast then and now. Left out without a previous report."""
    document.add_paragraph("{%p if jamforelse %}")
    document.add_heading("Prognosen jämfört med {{ jamforelse.namn }}", level=3)
    optional_text(document, "jamforelse.text")
    figure_table(document, PREVIOUS)
    document.add_paragraph("{%p endif %}")


def _investeringar(document) -> None:
    """Left out for a nämnd without investment projects (its table would hold only a blank total)."""
    if_section(document, sections.INVESTERINGAR)
    document.add_heading(sections.INVESTERINGAR.title, level=1)
    document.add_heading("Investeringsredovisning, årlig budget (mnkr)", level=2)
    figure_table(document, INV)
    document.add_heading("Kommentarer till investeringsredovisning, årlig budget", level=3)
    document.add_paragraph("{{ texter.investering }}")
    avsnitt(document, "investeringar")
    endif(document)


def _internkontroll(document) -> None:
    if_section(document, sections.INTERNKONTROLL)
    document.add_heading(sections.INTERNKONTROLL.title, level=1)
    optional_text(document, "texter.internkontroll")
    text_table(document, INTERNAL_CONTROL, None)
    endif(document)


def _appended_units(document) -> None:
    """Each unit reported in this nämnd's report (organisation.xlsx, Redovisas i): a section
    named after it with its income statement, operating statement and forecast sentence."""
    document.add_paragraph("{%p for enhet in ovriga_enheter %}")
    document.add_heading("{{ enhet.namn }}", level=1)
    document.add_heading("Resultaträkning", level=2)
    figure_table(document, UNIT_RR)
    document.add_heading("Driftsredovisning", level=2)
    figure_table(document, UNIT_DR)
    document.add_paragraph("{%p if enhet.analys %}")
    document.add_heading("Ekonomisk analys", level=2)
    document.add_paragraph("{{ enhet.analys }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
