"""The template's package and document settings, apart from its content and styles: A4 pages, the
Swedish language, what python-docx's blank document carries over from its origin, Word's
"update fields on opening", and the core and app properties (fixed, so that the bytes repeat)."""

from __future__ import annotations

from datetime import datetime

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from lxml import etree

from pipeline.render.docx_package import LANGUAGE, core_properties_in_their_namespace

TEMPLATE_DATE = datetime(2023, 1, 1)   # fixed, so that regenerating gives identical bytes
TEXT_WIDTH_CM = 17.0                   # A4 (21 cm) minus 2 cm margins left and right
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
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


def page_setup(section) -> None:
    """A4 portrait, 2.5 cm top and bottom, 2 cm left and right."""
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2)


def language(document) -> None:
    """Swedish for spelling and hyphenation (docDefaults) and for Word's field formats."""
    styles = document.styles.element
    lang = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang.find(qn("w:lang")).set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), LANGUAGE)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")


def clean_package(document) -> None:
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


def update_fields_on_open(document) -> None:
    """w:updateFields: Word refreshes the table of contents when the document is opened."""
    settings = document.settings.element
    element = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    settings.find(qn("w:compat")).addprevious(element)


def core_properties(document, title: str) -> None:
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
