"""Accessibility checks on a rendered .docx (DOS-lagen, EN 301 549 / WCAG 2.1 for documents).

What a screen reader and a PDF export need and a template edit can lose: the document's
language, title, subject and author; real heading styles; each table's header row marked (and
so repeated on every page); a text alternative on every picture; no empty paragraphs used for
spacing; no merged cells in data tables. Returns Swedish descriptions, one per finding; an
empty list is a pass. Used by the tests on every rendered document, and available to warn
about an organisation's own texts (a picture without alt text, say).
"""

from __future__ import annotations

from io import BytesIO
from zipfile import ZipFile

from lxml import etree

from pipeline.render.word import LANGUAGE

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_W = "{%s}" % _NS["w"]
_CONTENT = ("drawing", "pict", "object", "br", "fldChar", "fldSimple", "instrText", "sectPr")


def accessibility_findings(data: bytes) -> list[str]:
    """Everything in the .docx `data` that keeps it from being accessible, in Swedish."""
    with ZipFile(BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
        core = etree.fromstring(package.read("docProps/core.xml"))
    return (_property_findings(core) + _language_findings(styles) + _heading_findings(document, styles)
            + _table_findings(document) + _picture_findings(document) + _empty_paragraphs(document))


def _property_findings(core) -> list[str]:
    findings = []
    for tag, name in (("dc:title", "titel"), ("dc:subject", "ämne"), ("dc:creator", "författare"),
                      ("dc:language", "språk")):
        node = core.find(tag, _NS)
        if node is None or not (node.text or "").strip():
            findings.append(f"Dokumentet saknar {name} i dokumentegenskaperna.")
    language = core.find("dc:language", _NS)
    if language is not None and (language.text or "").strip() and language.text != LANGUAGE:
        findings.append(f"Dokumentegenskapernas språk är {language.text}, inte {LANGUAGE}.")
    return findings


def _language_findings(styles) -> list[str]:
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS)
    if lang is None or lang.get(f"{_W}val") != LANGUAGE:
        found = None if lang is None else lang.get(f"{_W}val")
        return [f"Dokumentets standardspråk är {found or 'inte angivet'}, inte {LANGUAGE}."]
    return []


def _heading_findings(document, styles) -> list[str]:
    """Headings must be Word's heading styles (outline levels), not bold Normal text."""
    heading_ids = {style.get(f"{_W}styleId") for style in styles.iterfind("w:style", _NS)
                   if (style.find("w:name", _NS) is not None
                       and style.find("w:name", _NS).get(f"{_W}val", "").lower().startswith("heading"))}
    used = {node.get(f"{_W}val") for node in document.iterfind(".//w:pPr/w:pStyle", _NS)}
    if not used & heading_ids:
        return ["Dokumentet har inga rubriker med rubrikformat (Rubrik 1, 2, 3)."]
    return []


def _table_findings(document) -> list[str]:
    findings = []
    for number, table in enumerate(document.iter(f"{_W}tbl"), start=1):
        first_row = table.find("w:tr", _NS)
        if first_row is None or first_row.find("w:trPr/w:tblHeader", _NS) is None:
            findings.append(f"Tabell {number} har ingen rubrikrad markerad som rubrikrad.")
        if table.find("w:tblPr/w:tblCaption", _NS) is None:
            findings.append(f"Tabell {number} saknar rubrik i alternativ text (tblCaption).")
        merged = table.xpath(".//w:tcPr/w:gridSpan[@w:val != '1'] | .//w:tcPr/w:vMerge | .//w:tcPr/w:hMerge",
                             namespaces=_NS)
        if merged:
            findings.append(f"Tabell {number} har sammanslagna celler.")
    return findings


def _picture_findings(document) -> list[str]:
    findings = []
    for number, properties in enumerate(document.iterfind(".//wp:docPr", _NS), start=1):
        if not (properties.get("descr") or "").strip():
            findings.append(f"Bild {number} ({properties.get('name', '')}) saknar alternativ text.")
    return findings


def _empty_paragraphs(document) -> list[str]:
    """Body paragraphs (not table cells) with nothing in them: spacing belongs in the styles."""
    body = document.find("w:body", _NS)
    count = 0
    for paragraph in body.iterfind("w:p", _NS):
        text = "".join(node.text or "" for node in paragraph.iter(f"{_W}t")).strip()
        if text or any(paragraph.find(f".//w:{tag}", _NS) is not None for tag in _CONTENT):
            continue
        count += 1
    return [f"Dokumentet har {count} tomma stycken (avstånd ska ligga i formatmallarna)."] if count else []
