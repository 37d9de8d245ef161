"""Word documents: fill a docxtpl template (a .docx made in Word with Jinja tags).

The template owns the look of the report: headings, table styles, which rows are bold. This
module only fills it in, strictly (a tag naming something the context lacks is an error, never
an empty cell), and writes the result reproducibly: the same template, context and timestamp
give byte-identical .docx files, so a re-run that changes nothing shows no difference.

The template is untrusted: it is rendered in a limited sandbox (`template_sandbox`), and cannot
run code or exhaust the machine. The data's text is printed as written: a "{{ … }}" in a goal
analysis or an organisation's Word text is text, never a tag (`data_text`).

Context conventions (see `render_docx`):
- every figure arrives as formatted text; nothing is formatted here;
- control characters XML cannot hold are removed from any text (a vertical tab or form feed
  becomes a line break);
- every text, the data's and the organisation's Word texts alike, is set by `typography`: amounts
  that do not break across lines, one percent style ("4,3 %") and Swedish quotation marks (”…”);
- in any text, a blank line starts a new paragraph (the paragraph keeps the template
  paragraph's style); a single line break stays a line break;
- a status `{text, symbol, farg}` gets `rich`: the symbol in its colour, then the text
  (`{{r mal.status.rich }}` in the template);
- a `WordText` or a `Path` to a .docx (an organisation's text) becomes a docxtpl Subdoc (`{{p avsnitt.x }}`):
  its paragraphs, lists, bold and italics kept, its styles mapped by name onto the template's
  (a "Heading 2" in the text is the report's Heading 2), empty spacing paragraphs dropped;
- a `charts.Chart` becomes a picture with its text alternative (`{{ diagram.x }}`).

`pipeline.render.template_lint` checks a template without the report's data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zipfile import BadZipFile, ZipFile

import jinja2
from jinja2.exceptions import SecurityError
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.coreprops import CoreProperties
from docx.oxml import parse_xml
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage, RichText
from lxml import etree

from pipeline.render import template_sandbox as sandbox
from pipeline.render.charts import Chart, PendingChart
from pipeline.render.column_loops import COLUMN_LOOP_ADVICE, fit_column_loops, mark_column_loop_cells
from pipeline.render.data_text import literal_text, literal_word_text, restored, xml_text
from pipeline.render.reproducible import (  # reproducible_docx: tools/ import it from here
    package_parts, reproducible_docx, reproducible_package, utc_naive,
)
from pipeline.render.table_layout import release_last_rows
from pipeline.render.template_messages import (
    LIST_POSITION, TAG_ERRORS, leftover_message, missing_name, near_text, refused_message, shown,
    tag_error_text,
)
from pipeline.render.typography import running_text, typeset_body

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = TEMPLATES / "delarsrapport.docx"
DEFAULT_MEMO_TEMPLATE = TEMPLATES / "tjansteskrivelse.docx"
LANGUAGE = "sv-SE"

# Parts whose text a reader sees and docxtpl renders; a tag left in one of them is a defect.
RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG_OPENERS = ("{{", "{%")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_STATUS_KEYS = {"text", "symbol", "farg"}
_HEX_COLOUR = re.compile(r"#?[0-9A-Fa-f]{6}")
_CONTENT_TAGS = {f"{_W}{name}" for name in (
    "drawing", "pict", "object", "br", "fldChar", "fldSimple", "tab", "sym", "footnoteReference",
)}
# Elements of w:settings that follow w:updateFields in the schema's sequence (CT_Settings).
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)


class TemplateError(Exception):
    """The Word template cannot be used. The message is Swedish, names the file and says what to do."""


@dataclass(frozen=True)
class WordText:
    """A text the organisation wrote in Word (a .docx), inserted whole where the template says."""

    name: str          # the file's name, for messages
    data: bytes        # the .docx file's bytes


def render_docx(
    template: Path,
    context: dict,
    *,
    timestamp: datetime,
    title: str,
    subject: str,
    author: str,
) -> bytes:
    """Fill `template` with `context` and return the .docx as reproducible bytes.

    `timestamp` becomes the document's created/modified/printed time and the zip entries'
    time, so it decides the bytes together with the inputs. Raises `TemplateError` when the
    template is missing, is not a .docx, uses a tag the context cannot fill, or leaves a tag
    unreplaced.
    """
    template = Path(template)
    document = open_template(template)
    _check_table_rows(template, context)
    mark_column_loop_cells(document.docx.element.body)
    _render(document, template, word_context(context, document))
    fit_column_loops(document.docx.element.body)
    release_last_rows(document.docx.element.body)
    # After rendering: docxtpl renders the core properties as templates too, and these are data.
    _set_core_properties(
        document.core_properties, timestamp=timestamp, title=title, subject=subject, author=author
    )
    _update_fields_on_open(document)
    buffer = BytesIO()
    document.save(buffer)
    parts = package_parts(buffer.getvalue())
    leftovers = leftover_tags(parts)
    if leftovers:
        raise TemplateError(leftover_message(template, leftovers))
    return reproducible_package(restored(parts), timestamp)


def word_context(context: Mapping, document: DocxTemplate) -> dict:
    """A copy of `context` prepared for Word: paragraphs, coloured statuses, texts, pictures."""
    return {key: _word_value(value, document) for key, value in context.items()}


def status_rich_text(status: Mapping) -> RichText:
    """The status symbol in its colour, a space, then the status text (e.g. "● På rätt väg").

    The texts are the data's (`literal_text`); a colour that is not six hex digits is left out,
    as docxtpl writes it into the XML as it is."""
    rich = RichText()
    if status.get("symbol"):
        colour = str(status.get("farg") or "")
        rich.add(literal_text(str(status["symbol"])), color=colour if _HEX_COLOUR.fullmatch(colour) else None)
        rich.add(" ")
    rich.add(literal_text(str(status.get("text", ""))))
    return rich


def leftover_tags(parts: Mapping[str, bytes]) -> list[str]:
    """Texts of the paragraphs in a rendered package that still contain `{{` or `{%`.

    Only the template's own text can: the data's braces are stand-ins until the document is
    written (`data_text`), so a goal analysis saying "{{ 7*7 }}" is printed, not refused, and a
    tag found here is one docxtpl did not process (a `{_{` escape, a tag in a part or a place
    Jinja does not see as one)."""
    found: list[str] = []
    for name in sorted(parts):
        if RENDERED_PARTS.fullmatch(name):
            found.extend(_paragraphs_with_tags(parts[name]))
    return list(dict.fromkeys(found))


def open_template(template: Path) -> DocxTemplate:
    """Load the template, or say in Swedish why it cannot be loaded."""
    if not template.is_file():
        raise TemplateError(
            f"Word-mallen {template} finns inte. Kontrollera att filen finns och att "
            "sökvägen till mallen är rätt."
        )
    document = DocxTemplate(BytesIO(template.read_bytes()))
    try:
        document.init_docx()
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise TemplateError(
            f"Word-mallen {template} kunde inte öppnas som Word-dokument. Spara mallen i Word "
            "som Word-dokument (.docx), inte som Word-mall (.dotx) eller äldre .doc."
        ) from error
    return document


def _render(document: DocxTemplate, template: Path, context: dict) -> None:
    """Render in place in the sandbox (template_sandbox), strictly: undefined values are an
    error. Jinja's errors, the sandbox's refusals and the errors a tag's own arithmetic can give
    become a Swedish `TemplateError` that names the template and the tag."""
    environment = sandbox.environment()
    try:
        document.render(context, jinja_env=environment)
    except jinja2.UndefinedError as error:
        advice = (COLUMN_LOOP_ADVICE if LIST_POSITION.search(str(error))
                  else "Rätta eller ta bort taggen i mallen.")
        raise TemplateError(
            f"Word-mallen {template} använder {missing_name(error)}, som inte finns i "
            f"rapportens data. {advice}"
        ) from error
    except SecurityError as error:
        raise TemplateError(refused_message(template, error, environment.last_source)) from error
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"Word-mallen {template} har en tagg som inte går att läsa{near_text(error)}. "
            "Kontrollera att taggen står inom {{ }} eller {% %}, med mellanslag innanför "
            "klamrarna, och att varje {% if %} och {% for %} avslutas."
        ) from error
    except jinja2.TemplateError as error:
        raise TemplateError(
            f"Word-mallen {template} kunde inte fyllas i. Kontrollera taggarna i mallen "
            f"(tekniskt fel: {error})."
        ) from error
    except TAG_ERRORS as error:
        tag = sandbox.failing_tag(error, environment.last_source)
        raise TemplateError(
            f"Word-mallen {template} kunde inte fyllas i: taggen{shown(tag)} går inte att räkna ut "
            f"({tag_error_text(error)}). Rätta eller ta bort taggen i mallen."
        ) from error


def _check_table_rows(template: Path, context: Mapping) -> None:
    """Every row of a context table has one figure per column heading after the label's.

    A template's column loop prints whatever a row holds, so a row with a figure too few or
    too many would otherwise give a ragged table instead of an error.
    """
    for table in _context_tables(context):
        columns = len(table["header"]) - 1
        for row in table["rows"]:
            cells = len(row["cells"])
            if cells == columns:
                continue
            name = table.get("title") or table.get("key", "")
            where = f'Raden "{row.get("label", "")}" i tabellen "{name}"'
            if cells < columns:
                detail = (f"{where} har {cells} siffror men tabellen har {columns} sifferkolumner: "
                          f"plats [{cells}] i en lista (som i cells[{cells}]) saknas.")
            else:
                detail = f"{where} har {cells} siffror men tabellen har bara {columns} kolumnrubriker."
            raise TemplateError(f"Word-mallen {template} kan inte fyllas i. {detail} Det är ett fel "
                                "i programmet, inte i mallen.")


def _context_tables(value):
    """The tables ({header, rows: [{label, cells}]}) anywhere in a context."""
    if isinstance(value, Mapping):
        rows = value.get("rows")
        if (isinstance(value.get("header"), (list, tuple)) and isinstance(rows, (list, tuple))
                and all(isinstance(row, Mapping) and isinstance(row.get("cells"), (list, tuple))
                        for row in rows)):
            yield value
            return
        for item in value.values():
            yield from _context_tables(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _context_tables(item)


def _set_core_properties(
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


def _word_value(value, document: DocxTemplate):
    """Prepare one context value for Word, recursing into mappings and sequences."""
    if isinstance(value, str):
        return _paragraph_breaks(literal_text(running_text(value)))
    if isinstance(value, WordText):
        return _LazySubdoc(value, document)
    if isinstance(value, Path) and value.suffix.lower() == ".docx":
        return _LazySubdoc(WordText(value.name, value.read_bytes()), document)
    if isinstance(value, Chart):
        return _AccessibleImage(document, value)
    if isinstance(value, PendingChart):
        return _LazyImage(document, value)
    if isinstance(value, Mapping):
        prepared = {key: _word_value(item, document) for key, item in value.items()}
        if _STATUS_KEYS <= set(value) and "rich" not in value:
            prepared["rich"] = status_rich_text(value)
        return prepared
    if isinstance(value, (list, tuple)):
        return [_word_value(item, document) for item in value]
    return value


class _LazySubdoc:
    """A Word text that becomes a docxtpl Subdoc only when the template prints it.

    Composing a text into the document (its styles, numbering and pictures) is the slow part of
    rendering, and a template (the memo) may print few of the texts its context holds.
    """

    def __init__(self, text: WordText, document: DocxTemplate) -> None:
        self._text, self._document, self._subdoc = text, document, None

    def _made(self):
        if self._subdoc is None:
            self._subdoc = _subdoc(self._text, self._document)
        return self._subdoc

    def __str__(self) -> str:
        return str(self._made())

    def __html__(self) -> str:
        return self._made().__html__()

    def __getattr__(self, name: str):
        return getattr(self._made(), name)


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


def _subdoc(text: WordText, document: DocxTemplate):
    """The organisation's .docx as a docxtpl Subdoc, without empty spacing paragraphs."""
    try:
        subdoc = document.new_subdoc(BytesIO(without_unused_styles(literal_word_text(text.data))))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise TemplateError(
            f"Texten {text.name} kunde inte öppnas som Word-dokument. Spara den i Word som "
            "Word-dokument (.docx)."
        ) from error
    body = subdoc.subdocx.element.body
    for paragraph in [p for p in body.iterchildren(f"{_W}p") if _is_empty_paragraph(p)]:
        body.remove(paragraph)
    typeset_body(body)
    return subdoc


def _is_empty_paragraph(paragraph) -> bool:
    """No text, picture, field, break or section end: only there for spacing."""
    if paragraph.find(f"{_W}pPr/{_W}sectPr") is not None:
        return False
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and (node.text or "").strip():
            return False
        if node.tag in _CONTENT_TAGS:
            return False
    return True


class _LazyImage:
    """A chart still being drawn: waited for only when the template prints it."""

    def __init__(self, document: DocxTemplate, chart: PendingChart) -> None:
        self._document, self._chart, self._image = document, chart, None

    def _made(self) -> _AccessibleImage:
        if self._image is None:
            self._image = _AccessibleImage(self._document, self._chart.chart())
        return self._image

    def __str__(self) -> str:
        return str(self._made())

    def __html__(self) -> str:
        return self._made().__html__()


class _AccessibleImage(InlineImage):
    """A docxtpl InlineImage whose picture properties carry the chart's text alternative."""

    def __init__(self, document: DocxTemplate, chart: Chart) -> None:
        super().__init__(document, BytesIO(chart.png), width=Cm(chart.width_cm))
        self.chart = chart

    def _insert_image(self) -> str:
        inline = self.tpl.current_rendering_part.new_pic_inline(
            self.image_descriptor, self.width, self.height
        )
        doc_pr = inline.find(f"{_WP}docPr")
        doc_pr.set("descr", xml_text(self.chart.alt))
        doc_pr.set("title", xml_text(self.chart.title))
        doc_pr.set("name", xml_text(self.chart.title))
        xml = etree.tostring(inline, encoding="unicode")
        return (
            f"</w:t></w:r><w:r><w:drawing>{xml}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


def _update_fields_on_open(document: DocxTemplate) -> None:
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


def _paragraph_breaks(text: str) -> str:
    """Turn blank lines into docxtpl's new-paragraph character (\\a)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _BLANK_LINE.search(text):
        return text
    paragraphs = [part.strip("\n") for part in _BLANK_LINE.split(text.strip("\n"))]
    return "\a".join(part for part in paragraphs if part)


def _paragraphs_with_tags(xml: bytes) -> list[str]:
    """Texts of the paragraphs in one XML part that contain a Jinja opener."""
    root = etree.fromstring(xml)
    texts = ("".join(node.text or "" for node in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p"))
    return [text for text in texts if any(opener in text for opener in _TAG_OPENERS)]
