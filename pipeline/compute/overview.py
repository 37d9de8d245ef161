"""The kommun's overview: every rapportenhet side by side, in öre (unrounded), counts and rates.

    drift = driftsredovisning_per_enhet(facts, ledger, budget, rules, period, labels)
    investments = investeringar_per_enhet(ledger, investments, rules, period, labels)
    goals = goal_counts_per_namnd(followup_tables, followup_settings, rules)
    staff = staff_per_forvaltning(personnel, rules, period)

A unit in some nämnd's report has the row of its own driftsredovisning's total (the same facts as
its report's DR). A unit on the Rapportenheter sheet reported nowhere has no DR rows: its row is
the sum of its ledger and budget rows on the kommun's drift accounts (every account mapped to an
RR line). The columns are the nämnd tables' (`period.measures`, `period.investment_measures`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.classify.mapping import rows_of_unit, target_by_account
from pipeline.classify.rules import INVESTMENT, Rules
from pipeline.compute import personnel as staff
from pipeline.compute import statements
from pipeline.compute.followup import GoalCounts, goal_counts, in_section
from pipeline.compute.period import Period, investment_measures, measures
from pipeline.numbers import format_mnkr, tenths_of_mnkr
from pipeline.settings.followup import FollowUpSettings


def account_lines(konto: pd.Series, rules: Rules) -> pd.Series:
    """Each row's mapping by its account alone, whatever its unit: an RR line, INVESTMENT,
    EXCLUDED, or "" (the account matches no row of the account plan, or several)."""
    codes, distinct = pd.factorize(konto, use_na_sentinel=True)
    found = target_by_account(pd.Series(distinct, dtype="object"), rules)
    single = np.array([t[0] if len(t) == 1 else "" for t in (found[c] for c in distinct)] + [""], dtype=object)
    return pd.Series(single[codes], index=konto.index, dtype="object")


def drift_accounts(frame: pd.DataFrame, rules: Rules) -> np.ndarray:
    """Which of the ledger's or the budget's rows are on the kommun's drift accounts (an account
    mapped to an RR line)."""
    return account_lines(frame["konto"], rules).isin([line.label for line in rules.rr_lines]).to_numpy(bool)


def drift_rows(frame: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The rows of `drift_accounts`, with their RR line as `konto_rad`."""
    lines = account_lines(frame["konto"], rules)
    on_drift = lines.isin([line.label for line in rules.rr_lines])
    return frame[on_drift].assign(konto_rad=lines[on_drift])


def unreported_facts(ledger: pd.DataFrame, budget: pd.DataFrame, rules: Rules,
                     period: Period) -> pd.DataFrame:
    """Facts (`statements.FACT_COLUMNS`) of the units on the Rapportenheter sheet that no report
    shows: their ledger and budget rows on drift accounts, each unit one row (its own code)."""
    codes = [code for code, unit in rules.units.items() if not unit.reported]
    if not codes:
        return pd.DataFrame(columns=statements.FACT_COLUMNS)

    def placed(frame: pd.DataFrame) -> pd.DataFrame:
        rows = drift_rows(frame[frame["enhet"].isin(codes)], rules)
        return rows.assign(rr_rad=rows["konto_rad"], dr_rad=rows["enhet"].astype("object"))
    return pd.concat([statements.ledger_facts(placed(ledger), period),
                      statements.budget_facts(placed(budget), period)], ignore_index=True)


def driftsredovisning_per_enhet(facts: pd.DataFrame, rules: Rules, period: Period,
                                labels: dict[str, str]) -> pd.DataFrame:
    """One row per rapportenhet (index: its code, in the sheet's order) with its DR total in the
    nämnd tables' columns of the period, then the total. `facts`: the kommun's facts and
    `unreported_facts`."""
    return statements.unit_totals(facts, list(rules.units), measures(period), period, labels["totalt"])


def investeringar_per_enhet(ledger: pd.DataFrame, investments: pd.DataFrame, rules: Rules, period: Period,
                            labels: dict[str, str]) -> pd.DataFrame:
    """Per rapportenhet: the investment export's budget and prognos of the year (the unit of the
    row's ansvar) and the ledger's investment accounts up to the report month, printed negative
    (spending), then the total."""
    lines = account_lines(ledger["konto"], rules)
    spent = (lines == INVESTMENT) & (ledger["ar"] == period.year) & (ledger["manad"] <= period.month)
    actual = ledger.loc[spent, ["enhet", "belopp"]]
    planned = investments[investments["ar"] == period.year]
    parts = [actual.groupby("enhet")["belopp"].sum().rename("utfall"),
             planned.groupby("enhet")["budget"].sum().rename("budget")]
    if not period.is_year_end:
        parts.append(planned.groupby("enhet")["prognos"].sum().rename("prognos"))
    facts = pd.concat([part.reset_index().rename(columns={part.name: "belopp"}).assign(measure=part.name)
                       for part in parts], ignore_index=True)
    facts = facts.assign(belopp=-facts["belopp"].astype("int64"))
    return statements.unit_totals(facts, list(rules.units), investment_measures(period), period,
                                  labels["investering_totalt"])


@dataclass(frozen=True)
class GoalStatus:
    """A nämnd's verksamhetsmål: how many of each status kind, and how many in all (a goal whose
    status the settings do not know is counted only there; it is a problem of the nämnd's report)."""

    counts: GoalCounts
    goals: int


def goal_counts_per_namnd(typed_goals: pd.DataFrame | None, by_unit: bool, settings: FollowUpSettings,
                          rules: Rules) -> dict[str, GoalStatus] | None:
    """Each nämnd with a report of its own -> the counts of its verksamhetsmål by status kind
    (`[status.mal]`: på rätt väg, delvis, fel väg), as its report's summary counts them. None:
    no goal export configured."""
    if typed_goals is None:
        return None
    only = len(rules.namnder) == 1
    counts = {}
    for code in rules.namnder:
        rows = rows_of_unit(typed_goals, code, rules.units[code].name, by_unit, only)
        main = in_section(rows, settings.goal_sections, "verksamhetsmal")
        counts[code] = GoalStatus(goal_counts(main["status"], settings.goal_kinds), len(main))
    return counts


@dataclass(frozen=True)
class StaffFigures:
    """Sick leave and turnover of one förvaltning (or the whole kommun), this year and last year,
    over the same months: the aggregates the nämnd reports computed, suppression applied (a
    suppressed group's rate is None, like a group without staff)."""

    scope: str                       # a förvaltning's code, or compute.personnel.KOMMUNEN
    name: str
    namnd: str                       # the rapportenhet its staff belong to ("" for the kommun)
    sick_leave: staff.SickLeave | None
    sick_leave_before: staff.SickLeave | None
    turnover: staff.Turnover | None
    turnover_before: staff.Turnover | None


def staff_per_forvaltning(sick_leave: list[staff.SickLeave], turnover: list[staff.Turnover], rules: Rules,
                          period: Period, kommun_name: str) -> list[StaffFigures]:
    """One row per förvaltning on the Förvaltningar sheet (its order), then the whole kommun
    (`kommun_name`), from the staff section's aggregates of every scope."""
    def of_year(items, year: int) -> dict:
        return {item.scope: item for item in items if item.period.startswith(str(year))}
    totals = [s for s in sick_leave if s.group == staff.TOTAL]
    sick_now, sick_before = of_year(totals, period.year), of_year(totals, period.previous_year)
    turn_now, turn_before = of_year(turnover, period.year), of_year(turnover, period.previous_year)
    scopes = [(code, name, rules.units[unit].name if unit in rules.units else "")
              for code, name in rules.forvaltningar.items()
              for unit in [rules.forvaltning_units.get(code, "")]]
    scopes.append((staff.KOMMUNEN, kommun_name, ""))
    return [StaffFigures(code, name, namnd, sick_now.get(code), sick_before.get(code), turn_now.get(code),
                         turn_before.get(code)) for code, name, namnd in scopes]



def _mnkr(ore: int) -> str:
    return format_mnkr(abs(ore)) + " mnkr"


def _total_row(table: pd.DataFrame) -> pd.Series:
    return table[table["kind"] == "total"].iloc[0]


def _amount(value) -> int | None:
    return None if pd.isna(value) else int(value)


def drift_sentence(drift: pd.DataFrame, period: Period) -> str:
    """The nämnder's budget, outcome and forecast (at year end: outcome) together, and how many
    units show a deficit; figures from the table's own unrounded amounts."""
    total = _total_row(drift)
    budget, actual, deviation = (_amount(total[c]) for c in ("budget", "utfall", "avvikelse"))
    parts = []
    if budget is not None:
        parts.append(f"Nämndernas sammanlagda driftsbudget för {period.year} uppgår till {_mnkr(budget)}.")
    if actual is not None:
        parts.append(f"Utfallet uppgår till {_mnkr(actual)}.")
    if deviation is not None and (budget is not None or actual is not None):
        owner = "Nämndernas resultat för året" if period.is_year_end else "Nämndernas sammantagna prognos för året"
        if tenths_of_mnkr(deviation) == 0:
            parts.append(f"{owner} är i nivå med budgeten.")
        else:
            word = "ett överskott" if deviation > 0 else "ett underskott"
            parts.append(f"{owner} visar {word} på {_mnkr(deviation)}.")
        rows = drift[(drift["kind"] == "row") & drift["avvikelse"].notna()]
        deficits = sum(1 for value in rows["avvikelse"] if tenths_of_mnkr(int(value)) < 0)
        verb = "redovisar" if period.is_year_end else "prognostiserar"
        if deficits == 0:
            parts.append(f"Ingen av enheterna {verb} ett underskott.")
        else:
            parts.append(f"{deficits} av {len(rows)} enheter {verb} ett underskott.")
    return " ".join(parts)


def investment_sentence(investments: pd.DataFrame, period: Period) -> str:
    """The nämnder's investment budget, spending so far and (before year end) forecast together."""
    total = _total_row(investments)
    budget, actual = _amount(total["budget"]), _amount(total["utfall"])
    forecast = None if period.is_year_end else _amount(total["prognos"])
    parts = []
    if budget is not None:
        parts.append(f"Nämndernas sammanlagda investeringsbudget för {period.year} uppgår till {_mnkr(budget)}.")
    if actual is not None:
        so_far = "för året" if period.is_year_end else "hittills i år"
        parts.append(f"Investeringsutgifterna {so_far} uppgår till {_mnkr(actual)}"
                     + (f" och prognosen för helåret är {_mnkr(forecast)}." if forecast is not None else "."))
    return " ".join(parts)
