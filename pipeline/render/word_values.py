"""The report's context as Word objects: paragraphs, coloured statuses, Word texts, pictures.

`word_context` prepares a context for docxtpl (the conventions are listed in `word`): text gets
its typography and paragraph breaks, a status `{text, symbol, farg}` gets `rich`, an
organisation's .docx becomes a Subdoc and a chart a picture with its text alternative, each made
only when the template prints it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from zipfile import BadZipFile

from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage, RichText
from lxml import etree

from pipeline.render.charts import Chart, PendingChart
from pipeline.render.data_text import literal_text, literal_word_text, xml_text
from pipeline.render.docx_package import without_unused_styles
from pipeline.render.template_messages import TemplateError
from pipeline.render.typography import running_text, typeset_body

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_STATUS_KEYS = {"text", "symbol", "farg"}
_HEX_COLOUR = re.compile(r"#?[0-9A-Fa-f]{6}")
_CONTENT_TAGS = {f"{_W}{name}" for name in (
    "drawing", "pict", "object", "br", "fldChar", "fldSimple", "tab", "sym", "footnoteReference",
)}


@dataclass(frozen=True)
class WordText:
    """A text the organisation wrote in Word (a .docx), inserted whole where the template says."""

    name: str          # the file's name, for messages
    data: bytes        # the .docx file's bytes


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


def _paragraph_breaks(text: str) -> str:
    """Turn blank lines into docxtpl's new-paragraph character (\\a)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _BLANK_LINE.search(text):
        return text
    paragraphs = [part.strip("\n") for part in _BLANK_LINE.split(text.strip("\n"))]
    return "\a".join(part for part in paragraphs if part)
