"""Where the inputs are: the settings file, and which file holds which export, with how to find
its table in the sheet.

Light on purpose (no pandas, no Excel reader): `pipeline.read.early` calls this at the program's
start, to begin parsing the export files while the rest of the program is still loading.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.problems import Location, Problem, Severity
from pipeline.read.catalog import EXPORTS, FOLLOWUP_EXPORTS, HR_EXPORTS, SourceContract
from pipeline.settings import Settings, SourceSettings, settings_from_toml

SETTINGS_DIR = "installningar"
SETTINGS_FILE = "rapport.toml"
# Spreadsheet formats the program does not read: saved as .xlsx they would be.
OTHER_FORMATS = {".xls": "Excel 97-2003 (.xls)", ".xlsm": "makroaktiverad arbetsbok (.xlsm)",
                 ".xlsb": "binär arbetsbok (.xlsb)", ".ods": "OpenDocument (.ods)",
                 ".csv": "CSV (.csv)"}
# Files a folder holds that nobody exported: Office lock files, system files, hidden files.
_NOT_EXPORTS = {"thumbs.db", "desktop.ini"}
# Input files larger than this are fingerprinted by size and time, not read (`other_files_digest`).
DIGEST_MAX_BYTES = 16 * 1024 * 1024
_COPY = re.compile(r"^(?P<stem>.+?) ?\(\d+\)(?P<suffix>\.[^.]+)$")


@dataclass(frozen=True)
class SheetSpec:
    """How to find a table in a sheet: which headings mean which field."""

    sheet: str                        # "" = first sheet
    headers: dict[str, str]           # field -> heading text in the file
    kinds: dict[str, str]             # field -> catalog kind
    required: frozenset[str]          # fields whose column must exist
    header_row: int = 0               # Excel row of the headings, 0 = find automatically
    sum_markers: tuple[str, ...] = ()
    skipped: frozenset[str] = frozenset()   # fields whose column is found but not read
    personal: bool = False            # personal data: messages never quote a cell (RawTable.personal)


@dataclass(frozen=True)
class ExportFile:
    """One file of one source, and how its table is found."""

    contract: SourceContract
    source: SourceSettings
    path: Path
    spec: SheetSpec


def read_settings(settings_dir: Path) -> tuple[Settings | None, list[Problem]]:
    path = settings_dir / SETTINGS_FILE
    where = Location(f"{SETTINGS_DIR}/{SETTINGS_FILE}")
    if not path.exists():
        return None, [Problem("fil-saknas", "Inställningsfilen saknas.", where,
                              hint=f"Lägg filen {SETTINGS_FILE} i mappen {settings_dir}.")]
    try:
        raw = path.read_bytes()
    except OSError:
        return None, [Problem("fil-oläslig", "Inställningsfilen går inte att läsa.", where,
                              hint=f"Kontrollera att {SETTINGS_FILE} är en fil som du har behörighet att läsa.")]
    try:
        text = raw.decode("utf-8-sig")          # a BOM (Notepad's "UTF-8 med BOM") is fine
    except UnicodeDecodeError as error:
        return None, [Problem("inställning-teckenkodning", "Filen är inte sparad som UTF-8.",
                              Location(where.file, row=raw[:error.start].count(b"\n") + 1),
                              hint="Öppna filen i Anteckningar, välj Arkiv > Spara som och Kodning UTF-8, "
                                   "och spara.")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [Problem("inställning-oläslig", f"Filen går inte att tolka ({_toml_reason(error)}).",
                              where, hint="Kontrollera citattecken och hakparenteser på raden.")]
    except RecursionError:                     # tomllib recurses once per nested [ or {
        return None, [Problem("inställning-oläslig", "Filen går inte att tolka (för många hakparenteser "
                                                     "eller klamrar inuti varandra).", where,
                              hint="Kontrollera hakparenteserna [ ] och klamrarna { }.")]
    return settings_from_toml(data, where.file, text)


def _toml_reason(error: Exception) -> str:
    text = str(error)
    # tomllib says e.g. "Expected '=' after a key in a key/value pair (at line 12, column 5)"
    if "(at line" in text:
        line = text.split("(at line", 1)[1].split(",")[0].strip()
        return f"fel på rad {line}"
    return "felaktig syntax"


def export_files(input_dir: Path, settings: Settings) -> tuple[list[ExportFile], list[Problem]]:
    """Every .xlsx file of every configured export source (sorted by name within a source), and
    the problems: a source without a file, a matching file in another format (.xls, .ods, ...),
    a file that looks like a downloaded copy of another. (`unread_files`: the files no source
    takes.)"""
    files, problems = [], []
    for contract in (*EXPORTS, *HR_EXPORTS, *FOLLOWUP_EXPORTS):
        source = settings.sources.get(contract.name)
        if source is None:
            continue
        found = _matching(input_dir, source.patterns)
        paths = [p for p in found if p.suffix.lower() == ".xlsx"]
        problems += [_other_format(p.name, p.with_suffix(".xlsx").name) for p in found
                     if p.suffix.lower() != ".xlsx"]
        problems += _copies(paths)
        if not found:
            patterns = ", ".join(source.patterns) or "(inget mönster)"
            problems.append(Problem(
                "källa-saknas",
                f"Ingen fil för {contract.label} hittades (filnamnsmönster {patterns}).",
                Location(str(input_dir)),
                hint=f"Lägg exporten i mappen {input_dir} eller ändra filer under "
                     f"[kallor.{contract.name}] i rapport.toml."))
            continue
        spec = SheetSpec(
            sheet=source.sheet,
            headers=source.headers,
            kinds={f.name: f.kind for f in contract.fields},
            required=frozenset(f.name for f in contract.fields if f.required),
            header_row=source.header_row,
            sum_markers=source.sum_markers,
            skipped=frozenset(f.name for f in contract.fields) - {f.name for f in contract.read_fields},
            personal=contract.personal,
        )
        files += [ExportFile(contract, source, path, spec) for path in paths]
    return files, problems


def other_files_digest(input_dir: Path, settings: Settings) -> str:
    """A digest of every file under `input_dir` that is not an export file (their content
    reaches the report through its figures): the settings, Word texts, templates and pictures a
    report is made from, by path and content. Hidden and Office lock files are left out; a file
    over `DIGEST_MAX_BYTES` counts by its size and modification time."""
    hasher = hashlib.sha256()
    skip = {os.path.normcase(os.path.abspath(f.path)) for f in export_files(input_dir, settings)[0]}
    for folder, subfolders, names in os.walk(input_dir):
        subfolders[:] = sorted(d for d in subfolders if _is_export(d))
        for name in sorted(names):
            path = Path(folder, name)
            if not _is_export(name) or os.path.normcase(os.path.abspath(path)) in skip:
                continue
            hasher.update(str(path.relative_to(input_dir)).encode("utf-8", "surrogatepass") + b"\0")
            try:
                status = path.stat()
                if status.st_size > DIGEST_MAX_BYTES:
                    hasher.update(f"{status.st_size}:{status.st_mtime_ns}".encode())
                else:
                    hasher.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError as error:          # unreadable: the run reads it and says so, if it matters
                hasher.update(f"oläsbar:{error.errno}".encode())
    return hasher.hexdigest()


def _matching(input_dir: Path, patterns: tuple[str, ...]) -> list[Path]:
    return sorted({p for pattern in patterns for p in input_dir.glob(pattern)
                   if p.is_file() and _is_export(p.name)})


def _is_export(name: str) -> bool:
    return not (name.startswith(("~$", ".")) or name.lower() in _NOT_EXPORTS)


def _other_format(name: str, as_xlsx: str) -> Problem:
    kind = OTHER_FORMATS.get(Path(name).suffix.lower(), f"{Path(name).suffix}-fil")
    return Problem("fil-fel-format", f"Filen är sparad som {kind}, som programmet inte läser.",
                   Location(name), hint=f"Öppna den i Excel och spara som Excel-arbetsbok (.xlsx) "
                                        f"med namnet {as_xlsx}.")


def _copies(paths: list[Path]) -> list[Problem]:
    """A file named like a browser's second download of another ("huvudbok_2023 (1).xlsx")
    is read as a file of its own: said, since its rows would count twice."""
    names = {p.name for p in paths}
    problems = []
    for path in paths:
        copy = _COPY.match(path.name)
        original = copy and copy.group("stem") + copy.group("suffix")
        if original and original in names:
            problems.append(Problem(
                "fil-kopia", f'Filen ser ut som en kopia av {original} och läses som en egen fil.',
                Location(path.name), Severity.WARNING,
                "Ta bort kopian ur mappen om dess rader inte ska räknas en gång till."))
    return problems


def unread_files(input_dir: Path, settings: Settings) -> list[Problem]:
    """Files in the input folder that no source's pattern takes: a warning naming each, an error
    when the file would be an export if it were saved as .xlsx (`budget_2023.xls` beside the
    pattern `budget_*.xlsx`). The settings and texts folders and lock files are not exports."""
    patterns = tuple(pattern for source in settings.sources.values() for pattern in source.patterns)
    matched = set(_matching(input_dir, patterns))
    problems = []
    try:
        entries = sorted(input_dir.iterdir())
    except OSError:
        return []
    for path in entries:
        if path in matched or not path.is_file() or not _is_export(path.name):
            continue
        as_xlsx = path.with_suffix(".xlsx").name
        if path.suffix.lower() in OTHER_FORMATS and any(fnmatch.fnmatch(as_xlsx, p) for p in patterns):
            problems.append(_other_format(path.name, as_xlsx))
            continue
        problems.append(Problem(
            "fil-okänd", "Filen hör inte till någon källa i rapport.toml och läses inte.",
            Location(path.name), Severity.WARNING,
            "Om den ska läsas: byt namn på den så att den passar ett av filnamnsmönstren under "
            f"[kallor] i rapport.toml ({', '.join(dict.fromkeys(patterns))}); annars flytta den ur "
            "mappen."))
    return problems
