#!/usr/bin/env python3
"""Split the sample ledger's rows into more rows with the same totals, to the öre.

Every ledger row of the shipped sample becomes k rows that differ only in the amount; the k
amounts (integer öre) sum exactly to the original, so every total in the report stays the same.
All years go into one file (`huvudbok_<first>-<last>.xlsx`), written with xlsxwriter in constant
memory mode, text cells as text, dates as dates, amounts as numbers: the same cell types as the
sample.

Used by `tools/bench.py` (a ledger at Excel's row limit) and by the tests (a smaller split).

Usage: ``python tools/split_ledger.py --rows 1048575 --out DIR`` (DIR gets a full input folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import fastexcel
import numpy as np
import pandas as pd
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input_xlsx"
EXCEL_MAX_ROWS = 1_048_576                  # rows per sheet, heading included
LEDGER_GLOB = "huvudbok_*.xlsx"
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def split_amounts(ore: int, parts: int) -> list[int]:
    """`parts` integers summing exactly to `ore`, as equal as possible (the larger ones first)."""
    base, rest = divmod(ore, parts)
    return [base + 1] * rest + [base] * (parts - rest)


def read_ledgers(folder: Path) -> tuple[list[str], pd.DataFrame]:
    """The sample's ledger files, in file order, with every column typed as the cells are."""
    frames, headings = [], None
    for path in sorted(folder.glob(LEDGER_GLOB)):
        sheet = fastexcel.read_excel(str(path)).load_sheet(0, schema_sample_rows=None)
        frame = sheet.to_pandas()
        headings = headings or list(frame.columns)
        if list(frame.columns) != headings:
            raise SystemExit(f"{path.name}: other headings than the first ledger file")
        frames.append(frame)
    if not frames:
        raise SystemExit(f"no {LEDGER_GLOB} in {folder}")
    return headings, pd.concat(frames, ignore_index=True)


def parts_per_row(rows: int, target: int) -> np.ndarray:
    """How many rows each source row becomes so that there are exactly `target` rows in all."""
    if target < rows:
        raise SystemExit(f"{target} rows is fewer than the sample's {rows}")
    base, extra = divmod(target, rows)
    parts = np.full(rows, base, dtype=np.int64)
    # Spread the extra rows evenly over the file rather than putting them all at the start.
    parts[np.linspace(0, rows - 1, extra, dtype=np.int64) if extra else []] += 1
    if int(parts.sum()) != target:      # linspace can repeat an index when extra is close to rows
        parts[: target - int(parts.sum())] += 1
    return parts


def write_split_ledger(headings: list[str], ledger: pd.DataFrame, target: int, path: Path) -> dict:
    """Write `target` data rows whose amounts sum, per source row, exactly to the source row's."""
    amount = headings[-1]
    ore = np.round(ledger[amount].to_numpy(dtype="float64") * 100).astype(np.int64)
    parts = parts_per_row(len(ledger), target)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet = book.add_worksheet("Huvudbok")
    sheet.write_row(0, 0, headings, bold)
    kinds = []
    for name in headings:
        dtype = ledger[name].dtype
        kinds.append("date" if pd.api.types.is_datetime64_any_dtype(dtype)
                     else "number" if pd.api.types.is_numeric_dtype(dtype) else "text")
    columns = []
    for name, kind in zip(headings, kinds):
        values = ledger[name]
        if kind == "date":
            serial = (values - EXCEL_EPOCH) / pd.Timedelta(days=1)
            columns.append([None if pd.isna(v) else float(v) for v in serial])
        else:
            columns.append([None if pd.isna(v) else v for v in values.tolist()])
    last = len(headings) - 1
    r = 1
    for i, k in enumerate(parts.tolist()):
        cells = [columns[c][i] for c in range(last)]
        for part in split_amounts(int(ore[i]), k):
            for c, value in enumerate(cells):
                if value is None or value == "":
                    continue
                if kinds[c] == "text":
                    sheet.write_string(r, c, value)
                elif kinds[c] == "date":
                    sheet.write_number(r, c, value, date)
                else:
                    sheet.write_number(r, c, value)
            sheet.write_number(r, last, part / 100, money)
            r += 1
    book.close()
    return {"rows": target, "source_rows": len(ledger), "total_ore": int(ore.sum())}


def build_split_input(target: int, out: Path, sample: Path = SAMPLE) -> Path:
    """A full input folder: the sample's files, with its ledger files replaced by one split file."""
    headings, ledger = read_ledgers(sample)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(sample, out, ignore=shutil.ignore_patterns(LEDGER_GLOB, "~$*"))
    periods = ledger[headings[0]].astype("string").str.slice(0, 4)
    name = f"huvudbok_{periods.min()}-{periods.max()}.xlsx"
    write_split_ledger(headings, ledger, target, out / name)
    return out / name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=EXCEL_MAX_ROWS - 1, help="data rows (heading excluded)")
    parser.add_argument("--out", type=Path, required=True, help="input folder to create")
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    args = parser.parse_args(argv)
    path = build_split_input(args.rows, args.out, args.sample)
    print(f"{path}: {args.rows} rader")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
