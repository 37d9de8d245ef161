"""The staff stage (section 5): HR exports -> aggregates, indicator tables and sentences.

Personal data stops here. The HR rows are read, validated and summed in memory; what this stage
returns holds sums of hours, head counts and rates for groups, never a row, key or birth year.
Two steps: `staff_tables` types and checks the HR exports (the orchestrator runs it while the
ledger is still being parsed); `personnel_stage` sums them once the report period is known.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

import pandas as pd

from pipeline.classify.rules import Rules
from pipeline.compute import indicators as ind
from pipeline.compute import personnel as staff
from pipeline.compute import sentences
from pipeline.compute.period import Period
from pipeline.model import PrintedTable, TableRow
from pipeline.numbers import format_percent_sign
from pipeline.problems import Location, Problem, Severity
from pipeline.classify.mapping import rows_of_unit
from pipeline.compute import absence
from pipeline.read.catalog import (ABSENCE, EMPLOYMENTS, INDICATOR_HISTORY, INDICATORS, PERSONNEL, SCHEDULE,
                                   SURVEY, UNIT_FIELD)
from pipeline.read.raw_table import RawTable
from pipeline.read.inputs import Inputs
from pipeline.settings import Settings
from pipeline.validate import exports
from pipeline.validate import personnel as hr


@dataclass
class PersonnelReport:
    """Section 5: aggregates only (sums of hours, head counts, rates); no row of the HR exports."""

    unit: str                                   # the förvaltning's code
    unit_name: str
    sick_leave: list[staff.SickLeave]           # every scope, period and group
    turnover: list[staff.Turnover]
    goals: list[ind.GoalTables]
    key_figures: PrintedTable                   # the law's seven key figures, kommunen
    texts: dict[str, str]
    titles_in_text: str = "grupperade"          # [personal] befattningar_i_texten: what the sentence names

    @property
    def any_suppressed(self) -> bool:
        return any(s.suppressed for s in self.sick_leave) or any(t.suppressed for t in self.turnover)

    def printed_only(self) -> PersonnelReport:
        """The same report with nothing the documents and the workbook do not show: a suppressed
        group's head counts and hours are zero (complementary suppression included), hidden
        long-term hours are zero (`long_suppressed` says they are hidden), the counts of employees
        with sick leave are gone, and leavers' titles are kept only where they are printed (the
        förvaltning, when not suppressed: the grouped titles of both years in the workbook, and
        every title in this year's sentence when `titles_in_text` is "alla"). Everything printed
        stays the same. This, and only this, is what the cache may hold."""
        sick = [replace(s, employees=0, employees_sick=0, employees_long=0, working_hours=0.0,
                        sick_hours=0.0, long_hours=0.0) if s.suppressed
                else replace(s, employees_sick=0, employees_long=0, long_hours=0.0, long_suppressed=True)
                if s.long_hidden
                else replace(s, employees_sick=0, employees_long=0)
                for s in self.sick_leave]
        latest = max((t.period for t in self.turnover), default="")
        turnover = [replace(t, leavers=0, average_permanent=0.0, titles=(), titles_grouped=()) if t.suppressed
                    else replace(t, titles=(), titles_grouped=()) if t.scope != self.unit
                    else t if t.period == latest and self.titles_in_text == "alla"
                    else replace(t, titles=())            # the sentence lists this year's leavers only
                    for t in self.turnover]
        return replace(self, sick_leave=sick, turnover=turnover)

    def as_data(self) -> dict:
        """Plain JSON-able data (`from_data` reads it back)."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict) -> PersonnelReport:
        def table(t: dict) -> PrintedTable:
            return PrintedTable(t["key"], t["title"], tuple(t["header"]),
                                tuple(TableRow(r["label"], tuple(r["cells"]), r["kind"]) for r in t["rows"]),
                                tuple(tuple(row) for row in t["unrounded"]))
        return cls(
            data["unit"], data["unit_name"],
            [staff.SickLeave(**s) for s in data["sick_leave"]],
            [staff.Turnover(**{**t, "titles": tuple(tuple(x) for x in t["titles"]),
                               "titles_grouped": tuple(tuple(x) for x in t["titles_grouped"])})
             for t in data["turnover"]],
            [ind.GoalTables(g["heading"], tuple(table(t) for t in g["tables"]), tuple(g["measures"]),
                            tuple(ind.IndicatorTrace(**t) for t in g["trace"]))
             for g in data["goals"]],
            table(data["key_figures"]), dict(data["texts"]), data["titles_in_text"])

    @classmethod
    def readable(cls, data: dict) -> bool:
        """Whether `data` is what `as_data` makes: `from_data` reads it and gives back the same
        data (the cache's staff entry is checked so before it is used)."""
        try:
            again = cls.from_data(data).as_data()
            return json.dumps(again, sort_keys=True) == json.dumps(data, sort_keys=True)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            return False


def readable_sections(data: dict) -> bool:
    """A cached staff entry: each nämnd's code -> its printed staff section (`as_data`), each one
    `PersonnelReport.readable`."""
    return isinstance(data, dict) and bool(data) and all(
        isinstance(code, str) and isinstance(section, dict) and PersonnelReport.readable(section)
        for code, section in data.items())


@dataclass
class StaffTables:
    """The HR exports typed and checked (personal data: kept in memory for this run only)."""

    typed: dict[str, pd.DataFrame]              # source -> typed rows
    tables: dict[str, list[RawTable]]           # source -> raw tables, to locate problems
    has_errors: bool
    # Every scope's sick leave and turnover of a period, (year, month) -> (sick, turnovers): the
    # same for every nämnd's report, so computed once in a run.
    scope_figures: dict[tuple[int, int], tuple[list, list]] = field(default_factory=dict)


def staff_tables(inputs: Inputs, settings: Settings,
                 rules: Rules) -> tuple[StaffTables | None, list[Problem]]:
    """Type and check the HR exports: everything that does not need the report period."""
    hr_settings = settings.personnel
    if hr_settings is None:
        return None, []
    # Which staff format is in use: the one configured (settings check that exactly one is).
    staff_format = ABSENCE if hr_settings.absence_format else PERSONNEL
    schedule = (SCHEDULE,) if hr_settings.absence_format else ()
    sources = tuple(c for c in (staff_format, *schedule, EMPLOYMENTS, SURVEY, INDICATORS, INDICATOR_HISTORY)
                    if c.name in settings.sources)
    if staff_format not in sources or EMPLOYMENTS not in sources:
        return None, []                # a settings problem says which section is missing
    tables = {c.name: inputs.exports.get(c.name, []) for c in sources}
    typed, problems = {}, []
    for contract in sources:
        typed[contract.name], found = exports.typed_export(tables[contract.name], contract,
                                                           settings.sources[contract.name])
        problems += found
    units = set(rules.forvaltningar)
    if staff_format is PERSONNEL:
        personnel = typed[PERSONNEL.name]
        problems += exports.overlapping_periods(personnel)
        problems += hr.personnel_problems(personnel, hr_settings, units, tables[PERSONNEL.name])
    else:
        problems += hr.absence_problems(typed[ABSENCE.name], typed[EMPLOYMENTS.name], hr_settings,
                                        tables[ABSENCE.name])
        problems += hr.absence_employment_problems(typed[EMPLOYMENTS.name], hr_settings, tables[EMPLOYMENTS.name])
        if SCHEDULE.name in typed:
            problems += hr.schedule_problems(typed[SCHEDULE.name], typed[EMPLOYMENTS.name], tables[SCHEDULE.name])
    problems += hr.employment_problems(typed[EMPLOYMENTS.name], hr_settings, units, tables[EMPLOYMENTS.name])
    problems += hr.survey_problems(typed[SURVEY.name], units, tables[SURVEY.name])
    problems += hr.indicator_problems(typed[INDICATORS.name], typed[INDICATOR_HISTORY.name], units,
                                      tables[INDICATORS.name], tables[INDICATOR_HISTORY.name])
    errors = any(p.is_error for p in problems)
    return StaffTables(typed, tables, errors), problems


def staff_months(checked: StaffTables, hr_settings, period: Period) -> pd.DataFrame:
    """The staff table per employee and month: the monthly export as typed, or derived from the
    employments and the sick-leave cases for the previous year and the report year up to the
    period (`compute/absence.py`)."""
    if not hr_settings.absence_format:
        return checked.typed[PERSONNEL.name]
    cases = checked.typed[ABSENCE.name]
    sick = cases[cases["orsak"].astype("string").str.strip().str.casefold().isin(hr_settings.sick_causes)]
    return absence.personnel_months(
        checked.typed[EMPLOYMENTS.name], sick, period.previous_year, staff.period_bounds(period.year, period.month)[1],
        hr_settings.full_time_week_hours, hr_settings.relapse_days,
        absence.working_day_holidays(period.previous_year, period.year), checked.typed.get(SCHEDULE.name))


def personnel_stage(checked: StaffTables | None, settings: Settings, rules: Rules,
                    period: Period) -> tuple[PersonnelReport | None, list[Problem]]:
    """Reduce the checked HR exports to aggregates for section 5 of the report period, for the
    förvaltning of the nämnd (`settings.personnel.forvaltningar`, from organisation.xlsx). A nämnd
    with no förvaltning there has no staff section; one with several shows the first, with a
    warning."""
    hr_settings = settings.personnel
    if checked is None or hr_settings is None or not hr_settings.forvaltningar:
        return None, []
    employments, survey = checked.typed[EMPLOYMENTS.name], checked.typed[SURVEY.name]
    code = settings.report.rapportenhet
    only = len(rules.namnder) == 1
    indicators, history = (rows_of_unit(checked.typed[c.name], code, rules.units[code].name,
                                        bool(settings.sources[c.name].headers.get(UNIT_FIELD)), only)
                           for c in (INDICATORS, INDICATOR_HISTORY))
    units = set(rules.forvaltningar)
    years = (period.previous_year, period.year)
    problems = ([] if hr_settings.absence_format else
                hr.periods_outside_years(checked.typed[PERSONNEL.name], years, checked.tables[PERSONNEL.name]))
    if checked.has_errors or problems:
        return None, problems

    scopes = [staff.KOMMUNEN, *sorted(units)]
    if (period.year, period.month) not in checked.scope_figures:
        personnel = staff_months(checked, hr_settings, period)
        sick, turnovers = [], []
        for year in years:
            groups = staff.sick_leave_by_scope(personnel, scopes, year, period.month, hr_settings)
            turnover = staff.turnover_by_scope(employments, scopes, year, period.month, hr_settings)
            sick += [group for scope in scopes for group in groups[scope]]
            turnovers += [turnover[scope] for scope in scopes]
        checked.scope_figures[(period.year, period.month)] = (sick, turnovers)
    sick, turnovers = checked.scope_figures[(period.year, period.month)]
    now = {(s.scope, s.group): s for s in sick if s.period.startswith(str(period.year))}
    before = {(s.scope, s.group): s for s in sick if s.period.startswith(str(period.previous_year))}
    turnover_now = {t.scope: t for t in turnovers if t.period.startswith(str(period.year))}
    turnover_before = {t.scope: t for t in turnovers if t.period.startswith(str(period.previous_year))}
    unit = hr_settings.forvaltningar[0]
    name = rules.forvaltningar[unit]
    if len(hr_settings.forvaltningar) > 1:
        problems.append(Problem(
            "flera-förvaltningar",
            f"{settings.report.rapportenhet} har flera förvaltningar på bladet Förvaltningar ("
            + ", ".join(hr_settings.forvaltningar) + f"); personalavsnittet visar bara {name}.",
            Location("installningar/organisation.xlsx", "Förvaltningar"), Severity.WARNING,
            hint="Låt en förvaltning per nämnd ha nämndens kod under Rapportenhet."))
    in_text = name[:1].lower() + name[1:]          # "kommunledningsförvaltningen" mid-sentence
    goals = ind.goal_tables(indicators, history, period, survey, now, turnover_now)

    def index(kind: str, year: int, scope: str) -> float | None:
        return staff.survey_value(survey, year, scope, kind)

    texts = {
        "sjukfranvaro": sentences.sick_leave_sentences(
            in_text, now[(unit, staff.TOTAL)],
            before[(unit, staff.TOTAL)], now[(staff.KOMMUNEN, staff.TOTAL)]),
        "personalomsattning": sentences.turnover_sentences(
            in_text, turnover_now[unit], turnover_before[unit],
            turnover_now[staff.KOMMUNEN], hr_settings.titles_in_text),
        "hme": sentences.survey_sentence("HME", in_text,
                                         index("HME", period.year, unit), index("HME", period.previous_year, unit),
                                         index("HME", period.year, staff.KOMMUNEN)),
        "chefsfragor": sentences.survey_sentence(
            "Indexet för chefsfrågorna", in_text,
            index("Chefsfrågor", period.year, unit), index("Chefsfrågor", period.previous_year, unit),
            index("Chefsfrågor", period.year, staff.KOMMUNEN)),
    }
    key_table = _sick_leave_key_figures(now, before, period)
    return PersonnelReport(unit, name, sick, turnovers, goals, key_table, texts, hr_settings.titles_in_text), problems


def _sick_leave_key_figures(now: dict, before: dict, period: Period) -> PrintedTable:
    """The law's seven key figures for the whole municipality, this year and last year."""
    def cell(value: float | None) -> str:
        return "–" if value is None else format_percent_sign(value)

    rows = [("Total sjukfrånvaro", lambda t: t[(staff.KOMMUNEN, staff.TOTAL)].rate),
            ("Andel sjukfrånvaro 60 dagar eller mer", lambda t: t[(staff.KOMMUNEN, staff.TOTAL)].long_share),
            ("Kvinnor", lambda t: t[(staff.KOMMUNEN, staff.WOMEN)].rate),
            ("Män", lambda t: t[(staff.KOMMUNEN, staff.MEN)].rate),
            *[(name, lambda t, n=name: t[(staff.KOMMUNEN, n)].rate) for name, _, _ in staff.AGE_GROUPS]]
    return PrintedTable(
        "sjukfranvaro_lag", "Sjukfrånvaro enligt lag (LKBR 11 kap.)",
        ("Sjukfrånvaro, andel av ordinarie arbetstid", str(period.year), str(period.previous_year)),
        tuple(TableRow(label, (cell(get(now)), cell(get(before)))) for label, get in rows))
