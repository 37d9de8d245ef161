"""The .docx's table of contents filled in from LibreOffice's layout (when a PDF is made).

A rendered template holds Word's TOC field with a placeholder ("fylls i när dokumentet öppnas
i Word"): Word fills it on opening (w:updateFields), LibreOffice when it makes the PDF. When the
run made the PDF, `lo_export.py` wrote the entries it laid out (level, text, page), and the
field's result here becomes those entries, one paragraph each in the "toc 1", "toc 2" styles,
with the page number after a right tab. The field itself stays, so Word can still refresh it
(its own page numbers may differ from LibreOffice's by a line's fall).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from pipeline.render.reproducible import package_parts, reproducible_package

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"
DOCUMENT = "word/document.xml"


def with_filled_contents(docx: bytes, entries: Sequence[tuple[int, str, str]], timestamp: datetime) -> bytes:
    """`docx` with its TOC field's result replaced by `entries`; unchanged without entries or
    without a TOC field whose begin and end are in one paragraph (as the shipped templates have it)."""
    if not entries:
        return docx
    parts = package_parts(docx)
    root = etree.fromstring(parts[DOCUMENT])
    paragraph = _toc_paragraph(root)
    if paragraph is None:
        return docx
    runs = list(paragraph.iterchildren(f"{_W}r"))
    separate = next((i for i, r in enumerate(runs) if _field_char(r) == "separate"), None)
    end = next((i for i, r in enumerate(runs) if _field_char(r) == "end"), None)
    if separate is None or end is None or end < separate:
        return docx
    for run in runs[separate + 1:end]:                 # the placeholder text
        paragraph.remove(run)
    end_run = runs[end]
    paragraph.remove(end_run)
    new = []
    for number, (level, text, page) in enumerate(entries):
        target = paragraph if number == 0 else etree.Element(f"{_W}p")
        _set_style(target, f"TOC{max(1, min(level, 9))}")
        target.extend(_entry_runs(text, page))
        if number:
            new.append(target)
    (new[-1] if new else paragraph).append(end_run)
    for following in reversed(new):
        paragraph.addnext(following)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return reproducible_package(parts, timestamp)


def _toc_paragraph(root):
    for instruction in root.iter(f"{_W}instrText"):
        if (instruction.text or "").strip().startswith("TOC"):
            return next(a for a in instruction.iterancestors(f"{_W}p"))
    return None


def _field_char(run) -> str | None:
    node = run.find(f"{_W}fldChar")
    return None if node is None else node.get(f"{_W}fldCharType")


def _set_style(paragraph, style_id: str) -> None:
    properties = paragraph.find(f"{_W}pPr")
    if properties is None:
        properties = etree.SubElement(paragraph, f"{_W}pPr")
        paragraph.insert(0, properties)
    for old in properties.findall(f"{_W}pStyle"):
        properties.remove(old)
    for old in properties.findall(f"{_W}pageBreakBefore"):
        properties.remove(old)
    style = etree.Element(f"{_W}pStyle")
    style.set(f"{_W}val", style_id)
    properties.insert(0, style)


def _entry_runs(text: str, page: str) -> list:
    runs = []
    for kind, value in (("t", text), ("tab", None), ("t", page)):
        run = etree.Element(f"{_W}r")
        node = etree.SubElement(run, f"{_W}{kind}")
        if value is not None:
            node.text = value
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        runs.append(run)
    return runs
