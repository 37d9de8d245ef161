"""The organisation's own texts: one Word file per report section (`[texter]` in rapport.toml).

The files are only found and checked here; the renderer inserts each one whole (a docxtpl
subdocument), so paragraphs, headings, lists, bold and italics stay as the author wrote them.
A missing file is a warning (the section prints without the organisation's text); a file that
does not open as a .docx is an error.
"""

from __future__ import annotations

from pathlib import Path

import docx

from pipeline.problems import Location, Problem, Severity
from pipeline.read.catalog import TEXT_SECTIONS


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
    try:
        document = docx.Document(str(path))
    except Exception:  # noqa: BLE001 - any failure to open is the same problem for the ekonom
        return None, [Problem(
            "fil-oläslig", "Filen går inte att öppna som ett Word-dokument (.docx).", where,
            hint="Öppna filen i Word och spara den som Word-dokument (.docx), och kör igen.")]
    if not _has_text(document):
        return None, [Problem(
            "text-tom", f'Word-filen till avsnittet "{name}" är tom; avsnittet skrivs utan egen text.',
            where, Severity.WARNING, hint="Skriv texten i filen, eller ta bort raden under [texter].")]
    return path, []


def _has_text(document) -> bool:
    if any(p.text.strip() for p in document.paragraphs):
        return True
    return any(cell.text.strip() for table in document.tables for row in table.rows for cell in row.cells)
