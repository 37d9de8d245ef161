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
from pipeline.numbers import format_percent, format_percent_sign

PERCENT_MEASURES = ("sjukfrånvaro", "personalomsättning")
TYPE_HEADINGS = {"kf": "KF indikatorer", "nämnd": "Nämnds indikatorer"}


SUPPRESSED = "–"


@dataclass(frozen=True)
class IndicatorTrace:
    """Where one printed indicator value comes from: a row of an input file, or this period's
    aggregate (numerator / denominator of a rate; never a person's figure)."""

    mal: str                           # the goal's heading
    tabell: str                        # "KF indikatorer", "Nämnds indikatorer"
    indikator: str
    kolumn: str                        # the table's column: Startläge, Utfall <year>, …, Mål
    tryckt: str                        # as printed
    varde: float | None                # in the unit the table prints (percent points or an index)
    percent: bool
    kalla: str                         # the input it is read from, or what it is computed from
    fil: str = ""
    rad: int | None = None             # Excel row in `fil`
    berakning: str = ""
    taljare: float | None = None
    namnare: float | None = None


@dataclass(frozen=True)
class GoalTables:
    heading: str
    tables: tuple[PrintedTable, ...]
    measures: tuple[str, ...]          # casefolded, e.g. ("hme",)
    trace: tuple[IndicatorTrace, ...] = ()


def format_indicator(value: float | None, measure: str, computed: bool = False) -> str:
    """Percent measures as '7,5 %' (`format_percent_sign`), indices as whole numbers; a computed value that is
    suppressed (None) prints as '–', a missing history value as empty."""
    if value is None or pd.isna(value):
        return SUPPRESSED if computed and measure in PERCENT_MEASURES else ""
    if measure in PERCENT_MEASURES:
        return format_percent_sign(value / 100)
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


def _current_source(measure: str, enhet: str, period: Period, survey: pd.DataFrame,
                    sick: dict[tuple[str, str], SickLeave], turnover: dict[str, Turnover]) -> dict:
    """IndicatorTrace's source fields of this period's value (see `current_value`)."""
    scope = _scope(enhet)
    if measure in ("hme", "chefsfrågor"):
        rows = survey[(survey["ar"] == period.year) & (survey["enhet"].str.casefold() == scope.casefold())
                      & (survey["index"].str.casefold() == measure)]
        if rows.empty:
            return {"kalla": "medarbetarenkäten (saknas)"}
        return {"kalla": "medarbetarenkäten", "fil": str(rows["fil"].iloc[0]), "rad": int(rows["rad"].iloc[0])}
    if measure == "sjukfrånvaro":
        group = sick[(scope, TOTAL)]
        if group.rate is None:
            return {"kalla": "sjukfrånvaron (redovisas inte)" if group.suppressed else "sjukfrånvaron"}
        return {"kalla": "sjukfrånvaron", "berakning": f"sjuktimmar / ordinarie arbetstid, {scope}, {group.period}",
                "taljare": group.sick_hours, "namnare": group.working_hours}
    figures = turnover[scope]
    if figures.rate is None:
        return {"kalla": "personalomsättningen (redovisas inte)" if figures.suppressed else "personalomsättningen"}
    return {"kalla": "personalomsättningen",
            "berakning": f"avgångar / medelantal tillsvidareanställda, {scope}, {figures.period}",
            "taljare": float(figures.leavers), "namnare": figures.average_permanent}


def goal_tables(indicators: pd.DataFrame, history: pd.DataFrame, period: Period, survey: pd.DataFrame,
                sick: dict[tuple[str, str], SickLeave], turnover: dict[str, Turnover]) -> list[GoalTables]:
    y1, y2 = period.previous_year, period.previous_year - 1
    header_tail = ("Startläge", f"Utfall {y2}", f"Utfall {y1}",
                   f"Utfall {MONTHS[period.month - 1]} {period.year}", "Mål")
    past = {(row.indikator, row.ar): row for row in history.itertuples()}
    goals = []
    for heading, rows in indicators.groupby("mal", sort=False):
        tables, traces = [], []
        for kind, typed in rows.groupby(rows["typ"].str.casefold(), sort=False):
            body, unrounded = [], []
            title = TYPE_HEADINGS.get(kind, kind)
            for row in typed.itertuples():
                measure = row.matt.casefold()
                before = [past.get((row.indikator, year)) for year in (y2, y1)]
                values = (row.startlage, *(None if h is None else h.utfall for h in before),
                          current_value(measure, row.enhet, period, survey, sick, turnover), row.malvarde)
                cells = tuple(format_indicator(v, measure, computed=i == 3) for i, v in enumerate(values))
                body.append(TableRow(row.indikator, cells))
                unrounded.append(tuple(_number(v) for v in values))      # the chart's figures
                own = {"kalla": "indikatorerna", "fil": str(row.fil), "rad": int(row.rad)}
                sources = (own, *({"kalla": "indikatorernas historik (saknas)"} if h is None else
                                  {"kalla": "indikatorernas historik", "fil": str(h.fil), "rad": int(h.rad)}
                                  for h in before),
                           _current_source(measure, row.enhet, period, survey, sick, turnover), own)
                traces += [IndicatorTrace(heading, title, row.indikator, column, cell,
                                          None if value is None or pd.isna(value) else float(value),
                                          measure in PERCENT_MEASURES, **source)
                           for column, cell, value, source in zip(header_tail, cells, values, sources)]
            key = f"{heading}:{kind}"
            tables.append(PrintedTable(key, title, (title, *header_tail), tuple(body), tuple(unrounded)))
        goals.append(GoalTables(heading, tuple(tables), tuple(dict.fromkeys(rows["matt"].str.casefold())),
                                tuple(traces)))
    return goals
