"""Text from the data, made safe to put into a Word template's context.

Text from the ekonom's files (Excel cells, rapport.toml, the organisation's Word texts) reaches
the document through a template, and two things in it must not reach Word or Jinja as they are:

- **Characters XML cannot hold.** A C0 control character other than tab, line feed and carriage
  return, U+FFFE, U+FFFF or a lone surrogate would make the document's XML invalid (python-docx
  refuses it with a traceback, docxtpl's `\\a` and `\\f` would even start a paragraph or a page).
  They are removed where the text enters the context (`xml_text`): a vertical tab or form feed,
  which separate lines, becomes a line break; the others, which print as nothing, are dropped.
  A Word text cannot hold them at all (its XML would not open), so only Excel and rapport.toml
  text needs this.
- **Braces.** A goal analysis may well say "{{ 7*7 }}", and must print just that. Jinja never
  evaluates the *values* it prints, but docxtpl renders the footnotes after the body (so a
  footnote in an inserted Word text would be rendered as a template) and turns `{_{` into `{{`
  after rendering, and the check for tags left in the document could not tell the data's braces
  from the template's. So every `{` and `}` in the data travels through rendering as a private
  stand-in (U+FDD0 and U+FDD1, noncharacters that no text contains: they are removed from the
  data first), in Excel text (`literal_text`) and in the text nodes of a Word text
  (`literal_word_text`). A brace still in the rendered document is therefore the template's own,
  which is what the leftover check looks for, and `restored` puts the data's braces back in every
  part before the document is written.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from io import BytesIO

from lxml import etree

OPEN, CLOSE = "\ufdd0", "\ufdd1"
_STAND_INS = str.maketrans({"{": OPEN, "}": CLOSE})
_LINE_SEPARATORS = re.compile("[\x0b\x0c]")
_UNWRITABLE = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff\ufdd0\ufdd1]")
_WORD_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_RESTORE = ((OPEN.encode(), b"{"), (CLOSE.encode(), b"}"))
# As python-docx parses a part: entities are not expanded (nor fetched from a file or the network).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def xml_text(text: str) -> str:
    """`text` without the characters an XML document cannot hold (see the module docstring)."""
    if _UNWRITABLE.search(text) is None and _LINE_SEPARATORS.search(text) is None:
        return text
    return _UNWRITABLE.sub("", _LINE_SEPARATORS.sub("\n", text))


def literal_text(text: str) -> str:
    """`xml_text(text)` with its braces as stand-ins: printed as written, never as a tag."""
    return xml_text(text).translate(_STAND_INS)


def literal_word_text(data: bytes) -> bytes:
    """A Word text (.docx bytes) whose body, footnotes and endnotes have their braces as
    stand-ins; the file as it was when it has none (or is not a package we can read: opening it
    then fails as it would have)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            names = package.namelist()
            parts = {name: package.read(name) for name in names}
    except (zipfile.BadZipFile, OSError):
        return data
    changed = False
    for name in _WORD_PARTS:
        part = parts.get(name)
        if part is None or not any(mark in part for mark in (b"{", b"}", OPEN.encode(), CLOSE.encode())):
            continue
        try:
            root = etree.fromstring(part, _PARSER)
        except etree.XMLSyntaxError:
            return data
        if _mark_text_nodes(root):
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            changed = True
    if not changed:
        return data
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:          # stored: read once, in memory, right away
        for name in names:
            package.writestr(name, parts[name])
    return buffer.getvalue()


def restored(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """The package's parts with the data's braces back in place of their stand-ins."""
    result = {}
    for name, part in parts.items():
        if name.endswith((".xml", ".rels")) and OPEN.encode()[:2] in part:
            for stand_in, brace in _RESTORE:
                part = part.replace(stand_in, brace)
        result[name] = part
    return result


def _mark_text_nodes(root) -> bool:
    """Braces in the element's texts (not its attributes) as stand-ins; True when any changed."""
    changed = False
    for element in root.iter(tag=etree.Element):
        for attribute in ("text", "tail"):
            value = getattr(element, attribute)
            if value and ("{" in value or "}" in value or OPEN in value or CLOSE in value):
                setattr(element, attribute, value.replace(OPEN, "").replace(CLOSE, "").translate(_STAND_INS))
                changed = True
    return changed
