"""The figures the texts quote: budget, utfall, förbrukning, prognos, överskott/underskott.

Amounts are öre, as *net cost* (positive = the nämnd spends), the way the sentences speak:
"driftsbudget för 2023 uppgår till 237,2 mnkr". A positive deviation is an överskott.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.classify.rules import EXCLUDED, INVESTMENT


@dataclass(frozen=True)
class KeyFigures:
    budget: int                    # net cost, öre
    utfall: int
    prognos: int | None
    deviation: int | None          # prognos (or utfall at year end) against budget; + = överskott
    ursprunglig_budget: int
    andringsbudget: int
    investment_budget: int         # spending, öre, positive
    investment_utfall: int
    investment_prognos: int | None
    investment_deviation: int | None

    @property
    def forbrukning(self) -> float | None:
        """Utfall as a share of the full-year budget (0.607 = 60,7 procent)."""
        return self.utfall / self.budget if self.budget else None


def _value(table: pd.DataFrame, row: str, column: str) -> int | None:
    if column not in table.columns:
        return None
    value = table.loc[row, column]
    return None if pd.isna(value) else int(value)


def operating_budget(budget: pd.DataFrame, unit: str, year: int) -> pd.DataFrame:
    """The budget rows of `unit`'s year that the texts' budget figures sum: operating accounts
    with an RR line and a DR row (no investment, no excluded account)."""
    return budget[(budget["enhet"] == unit) & (budget["ar"] == year) & (budget["dr_rad"] != "")
                  & ~budget["rr_rad"].isin(["", INVESTMENT, EXCLUDED])]


def key_figures(rr: pd.DataFrame, investments: pd.DataFrame, budget: pd.DataFrame,
                unit: str, year: int) -> KeyFigures:
    """`rr` and `investments` are the unit's tables; `budget` the classified budget rows."""
    total = rr.index[rr["kind"] == "total"][0]
    inv_total = investments.index[investments["kind"] == "total"][0]
    mine = operating_budget(budget, unit, year)

    def negated(value: int | None) -> int | None:
        return None if value is None else -value

    return KeyFigures(
        budget=-(_value(rr, total, "budget") or 0),
        utfall=-(_value(rr, total, "utfall") or 0),
        prognos=negated(_value(rr, total, "prognos")),
        deviation=_value(rr, total, "avvikelse"),
        ursprunglig_budget=int(mine["ursprunglig_budget"].sum()),
        andringsbudget=int(mine["andringsbudget"].sum()),
        investment_budget=-(_value(investments, inv_total, "budget") or 0),
        investment_utfall=-(_value(investments, inv_total, "utfall") or 0),
        investment_prognos=negated(_value(investments, inv_total, "prognos")),
        investment_deviation=_value(investments, inv_total, "avvikelse"),
    )
