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

`pipeline.render.template_lint` checks a template without the report's data. The values are made
Word objects in `word_values`; the package's properties and styles are repaired in `docx_package`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zipfile import BadZipFile

import jinja2
from jinja2.exceptions import SecurityError
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from lxml import etree

from pipeline.render import template_sandbox as sandbox
from pipeline.render.column_loops import COLUMN_LOOP_ADVICE, fit_column_loops, mark_column_loop_cells
from pipeline.render.data_text import restored
from pipeline.render.docx_package import set_core_properties, update_fields_on_open
from pipeline.render.reproducible import package_parts, reproducible_package
from pipeline.render.table_layout import release_last_rows
from pipeline.render.template_messages import (
    LIST_POSITION, TAG_ERRORS, TemplateError, leftover_message, missing_name, near_text,
    refused_message, shown, tag_error_text,
)
from pipeline.render.word_values import word_context

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = TEMPLATES / "delarsrapport.docx"
DEFAULT_MEMO_TEMPLATE = TEMPLATES / "tjansteskrivelse.docx"

# Parts whose text a reader sees and docxtpl renders; a tag left in one of them is a defect.
RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG_OPENERS = ("{{", "{%")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    set_core_properties(
        document.core_properties, timestamp=timestamp, title=title, subject=subject, author=author
    )
    update_fields_on_open(document)
    buffer = BytesIO()
    document.save(buffer)
    parts = package_parts(buffer.getvalue())
    leftovers = leftover_tags(parts)
    if leftovers:
        raise TemplateError(leftover_message(template, leftovers))
    return reproducible_package(restored(parts), timestamp)


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


def _paragraphs_with_tags(xml: bytes) -> list[str]:
    """Texts of the paragraphs in one XML part that contain a Jinja opener."""
    root = etree.fromstring(xml)
    texts = ("".join(node.text or "" for node in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p"))
    return [text for text in texts if any(opener in text for opener in _TAG_OPENERS)]
