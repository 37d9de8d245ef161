"""What an .xlsx may contain before the parser opens it, and which sheet is read.

fastexcel (calamine) trusts the file: a zip member inflating to gigabytes, a cell at XFD1048576,
a lying size in the zip directory take all memory or abort the process. `check_workbook` looks at
the file first, from the cheap facts to the expensive ones, and raises `Refused` with a located
Swedish problem; what calamine will read of a sheet is bounded in `sheet_scan`.

1. The container: a zip (an OLE file is a password-protected workbook or an old .xls; anything
   else is not Excel). One end-of-directory record, at most MAX_ENTRIES members, unique names
   (calamine finds members case-insensitively), only "stored" or "deflate" members (deflate
   inflates at most ~1 032 times its size; other methods are not bounded so).
2. The parts calamine reads when it opens the file (workbook, its relationships, shared strings,
   styles) and the chosen sheet: declared size at most MAX_PART_BYTES / MAX_SHEET_BYTES and,
   above RATIO_FLOOR, at most MAX_RATIO times the compressed size; then inflated by us up to the
   declared size and no further, so a size that lies is caught after that many bytes.
3. Which sheet: the one named in rapport.toml (a hidden one with a warning, since the ekonom
   named it), else the first visible worksheet (hidden ones before it are named in a warning).
   The sheet list is read from xl/workbook.xml with bounded byte searches (no XML parser, no
   entities), mapped to its member as calamine maps it.
4. The chosen sheet's cells (`sheet_scan`): at most MAX_GRID_CELLS in the grid calamine allocates.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.problems import Location, Problem, Severity
from pipeline.read import sheet_scan
from pipeline.read.sheet_scan import MAX_GRID_CELLS, ScanStop

MAX_ENTRIES = 10_000             # zip members; an Excel workbook has tens, a big one hundreds
MAX_SHEETS = 1_000               # sheets listed in the workbook
MAX_SHEET_BYTES = 2 << 30        # a sheet's XML: the bench ledger at Excel's row limit is 529 MB
MAX_PART_BYTES = 256 << 20       # workbook, relationships, shared strings, styles
MAX_RATIO = 100                  # inflated / compressed: Excel's sheets are 3-20
RATIO_FLOOR = 16 << 20           # small parts may compress better without harm
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
RESAVE = "Öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx), och kör igen."
# Read by calamine 0.36 when it opens a workbook (besides the workbook and its relationships):
# at these fixed paths, whatever the relationships say (tried: a decoy at xl/sharedStrings.xml
# is the one read).
OPENED_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/sharedStrings.xml", "xl/styles.xml")


class Refused(Exception):
    """The file must not reach the parser; `problems` say why and what to do."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = problems


@dataclass(frozen=True)
class Checked:
    """The sheet to read (its name as fastexcel lists it) and the warnings on the way."""

    sheet: str
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Sheet:
    name: str
    state: str          # "visible", "hidden", "veryHidden"
    member: str         # zip member calamine reads for it, "" when not a worksheet


def check_workbook(path: Path, sheet: str) -> Checked:
    """The sheet of `path` to read (`sheet`, or "" for the first visible one); raises Refused."""
    where = Location(path.name, sheet or None)
    with path.open("rb") as file:
        head = file.read(8)
        if head == OLE_MAGIC:
            raise Refused([_ole_problem(file, where)])
        if not head.startswith(ZIP_MAGIC):
            raise Refused([_problem("fil-oläslig", "Filen är inte en Excel-arbetsbok (.xlsx).",
                                    where, RESAVE)])
        entries = _check_directory(file, where)
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise Refused([_damaged(where, "zip-katalogen går inte att läsa")]) from None
        members = _members(archive, entries, where)
        sheets = _sheets(file, members, where)
        chosen, warnings = _choose(sheets, sheet, where)
        where = Location(path.name, chosen.name)
        for name in OPENED_PARTS:
            info = members.get(name.lower())
            if info is not None:
                _consume(file, info, MAX_PART_BYTES, where)
        info = members.get(chosen.member.lower())
        if info is not None:
            _check_sheet(file, info, where)
    return Checked(chosen.name, warnings)


def sheet_member(path: Path, sheet: str) -> str | None:
    """The zip member calamine reads for the sheet named `sheet`, found as `check_workbook`
    finds it (its directory and sheet-list checks included); None when there is none."""
    where = Location(path.name, sheet or None)
    try:
        with path.open("rb") as file:
            entries = _check_directory(file, where)
            members = _members(zipfile.ZipFile(file), entries, where)
            for candidate in _sheets(file, members, where):
                if candidate.name == sheet and candidate.member:
                    return members[candidate.member.lower()].filename
    except (Refused, KeyError, OSError, ValueError, EOFError, zipfile.BadZipFile):
        pass
    return None


# --- container and zip directory ------------------------------------------------------------

def _problem(rule: str, message: str, where: Location, hint: str,
             severity: Severity = Severity.ERROR) -> Problem:
    return Problem(rule, message, where, severity, hint)


def _damaged(where: Location, detail: str) -> Problem:
    return _problem("fil-skadad", f"Filen är skadad eller inte sparad av Excel ({detail}).", where,
                    RESAVE)


def _ole_problem(file, where: Location) -> Problem:
    """A password-protected .xlsx is an OLE file with an "EncryptionInfo" stream; another OLE
    file is an old .xls (or .doc) with a new name."""
    file.seek(0)
    marker = "EncryptionInfo".encode("utf-16-le")
    tail = b""
    while chunk := file.read(1 << 20):
        if marker in tail + chunk:
            return _problem("fil-lösenordsskyddad", "Filen är lösenordsskyddad och kan inte läsas.",
                            where, "Öppna filen i Excel, ta bort lösenordet (Arkiv > Info > Skydda "
                                   "arbetsbok > Kryptera med lösenord: töm fältet) och spara den "
                                   "som .xlsx utan lösenord.")
        tail = chunk[-len(marker):]
    return _problem("fil-gammalt-format",
                    "Filen är en äldre Excel-fil (.xls) som har fått filändelsen .xlsx.",
                    where, RESAVE)


def _check_directory(file, where: Location) -> int:
    """One end-of-central-directory record, no comment, at most MAX_ENTRIES members, checked
    before zipfile builds a record per member."""
    # Excel writes no zip comment, so the record is the file's last 22 bytes: the record that
    # both zipfile and calamine's zip crate find first.
    size = file.seek(0, 2)
    file.seek(max(0, size - 42))
    tail = file.read()
    at = len(tail) - 22
    if at < 0 or tail[at:at + 4] != b"PK\x05\x06":
        raise Refused([_damaged(where, "zip-katalogen saknas eller har en kommentar")])
    entries = struct.unpack_from("<H", tail, at + 10)[0]
    if entries == 0xFFFF and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", tail, at - 12)[0]
        file.seek(offset)
        record = file.read(56)
        if record[:4] != b"PK\x06\x06":
            raise Refused([_damaged(where, "zip64-katalogen saknas")])
        entries = struct.unpack_from("<Q", record, 32)[0]
    if entries > MAX_ENTRIES:
        raise Refused([_problem(
            "för-många-delar",
            f"Filen består av {_n(entries)} delar; en arbetsbok från Excel har några tiotal "
            f"(programmet läser högst {_n(MAX_ENTRIES)}).",
            where, RESAVE)])
    return entries


def _members(archive: zipfile.ZipFile, entries: int, where: Location) -> dict[str, zipfile.ZipInfo]:
    """Members by their name as calamine looks it up (case-insensitive, "/" for "\\")."""
    members: dict[str, zipfile.ZipInfo] = {}
    infos = archive.infolist()
    if len(infos) != entries:
        # zipfile reads the directory by its size, the zip crate by its count: they must agree.
        raise Refused([_damaged(where, "zip-katalogen räknar delarna fel")])
    for info in infos:
        key = info.filename.replace("\\", "/").lower()
        if key in members:
            raise Refused([_damaged(where, f"delen {info.filename} finns två gånger")])
        if info.flag_bits & 1:
            raise Refused([_damaged(where, "delar är krypterade")])
        members[key] = info
    return members


def _data_offset(file, info: zipfile.ZipInfo) -> int:
    file.seek(info.header_offset)
    local = file.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise ValueError("local header")
    name_length, extra_length = struct.unpack_from("<HH", local, 26)
    return info.header_offset + 30 + name_length + extra_length


def _pieces(file, info: zipfile.ZipInfo, limit: int, where: Location):
    """The inflated pieces of `info` after the declared-size, ratio and method checks."""
    label = "bladet" if limit == MAX_SHEET_BYTES else f"delen {info.filename}"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused([_damaged(where, f"{label} är packad på ett sätt som Excel inte använder")])
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise Refused([_damaged(where, f"storleken på {label} stämmer inte")])
    if info.file_size > limit:
        raise Refused([_too_large(where, label, info.file_size, limit)])
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        ratio = info.file_size // max(1, info.compress_size)
        raise Refused([_problem(
            "fil-för-packad",
            f"{label.capitalize()} packas upp {_n(ratio)} gånger (till {_n(info.file_size >> 20)} MB); "
            f"en export från Excel packas upp ett tjugotal gånger, och programmet läser högst "
            f"{MAX_RATIO} gånger.",
            where, "Filen är troligen skadad eller manipulerad. Exportera den på nytt.")])
    try:
        offset = _data_offset(file, info)
    except (OSError, ValueError):
        raise Refused([_damaged(where, f"{label} går inte att hitta i filen")]) from None
    return sheet_scan.inflate(file, offset, info.compress_size, info.compress_type,
                              info.file_size, limit)


def _too_large(where: Location, label: str, size: int, limit: int) -> Problem:
    return _problem("fil-för-stor",
                    f"{label.capitalize()} packas upp till {_n(size >> 20)} MB; programmet läser högst "
                    f"{_n(limit >> 20)} MB per del.",
                    where, "Dela upp exporten i flera filer (t.ex. en per år) och kör igen.")


def _consume(file, info: zipfile.ZipInfo, limit: int, where: Location, keep: bool = False) -> bytes:
    """Inflate `info` through the checks; its bytes when `keep`."""
    kept = []
    pieces = _pieces(file, info, limit, where)
    try:
        for piece in pieces:
            if keep:
                kept.append(piece)
    except ScanStop as stop:
        raise Refused([_stopped(stop, where, f"delen {info.filename}")]) from None
    except Exception:  # noqa: BLE001 - a corrupt deflate stream, whatever zlib/isal call it
        raise Refused([_damaged(where, f"delen {info.filename} går inte att packa upp")]) from None
    return b"".join(kept)


def _stopped(stop: ScanStop, where: Location, label: str) -> Problem:
    if stop.kind == "stor":
        return _too_large(where, label, stop.detail["size"], stop.detail["limit"])
    if stop.kind == "storlek":
        return _damaged(where, f"storleken på {label} stämmer inte med zip-katalogen")
    if stop.kind == "token":
        return _problem("fil-för-stor", f"{label.capitalize()} har ett textstycke på flera "
                        "megabyte utan radbrytning i XML:en; Excel skriver inte sådana.", where,
                        "Filen är troligen skadad eller manipulerad. Exportera den på nytt.")
    if stop.kind == "rutnät":
        return _grid_problem(where, stop.detail["grid"])
    return _damaged(where, f"{label} är skriven på ett sätt som Excel inte använder")


def _n(number: int) -> str:
    """12 345 678, as Swedish text writes numbers."""
    return f"{number:,}".replace(",", " ")


def _grid_problem(where: Location, grid: sheet_scan.Grid) -> Problem:
    cell = re.fullmatch(r"([A-Z]*)([0-9]*)", grid.far_cell)
    column, row = (cell.group(1) or None, int(cell.group(2)) if cell.group(2) else None) if cell else (None, None)
    return _problem(
        "blad-för-stort",
        f"Bladet har innehåll i cell {grid.far_cell}, så tabellen som läses blir minst "
        f"{_n(grid.rows)} × {_n(grid.columns)} celler (rader × kolumner); programmet läser högst "
        f"{_n(MAX_GRID_CELLS)} celler.",
        Location(where.file, where.sheet, row, column),
        "Ta bort innehållet långt ner eller långt till höger i bladet (markera raderna eller "
        "kolumnerna efter tabellen och välj Ta bort), spara och kör igen.")


def _check_sheet(file, info: zipfile.ZipInfo, where: Location) -> None:
    """Inflate the sheet once for the fast check; a second time for the exact one if needed."""
    fast = _pieces(file, info, MAX_SHEET_BYTES, where)
    try:
        if sheet_scan.scan_sheet(fast):
            return
        grid = sheet_scan.exact_grid(_pieces(file, info, MAX_SHEET_BYTES, where))
    except ScanStop as stop:
        raise Refused([_stopped(stop, where, "bladet")]) from None
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - a corrupt deflate stream, whatever zlib/isal call it
        raise Refused([_damaged(where, "bladet går inte att packa upp")]) from None
    if grid.cells > MAX_GRID_CELLS:
        raise Refused([_grid_problem(where, grid)])


# --- the sheet list, as calamine reads it ---------------------------------------------------

_COMMENTS = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_ATTR = re.compile(rb"([^\t\n\r =/>]+)[\t\n\r ]*=[\t\n\r ]*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(lt|gt|amp|apos|quot|#[0-9]+|#x[0-9A-Fa-f]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}


def _elements(xml: bytes, local: bytes) -> list[dict[bytes, bytes]]:
    """The attributes (raw values, the last of a name) of every element named `local`, any
    prefix. Comments, CDATA and processing instructions are skipped as quick-xml skips them."""
    xml = _COMMENTS.sub(b"", xml)
    if b"<!" in xml:
        raise ValueError("DOCTYPE")     # Excel writes none; entity tricks are not followed
    pattern = re.compile(rb"<(?:[^\t\n\r />:]+:)?" + local + rb"(?=[\t\n\r />])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
    found = []
    for match in pattern.finditer(xml):
        attributes: dict[bytes, bytes] = {}
        for attribute in _ATTR.finditer(match.group(1)):
            value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            attributes[attribute.group(1)] = value
        found.append(attributes)
    return found


def _unescape(value: bytes) -> str:
    text = value.decode("utf-8")

    def one(match: re.Match) -> str:
        name = match.group(1)
        if name in _NAMED:
            return _NAMED[name]
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))

    unescaped = _ENTITY.sub(one, text)
    if "&" in _ENTITY.sub("", text):
        raise ValueError("entity")
    return unescaped


def _sheets(file, members: dict[str, zipfile.ZipInfo], where: Location) -> list[_Sheet]:
    workbook, relations = members.get("xl/workbook.xml"), members.get("xl/_rels/workbook.xml.rels")
    if workbook is None or relations is None:
        raise Refused([_damaged(where, "arbetsbokens innehållsförteckning saknas")])
    try:
        targets = {}
        for rel in _elements(_consume(file, relations, MAX_PART_BYTES, where, keep=True),
                             b"Relationship"):
            targets[rel.get(b"Id", b"")] = rel.get(b"Target", b"").decode("utf-8")
        listed = _elements(_consume(file, workbook, MAX_PART_BYTES, where, keep=True), b"sheet")
        if len(listed) > MAX_SHEETS:
            raise Refused([_problem(
                "för-många-blad", f"Filen har {_n(len(listed))} blad; programmet läser filer med "
                f"högst {_n(MAX_SHEETS)} blad.", where,
                "Spara exportens blad i en egen fil och kör igen.")])
        sheets = []
        for attributes in listed:
            name = _unescape(attributes.get(b"name", b""))
            state = attributes.get(b"state", b"visible").decode("ascii")
            rid = attributes.get(b"r:id", attributes.get(b"relationships:id"))
            target = targets.get(rid) if rid is not None else None
            if state not in ("visible", "hidden", "veryHidden") or target is None:
                raise ValueError("sheet")
            sheets.append(_Sheet(name, state, _member(target, members)))
    except (ValueError, UnicodeDecodeError):
        raise Refused([_damaged(where, "listan över blad går inte att läsa")]) from None
    return sheets


def _member(target: str, members: dict[str, zipfile.ZipInfo]) -> str:
    """calamine's path for a relationship target ("/xl/..", "xl/.." or relative to xl/), ""
    when it is not a worksheet (a chart sheet has no cells)."""
    path = target[1:] if target.startswith("/xl/") else target if target.startswith("xl/") else f"xl/{target}"
    parts = path.split("/")
    if len(parts) < 2 or parts[1] not in ("worksheets", "chartsheets", "dialogsheets"):
        raise ValueError("sheet type")
    return path if parts[1] == "worksheets" else ""


def _choose(sheets: list[_Sheet], sheet: str, where: Location) -> tuple[_Sheet, list[Problem]]:
    if sheet:
        for candidate in sheets:
            if candidate.name == sheet:
                if candidate.state == "visible":
                    return candidate, []
                return candidate, [_problem(
                    "dolt-blad-läses",
                    f'Bladet "{sheet}" är dolt i Excel men läses, eftersom det anges i rapport.toml.',
                    Location(where.file, sheet), "Kontrollera att det är rätt blad; visa det i "
                    "Excel (högerklicka på en bladflik och välj Ta fram) om det ska läsas.",
                    Severity.WARNING)]
        names = ", ".join(f'"{s.name}"' for s in sheets if s.state == "visible") or "inga synliga blad"
        raise Refused([_problem("blad-saknas", f'Bladet "{sheet}" finns inte i filen (filen har {names}).',
                                where, "Byt namn på bladet eller ändra bladnamnet i rapport.toml.")])
    hidden = []
    for candidate in sheets:
        if candidate.state != "visible":
            hidden.append(candidate.name)
        elif candidate.member:
            warnings = []
            if hidden:
                listed = ", ".join(f'"{name}"' for name in hidden)
                warnings.append(_problem(
                    "dolt-blad-hoppas-över",
                    f"Dolda blad läses inte: {listed} hoppades över och bladet "
                    f'"{candidate.name}" lästes.', Location(where.file, candidate.name),
                    'Ange bladets namn i rapport.toml (blad = "...") om det är ett dolt blad som '
                    "ska läsas.", Severity.WARNING))
            return candidate, warnings
    raise Refused([_problem("inget-synligt-blad", "Filen har inget synligt blad med celler.", where,
                            "Visa bladet i Excel (högerklicka på en bladflik och välj Ta fram), "
                            "spara och kör igen.")])
