"""Traceability: amounts per account and per ansvar, with the line or row each was mapped to.

These frames go to the reconciliation workbook so that an auditor can follow any printed figure
back to ledger rows (file and Excel row range).
"""

from __future__ import annotations

import pandas as pd

from pipeline.compute.key_figures import operating_budget
from pipeline.compute.period import LEDGER_MEASURES, Period, in_measure, measures


def _measure_rows(ledger: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Ledger rows of reported units tagged with each ledger measure of the period's columns."""
    shown = [m for m in LEDGER_MEASURES if m in measures(period)]
    return pd.concat([ledger[in_measure(ledger, m, period)].assign(measure=m) for m in shown],
                     ignore_index=True)


def trace_rows(ledger: pd.DataFrame, budget: pd.DataFrame, reported: tuple[str, ...],
               period: Period) -> pd.DataFrame:
    """One row per unit, mapping, konto, ansvar, verksamhet, projekt, file and measure.

    Ledger rows (bokslut, utfall) and budget rows of the reported units, printed sign
    (revenues +), öre, with the Excel row range in the source file. Investment and excluded
    accounts are included under their mapping so that nothing of the unit is left out.
    """
    keys = ["enhet", "rr_rad", "dr_rad", "konto", "ansvar", "verksamhet", "projekt", "fil", "measure"]
    mine = ledger.loc[ledger["enhet"].isin(reported),
                      [*keys[:-1], "ar", "manad", "belopp", "rader", "rad", "sista_rad"]]
    planned = budget[budget["enhet"].isin(reported) & (budget["ar"] == period.year)]
    tagged = pd.concat([
        _measure_rows(mine, period),
        planned.assign(belopp=planned["budget"], projekt="", measure="budget", rader=1,
                       sista_rad=planned["rad"]),
    ], ignore_index=True)
    grouped = (tagged.groupby(keys, sort=True, dropna=False)
               .agg(belopp=("belopp", "sum"), rader=("rader", "sum"),
                    forsta_rad=("rad", "min"), sista_rad=("sista_rad", "max"))
               .reset_index())
    order = {m: i for i, m in enumerate((*LEDGER_MEASURES, "budget"))}
    grouped = grouped.assign(belopp=-grouped["belopp"], _order=grouped["measure"].map(order))
    return (grouped.sort_values(["enhet", "_order", "rr_rad", "konto", "ansvar"]).drop(columns="_order")
            .reset_index(drop=True))


def amounts_by(trace: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Pivot of the trace rows: one column per measure (öre), plus the row count."""
    if trace.empty:
        return pd.DataFrame(columns=keys)
    wide = trace.pivot_table(index=keys, columns="measure", values="belopp", aggfunc="sum")
    counts = trace.groupby(keys)["rader"].sum().rename("rader")
    columns = [m for m in (*LEDGER_MEASURES, "budget") if m in wide.columns]
    return wide[columns].join(counts).reset_index()


def budget_split_rows(budget: pd.DataFrame, unit: str, year: int) -> pd.DataFrame:
    """The budget rows behind the texts' ursprunglig budget and ändringsbudget (`key_figures`),
    one per export row with its file and Excel row, in the printed sign (costs negative), öre."""
    columns = ["enhet", "fil", "rad", "konto", "ansvar", "verksamhet", "rr_rad", "dr_rad"]
    mine = operating_budget(budget, unit, year)
    return (mine[columns].assign(**{c: -mine[c] for c in ("ursprunglig_budget", "andringsbudget", "budget")})
            .sort_values(["fil", "rad"], ignore_index=True))
