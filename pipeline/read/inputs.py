"""The catalog's I/O: finds and reads every input file (exports and settings).

Tests replace this module's results with tables built in memory.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.problems import Location, Problem
from pipeline.read.catalog import EXPORTS, HR_EXPORTS, SETTINGS_SHEETS
from pipeline.read.excel import RawTable, SheetSpec, read_sheet
from pipeline.settings import Settings, settings_from_toml

SETTINGS_DIR = "installningar"
SETTINGS_FILE = "rapport.toml"


@dataclass
class Inputs:
    """Everything read from disk, before validation."""

    settings: Settings
    settings_tables: dict[str, RawTable]
    exports: dict[str, list[RawTable]]


def read_inputs(input_dir: Path) -> tuple[Inputs | None, list[Problem]]:
    settings, problems = read_settings(input_dir / SETTINGS_DIR)
    if settings is None:
        return None, problems
    tables, table_problems = read_settings_tables(input_dir / SETTINGS_DIR,
                                                  with_personnel=settings.personnel is not None)
    exports, export_problems = read_exports(input_dir, settings)
    return Inputs(settings, tables, exports), problems + table_problems + export_problems


def read_settings(settings_dir: Path) -> tuple[Settings | None, list[Problem]]:
    path = settings_dir / SETTINGS_FILE
    where = Location(f"{SETTINGS_DIR}/{SETTINGS_FILE}")
    if not path.exists():
        return None, [Problem("fil-saknas", "Inställningsfilen saknas.", where,
                              hint=f"Lägg filen {SETTINGS_FILE} i mappen {settings_dir}.")]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        return None, [Problem("inställning-oläslig", f"Filen går inte att tolka ({_toml_reason(error)}).",
                              where, hint="Kontrollera citattecken och hakparenteser på raden.")]
    return settings_from_toml(data, where.file)


def _toml_reason(error: Exception) -> str:
    text = str(error)
    # tomllib says e.g. "Expected '=' after a key in a key/value pair (at line 12, column 5)"
    if "(at line" in text:
        line = text.split("(at line", 1)[1].split(",")[0].strip()
        return f"fel på rad {line}"
    return "felaktig syntax"


PERSONNEL_ONLY_SHEETS = {"forvaltningar"}


def read_settings_tables(settings_dir: Path, with_personnel: bool = True
                         ) -> tuple[dict[str, RawTable], list[Problem]]:
    tables, problems = {}, []
    missing: set[str] = set()
    for key, (file, sheet, fields) in SETTINGS_SHEETS.items():
        if key in PERSONNEL_ONLY_SHEETS and not with_personnel:
            continue
        path = settings_dir / file
        if not path.exists():
            if file in missing:
                continue
            missing.add(file)
            problems.append(Problem("fil-saknas", "Inställningsfilen saknas.",
                                    Location(f"{SETTINGS_DIR}/{file}"),
                                    hint=f"Lägg filen {file} i mappen {settings_dir}."))
            continue
        spec = SheetSpec(
            sheet=sheet,
            headers={f: heading for f, (heading, _) in fields.items()},
            kinds={f: kind for f, (_, kind) in fields.items()},
            required=frozenset(fields),
        )
        table, sheet_problems = read_sheet(path, spec)
        problems.extend(sheet_problems)
        if table is not None:
            table.file = f"{SETTINGS_DIR}/{file}"
            tables[key] = table
    return tables, problems


def read_exports(input_dir: Path, settings: Settings) -> tuple[dict[str, list[RawTable]], list[Problem]]:
    exports: dict[str, list[RawTable]] = {}
    problems: list[Problem] = []
    for contract in (*EXPORTS, *HR_EXPORTS):
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
        )
        exports[contract.name] = []
        for path in paths:
            table, sheet_problems = read_sheet(path, spec)
            problems.extend(sheet_problems)
            if table is not None:
                exports[contract.name].append(table)
    return exports, problems
