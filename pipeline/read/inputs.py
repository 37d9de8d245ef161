"""The catalog's I/O: finds and reads every input file (exports and settings).

Tests replace this module's results with tables built in memory.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.problems import Location, Problem
from pipeline.read.catalog import SETTINGS_SHEETS
from pipeline.read.cache import ExportCache
from pipeline.read.documents import section_texts
from pipeline.read.early import READ_THREADS
from pipeline.read.excel import RawTable, read_sheet
from pipeline.read.sources import SETTINGS_DIR, SheetSpec, export_files, read_settings
from pipeline.run import Progress
from pipeline.settings import Settings

__all__ = ["Inputs", "read_inputs", "read_settings", "read_settings_tables", "read_exports"]


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
    files, problems = export_files(input_dir, settings)
    found: dict[str, list[RawTable | int]] = {}        # source -> cached tables and job numbers
    jobs: list[tuple[Path, SheetSpec]] = []
    from_cache: list[str] = []
    for file in files:
        cached = cache.load(file.path, file.contract, file.source) if cache is not None else None
        items = found.setdefault(file.contract.name, [])
        if cached is not None:
            from_cache.append(file.path.name)
            items.append(cached)
        else:
            items.append(len(jobs))
            jobs.append((file.path, file.spec))

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
