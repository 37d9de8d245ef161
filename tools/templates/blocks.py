"""Paragraph blocks every template is made of: a section printed only when its inputs are there,
an optional computed text, the organisation's own Word text, a chart with its caption, a table's
caption, a Word field and the page-number footer."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.render import sections
from templates.styles import FIGURE, table_caption_style

def if_section(document, section: sections.Section) -> None:
    """Open a section printed only when its inputs are there (its condition in sections.py)."""
    document.add_paragraph(f"{{%p if {section.condition} %}}")


def endif(document) -> None:
    document.add_paragraph("{%p endif %}")


def optional_text(document, key: str) -> None:
    """A computed text that may be empty: no paragraph at all when it is."""
    document.add_paragraph(f"{{%p if {key} %}}")
    document.add_paragraph(f"{{{{ {key} }}}}")
    document.add_paragraph("{%p endif %}")


def avsnitt(document, key: str) -> None:
    """The organisation's own Word text for a section, inserted whole (a docxtpl Subdoc)."""
    document.add_paragraph(f"{{%p if avsnitt.{key} %}}")
    document.add_paragraph(f"{{{{p avsnitt.{key} }}}}")
    document.add_paragraph("{%p endif %}")


def chart(document, key: str, caption: str, condition: str = "") -> None:
    """A chart picture (with its text alternative from the context) and a visible caption; with
    `condition`, only where it holds (a chart that belongs under one goal of a loop)."""
    also = f"{condition} and " if condition else ""
    document.add_paragraph(f"{{%p if {also}diagram and diagram.{key} %}}")
    document.add_paragraph(f"{{{{ diagram.{key} }}}}", style=FIGURE)
    document.add_paragraph(caption, style="Caption")
    document.add_paragraph("{%p endif %}")


def table_caption(document, text: str) -> None:
    """A visible caption above a table, saying what the table is: space above it (so it does not
    sit flush under a table before it; it also keeps Word from joining two tables) and kept on
    the page of the table it names."""
    document.add_paragraph(text, style=table_caption_style(document))


def field(paragraph, instruction: str, shown: str, *, dirty: bool = False) -> None:
    """A simple Word field (PAGE, NUMPAGES, TOC) with `shown` as its text until it is updated;
    `dirty`: marked for Word to update when the document is opened."""
    begin = ' w:dirty="true"' if dirty else ""
    for xml in (f'<w:r><w:fldChar w:fldCharType="begin"{begin}/></w:r>',
                f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                f"<w:r><w:t>{shown}</w:t></w:r>",
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))


def page_number_footer(document, text: str = "{{ dokument.titel }}, {{ dokument.namnd }} – sida ") -> None:
    """Page numbers in the footer (a PAGE field) after `text`, none on the title page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text)
    field(paragraph, "PAGE", "2")
