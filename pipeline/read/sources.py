"""Where the inputs are: the settings file, and which file holds which export, with how to find
its table in the sheet.

Light on purpose (no pandas, no Excel reader): `pipeline.read.early` calls this at the program's
start, to begin parsing the export files while the rest of the program is still loading.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.problems import Location, Problem
from pipeline.read.catalog import EXPORTS, FOLLOWUP_EXPORTS, HR_EXPORTS, SourceContract
from pipeline.settings import Settings, SourceSettings, settings_from_toml

SETTINGS_DIR = "installningar"
SETTINGS_FILE = "rapport.toml"


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
    """Every file of every configured export source (sorted by name within a source), and a
    problem for each source without a file."""
    files, problems = [], []
    for contract in (*EXPORTS, *HR_EXPORTS, *FOLLOWUP_EXPORTS):
        source = settings.sources.get(contract.name)
        if source is None:
            continue
        paths = sorted({p for pattern in source.patterns for p in input_dir.glob(pattern)
                        if not p.name.startswith("~$")})
        if not paths:
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
