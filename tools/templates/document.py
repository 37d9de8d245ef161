"""A template's start and finish: the blank document every template starts from (A4, Swedish, the
styles and bullets), and its reproducible .docx bytes (unused styles dropped, colours checked,
fixed properties)."""

from __future__ import annotations

from io import BytesIO

from docx import Document

from pipeline.render.reproducible import reproducible_docx
from templates.numbering import real_bullets
from templates.package import TEMPLATE_DATE, clean_package, core_properties, language, page_setup
from templates.styles import accessible_colours, paragraph_styles, table_styles, without_unused_styles

def base_document():
    """A4, Swedish, the table and paragraph styles every template uses."""
    document = Document()
    clean_package(document)
    page_setup(document.sections[0])
    language(document)
    table_styles(document)
    paragraph_styles(document)
    real_bullets(document)
    return document


def document_bytes(document, title: str) -> bytes:
    without_unused_styles(document)
    accessible_colours(document)
    core_properties(document, title)
    buffer = BytesIO()
    document.save(buffer)
    return reproducible_docx(buffer.getvalue(), TEMPLATE_DATE)
