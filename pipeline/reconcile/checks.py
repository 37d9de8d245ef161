"""Cross-checks: each printed total against the source rows it came from, to the öre.

The "expected" side is always summed straight from the validated source rows (including rows
that classification could not place), the "actual" side from the table that is printed. So a
row that falls outside the RR or DR makes the check fail, with the difference in kronor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pipeline.classify.rules import EXCLUDED, INVESTMENT
from pipeline.compute.period import LEDGER_MEASURES, Period, header, in_measure, measures
from pipeline.problems import Check, Severity


@dataclass(frozen=True)
class UnitTables:
    unit: str
    name: str
    rr: pd.DataFrame
    dr: pd.DataFrame
    investments: pd.DataFrame


def _total(table: pd.DataFrame, column: str) -> int:
    value = table.loc[table["kind"] == "total", column].iloc[0]
    return 0 if pd.isna(value) else int(value)


def _ledger_rows(ledger: pd.DataFrame, unit: str, measure: str, period: Period) -> pd.DataFrame:
    mine = (ledger["enhet"] == unit) & ~ledger["rr_rad"].isin([INVESTMENT, EXCLUDED])
    rows = ledger.loc[mine, ["ar", "manad", "belopp", "rader", "rr_rad", "dr_rad"]]   # what the checks use
    return rows[in_measure(rows, measure, period)]


def unit_checks(tables: UnitTables, ledger: pd.DataFrame, budget: pd.DataFrame,
                forecast: pd.DataFrame, investments: pd.DataFrame, period: Period) -> list[Check]:
    u, rr, dr = tables.unit, tables.rr, tables.dr
    checks: list[Check] = []
    columns = measures(period)

    for m in (m for m in LEDGER_MEASURES if m in columns):
        rows = _ledger_rows(ledger, u, m, period)
        source = -int(rows["belopp"].sum())
        column = header(m, period)
        checks += [
            Check(f"{u}:rr:{m}", f"{tables.name}: huvudbokens rader = resultaträkningens summa, {column}",
                  source, _total(rr, m), "huvudboken", "resultaträkningen"),
            Check(f"{u}:dr:{m}", f"{tables.name}: huvudbokens rader = driftsredovisningens summa, {column}",
                  source, _total(dr, m), "huvudboken", "driftsredovisningen"),
            Check(f"{u}:rader:{m}",
                  f"{tables.name}: varje rad i huvudboken har exakt en RR-rad och en DR-rad, {column}",
                  int(rows["rader"].sum()),
                  int(rows.loc[(rows["rr_rad"] != "") & (rows["dr_rad"] != ""), "rader"].sum()),
                  "huvudbokens rader", "klassificerade rader", quantity="rader"),
        ]

    mine = budget[(budget["enhet"] == u) & (budget["ar"] == period.year)
                  & ~budget["rr_rad"].isin([INVESTMENT, EXCLUDED])]
    budget_source = -int(mine["budget"].sum())
    checks += [
        Check(f"{u}:rr:budget", f"{tables.name}: budgetexportens rader = resultaträkningens budget",
              budget_source, _total(rr, "budget"), "budgetexporten", "resultaträkningen"),
        Check(f"{u}:dr:budget", f"{tables.name}: budgetexportens rader = driftsredovisningens budget",
              budget_source, _total(dr, "budget"), "budgetexporten", "driftsredovisningen"),
        Check(f"{u}:budget:andring",
              f"{tables.name}: ursprunglig budget + ändringsbudget = budget",
              budget_source, -int(mine["ursprunglig_budget"].sum() + mine["andringsbudget"].sum()),
              "budgetkolumnen", "ursprunglig budget + ändringsbudget"),
    ]

    if "prognos" in columns:
        forecast_source = -int(forecast.loc[(forecast["rapportenhet"] == u)
                                            & (forecast["ar"] == period.year), "prognos"].sum())
        checks += [
            Check(f"{u}:rr:prognos", f"{tables.name}: prognosfilens rader = resultaträkningens prognos",
                  forecast_source, _total(rr, "prognos"), "prognosfilen", "resultaträkningen"),
            Check(f"{u}:dr:prognos", f"{tables.name}: prognosfilens rader = driftsredovisningens prognos",
                  forecast_source, _total(dr, "prognos"), "prognosfilen", "driftsredovisningen"),
        ]
    return checks


def investment_checks(tables: UnitTables, ledger: pd.DataFrame, investments: pd.DataFrame,
                      period: Period) -> list[Check]:
    """Investment table totals against the investment export and the ledger's class 1 rows."""
    u, inv = tables.unit, tables.investments
    planned = investments[(investments["ar"] == period.year) & (investments["enhet"] == u)]
    actual = ledger[(ledger["enhet"] == u) & (ledger["rr_rad"] == INVESTMENT) & (ledger["ar"] == period.year)
                    & (ledger["manad"] <= period.month)]
    checks = [
        Check(f"{u}:inv:budget", f"{tables.name}: investeringsexportens budget = investeringstabellens summa",
              -int(planned["budget"].sum()), _total(inv, "budget"), "investeringsexporten",
              "investeringsredovisningen"),
        Check(f"{u}:inv:utfall", f"{tables.name}: huvudbokens investeringsrader = investeringstabellens utfall",
              -int(actual["belopp"].sum()), _total(inv, "utfall"), "huvudboken (klass 1)",
              "investeringsredovisningen"),
    ]
    if "prognos" in inv.columns:
        checks.append(Check(
            f"{u}:inv:prognos", f"{tables.name}: investeringsexportens prognos = investeringstabellens summa",
            -int(planned["prognos"].sum()), _total(inv, "prognos"), "investeringsexporten",
            "investeringsredovisningen"))
    return checks


def with_severity(checks: list[Check], warning_ids: frozenset[str]) -> list[Check]:
    """Checks listed in the settings (with or without the unit prefix) are warnings, not errors."""
    def is_warning(check: Check) -> bool:
        return check.check_id in warning_ids or check.check_id.split(":", 1)[1] in warning_ids
    return [replace(c, severity=Severity.WARNING) if is_warning(c) else c for c in checks]
