"""The catalog's I/O: finds and reads every input file (exports and settings).

Tests replace this module's results with tables built in memory.
"""

from __future__ import annotations

import os
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.problems import Location, Problem
from pipeline.read.catalog import EXPORTS, FOLLOWUP_EXPORTS, HR_EXPORTS, SETTINGS_SHEETS
from pipeline.read.cache import ExportCache
from pipeline.read.documents import section_texts
from pipeline.read.excel import RawTable, SheetSpec, read_sheet
from pipeline.run import Progress
from pipeline.settings import Settings, settings_from_toml

SETTINGS_DIR = "installningar"
SETTINGS_FILE = "rapport.toml"
# Files parsed at the same time: one per core, at most four (each large file needs its own memory).
READ_THREADS = min(os.cpu_count() or 1, 4)


@dataclass
class Inputs:
    """Everything read from disk, before validation."""

    settings: Settings
    settings_tables: dict[str, RawTable]
    exports: dict[str, list[RawTable]]
    texts: dict[str, Path | None] = field(default_factory=dict)   # section key -> Word file, None = none


def read_inputs(input_dir: Path, cache: ExportCache | None = None,
                progress: Progress | None = None) -> tuple[Inputs | None, list[Problem]]:
    settings, problems = read_settings(input_dir / SETTINGS_DIR)
    if settings is None:
        return None, problems
    tables, table_problems = read_settings_tables(input_dir / SETTINGS_DIR,
                                                  with_personnel=settings.personnel is not None)
    exports, export_problems = read_exports(input_dir, settings, cache, progress)
    texts, text_problems = section_texts(input_dir, settings.followup.texts)
    return (Inputs(settings, tables, exports, texts),
            problems + table_problems + export_problems + text_problems)


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


def read_exports(input_dir: Path, settings: Settings, cache: ExportCache | None = None,
                 progress: Progress | None = None) -> tuple[dict[str, list[RawTable]], list[Problem]]:
    """Every export file once: finance exports unchanged since the last run from `cache`, the rest
    parsed, several at a time (the parser releases the GIL), largest first."""
    progress = progress or Progress()
    problems: list[Problem] = []
    found: dict[str, list[RawTable | int]] = {}        # source -> cached tables and job numbers
    jobs: list[tuple[Path, SheetSpec]] = []
    from_cache: list[str] = []
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
        )
        found[contract.name] = []
        for path in paths:
            cached = cache.load(path, contract, source) if cache is not None else None
            if cached is not None:
                from_cache.append(path.name)
                found[contract.name].append(cached)
            else:
                found[contract.name].append(len(jobs))
                jobs.append((path, spec))

    if from_cache:
        progress.note("Oförändrade sedan förra körningen, lästa från cachen: " + ", ".join(from_cache) + ".")
    results = _read_sheets(jobs, progress)
    exports: dict[str, list[RawTable]] = {}
    for name, items in found.items():
        exports[name] = []
        for item in items:
            table, sheet_problems = results[item] if isinstance(item, int) else (item, [])
            problems.extend(sheet_problems)
            if table is not None:
                exports[name].append(table)
    return exports, problems


def _read_sheets(jobs: list[tuple[Path, SheetSpec]], progress: Progress
                 ) -> list[tuple[RawTable | None, list[Problem]]]:
    """Read each (file, sheet) in a pool of threads, the largest files first; results in job order."""
    sizes = [path.stat().st_size for path, _ in jobs]
    progress.expect("Läser exporterna", sum(sizes))

    def read(i: int) -> tuple[RawTable | None, list[Problem]]:
        path, spec = jobs[i]
        with progress.step(f"Läser {path.name}", sizes[i]):
            return read_sheet(path, spec)

    order = sorted(range(len(jobs)), key=lambda i: -sizes[i])
    workers = min(READ_THREADS, len(jobs))
    if workers <= 1:
        done = list(map(read, order))
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(read, order))
    progress.done()
    results: list = [None] * len(jobs)
    for i, result in zip(order, done):
        results[i] = result
    return results
