"""Computed frames (öre, unrounded) -> PrintedTable records with formatted figures."""

from __future__ import annotations

import pandas as pd

from pipeline.compute.period import Period, header
from pipeline.model import PrintedTable, TableRow
from pipeline.numbers import format_mnkr


def printed_table(key: str, title: str, label_header: str, frame: pd.DataFrame, period: Period,
                  minus: str = "-") -> PrintedTable:
    figures = [c for c in frame.columns if c != "kind"]
    rows, unrounded = [], []
    for label, values in frame.iterrows():
        amounts = [None if pd.isna(values[c]) else int(values[c]) for c in figures]
        rows.append(TableRow(str(label), tuple(format_mnkr(a, minus) for a in amounts), values["kind"]))
        unrounded.append(tuple(amounts))
    return PrintedTable(
        key=key,
        title=title,
        header=(label_header, *(header(c, period) for c in figures)),
        rows=tuple(rows),
        unrounded=tuple(unrounded),
    )
