"""Sick leave and external staff turnover, by the law's and SKR's definitions.

Sick leave (LKBR 11 kap., domain.md §4), in hours, for employees with ordinary working time:
- total sick hours as % of total ordinary working time;
- the share of sick hours in spells of 60 days or more, of *total sick hours*;
- women, men and the age groups ≤ 29, 30–49, ≥ 50, each against the group's own working time;
- korttid and långtid as % of working time (as the reference report prints them).
A group of at most `max_suppressed_group` (the law: ten) employees, or whose figure points to one
person (exactly one of them has sick leave), is suppressed. So that a suppressed group cannot be
recovered by subtraction from the total and its sibling groups, one more group of the same
partition (the smallest remaining) is suppressed too.

External turnover (convention, domain.md §5): permanent employees who left the employer in the
period divided by the mean number of permanent employees on the months' last days. A leaver
belongs to the period that holds the day after the last day of employment. Internal moves never
count; retirements count unless the settings say otherwise.

Everything returned here is an aggregate. Keys, birth years and row-level hours stay inside.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from pipeline.settings import PersonnelSettings

KOMMUNEN = "Kommunen"
AGE_GROUPS = (("29 år eller yngre", 0, 29), ("30–49 år", 30, 49), ("50 år eller äldre", 50, 200))
TOTAL, WOMEN, MEN = "Totalt", "Kvinnor", "Män"
PARTITIONS = ((WOMEN, MEN), tuple(name for name, _, _ in AGE_GROUPS))


@dataclass(frozen=True)
class SickLeave:
    """Sick leave of one group in one period: sums and head counts only."""

    scope: str                  # "Kommunen" or a förvaltning code
    period: str                 # "2023-01 – 2023-08"
    group: str                  # Totalt, Kvinnor, Män or an age group
    employees: int
    employees_sick: int
    employees_long: int
    working_hours: float
    sick_hours: float
    long_hours: float
    suppressed: bool = False
    reason: str = ""

    @property
    def rate(self) -> float | None:
        return None if self.suppressed or not self.working_hours else self.sick_hours / self.working_hours

    @property
    def long_share(self) -> float | None:
        """Share of sick hours in spells of 60+ days, of all sick hours (not of working time)."""
        if self.suppressed or not self.sick_hours or self.employees_long == 1:
            return None
        return self.long_hours / self.sick_hours

    @property
    def short_rate(self) -> float | None:
        """Hidden together with the long-term rate: total minus one would reveal the other."""
        if self.suppressed or not self.working_hours or self.employees_long == 1:
            return None
        return (self.sick_hours - self.long_hours) / self.working_hours

    @property
    def long_rate(self) -> float | None:
        if self.suppressed or not self.working_hours or self.employees_long == 1:
            return None
        return self.long_hours / self.working_hours


@dataclass(frozen=True)
class Turnover:
    scope: str
    period: str
    leavers: int
    average_permanent: float
    titles: tuple[tuple[str, int], ...]     # (title, leavers), most first
    retirements_included: bool
    suppressed: bool = False

    @property
    def rate(self) -> float | None:
        if self.suppressed or not self.average_permanent:
            return None
        return self.leavers / self.average_permanent


def period_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, month, calendar.monthrange(year, month)[1])


def _period_label(year: int, month: int) -> str:
    return f"{year}-01 – {year}-{month:02d}"


def _in_scope(frame: pd.DataFrame, scope: str) -> pd.DataFrame:
    return frame if scope == KOMMUNEN else frame[frame["forvaltning"] == scope]


def _sums(rows: pd.DataFrame, scope: str, label: str, group: str) -> SickLeave:
    sick_people = rows.loc[rows["sjuktimmar"] > 0, "anstalld"].nunique()
    long_people = rows.loc[rows["sjuktimmar_60"] > 0, "anstalld"].nunique()
    return SickLeave(scope, label, group, int(rows["anstalld"].nunique()), int(sick_people),
                     int(long_people), float(rows["arbetstid"].sum()), float(rows["sjuktimmar"].sum()),
                     float(rows["sjuktimmar_60"].sum()))


def period_rows(personnel: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """Person-months of January..`month` of `year` with ordinary working time (the law's population)."""
    return personnel[(personnel["ar"] == year) & (personnel["manad"] >= 1) & (personnel["manad"] <= month)
                     & (personnel["arbetstid"] > 0)]


def sick_leave_groups(personnel: pd.DataFrame, scope: str, year: int, month: int,
                      settings: PersonnelSettings) -> list[SickLeave]:
    """Totalt, Kvinnor, Män and the three age groups of one scope and period, suppression applied."""
    rows = period_rows(_in_scope(personnel, scope), year, month)
    label = _period_label(year, month)
    sex = rows["kon"].astype("string").str.strip().str.casefold()
    age = year - rows["fodelsear"]
    groups = [
        _sums(rows, scope, label, TOTAL),
        _sums(rows[sex.isin(settings.women)], scope, label, WOMEN),
        _sums(rows[sex.isin(settings.men)], scope, label, MEN),
        *[_sums(rows[(age >= low) & (age <= high)], scope, label, name) for name, low, high in AGE_GROUPS],
    ]
    return suppressed(groups, settings.max_suppressed_group)


def _primary_reason(group: SickLeave, smallest: int) -> str:
    if group.employees == 0:
        return ""          # an empty group reveals nothing; its rate is simply undefined
    if group.employees <= smallest:
        return f"gruppen har {smallest} eller färre anställda"
    if group.employees_sick == 1:
        return "uppgiften kan hänföras till en enskild person"
    return ""


def suppressed(groups: list[SickLeave], smallest: int) -> list[SickLeave]:
    """Primary suppression by size or single person, then complementary suppression per partition."""
    marked = {g.group: replace(g, suppressed=True, reason=reason) if (reason := _primary_reason(g, smallest))
              else g for g in groups}
    for partition in PARTITIONS:
        members = [marked[name] for name in partition if name in marked]
        hidden = [g for g in members if g.suppressed]
        shown = sorted((g for g in members if not g.suppressed), key=lambda g: (g.employees, g.group))
        if len(hidden) == 1 and shown:
            extra = shown[0]
            marked[extra.group] = replace(extra, suppressed=True,
                                          reason="döljs så att en annan dold grupp inte kan räknas fram")
    return [marked[g.group] for g in groups]


def turnover(employments: pd.DataFrame, scope: str, year: int, month: int,
             settings: PersonnelSettings) -> Turnover:
    start, end = period_bounds(year, month)
    rows = _in_scope(employments, scope)
    form = rows["anstallningsform"].astype("string").str.strip().str.casefold()
    permanent = rows[form.isin(settings.permanent)]
    reason = permanent["avgangsorsak"].astype("string").str.strip().str.casefold().fillna("")
    left_on = permanent["slutdatum"] + pd.Timedelta(days=1)
    counted = ~reason.isin(settings.internal_reasons)
    if not settings.count_retirements:
        counted &= ~reason.isin(settings.retirement_reasons)
    leavers = permanent[left_on.between(pd.Timestamp(start), pd.Timestamp(end)) & counted]

    month_ends = [pd.Timestamp(period_bounds(year, m)[1]) for m in range(1, month + 1)]
    active = [int(((permanent["startdatum"] <= d) & (permanent["slutdatum"].isna()
                                                     | (permanent["slutdatum"] >= d))).sum())
              for d in month_ends]
    average = sum(active) / len(active)
    titles = Counter(leavers["befattning"].astype("string").fillna("").str.strip())
    ordered = tuple(sorted(titles.items(), key=lambda item: (-item[1], item[0])))
    return Turnover(scope, _period_label(year, month), len(leavers), average, ordered,
                    settings.count_retirements,
                    suppressed=average <= settings.max_suppressed_group)


def survey_value(survey: pd.DataFrame, year: int, unit: str, index: str) -> float | None:
    rows = survey[(survey["ar"] == year)
                  & (survey["enhet"].str.casefold() == unit.casefold())
                  & (survey["index"].str.casefold() == index.casefold())]
    return None if rows.empty else float(rows["varde"].iloc[0])
