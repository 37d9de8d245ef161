"""Word documents: fill a docxtpl template (a .docx made in Word with Jinja tags).

The template owns the look of the report: headings, table styles, which rows are bold. This
module only fills it in, strictly (a tag naming something the context lacks is an error, never
an empty cell), and writes the result reproducibly: the same template, context and timestamp
give byte-identical .docx files, so a re-run that changes nothing shows no difference.

Context conventions (see `render_docx`):
- every figure arrives as formatted text; nothing is formatted here;
- in any text, a blank line starts a new paragraph (the paragraph keeps the template
  paragraph's style); a single line break stays a line break.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, BadZipFile, ZipFile, ZipInfo

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.coreprops import CoreProperties
from docxtpl import DocxTemplate
from lxml import etree

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "delarsrapport.docx"
LANGUAGE = "sv-SE"

# Parts whose text a reader sees and docxtpl renders; a tag left in one of them is a defect.
_RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG_OPENERS = ("{{", "{%")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_ZIP_FIRST = ("[Content_Types].xml", "_rels/.rels")
_ZIP_LEVEL = 6
_SHOWN_LEFTOVERS = 5


class TemplateError(Exception):
    """The Word template cannot be used. The message is Swedish, names the file and says what to do."""


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
    document = _open_template(template)
    _render(document, template, _word_context(context))
    _set_core_properties(
        document.core_properties, timestamp=timestamp, title=title, subject=subject, author=author
    )
    buffer = BytesIO()
    document.save(buffer)
    data = reproducible_docx(buffer.getvalue(), timestamp)
    leftovers = _leftover_tags(data)
    if leftovers:
        raise TemplateError(_leftover_message(template, leftovers))
    return data


def _word_context(context: Mapping) -> dict:
    """A copy of `context` with text prepared for Word (blank line -> new paragraph)."""
    return {key: _word_value(value) for key, value in context.items()}


def reproducible_docx(data: bytes, timestamp: datetime) -> bytes:
    """Re-zip a .docx with a fixed entry order, entry time and compression.

    `[Content_Types].xml` and `_rels/.rels` come first (as Word writes them), the other parts
    in name order. Every entry gets `timestamp` as its time and the same attributes whatever
    the platform, so equal parts give equal bytes.
    """
    with ZipFile(BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    date_time = _zip_date_time(timestamp)
    buffer = BytesIO()
    with ZipFile(buffer, "w") as target:
        for name in _entry_order(parts):
            target.writestr(_zip_info(name, date_time), parts[name], compresslevel=_ZIP_LEVEL)
    return buffer.getvalue()


def _leftover_tags(data: bytes) -> list[str]:
    """Texts of the paragraphs in a rendered .docx that still contain `{{` or `{%`."""
    found: list[str] = []
    with ZipFile(BytesIO(data)) as package:
        for name in sorted(package.namelist()):
            if _RENDERED_PARTS.fullmatch(name):
                found.extend(_paragraphs_with_tags(package.read(name)))
    return list(dict.fromkeys(found))


def _open_template(template: Path) -> DocxTemplate:
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
    """Render in place with strict undefined values; map Jinja errors to `TemplateError`."""
    try:
        document.render(context, jinja_env=_jinja_env())
    except jinja2.UndefinedError as error:
        raise TemplateError(
            f"Word-mallen {template} använder {_missing_name(error)}, som inte finns i "
            "rapportens data. Rätta eller ta bort taggen i mallen."
        ) from error
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"Word-mallen {template} har en tagg som inte går att läsa{_near(error)}. "
            "Kontrollera att taggen står inom {{ }} eller {% %}, med mellanslag innanför "
            "klamrarna, och att varje {% if %} och {% for %} avslutas."
        ) from error
    except jinja2.TemplateError as error:
        raise TemplateError(
            f"Word-mallen {template} kunde inte fyllas i. Kontrollera taggarna i mallen "
            f"(tekniskt fel: {error})."
        ) from error


def _jinja_env() -> jinja2.Environment:
    """Strict (undefined is an error) and escaping (text may hold &, < and >)."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def _missing_name(error: jinja2.UndefinedError) -> str:
    """Describe the missing value from a Jinja message, in Swedish."""
    message = str(error)
    for pattern, text in (
        (r"has no attribute '([^']+)'", 'fältet "{}"'),
        (r"^'([^']+)' is undefined", 'fältet "{}"'),
        (r"has no element (\d+)", "plats [{}] i en lista (som i cells[{}])"),
    ):
        match = re.search(pattern, message)
        if match:
            return text.format(match.group(1), match.group(1))
    return f"ett värde ({message})"


def _near(error: jinja2.TemplateSyntaxError) -> str:
    """' nära texten "…"' from the template text docxtpl attaches to the error, or ''."""
    lines = [line.strip() for line in getattr(error, "docx_context", ()) if line.strip()]
    return f' nära texten "{" ".join(lines)[:120]}"' if lines else ""


def _set_core_properties(
    properties: CoreProperties, *, timestamp: datetime, title: str, subject: str, author: str
) -> None:
    """Set every property that would otherwise vary between runs or machines."""
    moment = _utc_naive(timestamp)
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.last_modified_by = author
    properties.language = LANGUAGE
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1


def _word_value(value):
    """Prepare one context value for Word, recursing into mappings and sequences."""
    if isinstance(value, str):
        return _paragraph_breaks(value)
    if isinstance(value, Mapping):
        return {key: _word_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_word_value(item) for item in value]
    return value


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


def _leftover_message(template: Path, leftovers: list[str]) -> str:
    """Swedish message listing (some of) the paragraphs with unreplaced tags."""
    shown = "; ".join(f'"{text[:100]}"' for text in leftovers[:_SHOWN_LEFTOVERS])
    more = len(leftovers) - _SHOWN_LEFTOVERS
    extra = f" och {more} till" if more > 0 else ""
    return (
        f"Word-mallen {template} har taggar som inte ersattes: {shown}{extra}. Skriv om taggen "
        "i Word med samma formatering på hela taggen, med mellanslag innanför klamrarna, "
        "t.ex. {{ dokument.titel }}."
    )


def _entry_order(parts: Mapping[str, bytes]) -> list[str]:
    """The content-types and package relationships first, then all other parts by name."""
    first = [name for name in _ZIP_FIRST if name in parts]
    return first + sorted(name for name in parts if name not in _ZIP_FIRST)


def _zip_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> ZipInfo:
    """A zip entry header that does not depend on the platform or the clock."""
    info = ZipInfo(name, date_time=date_time)
    info.compress_type = ZIP_DEFLATED
    info.create_system = 0
    info.create_version = 20
    info.external_attr = 0
    return info


def _zip_date_time(timestamp: datetime) -> tuple[int, int, int, int, int, int]:
    """Zip entry time from the timestamp (zip times start in 1980 and have 2-second steps)."""
    moment = max(_utc_naive(timestamp), datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _utc_naive(timestamp: datetime) -> datetime:
    """An aware timestamp in UTC without tzinfo (as python-docx writes it); naive ones as given."""
    if timestamp.tzinfo is None:
        return timestamp.replace(microsecond=0)
    return timestamp.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)
