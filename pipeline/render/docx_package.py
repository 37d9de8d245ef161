"""Package-level repairs of a rendered .docx: core properties, unused styles, fields.

Pure transformations of a python-docx document or of .docx bytes; nothing here knows the
report's data.
"""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO
from zipfile import BadZipFile, ZipFile

from docx.opc.coreprops import CoreProperties
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from lxml import etree

from pipeline.render.data_text import xml_text
from pipeline.render.reproducible import utc_naive

LANGUAGE = "sv-SE"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Elements of w:settings that follow w:updateFields in the schema's sequence (CT_Settings).
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)


def set_core_properties(
    properties: CoreProperties, *, timestamp: datetime, title: str, subject: str, author: str
) -> None:
    """Set every property that would otherwise vary between runs or machines."""
    moment = utc_naive(timestamp)
    properties.title = xml_text(title)
    properties.subject = xml_text(subject)
    properties.author = xml_text(author)
    properties.last_modified_by = xml_text(author)
    properties.language = LANGUAGE
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1
    core_properties_in_their_namespace(properties._element)


_CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def core_properties_in_their_namespace(core) -> None:
    """python-docx writes cp:lastModifiedBy, cp:revision, cp:lastPrinted, … that it cannot find in
    the custom-properties namespace: a second copy beside the real one, which a reader's program
    ignores. Each becomes the core-properties element it stands for (the old copy replaced)."""
    for node in list(core):
        name = etree.QName(node)
        if name.namespace != _CUSTOM_PROPERTIES:
            continue
        real = etree.Element(f"{{{_CORE_PROPERTIES}}}{name.localname}", nsmap={"cp": _CORE_PROPERTIES})
        real.text = node.text
        real.attrib.update(node.attrib)
        for old in core.findall(f"{{{_CORE_PROPERTIES}}}{name.localname}"):
            core.remove(old)
        node.addprevious(real)
        core.remove(node)


_STYLE_REFERENCE = re.compile(
    rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
_STYLE_LINKS = (f"{_W}basedOn", f"{_W}next", f"{_W}link")


def without_unused_styles(data: bytes) -> bytes:
    """The .docx with only the styles it uses (and the defaults, and those they are based on,
    followed by or linked to). The text looks the same; docxcompose looks every style of a text up
    in the report one by one, and a document made from a full template carries a hundred and
    more it never uses. Anything unexpected: the file as it was."""
    try:
        with ZipFile(BytesIO(data)) as package:
            names = package.namelist()
            if "word/styles.xml" not in names:
                return data
            parts = {name: package.read(name) for name in names}
    except (BadZipFile, KeyError, OSError):
        return data
    used = {m.decode() for name, part in parts.items() if name != "word/styles.xml" and name.endswith(".xml")
            for m in _STYLE_REFERENCE.findall(part)}
    try:
        styles = etree.fromstring(parts["word/styles.xml"])
    except etree.XMLSyntaxError:
        return data
    by_id = {s.get(f"{_W}styleId"): s for s in styles.iterfind(f"{_W}style")}
    keep = used | {i for i, s in by_id.items() if s.get(f"{_W}default") in ("1", "true", "on")}
    todo = list(keep)
    while todo:
        style = by_id.get(todo.pop())
        for link in (style.iterchildren(*_STYLE_LINKS) if style is not None else ()):
            target = link.get(f"{_W}val")
            if target not in keep:
                keep.add(target)
                todo.append(target)
    unused = [s for i, s in by_id.items() if i not in keep]
    if not unused:
        return data
    for style in unused:
        styles.remove(style)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = BytesIO()
    with ZipFile(buffer, "w") as package:          # stored: read once, in memory, right away
        for name in names:
            package.writestr(name, parts[name])
    return buffer.getvalue()


def update_fields_on_open(document: DocxTemplate) -> None:
    """Ask Word to refresh fields (the table of contents) on opening, when the document has one."""
    body = document.docx.element.body
    has_toc = any("TOC" in (node.text or "") for node in body.iter(f"{_W}instrText"))
    has_toc = has_toc or any(
        node.get(f"{_W}instr", "").strip().startswith("TOC") for node in body.iter(f"{_W}fldSimple")
    )
    if not has_toc:
        return
    settings = document.docx.settings.element
    update = settings.find(f"{_W}updateFields")
    if update is None:
        update = parse_xml(f'<w:updateFields xmlns:w="{_W[1:-1]}" w:val="true"/>')
        _insert_setting(settings, update)
    update.set(f"{_W}val", "true")


def _insert_setting(settings, element) -> None:
    """w:updateFields sits after the elements the schema puts before it (Word is strict)."""
    for name in _SETTINGS_AFTER_UPDATE_FIELDS:
        following = settings.find(f"{_W}{name}")
        if following is not None:
            following.addprevious(element)
            return
    settings.append(element)
