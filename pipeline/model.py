"""Printed tables: what the renderers (Word, workbook, terminal) receive.

Computation produces unrounded pandas frames; `pipeline.render.tables` turns them into these
records with every figure already formatted as text (decimal comma, one decimal in mnkr).
Renderers never format numbers themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[str, ...]           # formatted figures, "" for an empty cell
    kind: str = "row"                # "row" | "sum" (Summa intäkter/kostnader) | "total"

    @property
    def is_sum(self) -> bool:
        return self.kind in ("sum", "total")


@dataclass(frozen=True)
class PrintedTable:
    key: str                         # "rr", "dr", "inv"; an appended unit's "<code>_rr", "<code>_dr"
    title: str                       # caption/heading, e.g. "Resultaträkning"
    header: tuple[str, ...]          # first entry is the label column's heading
    rows: tuple[TableRow, ...]
    unrounded: tuple[tuple[float | None, ...], ...] = field(default=(), compare=False)

    def as_context(self) -> dict:
        """Plain dict for the docx template engine."""
        return {
            "key": self.key,
            "title": self.title,
            "header": list(self.header),
            "rows": [
                {"label": r.label, "cells": list(r.cells), "kind": r.kind, "is_sum": r.is_sum}
                for r in self.rows
            ],
        }
