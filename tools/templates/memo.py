"""The tjänsteskrivelse template (the cover memo): sender block, proposal, the case, the
förvaltning's assessment, consequences, documents and signatures, with its own page header and a
"Sida x av y" footer."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm

from templates.blocks import avsnitt, field, optional_text
from templates.document import base_document
from templates.package import TEXT_WIDTH_CM
from templates.styles import SENDER, SIGNATURE

MEMO_TITLE = "Mall för tjänsteskrivelse"


def tjansteskrivelse_template():
    """The cover memo (domain.md §7): sender block, recipient, title, proposal, the case, the
    förvaltning's assessment with the key figures, consequences, documents, signatures.

    Every page has a header (kommun and förvaltning; the memo's date and the ärendenummer) and a
    footer "Sida x av y". The decision heading names the nämnd ("Förslag till kommunstyrelsens
    beslut", `memo.beslutsrubrik` from the settings). A list (the proposals, the documents, the
    recipients) is kept on one page with its heading: every item but the last keeps with the next."""
    document = base_document()
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
    optional_text(document, "memo.bedomning")
    optional_text(document, "texter.malstatus")
    avsnitt(document, "medarbetare")
    document.add_paragraph("{{ texter.budget }}")
    optional_text(document, "texter.investering")
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
    field(paragraph, "PAGE", "1")
    paragraph.add_run(" av ")
    field(paragraph, "NUMPAGES", "1")
