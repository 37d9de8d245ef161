"""Complementary suppression: a hidden figure must not follow from the figures that are printed.

The law (LKBR 11 kap., earlier lag 1997:614 4 kap. 1 a §; domain.md §4): "Sådan uppgift skall
inte lämnas om antalet anställda i gruppen är högst tio eller om uppgiften kan hänföras till en
enskild individ". Hiding the primary cells (small groups, one person alone) is not enough: the
printed figures are bound by additive relations, and a single hidden part of a relation is its
total minus the parts shown. So, for every relation (a total and its parts), a hidden cell must
not be computable from the shown cells of *all* relations together.

A cell is one figure's position (here: a scope and a group). The relations are linear: total =
sum of parts. Writing the hidden cells as unknowns and the shown ones as constants, each relation
is one linear equation; a hidden cell can be computed exactly when its unit vector lies in the
row space of those equations (`recoverable`, exact rational elimination). `protect` adds hidden
cells until no hidden cell is recoverable, one at a time: among the shown cells of the relations
that hold a recoverable cell it hides the one that ranks first: by the caller's `priority`
(the staff figures put the municipality's cells, which the law requires in the annual report, and
a scope's Totalt last), then the one after which the fewest hidden cells stay recoverable, then
the smallest group (`size`).

What this protects against: exact recovery by addition and subtraction of printed figures, over
every document a run writes together (each nämnd's report and workbook and the kommun's overview
use the same hidden cells, computed once over all scopes). It does not bound how narrowly a hidden
value can be estimated from non-negativity (x + y = 12 with y small: 0 <= x <= 12); choosing
the smallest partner keeps the hidden sum, and so that interval, small as well.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from fractions import Fraction

Cell = Hashable


@dataclass(frozen=True)
class Relation:
    """`total` = the sum of `parts`, for every additive figure (hours, head counts)."""

    total: Cell
    parts: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)


def recoverable(hidden: Iterable[Cell], relations: Iterable[Relation]) -> set[Cell]:
    """The hidden cells whose value follows exactly from the shown cells and the relations."""
    hidden = sorted(set(hidden), key=repr)
    column = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for relation in relations:
        row = [Fraction(0)] * len(hidden)
        for cell, sign in ((relation.total, 1), *((part, -1) for part in relation.parts)):
            if cell in column:
                row[column[cell]] += sign
        if any(row):
            rows.append(row)
    # Reduced row echelon form: e_x is in the row space exactly when one reduced row is e_x.
    pivot_row = 0
    pivots = []
    for col in range(len(hidden)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row])]
        pivots.append(col)
        pivot_row += 1
    return {hidden[col] for row, col in zip(rows, pivots)
            if all(value == 0 for i, value in enumerate(row) if i != col)}


def protect(primary: Iterable[Cell], relations: list[Relation], eligible: Callable[[Cell], bool],
            priority: Callable[[Cell], tuple], size: Callable[[Cell], float]) -> list[Cell]:
    """The cells to hide besides `primary`, in the order chosen, so that no hidden cell is
    `recoverable`. Only `eligible` cells are chosen (an empty group hides nothing: its zero is
    known), among the shown cells of the relations that hold a recoverable cell: the lowest
    `priority`, then the one that leaves the fewest cells recoverable, then the smallest `size`.
    With no eligible cell there, any shown cell of those relations is taken, so the result is
    always safe."""
    hidden = set(primary)
    added: list[Cell] = []
    while exposed := recoverable(hidden, relations):
        around = [c for r in relations if exposed & set(r.cells) for c in r.cells if c not in hidden]
        candidates = sorted({c for c in around if eligible(c)}, key=repr) or sorted(set(around), key=repr)
        if not candidates:          # every cell of their relations hidden: then none is recoverable
            raise AssertionError(f"nothing left to hide next to {sorted(exposed, key=repr)!r}")

        def rank(cell: Cell) -> tuple:
            return (*priority(cell), len(recoverable(hidden | {cell}, relations)), size(cell), repr(cell))
        choice = min(candidates, key=rank)
        hidden.add(choice)
        added.append(choice)
    return added
