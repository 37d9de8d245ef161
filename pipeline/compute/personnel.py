"""Sick leave and external staff turnover, by the law's and SKR's definitions.

Sick leave (LKBR 11 kap., domain.md §4), in hours, for employees with ordinary working time:
- total sick hours as % of total ordinary working time;
- the share of sick hours in spells of 60 days or more, of *total sick hours*;
- women, men and the age groups ≤ 29, 30–49, ≥ 50, each against the group's own working time;
- korttid and långtid as % of working time (as the reference report prints them).
A group of at most `max_suppressed_group` (the law: ten) employees, or whose figure points to one
person (exactly one of them has sick leave), is suppressed; where exactly one employee of a group
has sick leave of 60 days or more, the group's long-term figures are (long-term hours, their share,
korttid and långtid). Complementary suppression (`compute/disclosure.py`) then hides as many more
cells as it takes for no hidden one to follow from the printed ones through the additive
relations Totalt = Kvinnor + Män, Totalt = the three age groups and Kommunen = the sum of the
förvaltningar (each group): over every scope together, since every nämnd's workbook and the
kommun's overview are written from the same figures. Turnover likewise, across förvaltningar.

External turnover (convention, domain.md §5): permanent employees who left the employer in the
period divided by the mean number of permanent employees on the months' last days. A leaver
belongs to the period that holds the day after the last day of employment. Internal moves never
count; retirements count unless the settings say otherwise.

Everything returned here is an aggregate. Keys, birth years and row-level hours stay inside.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from pipeline.compute import disclosure
from pipeline.settings import PersonnelSettings

KOMMUNEN = "Kommunen"
AGE_GROUPS = (("29 år eller yngre", 0, 29), ("30–49 år", 30, 49), ("50 år eller äldre", 50, 200))
TOTAL, WOMEN, MEN = "Totalt", "Kvinnor", "Män"
PARTITIONS = ((WOMEN, MEN), tuple(name for name, _, _ in AGE_GROUPS))
OTHER_TITLES = "Övriga befattningar"
# The printed reasons ("Redovisas inte därför att ..."), in the workbooks and the overview.
SMALL_GROUP = "gruppen har {smallest} eller färre anställda"
SMALL_STAFF = "gruppen har i genomsnitt {smallest} eller färre tillsvidareanställda"
ONE_PERSON = "uppgiften kan hänföras till en enskild person"
COMPLEMENTARY = "uppgiften är dold så att en annan dold uppgift inte kan räknas fram"
LONG_TERM = "långtidssjukfrånvaron: "


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
    suppressed: bool = False    # the whole group: head count, hours and every rate
    reason: str = ""
    long_suppressed: bool = False   # the long-term hours and what is computed from them
    long_reason: str = ""

    @property
    def long_hidden(self) -> bool:
        return self.suppressed or self.long_suppressed or self.employees_long == 1

    @property
    def printed_reason(self) -> str:
        """Why a figure of the group is not printed ("" when all are)."""
        if self.suppressed:
            return self.reason
        return LONG_TERM + self.long_reason if self.long_hidden and self.long_reason else ""

    @property
    def rate(self) -> float | None:
        return None if self.suppressed or not self.working_hours else self.sick_hours / self.working_hours

    @property
    def long_share(self) -> float | None:
        """Share of sick hours in spells of 60+ days, of all sick hours (not of working time)."""
        if self.long_hidden or not self.sick_hours:
            return None
        return self.long_hours / self.sick_hours

    @property
    def short_rate(self) -> float | None:
        """Hidden together with the long-term rate: total minus one would reveal the other."""
        if self.long_hidden or not self.working_hours:
            return None
        return (self.sick_hours - self.long_hours) / self.working_hours

    @property
    def long_rate(self) -> float | None:
        if self.long_hidden or not self.working_hours:
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
    titles_grouped: tuple[tuple[str, int], ...] = ()   # `titles` with small titles merged (`title_breakdown`)
    reason: str = ""

    @property
    def rate(self) -> float | None:
        if self.suppressed or not self.average_permanent:
            return None
        return self.leavers / self.average_permanent


def period_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, month, calendar.monthrange(year, month)[1])


def _period_label(year: int, month: int) -> str:
    return f"{year}-01 – {year}-{month:02d}"


def period_rows(personnel: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """Person-months of January..`month` of `year` with ordinary working time (the law's population)."""
    return personnel[(personnel["ar"] == year) & (personnel["manad"] >= 1) & (personnel["manad"] <= month)
                     & (personnel["arbetstid"] > 0)]


GROUPS = (TOTAL, WOMEN, MEN, *(name for name, _, _ in AGE_GROUPS))
_HOURS = ("arbetstid", "sjuktimmar", "sjuktimmar_60")


def sick_leave_by_scope(personnel: pd.DataFrame, scopes: list[str], year: int, month: int,
                        settings: PersonnelSettings) -> dict[str, list[SickLeave]]:
    """For each scope (Kommunen or a förvaltning): Totalt, Kvinnor, Män and the three age groups
    of January..`month` of `year`, suppression applied. All scopes in one pass over the rows."""
    rows = period_rows(personnel, year, month)
    sex = rows["kon"].astype("string").str.strip().str.casefold()
    age = year - rows["fodelsear"]
    members = {TOTAL: slice(None), WOMEN: sex.isin(settings.women).to_numpy(bool),
               MEN: sex.isin(settings.men).to_numpy(bool),
               **{name: ((age >= low) & (age <= high)).to_numpy(bool) for name, low, high in AGE_GROUPS}}
    columns = ["forvaltning", "anstalld", *_HOURS]
    tagged = pd.concat([rows.loc[mask, columns].assign(grupp=name) for name, mask in members.items()],
                       ignore_index=True)
    sums = pd.concat([_group_sums(tagged, ["grupp"]).assign(forvaltning=KOMMUNEN),
                      _group_sums(tagged, ["grupp", "forvaltning"]).reset_index("forvaltning")])
    sums = sums.set_index("forvaltning", append=True)
    label = _period_label(year, month)
    # With Kommunen asked for, every förvaltning in the rows takes part in the suppression: the
    # relation Kommunen = sum of the förvaltningar needs them all, asked for or not.
    every = list(dict.fromkeys([*scopes, *(sorted(set(rows["forvaltning"].dropna().astype(str)))
                                           if KOMMUNEN in scopes else [])]))
    figures = {}
    for scope in every:
        groups = []
        for group in GROUPS:
            found = sums.loc[(group, scope)] if (group, scope) in sums.index else None
            if found is None:
                groups.append(SickLeave(scope, label, group, 0, 0, 0, 0.0, 0.0, 0.0))
                continue
            groups.append(SickLeave(scope, label, group, int(found["anstallda"]), int(found["sjuka"]),
                                    int(found["langtidssjuka"]), float(found["arbetstid"]),
                                    float(found["sjuktimmar"]), float(found["sjuktimmar_60"])))
        figures[scope] = groups
    protected = suppressed_scopes(figures, settings.max_suppressed_group)
    return {scope: protected[scope] for scope in scopes}


def _group_sums(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Hours summed and employees counted (all, with sick leave, with 60+ days) per `by`."""
    grouped = rows.groupby(by, sort=False)
    sums = grouped[list(_HOURS)].sum()
    sums["anstallda"] = grouped["anstalld"].nunique()
    for name, hours in (("sjuka", "sjuktimmar"), ("langtidssjuka", "sjuktimmar_60")):
        counted = rows[rows[hours] > 0].groupby(by, sort=False)["anstalld"].nunique()
        sums[name] = counted.reindex(sums.index, fill_value=0)
    return sums


def sick_leave_groups(personnel: pd.DataFrame, scope: str, year: int, month: int,
                      settings: PersonnelSettings) -> list[SickLeave]:
    """Totalt, Kvinnor, Män and the three age groups of one scope and period, suppression applied."""
    return sick_leave_by_scope(personnel, [scope], year, month, settings)[scope]


def _primary_reason(group: SickLeave, smallest: int) -> str:
    if group.employees == 0:
        return ""          # an empty group reveals nothing; its rate is simply undefined
    if group.employees <= smallest:
        return SMALL_GROUP.format(smallest=smallest)
    if group.employees_sick == 1:
        return ONE_PERSON
    return ""


def sick_leave_relations(scopes: Iterable[str]) -> list[disclosure.Relation]:
    """The additive relations between the sick-leave cells (scope, group) of one period, for each
    summed figure (head count, working hours, sick hours, long-term hours): Totalt = Kvinnor + Män
    and Totalt = the age groups in every scope and, with Kommunen among the scopes, each group of
    Kommunen = the sum of that group over the förvaltningar."""
    scopes = list(scopes)
    relations = [disclosure.Relation((scope, TOTAL), tuple((scope, g) for g in partition))
                 for scope in scopes for partition in PARTITIONS]
    units = [scope for scope in scopes if scope != KOMMUNEN]
    if KOMMUNEN in scopes and units:
        relations += [disclosure.Relation((KOMMUNEN, group), tuple((unit, group) for unit in units))
                      for group in GROUPS]
    return relations


def _priority(cell: tuple[str, str]) -> tuple:
    """Hide a förvaltning's cell before Kommunen's (the law requires Kommunen's key figures in the
    annual report) and a subgroup before a Totalt (the figure the documents quote)."""
    scope, group = cell
    return (scope == KOMMUNEN, group == TOTAL)


def suppressed_scopes(figures: dict[str, list[SickLeave]], smallest: int) -> dict[str, list[SickLeave]]:
    """Primary suppression in every scope, then complementary suppression over all relations
    (`sick_leave_relations`): first of whole groups (every figure of the group), then of the
    long-term hours (which a whole hidden group hides as well)."""
    cells = {(g.scope, g.group): g for groups in figures.values() for g in groups}
    relations = sick_leave_relations(figures)
    marked = {cell: replace(g, suppressed=True, reason=reason) if (reason := _primary_reason(g, smallest)) else g
              for cell, g in cells.items()}

    def size(cell) -> float:
        return cells[cell].employees

    def present(cell) -> bool:
        return cell in cells and cells[cell].employees > 0

    hidden = [cell for cell, g in marked.items() if g.suppressed]
    for cell in disclosure.protect(hidden, relations, present, _priority, size):
        marked[cell] = replace(marked[cell], suppressed=True, reason=COMPLEMENTARY)
    for cell, g in marked.items():
        if not g.suppressed and g.employees_long == 1:
            marked[cell] = replace(g, long_suppressed=True, long_reason=ONE_PERSON)
    long_hidden = [cell for cell, g in marked.items() if g.suppressed or g.long_suppressed]
    for cell in disclosure.protect(long_hidden, relations, present, _priority, size):
        marked[cell] = replace(marked[cell], long_suppressed=True, long_reason=COMPLEMENTARY)
    return {scope: [marked[(g.scope, g.group)] for g in groups] for scope, groups in figures.items()}


def complementary(sizes: dict[str, float], hidden: set[str]) -> str | None:
    """The group to hide as well when exactly one group of a breakdown is hidden, so that it cannot
    be recovered from the total and the groups shown: the smallest shown group (by size, then
    name); None when nothing more needs hiding (or nothing is left to hide)."""
    if len(hidden) != 1:
        return None
    shown = sorted((size, name) for name, size in sizes.items() if name not in hidden)
    return shown[0][1] if shown else None


def suppressed(groups: list[SickLeave], smallest: int) -> list[SickLeave]:
    """One scope's groups, suppression applied (`suppressed_scopes` with that scope alone)."""
    scope = groups[0].scope if groups else ""
    return suppressed_scopes({scope: groups}, smallest)[scope]


def title_breakdown(leavers: dict[str, int], staff: dict[str, float],
                    smallest: int) -> tuple[tuple[str, int], ...]:
    """Leavers per title as the workbook may show them. A title whose permanent staff (the mean
    of the month ends, as in the turnover's denominator) is at most `smallest` is not named, nor
    its count: such titles are merged into one "Övriga befattningar" row. Were that a single
    title, the smallest title shown joins it (`complementary`), so that no hidden title's count
    follows from the total. Most leavers first, the merged row last."""
    sizes = {title: staff.get(title, 0.0) for title in leavers}
    hidden = {title for title, size in sizes.items() if size <= smallest}
    extra = complementary(sizes, hidden)
    if extra is not None:
        hidden.add(extra)
    shown = sorted(((t, n) for t, n in leavers.items() if t not in hidden), key=lambda item: (-item[1], item[0]))
    if not hidden:
        return tuple(shown)
    return (*shown, (OTHER_TITLES, sum(leavers[t] for t in hidden)))


def turnover_by_scope(employments: pd.DataFrame, scopes: list[str], year: int, month: int,
                      settings: PersonnelSettings) -> dict[str, Turnover]:
    """External turnover of January..`month` of `year` for each scope, in one pass over the rows."""
    start, end = period_bounds(year, month)
    form = employments["anstallningsform"].astype("string").str.strip().str.casefold()
    permanent = employments[form.isin(settings.permanent)]
    reason = permanent["avgangsorsak"].astype("string").str.strip().str.casefold().fillna("")
    left_on = permanent["slutdatum"] + pd.Timedelta(days=1)
    counted = ~reason.isin(settings.internal_reasons)
    if not settings.count_retirements:
        counted &= ~reason.isin(settings.retirement_reasons)
    leavers = permanent[left_on.between(pd.Timestamp(start), pd.Timestamp(end)) & counted]
    leaver_titles = leavers["befattning"].astype("string").fillna("").str.strip()
    staff_titles = permanent["befattning"].astype("string").fillna("").str.strip()

    month_ends = [pd.Timestamp(period_bounds(year, m)[1]) for m in range(1, month + 1)]
    active = pd.DataFrame({d: (permanent["startdatum"] <= d) & (permanent["slutdatum"].isna()
                                                                | (permanent["slutdatum"] >= d))
                           for d in month_ends})
    active_months = active.sum(axis=1)
    active_by_unit = active.groupby(permanent["forvaltning"], sort=False).sum()
    # As for sick leave: with Kommunen asked for, every förvaltning takes part in the suppression.
    every = list(dict.fromkeys([*scopes, *(sorted(set(permanent["forvaltning"].dropna().astype(str)))
                                           if KOMMUNEN in scopes else [])]))
    result = {}
    for scope in every:
        if scope == KOMMUNEN:
            months, titles, in_scope = int(active.to_numpy().sum()), leaver_titles, slice(None)
        else:
            months = int(active_by_unit.loc[scope].sum()) if scope in active_by_unit.index else 0
            titles = leaver_titles[leavers["forvaltning"] == scope]
            in_scope = (permanent["forvaltning"] == scope).to_numpy(bool)
        average = months / len(month_ends)
        counted = Counter(titles)
        ordered = tuple(sorted(counted.items(), key=lambda item: (-item[1], item[0])))
        staff = (active_months[in_scope].groupby(staff_titles[in_scope], sort=False).sum()
                 / len(month_ends)).to_dict()
        small = average <= settings.max_suppressed_group
        result[scope] = Turnover(scope, _period_label(year, month), len(titles), average, ordered,
                                 settings.count_retirements, suppressed=small,
                                 titles_grouped=title_breakdown(dict(counted), staff,
                                                                settings.max_suppressed_group),
                                 reason=SMALL_STAFF.format(smallest=settings.max_suppressed_group) if small else "")
    result = suppressed_turnover(result)
    return {scope: result[scope] for scope in scopes}


def suppressed_turnover(figures: dict[str, Turnover]) -> dict[str, Turnover]:
    """Complementary suppression of turnover: leavers and mean permanent staff add up over the
    förvaltningar to Kommunen's, so one hidden förvaltning alone would be Kommunen minus the
    others; hide the smallest other förvaltning too (Kommunen's last). A scope without permanent
    staff hides nothing (its zero is known) and is never chosen."""
    units = tuple(scope for scope in figures if scope != KOMMUNEN)
    if KOMMUNEN not in figures or not units:
        return figures
    relations = [disclosure.Relation(KOMMUNEN, units)]
    hidden = [scope for scope, t in figures.items() if t.suppressed and t.average_permanent > 0]
    added = disclosure.protect(hidden, relations, lambda scope: figures[scope].average_permanent > 0,
                               lambda scope: (scope == KOMMUNEN,), lambda scope: figures[scope].average_permanent)
    return {scope: replace(t, suppressed=True, reason=COMPLEMENTARY) if scope in added else t
            for scope, t in figures.items()}


def turnover(employments: pd.DataFrame, scope: str, year: int, month: int,
             settings: PersonnelSettings) -> Turnover:
    return turnover_by_scope(employments, [scope], year, month, settings)[scope]


def survey_value(survey: pd.DataFrame, year: int, unit: str, index: str) -> float | None:
    rows = survey[(survey["ar"] == year)
                  & (survey["enhet"].str.casefold() == unit.casefold())
                  & (survey["index"].str.casefold() == index.casefold())]
    return None if rows.empty else float(rows["varde"].iloc[0])
