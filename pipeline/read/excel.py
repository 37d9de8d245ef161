"""Reading one sheet of one .xlsx file into a raw table that remembers Excel's rows and columns.

fastexcel (Rust, calamine) does the parsing: on a 1,048,575-row ledger it reads in ~6.5 s where
pandas+openpyxl takes over 100 s. The sheet is parsed once with every cell as text (so nothing is
guessed from the first rows: a "1 234,50" on row 50 000 stays visible to validation); a numeric
field whose cells are all numbers is cast back to float exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.problems import Location, Problem
from pipeline.read import early
from pipeline.read.catalog import NUMERIC_KINDS
from pipeline.read.raw_table import RawTable
from pipeline.read.sheet_scan import column_letter
from pipeline.read.sources import SheetSpec
from pipeline.read.workbook_guard import Refused

__all__ = ["SheetSpec", "column_letter", "read_sheet"]

HEADER_SEARCH_ROWS = 30


def _norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def read_sheet(path: Path, spec: SheetSpec) -> tuple[RawTable | None, list[Problem]]:
    """Read the table described by `spec` from `path`; problems instead of exceptions."""
    # Parsed already if the program's start began it (read/early.py), else parsed here. The parse
    # does not hold the GIL, so files read in parallel threads use all cores.
    try:
        parsed = early.take(path, spec.sheet)
    except Refused as refused:
        return None, refused.problems
    if parsed is None:
        parsed, problems = _parsed(path, spec.sheet)
        if parsed is None:
            return None, problems
    sheet_name, cells, warnings = parsed
    table, problems = _table(path, spec, sheet_name, cells)
    return table, warnings + problems


def _table(path: Path, spec: SheetSpec, sheet_name: str,
           cells: pa.RecordBatch) -> tuple[RawTable | None, list[Problem]]:
    where = Location(path.name, sheet_name)
    # The header is found in the first rows, then the table typed from the next row on.
    head = cells.slice(0, HEADER_SEARCH_ROWS).to_pandas()
    if head.dropna(how="all").empty:
        return None, [Problem("tomt-blad", "Bladet är tomt.", where,
                              hint="Kontrollera att exporten blev komplett och spara om filen.")]

    header_index, problems = _find_header_row(head, spec, where)
    if header_index is None:
        return None, problems

    header_cells = head.iloc[header_index]
    wanted = {_norm(h): f for f, h in spec.headers.items() if h}
    positions: dict[str, int] = {}
    for col_pos, value in enumerate(header_cells.tolist()):
        if value is None or pd.isna(value):
            continue
        f = wanted.get(_norm(value))
        if f and f not in positions:
            positions[f] = col_pos
    # Columns in `head` are absolute from column A because of skip_rows=0/header_row=None.
    letters = {f: column_letter(p) for f, p in positions.items()}
    headers = {f: str(header_cells.iloc[p]).strip() for f, p in positions.items()}

    data = cells.slice(header_index + 1)
    frame = pd.DataFrame({f: _column(data.column(p), spec.kinds[f] in NUMERIC_KINDS)
                          for f, p in positions.items() if f not in spec.skipped})
    for f in spec.headers:
        if f not in frame.columns and f not in spec.skipped:
            frame[f] = pd.Series([None] * len(frame), dtype="object")
    # Excel row number: header is row header_index + 1; data starts on the next row.
    frame.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(frame), name="excel_rad")

    first_column = None             # where sum rows are marked: only read when they can be
    if spec.sum_markers and positions:
        first_column = data.column(min(positions.values())).to_pandas()
        first_column.index = frame.index
    frame = _drop_empty_and_sum_rows(frame, spec, first_column)
    table = RawTable(path.name, sheet_name, frame, letters, headers, personal=spec.personal, path=path)
    if frame.empty:
        problems.append(Problem("tomt-blad", "Bladet har rubriker men inga datarader.", where,
                                hint="Kontrollera att exporten blev komplett och spara om filen."))
        return None, problems
    return table, problems


def _parsed(path: Path, sheet: str) -> tuple[early.Parsed | None, list[Problem]]:
    """`early.parse_cells`, or the problem the ekonom can fix (the check's refusal, a missing
    sheet, a file the parser cannot open)."""
    where = Location(path.name, sheet or None)
    try:
        return early.parse_cells(path, sheet), []
    except Refused as refused:
        return None, refused.problems
    except KeyError as missing:
        return None, [Problem("blad-saknas", f'Bladet "{missing.args[0]}" går inte att läsa i filen.',
                              where, hint="Byt namn på bladet eller ändra bladnamnet i rapport.toml.")]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - fastexcel's errors, and a Rust panic (a BaseException)
        return None, [Problem("fil-oläslig", "Filen går inte att öppna som en Excel-fil (.xlsx).",
                              where, hint="Spara om filen som Excel-arbetsbok (.xlsx) och kör igen.")]


def _column(cells: pa.Array, numeric: bool) -> pd.Series:
    """A column of text cells; a numeric field whose cells are all numbers becomes float64.

    Numbers read as text convert back exactly (the text is the shortest form of the float);
    anything else (Swedish text amounts, blanks, junk) stays text for the validators.
    """
    if numeric:
        try:
            values = pc.cast(cells, pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            values = None
        if values is not None and pc.all(pc.is_finite(values)).as_py() is not False:
            return values.to_pandas()
    return cells.to_pandas()


def _find_header_row(head: pd.DataFrame, spec: SheetSpec,
                     where: Location) -> tuple[int | None, list[Problem]]:
    """Index (0-based Excel row) of the heading row, or problems naming the missing columns."""
    wanted = {_norm(h): f for f, h in spec.headers.items() if h}
    required = {f for f in spec.required if spec.headers.get(f)}
    if spec.header_row:
        candidates = [spec.header_row - 1]
    else:
        candidates = list(range(len(head)))
    best_index, best_found = None, set()
    for i in candidates:
        if i >= len(head):
            continue
        found = {wanted[_norm(v)] for v in head.iloc[i].tolist()
                 if v is not None and not pd.isna(v) and _norm(v) in wanted}
        if required <= found:
            return i, []
        if len(found) > len(best_found):
            best_index, best_found = i, found
    if best_index is None:
        return None, [Problem(
            "rubrikrad-saknas",
            "Hittar ingen rad med kolumnrubrikerna "
            + ", ".join(f'"{spec.headers[f]}"' for f in sorted(required)) + ".",
            where,
            hint="Kontrollera att rätt fil och blad används, eller ange rubrikerna under "
                 "[kallor.*.kolumner] i rapport.toml.")]
    present = [str(v).strip() for v in head.iloc[best_index].tolist() if v is not None and not pd.isna(v)]
    problems = [
        Problem("kolumn-saknas",
                f'Kolumnen "{spec.headers[f]}" saknas i rubrikraden (rad {best_index + 1}). '
                f"Rubrikerna som finns är: {', '.join(present)}.",
                Location(where.file, where.sheet, best_index + 1, None, spec.headers[f]),
                hint="Om kolumnen har bytt namn i er export: ange det nya namnet i rapport.toml.")
        for f in sorted(required - best_found)
    ]
    return None, problems


def _drop_empty_and_sum_rows(frame: pd.DataFrame, spec: SheetSpec,
                             first_column: pd.Series | None) -> pd.DataFrame:
    """Drop rows where every field read is empty, and sum rows marked by text in the table's
    first column (`first_column`, the leftmost column with a known heading, read or not)."""
    # Each column is only looked at on the rows that are still empty in every column before it:
    # after the first column that is a handful of rows, not a million.
    empty = np.arange(len(frame))
    for name in frame.columns:
        if not len(empty):
            break
        column = frame[name].iloc[empty]
        if pd.api.types.is_numeric_dtype(column.dtype):
            blank = column.isna()
        else:
            text = column.astype("string")
            blank = (text.isna() | (text.str.strip() == "")).fillna(True)
        empty = empty[blank.to_numpy(dtype=bool)]
    if len(empty):
        frame = frame.drop(index=frame.index[empty])
    if len(frame) and first_column is not None:
        first = first_column.loc[frame.index]
        markers = {_norm(m) for m in spec.sum_markers}
        starts = tuple(m + " " for m in markers)

        def is_sum(values: pd.Series) -> pd.Series:       # once per distinct first-column value
            first = values.astype("string").str.strip().str.casefold()
            return (first.isin(markers) | first.str.startswith(starts).fillna(False)).fillna(False)

        codes, distinct = pd.factorize(first, use_na_sentinel=True)
        marked = is_sum(pd.Series(distinct, dtype=first.dtype)).to_numpy(dtype=bool)
        frame = frame[~np.where(codes < 0, False, marked[codes])]
    return frame
