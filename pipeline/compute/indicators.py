"""Section 5's indicator tables: history and targets from the input, this period computed.

Each goal ("Mål 21: …") gets a KF table and a nämnd table with the columns Startläge,
Utfall <two years ago>, Utfall <last year>, Utfall <month> <year> (this period) and Mål; each
table's `unrounded` holds the same five values per row as numbers (for the sick-leave chart).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.compute.period import MONTHS, Period
from pipeline.compute.personnel import KOMMUNEN, TOTAL, SickLeave, Turnover, survey_value
from pipeline.model import PrintedTable, TableRow
from pipeline.numbers import format_percent

PERCENT_MEASURES = ("sjukfrånvaro", "personalomsättning")
TYPE_HEADINGS = {"kf": "KF indikatorer", "nämnd": "Nämnds indikatorer"}


SUPPRESSED = "–"


@dataclass(frozen=True)
class GoalTables:
    heading: str
    tables: tuple[PrintedTable, ...]
    measures: tuple[str, ...]          # casefolded, e.g. ("hme",)


def format_indicator(value: float | None, measure: str, computed: bool = False) -> str:
    """Percent measures as '7,5%', indices as whole numbers; a computed value that is
    suppressed (None) prints as '–', a missing history value as empty."""
    if value is None or pd.isna(value):
        return SUPPRESSED if computed and measure in PERCENT_MEASURES else ""
    if measure in PERCENT_MEASURES:
        return format_percent(value / 100) + "%"
    return str(int(value)) if float(value).is_integer() else format_percent(value / 100)


def _number(value) -> float | None:
    """An indicator value as a plain float (percent or index), None when there is none."""
    return None if value is None or pd.isna(value) else float(value)


def _scope(enhet: str) -> str:
    return KOMMUNEN if enhet.casefold() == KOMMUNEN.casefold() else enhet


def current_value(measure: str, enhet: str, period: Period, survey: pd.DataFrame,
                  sick: dict[tuple[str, str], SickLeave], turnover: dict[str, Turnover]) -> float | None:
    """This period's value of one indicator, in the unit the table prints (percent or index)."""
    scope = _scope(enhet)
    if measure in ("hme", "chefsfrågor"):
        return survey_value(survey, period.year, scope, measure)
    if measure == "sjukfrånvaro":
        rate = sick[(scope, TOTAL)].rate
    else:
        rate = turnover[scope].rate
    return None if rate is None else rate * 100


def goal_tables(indicators: pd.DataFrame, history: pd.DataFrame, period: Period, survey: pd.DataFrame,
                sick: dict[tuple[str, str], SickLeave], turnover: dict[str, Turnover]) -> list[GoalTables]:
    y1, y2 = period.previous_year, period.previous_year - 1
    header_tail = ("Startläge", f"Utfall {y2}", f"Utfall {y1}",
                   f"Utfall {MONTHS[period.month - 1]} {period.year}", "Mål")
    past = {(row.indikator, row.ar): row.utfall for row in history.itertuples()}
    goals = []
    for heading, rows in indicators.groupby("mal", sort=False):
        tables = []
        for kind, typed in rows.groupby(rows["typ"].str.casefold(), sort=False):
            body, unrounded = [], []
            for row in typed.itertuples():
                measure = row.matt.casefold()
                values = (row.startlage, past.get((row.indikator, y2)), past.get((row.indikator, y1)),
                          current_value(measure, row.enhet, period, survey, sick, turnover), row.malvarde)
                body.append(TableRow(row.indikator, tuple(format_indicator(v, measure, computed=i == 3)
                                                          for i, v in enumerate(values))))
                unrounded.append(tuple(_number(v) for v in values))      # the chart's figures
            key = f"{heading}:{kind}"
            tables.append(PrintedTable(key, TYPE_HEADINGS.get(kind, kind),
                                       (TYPE_HEADINGS.get(kind, kind), *header_tail), tuple(body),
                                       tuple(unrounded)))
        goals.append(GoalTables(heading, tuple(tables), tuple(dict.fromkeys(rows["matt"].str.casefold()))))
    return goals
