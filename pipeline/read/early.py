"""Parsing that starts before the program has finished loading.

Python needs over half a second to import pandas and the rest of the program, and fastexcel
parses a sheet without holding the GIL. So the command line, before it imports anything heavy,
calls `start`: it reads rapport.toml, finds the export files and queues a background parse of
each file that the cache does not already hold, largest first, on all cores but one (that one
loads the program meanwhile). `read_sheet` then takes the parsed cells with `take` instead of
parsing the file itself; a file whose parse has not started yet is parsed by the reader (so a
small file never waits behind a large one), and a file that fails to open here is parsed again
there, where the problem is reported. Nothing outlives the run.

Every file is checked before fastexcel opens it (read/workbook_guard.py: resource bombs, the
sheet to read). The largest export is checked by `start` itself, before it returns: the
program's imports wait, so the check (which releases the GIL) has every core.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import TYPE_CHECKING

from pipeline.problems import Problem
from pipeline.read.cache import ExportCache, staff_key_of
from pipeline.read.catalog import EXPORTS, HR_EXPORTS, LEDGER, SETTINGS_SHEETS
from pipeline.read.sources import SETTINGS_DIR, export_files, read_settings
from pipeline.read.workbook_guard import Checked, Refused, check_workbook

if TYPE_CHECKING:
    import pyarrow as pa

Parsed = tuple[str, "pa.RecordBatch", list[Problem]]   # sheet name, its cells, warnings

# Files parsed at the same time: one per core, at most four (each large file needs its own memory).
READ_THREADS = min(os.cpu_count() or 1, 4)
EARLY_THREADS = max(1, READ_THREADS - 1)

HR_SOURCES = frozenset(c.name for c in HR_EXPORTS)
# The largest export from this size on is checked (read/workbook_guard.py) by `start` itself,
# before the program loads: the check then has every core, and the parse starts right after.
CHECK_FIRST_BYTES = 4 << 20

_started: dict[tuple, Future] = {}


def parse_cells(path: Path, sheet: str, checked: Checked | None = None) -> Parsed:
    """Every cell of the sheet (`""` = the first visible one) as text, column A and row 1 first,
    the sheet's name and the warnings about the choice. One parse: calamine reads the whole sheet
    whatever is asked for, so nothing is guessed from the first rows. The file is checked first
    (read/workbook_guard.py): Refused, with the problems, when it must not reach the parser;
    other exceptions when it does not open; KeyError without the sheet. `checked`: the check's
    result when it was made just before."""
    checked = checked or check_workbook(path, sheet)
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    if checked.sheet not in reader.sheet_names:
        raise KeyError(checked.sheet)
    cells = reader.load_sheet(checked.sheet, header_row=None, skip_rows=0, dtypes="string",
                              schema_sample_rows=None).to_arrow()
    return checked.sheet, cells, checked.warnings


def _key(path: Path, sheet: str) -> tuple:
    status = path.stat()
    return str(path.resolve()), sheet, status.st_size, status.st_mtime_ns


@dataclass(frozen=True)
class Started:
    """What `start` set going, and what it found out on the way."""

    parses: int = 0                 # sheets queued for parsing (export files, settings sheets)
    ledger_parsed: bool = False     # the ledger (the large file) is among them
    figures_changed: bool = True    # an input of the report's charts is not as the cache holds it


def start(input_dir: Path, cache: ExportCache | None = None, requested_period: str | None = None) -> Started:
    """Start parsing every export file of `input_dir` not held by `cache` (nor the HR exports when
    it holds the staff section for these inputs)."""
    settings, _ = read_settings(input_dir / SETTINGS_DIR)
    if settings is None:
        return Started()
    files, _ = export_files(input_dir, settings)
    staff_held = cache is not None and cache.holds_staff(staff_key_of(input_dir, files, requested_period))
    if staff_held:
        files = [f for f in files if f.contract.name not in HR_SOURCES]
    todo = [f for f in files if cache is None or not cache.holds(f.path, f.contract, f.source)]
    todo.sort(key=lambda f: -f.path.stat().st_size)
    sheets = [(f.path, f.spec.sheet) for f in todo]
    settings_dir = input_dir / SETTINGS_DIR           # then the settings workbooks' sheets
    sheets += [(settings_dir / file, sheet) for file, sheet, _ in SETTINGS_SHEETS.values()
               if (settings_dir / file).is_file()]
    jobs: SimpleQueue = SimpleQueue()
    for i, (path, sheet) in enumerate(sheets):
        future: Future = Future()
        key = _key(path, sheet)
        _started[key] = future
        checked = None
        if i == 0 and key[2] >= CHECK_FIRST_BYTES:
            try:
                checked = check_workbook(path, sheet)
            except Refused as refused:
                future.set_exception(refused)
                continue
            except Exception:  # noqa: BLE001 - the parse checks it again and reports the problem
                checked = None
        jobs.put((future, path, sheet, key, checked))
    for _ in range(min(EARLY_THREADS, len(sheets))):
        # Daemon threads: a run that stops early (bad settings) does not wait for a large parse.
        threading.Thread(target=_work, args=(jobs,), name="early-parse", daemon=True).start()
    finance = {c.name for c in EXPORTS}
    staff_changed = settings.personnel is not None and not staff_held
    return Started(len(sheets), any(f.contract.name == LEDGER.name for f in todo),
                   staff_changed or any(f.contract.name in finance for f in todo))


def _work(jobs: SimpleQueue) -> None:
    while True:
        try:
            future, path, sheet, key, checked = jobs.get_nowait()
        except Empty:
            return
        if not future.set_running_or_notify_cancel():
            continue
        try:
            if checked is not None and _key(path, sheet) != key:
                checked = None                  # changed since it was checked: check it again
            future.set_result(parse_cells(path, sheet, checked))
        except BaseException as error:  # noqa: BLE001 - handed to `take`, which parses again
            future.set_exception(error)


def take(path: Path, sheet: str) -> Parsed | None:
    """The parsed cells of `path` (waiting for them if the parse is running), or None when no
    parse was queued for the file as it is now, it has not started yet (it is dropped: the caller
    parses the file itself), or it failed. Raises Refused when the check refused the file."""
    try:
        future = _started.pop(_key(path, sheet), None)
    except OSError:
        return None
    if future is None or future.cancel():
        return None
    try:
        return future.result()
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - the caller parses again and reports the problem
        return None


def discard() -> None:
    """Forget parses nobody took (a run that stopped on a problem)."""
    for future in _started.values():
        future.cancel()
    _started.clear()
