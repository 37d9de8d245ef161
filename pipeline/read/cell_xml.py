"""What a few cells the reader gave as blank really hold: a formula saved without its value, or
an Excel error value (#DIV/0!, #N/A, ...). calamine delivers both as empty cells.

Only on the error path: called for the cells of problems about a missing value, never on a
normal run. It reads the sheet's XML inside the .xlsx as a stream (bounded memory), finds each
wanted row by its number with a byte search (rows are written in order, so the stream is looked
through once), and parses that row's element alone with expat, refusing any document type
declaration (so no entity is ever declared or expanded). A row written without its number, a
row too long, and anything that does not read are simply not explained. Which part holds the
sheet is found as the read guard finds it (`workbook_guard.sheet_member`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

from pipeline.read.workbook_guard import sheet_member

FORMULA = "formel"          # a formula without a saved value
CHUNK = 1 << 20
MAX_SCANNED = 4 << 30       # bytes of sheet XML looked through at most
MAX_ROW = 16 << 20          # a row element longer than this is not explained
TAIL = 4096                 # bytes kept from one chunk to the next


class _Refused(Exception):
    """A document type declaration, or XML that does not parse."""


def _parsed(data: bytes, start=None, end=None, text=None) -> None:
    """Parse `data` with expat; no DOCTYPE (hence no entity declaration) is accepted."""
    parser = expat.ParserCreate()

    def refuse(*_):
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise _Refused from error


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _row_contents(row: bytes, columns: set[str]) -> dict[str, str]:
    """Column letter -> FORMULA or the error text, for the wanted `columns` of one row element."""
    wanted = {_column_number(c): c for c in columns}
    found: dict[str, str] = {}
    cell: dict = {}
    position = [0]

    def start(name, attrs):
        local = _local(name)
        if local == "c":
            ref = re.match(r"[A-Z]+", attrs.get("r", "").upper())
            position[0] = _column_number(ref.group()) if ref else position[0] + 1
            cell.clear()
            cell.update(type=attrs.get("t", ""), formula=False, value="", in_value=False)
        elif local == "f" and cell:
            cell["formula"] = True
        elif local == "v" and cell:
            cell["in_value"] = True

    def end(name):
        local = _local(name)
        if local == "v" and cell:
            cell["in_value"] = False
        elif local == "c" and cell:
            column = wanted.get(position[0])
            value = cell["value"].strip()
            if column is not None and cell["type"] == "e":
                found[column] = value or "#FEL"
            elif column is not None and cell["formula"] and not value:
                found[column] = FORMULA
            cell.clear()

    def text(data):
        if cell.get("in_value"):
            cell["value"] += data

    _parsed(row, start, end, text)
    return found


_ROW_START = re.compile(rb"<(?:\w+:)?row\b")
_ROW_END = re.compile(rb"</(?:\w+:)?row\s*>")


def blank_cell_contents(path: Path, sheet: str, refs: Iterable[str]) -> dict[str, str]:
    """For cells of `sheet` (references like "K1043") that the reader gave as blank: FORMULA
    when a cell holds a formula without a saved value, the error ("#DIV/0!") when it holds an
    Excel error value. Cells that hold neither, or cannot be found, are left out."""
    by_row: dict[int, set[str]] = {}
    for ref in refs:
        parts = re.fullmatch(r"([A-Z]{1,3})([0-9]+)", ref.upper())
        if parts:
            by_row.setdefault(int(parts[2]), set()).add(parts[1])
    found: dict[str, str] = {}
    try:
        part = sheet_member(path, sheet)
        if part is None:
            return {}
        with zipfile.ZipFile(path) as archive:
            with archive.open(part) as stream:
                _scan(stream, by_row, found)
    except (OSError, KeyError, zipfile.BadZipFile, _Refused, RuntimeError, ValueError, EOFError):
        pass
    return found


def _scan(stream, by_row: dict[int, set[str]], found: dict[str, str]) -> None:
    """Look through the sheet's XML once, for the wanted rows in ascending order."""
    buffer, scanned = b"", 0

    def more() -> bool:
        nonlocal buffer, scanned
        chunk = stream.read(CHUNK) if scanned < MAX_SCANNED else b""
        scanned += len(chunk)
        buffer += chunk
        return bool(chunk)

    for row in sorted(by_row):
        marker = f' r="{row}"'.encode()
        while True:
            at = buffer.find(marker)
            tag_end = buffer.find(b">", at) if at >= 0 else -1
            if tag_end < 0:                          # not (yet) in the buffer, or its tag is cut
                if at < 0:
                    buffer = buffer[-TAIL:]          # a row's start tag may span two chunks
                if not more():
                    return
                continue
            start = buffer.rfind(b"<", 0, at)
            if start < 0 or not _ROW_START.match(buffer, start):
                buffer = buffer[at + len(marker):]   # the same text in another element
                continue
            if buffer[tag_end - 1:tag_end] == b"/":  # <row r="5"/>: no cells
                buffer = buffer[tag_end + 1:]
                break
            end = _ROW_END.search(buffer, tag_end)
            while end is None and len(buffer) - start <= MAX_ROW and more():
                end = _ROW_END.search(buffer, tag_end)
            if end is None:
                return
            try:
                for column, content in _row_contents(buffer[start:end.end()], by_row[row]).items():
                    found[f"{column}{row}"] = content
            except _Refused:
                pass
            buffer = buffer[end.end():]
            break
