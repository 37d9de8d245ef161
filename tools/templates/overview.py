"""The kommun's overview template (pipeline/templates/oversikt/kommunoversikt.docx): the nämnder
side by side, with the report templates' styles and heading numbering."""

from __future__ import annotations

from pipeline.render import overview
from templates.blocks import endif, if_section, optional_text, page_number_footer
from templates.document import base_document
from templates.numbering import heading_numbering
from templates.tables import TableSpec, figure_table

OVERVIEW_TITLE = "Mall för kommunöversikt"
OVERVIEW_DRIFT = TableSpec("drift", "Driftsredovisning per nämnd", 5.6)        # the kommun's overview
OVERVIEW_INVESTMENTS = TableSpec("investeringar", "Investeringar per nämnd", 7.0)
OVERVIEW_GOALS = TableSpec("mal", "Måluppfyllelse per nämnd", 6.0)
OVERVIEW_STAFF = TableSpec("personal", "Sjukfrånvaro och personalomsättning per förvaltning", 5.0)


def overview_template():
    """The kommun's overview (for the executive board): the nämnder's driftsredovisning and investments,
    their goal statuses and each förvaltning's sick leave and turnover (pipeline/render/overview.py;
    the last two sections left out whole without their inputs)."""
    document = base_document()
    heading_numbering(document)
    page_number_footer(document, "{{ dokument.titel }}, {{ dokument.kommun }} – sida ")
    document.add_paragraph("{{ dokument.titel }}", style="Title")
    document.add_paragraph("{{ dokument.kommun }}, {{ dokument.period_text }}", style="Subtitle")
    document.add_heading("Driftsredovisning per nämnd", level=1)
    optional_text(document, "texter.drift")
    figure_table(document, OVERVIEW_DRIFT)
    document.add_heading("Investeringar per nämnd", level=1)
    optional_text(document, "texter.investeringar")
    figure_table(document, OVERVIEW_INVESTMENTS)
    if_section(document, overview.GOALS)
    document.add_heading(overview.GOALS.title, level=1)
    document.add_paragraph("Antal verksamhetsmål per status i nämndernas målbedömning.")
    figure_table(document, OVERVIEW_GOALS)
    endif(document)
    if_section(document, overview.STAFF)
    document.add_heading(overview.STAFF.title, level=1)
    document.add_paragraph("Sjukfrånvaro i procent av den ordinarie arbetstiden och extern personalomsättning "
                           "i procent, samma månader båda åren.")
    figure_table(document, OVERVIEW_STAFF)
    document.add_paragraph("{%p if fotnot %}")
    document.add_paragraph("{{ fotnot }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    endif(document)
    return document
