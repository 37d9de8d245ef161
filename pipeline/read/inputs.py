"""The catalog's I/O: finds and reads every input file (exports and settings).

Tests replace this module's results with tables built in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.problems import Location, Problem
from pipeline.read.catalog import OPTIONAL_SETTINGS_COLUMNS, SETTINGS_SHEETS
from pipeline.read.cache import ExportCache, staff_key_of
from pipeline.read.early import HR_SOURCES, READ_THREADS
from pipeline.read.excel import read_sheet
from pipeline.read.raw_table import RawTable
from pipeline.read.sources import (SETTINGS_DIR, ExportFile, SheetSpec, export_files, read_settings,
                                   unread_files)
from pipeline.run import Progress
from pipeline.settings import Settings

__all__ = ["Inputs", "read_inputs", "read_settings", "read_settings_tables", "read_exports"]


@dataclass
class Inputs:
    """Everything read from disk, before validation.

    Sources named in `read_inputs(later=...)` are still being parsed when it returns: they are
    not in `exports` until `read_later` has waited for them.
    """

    settings: Settings
    settings_tables: dict[str, RawTable]
    exports: dict[str, list[RawTable]]
    input_dir: Path = Path(".")
    # The printed staff section from the cache (the HR exports then are not read), and its key.
    staff: dict | None = None
    staff_key: str = ""
    _later: _Reading | None = None

    def read_later(self) -> list[Problem]:
        """Wait for the sources left to parse and add them to `exports`; their problems."""
        if self._later is None:
            return []
        exports, problems = self._later.result()
        self.exports.update(exports)
        self._later = None
        return problems


def read_inputs(input_dir: Path, cache: ExportCache | None = None, progress: Progress | None = None,
                later: Iterable[str] = (), requested_period: str | None = None,
                staff_valid: Callable[[dict], bool] | None = None) -> tuple[Inputs | None, list[Problem]]:
    """Settings, settings sheets and export files (each nämnd's Word texts are read with its report:
    `pipeline.read.documents.section_texts`). The sources in `later` (the ledger)
    are left parsing in the background: `Inputs.read_later` waits for them. When `cache` holds
    the staff section for these inputs (`requested_period`: the --period asked for) and
    `staff_valid` accepts it, the HR exports are not read at all."""
    settings, problems = read_settings(input_dir / SETTINGS_DIR)
    if settings is None:
        return None, problems
    files, file_problems = export_files(input_dir, settings)
    file_problems += unread_files(input_dir, settings)
    staff, key = None, ""
    if cache is not None and settings.personnel is not None:
        key = staff_key_of(input_dir, files, requested_period)
        staff = cache.staff(key, staff_valid)
    if staff is not None:
        files = [f for f in files if f.contract.name not in HR_SOURCES]
        if progress is not None:
            progress.note("Personalavsnittet är oförändrat sedan förra körningen och hämtas från cachen "
                          "(personalexporterna läses inte).")
    reading = start_reading_exports(files, file_problems, cache, progress)
    tables, table_problems = read_settings_tables(input_dir / SETTINGS_DIR,
                                                  with_personnel=settings.personnel is not None)
    later = set(later)
    exports, export_problems = reading.result(lambda name: name not in later)
    inputs = Inputs(settings, tables, exports, input_dir, staff, key, reading if later else None)
    return inputs, problems + table_problems + export_problems


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
            required=frozenset(f for f in fields if (key, f) not in OPTIONAL_SETTINGS_COLUMNS),
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
    return start_reading_exports(*export_files(input_dir, settings), cache, progress).result()


def start_reading_exports(files: list[ExportFile], problems: list[Problem], cache: ExportCache | None = None,
                          progress: Progress | None = None) -> _Reading:
    """Start reading `files` (see `read_exports`); `problems`: those of finding them.
    `_Reading.result` gives the tables."""
    progress = progress or Progress()
    from_cache = []
    reading = _Reading(progress, problems)
    for file in files:
        cached = cache.load(file.path, file.contract, file.source) if cache is not None else None
        if cached is not None:
            from_cache.append(file.path.name)
        reading.add(file.contract.name, cached, file.path, file.spec)
    if from_cache:
        progress.note("Oförändrade sedan förra körningen, lästa från cachen: " + ", ".join(from_cache) + ".")
    reading.start()
    return reading


class _Reading:
    """Export files being read in a pool of threads, the largest first; cached tables as they are."""

    def __init__(self, progress: Progress, problems: list[Problem]) -> None:
        self._progress = progress
        self._problems = problems
        self._items: list[tuple[str, RawTable | None, Path | None, SheetSpec | None]] = []
        self._futures: dict[int, Future] = {}
        self._taken: set[str] = set()

    def add(self, source: str, cached: RawTable | None, path: Path, spec: SheetSpec) -> None:
        self._items.append((source, cached, None if cached is not None else path, spec))

    def start(self) -> None:
        jobs = [(i, path, spec) for i, (_, _, path, spec) in enumerate(self._items) if path is not None]
        sizes = {i: path.stat().st_size for i, path, _ in jobs}
        self._progress.expect("Läser exporterna", sum(sizes.values()))
        if not jobs:
            self._progress.done()
            return
        pool = ThreadPoolExecutor(max_workers=min(READ_THREADS, len(jobs)), thread_name_prefix="read")

        def read(path: Path, spec: SheetSpec, size: int) -> tuple[RawTable | None, list[Problem]]:
            with self._progress.step(f"Läser {path.name}", size):
                return read_sheet(path, spec)

        for i, path, spec in sorted(jobs, key=lambda job: -sizes[job[0]]):
            self._futures[i] = pool.submit(read, path, spec, sizes[i])
        pool.shutdown(wait=False)

    def done(self) -> bool:
        return all(f.done() for f in self._futures.values())

    def result(self, wanted: Callable[[str], bool] = lambda name: True
               ) -> tuple[dict[str, list[RawTable]], list[Problem]]:
        """The wanted sources not taken before (waiting for their files), with their problems."""
        exports: dict[str, list[RawTable]] = {}
        problems, self._problems = self._problems, []
        for i, (source, cached, _, _) in enumerate(self._items):
            if source in self._taken or not wanted(source):
                continue
            tables = exports.setdefault(source, [])
            table, found = (cached, []) if cached is not None else self._futures[i].result()
            problems += found
            if table is not None:
                tables.append(table)
        self._taken |= set(exports)
        if self.done() and len(self._taken) == len({source for source, *_ in self._items}):
            self._progress.done()
        return exports, problems
