"""Resultaträkning, driftsredovisning and investeringsredovisning, in öre, unrounded.

Everything starts from one long table of *facts*: (enhet, rr_rad, dr_rad, measure, belopp,
rader), where `belopp` is in öre with the printed sign (revenues +, costs −). RR and DR are
two pivots of the same facts. A cell with no facts is <NA> (printed empty); a sum of only
empty cells is empty too.
"""

from __future__ import annotations

import pandas as pd

from pipeline.classify.rules import COST, EXCLUDED, INVESTMENT, REVENUE, Rules
from pipeline.compute.period import LEDGER_MEASURES, Period, in_measure, investment_measures, measures

FACT_COLUMNS = ["enhet", "rr_rad", "dr_rad", "measure", "belopp", "rader"]


def ledger_facts(ledger: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Operating ledger rows of reported units -> facts for bokslut_fg, utfall_fg and utfall."""
    operating = ((ledger["rr_rad"] != "") & ~ledger["rr_rad"].isin([INVESTMENT, EXCLUDED])
                 & (ledger["dr_rad"] != ""))
    rows = ledger.loc[operating, ["enhet", "rr_rad", "dr_rad", "ar", "manad", "belopp"]]
    parts = [_facts(rows[in_measure(rows, m, period)], m) for m in LEDGER_MEASURES]
    return pd.concat(parts, ignore_index=True)


def budget_facts(budget: pd.DataFrame, period: Period) -> pd.DataFrame:
    rows = budget[(budget["ar"] == period.year) & (budget["rr_rad"] != "")
                  & ~budget["rr_rad"].isin([INVESTMENT, EXCLUDED]) & (budget["dr_rad"] != "")]
    return _facts(rows.rename(columns={"budget": "belopp"}), "budget")


def forecast_facts(forecast: pd.DataFrame, period: Period) -> pd.DataFrame:
    rows = forecast[forecast["ar"] == period.year].rename(
        columns={"rapportenhet": "enhet", "prognos": "belopp"})
    return _facts(rows, "prognos")


def _facts(rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    grouped = (rows.groupby(["enhet", "rr_rad", "dr_rad"], sort=False)["belopp"]
               .agg(belopp="sum", rader="size").reset_index())
    # Debit positive in the sources, printed with revenues positive.
    return grouped.assign(measure=measure, belopp=-grouped["belopp"])[FACT_COLUMNS]


def _pivot(facts: pd.DataFrame, unit: str, by: str, labels: list[str],
           columns: tuple[str, ...]) -> pd.DataFrame:
    return _pivot_by(facts[facts["enhet"] == unit], by, labels, columns)


def _pivot_by(facts: pd.DataFrame, by: str, labels: list[str], columns: tuple[str, ...]) -> pd.DataFrame:
    wanted = [c for c in columns if c != "avvikelse"]
    if facts.empty:
        return pd.DataFrame(pd.NA, index=labels, columns=wanted).astype("Int64")
    # Summed as int64 and unstacked as Int64: pivot_table would go through float64, which is not
    # exact from 2**53 öre (some 90 000 mdkr) on.
    table = facts.groupby([by, "measure"])["belopp"].sum().astype("Int64").unstack("measure")
    return table.reindex(index=labels, columns=wanted).astype("Int64")


def _with_deviation(table: pd.DataFrame, period: Period) -> pd.DataFrame:
    target = "utfall" if period.is_year_end else "prognos"
    both_empty = table[target].isna() & table["budget"].isna()
    deviation = table[target].fillna(0) - table["budget"].fillna(0)
    return table.assign(avvikelse=deviation.mask(both_empty))


def _sum(table: pd.DataFrame, labels: list[str]) -> pd.Series:
    return table.loc[labels].sum(min_count=1) if labels else table.iloc[0:0].sum(min_count=1)


def resultatrakning(facts: pd.DataFrame, rules: Rules, unit: str, period: Period,
                    labels: dict[str, str]) -> pd.DataFrame:
    """RR of one unit: one row per RR line, then Summa intäkter/kostnader/totalt. Column `kind`."""
    revenue = [line.label for line in rules.rr_lines if line.kind == REVENUE]
    cost = [line.label for line in rules.rr_lines if line.kind == COST]
    lines = _pivot(facts, unit, "rr_rad", revenue + cost, measures(period))
    return _statement(lines, [*[(label, "row", [label]) for label in revenue],
                              (labels["summa_intakter"], "sum", revenue),
                              *[(label, "row", [label]) for label in cost],
                              (labels["summa_kostnader"], "sum", cost),
                              (labels["summa_totalt"], "total", revenue + cost)], period)


def driftsredovisning(facts: pd.DataFrame, rules: Rules, unit: str, period: Period,
                      labels: dict[str, str]) -> pd.DataFrame:
    dr_labels = rules.dr_labels(unit)
    rows_table = _pivot(facts, unit, "dr_rad", dr_labels, measures(period))
    return _statement(rows_table, [*[(label, "row", [label]) for label in dr_labels],
                                   (labels["totalt"], "total", dr_labels)], period)


def resultatrakning_per_dr_rad(facts: pd.DataFrame, rules: Rules, unit: str, period: Period,
                               labels: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The unit's RR for each of its DR rows alone: the RR lines behind one verksamhet's deviation."""
    mine = facts[facts["enhet"] == unit]
    return {row: resultatrakning(mine[mine["dr_rad"] == row], rules, unit, period, labels)
            for row in rules.dr_labels(unit)}


def _rows_frame(rows: list[tuple[str, str, pd.Series]]) -> pd.DataFrame:
    """One row per (label, kind, values), exactly: rows of Int64 Series would meet as float64."""
    body = pd.DataFrame([values.astype(object) for _, _, values in rows]).astype("Int64")
    body.index = pd.Index([label for label, _, _ in rows], name="rad")
    return body


def _statement(lines: pd.DataFrame, layout: list[tuple[str, str, list[str]]], period: Period) -> pd.DataFrame:
    """The statement's rows from `lines` (a pivot: label -> measures, Int64): each row of `layout`
    (label, kind, the lines it sums: one for a plain row) in order, the deviation, the period's
    measures as columns and `kind`. Summed in int64 with the mask beside it (a sum of only empty
    cells is empty), exactly as `Series.sum(min_count=1)` would, without a Series per row."""
    import numpy as np

    at = {label: i for i, label in enumerate(lines.index)}
    values = lines.to_numpy(dtype="int64", na_value=0)
    missing = lines.isna().to_numpy()
    sums = np.array([values[[at[m] for m in members]].sum(axis=0) if members else np.zeros(values.shape[1], "int64")
                     for _, _, members in layout], dtype="int64").reshape(len(layout), values.shape[1])
    empty = np.array([missing[[at[m] for m in members]].all(axis=0) if members else np.ones(values.shape[1], bool)
                      for _, _, members in layout], dtype=bool).reshape(len(layout), values.shape[1])
    body = pd.DataFrame({column: pd.arrays.IntegerArray(sums[:, i], empty[:, i])
                         for i, column in enumerate(lines.columns)},
                        index=pd.Index([label for label, _, _ in layout], name="rad"))
    body.columns.name = lines.columns.name
    body = _with_deviation(body, period)[list(measures(period))]
    return body.assign(kind=[kind for _, kind, _ in layout])


def investment_facts(ledger: pd.DataFrame, investments: pd.DataFrame, rules: Rules,
                     period: Period) -> pd.DataFrame:
    """Facts per project: budget and prognos from the investment export, utfall from the ledger."""
    group = dict(zip(rules.projects["projekt"], rules.projects["grupp"]))
    unit = dict(zip(rules.projects["projekt"], rules.projects["unit"]))
    actual = ledger[(ledger["rr_rad"] == INVESTMENT) & (ledger["ar"] == period.year)
                    & (ledger["manad"] <= period.month)]
    planned = investments[(investments["ar"] == period.year)
                          & (investments["enhet"] == investments["projekt"].map(unit))]
    parts = [
        actual.groupby("projekt")["belopp"].agg(belopp="sum", rader="size").reset_index()
        .assign(measure="utfall"),
        planned.groupby("projekt")["budget"].agg(belopp="sum", rader="size").reset_index()
        .assign(measure="budget"),
    ]
    if not period.is_year_end:
        parts.append(planned.groupby("projekt")["prognos"].agg(belopp="sum", rader="size")
                     .reset_index().assign(measure="prognos"))
    facts = pd.concat(parts, ignore_index=True)
    facts = facts[facts["projekt"].isin(group)]
    return facts.assign(
        enhet=facts["projekt"].map(unit),
        grupp=facts["projekt"].map(group),
        belopp=-facts["belopp"],          # spending is printed negative
    )


def investeringsredovisning(facts: pd.DataFrame, rules: Rules, unit: str, period: Period,
                            labels: dict[str, str]) -> pd.DataFrame:
    groups = rules.investment_groups(unit)
    cols = investment_measures(period)
    table = _pivot_by(facts[facts["enhet"] == unit], "grupp", groups, cols)
    rows = [*[(g, "row", table.loc[g]) for g in groups],
            (labels["investering_totalt"], "total", _sum(table, groups))]
    body = _with_deviation(_rows_frame(rows), period)[list(cols)]
    return body.assign(kind=[kind for _, kind, _ in rows])


def unit_totals(facts: pd.DataFrame, units: list[str], columns: tuple[str, ...], period: Period,
                total_label: str) -> pd.DataFrame:
    """One row per unit (index: its code) holding the sum of its facts in `columns` (the nämnd
    tables' columns of the period, `measures` or `investment_measures`), then `total_label`'s row,
    the plain sum of the units' rows; `avvikelse` as in the nämnd tables. Column `kind`."""
    table = _pivot_by(facts, "enhet", units, columns)
    rows = [*[(u, "row", table.loc[u]) for u in units], (total_label, "total", _sum(table, units))]
    body = _with_deviation(_rows_frame(rows), period)[list(columns)]
    return body.assign(kind=[kind for _, kind, _ in rows])
