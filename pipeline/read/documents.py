"""The organisation's own texts: one Word file per report section (`[texter]` in rapport.toml).

The files are only found and checked here; the renderer inserts each one whole (a docxtpl
subdocument), so paragraphs, headings, lists, bold and italics stay as the author wrote them.
A missing file is a warning (the section prints without the organisation's text); a file that
does not open as a .docx is an error.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.problems import Location, Problem, Severity
from pipeline.read.catalog import TEXT_SECTIONS

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def section_texts(input_dir: Path, texts: dict[str, str]) -> tuple[dict[str, Path | None], list[Problem]]:
    """Every known section key (and every configured one) -> the Word file to insert, or None."""
    found: dict[str, Path | None] = dict.fromkeys(TEXT_SECTIONS)
    problems: list[Problem] = []
    for key, relative in texts.items():
        path, file_problems = _checked(input_dir, key, relative)
        found[key] = path
        problems += file_problems
    return found, problems


def _checked(input_dir: Path, key: str, relative: str) -> tuple[Path | None, list[Problem]]:
    path = input_dir / relative
    where = Location(relative)
    name = TEXT_SECTIONS.get(key, key)
    if not path.is_file():
        return None, [Problem(
            "text-saknas", f'Texten till avsnittet "{name}" saknas; avsnittet skrivs utan egen text.',
            where, Severity.WARNING,
            hint=f"Lägg Word-filen {relative} i mappen {input_dir}, eller ändra {key} under [texter] "
                 "i rapport.toml.")]
    body = _document_body(path)
    if body is None:
        return None, [Problem(
            "fil-oläslig", "Filen går inte att öppna som ett Word-dokument (.docx).", where,
            hint="Öppna filen i Word och spara den som Word-dokument (.docx), och kör igen.")]
    if not _has_text(body):
        return None, [Problem(
            "text-tom", f'Word-filen till avsnittet "{name}" är tom; avsnittet skrivs utan egen text.',
            where, Severity.WARNING, hint="Skriv texten i filen, eller ta bort raden under [texter].")]
    return path, []


def text_paragraphs(path: Path) -> list[str]:
    """The texts of a Word file's paragraphs that hold text, in reading order (a table cell's
    paragraphs where the table stands), so that the n-th is the one the ekonom counts as
    paragraph n; [] for a file that is not a .docx. A tab or line break reads as a space."""
    body = _document_body(path)
    if body is None:
        return []
    found = []
    for paragraph in body.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
        text = " ".join("".join(parts).split())
        if text:
            found.append(text)
    return found


def _document_body(path: Path):
    """The parsed w:body of a .docx, or None when the file is not one (read straight from the
    package: opening it as a python-docx Document costs ten times as much, and the renderer opens
    it again anyway)."""
    try:
        with zipfile.ZipFile(path) as package:
            if "[Content_Types].xml" not in package.namelist():
                return None
            root = etree.fromstring(package.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        return None
    return root.find(f"{_W}body")


def _has_text(body) -> bool:
    """Any text in a paragraph or a table cell."""
    return body is not None and any(t.text and t.text.strip() for t in body.iter(f"{_W}t"))


def text_digest(path: Path) -> str:
    """SHA-256 of a Word file's text, paragraph by paragraph (`text_paragraphs`): the same for a
    file saved again without a change of its words, different when a word changed. '' when the
    file is not a .docx."""
    paragraphs = text_paragraphs(path)
    return hashlib.sha256("\n".join(paragraphs).encode("utf-8")).hexdigest() if paragraphs else ""
