"""The orchestrator: the whole program as a list of stages.

    read -> validate -> classify -> compute -> reconcile   (build_report)
    render -> write                                         (write_outputs)

`build_report` returns `(report, problems)`; it never raises on bad input. `write_outputs`
renders everything in memory first and only then replaces the files of the period's folder.

The ledger (up to a million rows) is usually still being parsed, in the background, when the other
inputs are read: what does not need it (settings, budget, forecast, investments, the HR exports)
is validated first, and the ledger waited for only then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import comparing as comparing_stage
from pipeline.classify import mapping
from pipeline.comparing import Comparing, PreviousReport
from pipeline.classify.rules import REVENUE, Rules, rules_from_tables
from pipeline.compute import key_figures as kf
from pipeline.compute import overview as oversikt
from pipeline.compute import previous as since
from pipeline.compute import sentences, statements, trace
from pipeline.compute.period import Period, latest_period, parse_period
from pipeline.model import PrintedTable
from pipeline.problems import Check, Location, Problem
from pipeline.followup import FollowUp, FollowUpTables, followup_stage, typed_followup, unit_problems
from pipeline.personnel import PersonnelReport, StaffTables, personnel_stage, readable_sections, staff_tables
from pipeline.read.catalog import (BUDGET, EXPORTS, FORECAST, GOALS, INDICATOR_HISTORY, INDICATORS,
                                   INVESTMENTS, LEDGER, UNIT_FIELD)
from pipeline.read.cache import ExportCache
from pipeline.read.documents import section_texts as read_section_texts, text_paragraphs
from pipeline.read.pictures import Picture
from pipeline.read.pictures import org_chart as read_org_chart
from pipeline.read.inputs import Inputs, read_inputs
from pipeline.reconcile import checks as reconcile
from pipeline.reconcile import narrative
from pipeline.reconcile.overview import overview_checks, unplaced_rows
from pipeline.run import Run
from pipeline.render.tables import printed_table
from pipeline.settings import Settings
from pipeline.settings.memo import memo_date_problems
from pipeline.validate import exports


@dataclass
class Report:
    settings: Settings
    rules: Rules
    period: Period
    units: list[reconcile.UnitTables]
    printed: dict[str, PrintedTable]
    key_figures: kf.KeyFigures
    texts: dict[str, str]
    checks: list[Check]
    trace: pd.DataFrame
    forecast: pd.DataFrame
    investment_facts: pd.DataFrame
    sources: pd.DataFrame
    budget_split: pd.DataFrame = field(default_factory=pd.DataFrame)   # trace.budget_split_rows
    personnel: PersonnelReport | None = None
    followup: FollowUp | None = None
    staff_problems: list[Problem] = field(default_factory=list)   # the staff stage's, of this nämnd
    org_chart: Picture | None = None        # section 2's organisation chart (rapport.toml, input folder)
    previous: PreviousReport | None = None  # the report this one compares with, or none

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


@dataclass
class Kommun:
    """What every nämnd's report is made from: the inputs read, validated and classified once."""

    inputs: Inputs
    settings: Settings
    rules: Rules
    period: Period
    typed: dict[str, pd.DataFrame]        # source -> typed frame (ledger and budget classified)
    facts: pd.DataFrame                   # ledger, budget and forecast facts of every reported unit
    investment_facts: pd.DataFrame
    trace: pd.DataFrame                   # trace.trace_rows of every reported unit
    staff: StaffTables | None             # the HR exports typed and checked (None: from the cache)
    staff_problems: list[Problem]
    followup: FollowUpTables


@dataclass
class NamndOutcome:
    """One nämnd's report, or None when its own problems stop it, and those problems."""

    code: str
    name: str
    report: Report | None
    problems: list[Problem]


@dataclass
class Built:
    """A run: the problems of the whole run (inputs, settings) and each selected nämnd's outcome."""

    kommun: Kommun | None
    problems: list[Problem]
    namnder: list[NamndOutcome]


def build_reports(input_dir: Path, requested_period: str | None = None, cache: ExportCache | None = None,
                  run: Run | None = None, selected: tuple[str, ...] = (),
                  comparing: Comparing | None = None) -> Built:
    """Every nämnd's report (`selected`: only these codes) from one reading of the exports;
    `comparing`: where the previous reports' records are (None: no record is read)."""
    run = run or Run()
    kommun, problems = build_kommun(input_dir, requested_period, cache, run)
    if kommun is None:
        return Built(kommun, problems, [])
    codes, found = _selected_namnder(kommun, selected)
    problems += found
    problems += comparing_stage.option_problems(kommun.period, comparing)
    outcomes = []
    for code in codes:
        report, found = namnd_report(kommun, code, cache, comparing)
        outcomes.append(NamndOutcome(code, kommun.rules.units[code].name, report, found))
    run.lap("compute")
    # The staff sections' printed aggregates, for the next run: only when no staff problem at all
    # (a warning too must be shown again) and every nämnd has its section.
    if cache is not None and kommun.staff is not None and not kommun.staff_problems and not selected:
        staff = {o.code: o.report.personnel.printed_only().as_data() for o in outcomes
                 if o.report is not None and o.report.personnel is not None and not o.report.staff_problems}
        if staff and len(staff) == len(codes):
            cache.store_staff(kommun.inputs.staff_key, staff)
    return Built(kommun, problems, outcomes)


def build_report(input_dir: Path, requested_period: str | None = None, cache: ExportCache | None = None,
                 run: Run | None = None, namnd: str | None = None) -> tuple[Report | None, list[Problem]]:
    """One nämnd's report (`namnd`; None: the first with a report of its own on the Rapportenheter
    sheet) with the run's problems and its own."""
    built = build_reports(input_dir, requested_period, cache, run, (namnd,) if namnd else ())
    if not built.namnder:
        return None, built.problems
    outcome = built.namnder[0]
    return outcome.report, built.problems + outcome.problems


def build_kommun(input_dir: Path, requested_period: str | None = None, cache: ExportCache | None = None,
                 run: Run | None = None) -> tuple[Kommun | None, list[Problem]]:
    """read -> validate -> classify -> facts, once for every nämnd. `cache`: finance exports
    unchanged since the last run come typed from it, and the staff sections' printed aggregates
    when no input they depend on changed; `run`: stage times."""
    run = run or Run()
    # read (all but the ledger, which goes on parsing in the background)
    inputs, problems = read_inputs(input_dir, cache, run.progress, later=(LEDGER.name,),
                                   requested_period=requested_period, staff_valid=readable_sections)
    run.lap("read")
    if inputs is None:
        return None, problems
    settings = inputs.settings

    # validate what does not need the ledger
    rules, found = rules_from_tables(inputs.settings_tables)
    problems += found
    typed = {}
    for contract in (BUDGET, FORECAST, INVESTMENTS):
        tables = inputs.exports.get(contract.name, [])
        typed[contract.name], found = exports.typed_export(tables, contract, settings.sources[contract.name])
        problems += found
    staff, staff_problems = (staff_tables(inputs, settings, rules)
                             if rules is not None and inputs.staff is None else (None, []))
    problems += staff_problems
    followup_tables, found = typed_followup(inputs, settings)
    problems += found
    run.lap("validate")

    # read the ledger
    problems += inputs.read_later()
    for task in run.after_reading:
        task()
    run.lap("read")

    # validate
    typed[LEDGER.name], found = exports.typed_export(inputs.exports.get(LEDGER.name, []), LEDGER,
                                                     settings.sources[LEDGER.name])
    problems += found
    problems = exports.with_blank_cells_explained(problems, [t for ts in inputs.exports.values() for t in ts])
    if cache is not None:            # exports typed without problems: no Excel next time
        cache.store(inputs.exports, typed, problems)
    ledger, budget = typed[LEDGER.name], typed[BUDGET.name]
    forecast, investments = typed[FORECAST.name], typed[INVESTMENTS.name]
    problems += exports.overlapping_periods(ledger)
    problems += exports.budget_row_problems(budget, inputs.exports.get(BUDGET.name, []), problems)
    period, found = _report_period(ledger, requested_period, input_dir)
    problems += found
    if rules is None or period is None:
        return None, problems
    problems += exports.periods_outside_years(ledger, (period.previous_year, period.year),
                                              inputs.exports.get(LEDGER.name, []))
    problems += exports.missing_previous_year(ledger, period.previous_year, input_dir)
    reported = tuple(code for code, unit in rules.units.items() if unit.reported)
    problems += unit_problems(followup_tables, rules.units, rules.namnder, settings.file)
    if staff is not None:             # the staff goals' indicators: per nämnd too
        indicator_sources = (INDICATORS.name, INDICATOR_HISTORY.name)
        problems += unit_problems(
            FollowUpTables({n: staff.typed[n] for n in indicator_sources}, staff.tables,
                           {n: bool(settings.sources[n].headers.get(UNIT_FIELD)) for n in indicator_sources}),
            rules.units, rules.namnder, settings.file)
    run.lap("validate")

    # classify (every unit in some nämnd's report)
    ledger, found = mapping.classified(ledger, rules, reported, "belopp", inputs.exports.get(LEDGER.name, []))
    problems += found
    budget, found = mapping.classified(budget, rules, reported, "budget", inputs.exports.get(BUDGET.name, []))
    problems += found
    problems += mapping.investment_problems(ledger, rules, inputs.exports.get(LEDGER.name, []))
    problems += mapping.forecast_problems(forecast, rules, reported, period.year,
                                          inputs.exports.get(FORECAST.name, []))
    investments, found = mapping.investment_units(investments, rules, inputs.exports.get(INVESTMENTS.name, []))
    problems += found
    problems += mapping.investment_budget_problems(investments, rules, reported, period.year,
                                                   inputs.exports.get(INVESTMENTS.name, []))
    typed.update({LEDGER.name: ledger, BUDGET.name: budget, INVESTMENTS.name: investments})
    run.lap("classify")

    # facts
    facts = pd.concat([statements.ledger_facts(ledger, period), statements.budget_facts(budget, period),
                       statements.forecast_facts(forecast, period)], ignore_index=True)
    inv_facts = statements.investment_facts(ledger, investments, rules, period)
    traced = trace.trace_rows(ledger, budget, reported, period)
    run.lap("compute")
    return Kommun(inputs, settings, rules, period, typed, facts, inv_facts, traced, staff, staff_problems,
                  followup_tables), problems


def namnd_report(kommun: Kommun, code: str, cache: ExportCache | None = None,
                 comparing: Comparing | None = None) -> tuple[Report | None, list[Problem]]:
    """compute -> reconcile -> staff -> follow-up -> since the previous report, for one nämnd
    and the units appended to it."""
    rules, period = kommun.rules, kommun.period
    units = rules.report_units(code)
    settings = kommun.settings.for_namnd(code, units[1:], rules.forvaltningar_of(code))
    ledger, budget = kommun.typed[LEDGER.name], kommun.typed[BUDGET.name]
    forecast, investments = kommun.typed[FORECAST.name], kommun.typed[INVESTMENTS.name]
    problems: list[Problem] = memo_date_problems(settings.memo, period.year, period.month, Location(settings.file))

    # compute
    labels = settings.labels
    unit_tables = [
        reconcile.UnitTables(
            u, rules.units[u].name,
            statements.resultatrakning(kommun.facts, rules, u, period, labels),
            statements.driftsredovisning(kommun.facts, rules, u, period, labels),
            statements.investeringsredovisning(kommun.investment_facts, rules, u, period, labels),
        )
        for u in units
    ]
    main = unit_tables[0]
    figures = kf.key_figures(main.rr, main.investments, budget, main.unit, period.year)
    printed = _printed_tables(unit_tables, settings, period)
    per_row = {t.unit: statements.resultatrakning_per_dr_rad(kommun.facts, rules, t.unit, period, labels)
               for t in unit_tables}
    texts = _texts(unit_tables, figures, period, per_row, rules, settings)
    previous, found = comparing_stage.previous_report(kommun.period, settings, code, rules.units[code].name,
                                                      comparing)
    problems += found
    if previous is not None and previous.saved is not None:
        printed[since.FORECAST_TABLE], texts[since.FORECAST_TABLE] = comparing_stage.forecast_since(
            previous, main.dr, period, labels["jamforelse_rubrik"], settings.report.minustecken)

    # reconcile
    found_checks = []
    for tables in unit_tables:
        found_checks += reconcile.unit_checks(tables, ledger, budget, forecast, investments, period)
    found_checks += reconcile.investment_checks(main, ledger, investments, period)
    found_checks = reconcile.with_severity(found_checks, settings.warning_checks)
    problems += [_check_problem(c) for c in found_checks if not c.passed]

    # staff and follow-up
    staff_problems: list[Problem] = []
    held = (kommun.inputs.staff or {}).get(code)
    if held is not None:               # unchanged since an earlier run: its printed aggregates
        personnel = PersonnelReport.from_data(held)
    else:
        personnel, staff_problems = personnel_stage(kommun.staff, settings, rules, period)
        problems += staff_problems
    section_texts, found = read_section_texts(kommun.inputs.input_dir, settings.followup.texts)
    problems += found
    if settings.analysis.check_texts:       # the organisation's texts against the figures: warnings
        texts_read = [narrative.Text(key, settings.followup.texts[key], tuple(text_paragraphs(path)))
                      for key, path in section_texts.items() if path is not None and key in settings.followup.texts]
        problems += narrative.narrative_problems(
            texts_read, narrative.report_figures(unit_tables, figures, per_row, period, personnel))
    followup, found = followup_stage(
        kommun.followup, settings, period, code, main.name, section_texts, only_namnd=len(rules.namnder) == 1,
        previous_name=previous.name if previous is not None else "",
        previous_statuses=dict(previous.saved.statuses) if previous is not None and previous.saved else None)
    problems += found
    org_chart, found = read_org_chart(kommun.inputs.input_dir, settings.report.org_chart,
                                      f"{sentences.genitive(settings.report.forvaltning)} organisationsschema"
                                      if settings.report.forvaltning else "Organisationsschema")
    problems += found

    report = Report(
        personnel=personnel, followup=followup,
        settings=settings, rules=rules, period=period, units=unit_tables, printed=printed,
        key_figures=figures, texts=texts, checks=found_checks,
        trace=kommun.trace[kommun.trace["enhet"].isin(units)].reset_index(drop=True),
        budget_split=trace.budget_split_rows(budget, main.unit, period.year),
        forecast=forecast, investment_facts=kommun.investment_facts,
        sources=_source_summary(kommun.inputs, kommun.typed),
        staff_problems=staff_problems, org_chart=org_chart, previous=previous,
    )
    return report, problems


@dataclass
class Overview:
    """The kommun's overview: every rapportenhet side by side, and the checks that nothing is
    lost between them (frames in öre, unrounded; `compute.overview`, `reconcile.overview`)."""

    settings: Settings
    rules: Rules
    period: Period
    drift: pd.DataFrame                   # per unit code, then the total; the period's DR columns
    investments: pd.DataFrame             # per unit code, then the total
    goals: dict[str, oversikt.GoalStatus] | None    # per nämnd with a report; None: no goal export
    staff: list[oversikt.StaffFigures] | None
    checks: list[Check]
    unplaced: pd.DataFrame                # rows in no rapportenhet or in several
    sources: pd.DataFrame

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


def kommun_overview(kommun: Kommun, outcomes: list[NamndOutcome]) -> tuple[Overview, list[Problem]]:
    """compute -> reconcile for the kommun's overview, from what `build_kommun` read once; the
    staff figures are the nämnd reports' aggregates (`outcomes`), which hold every förvaltning."""
    rules, period, settings = kommun.rules, kommun.period, kommun.settings
    ledger, budget = kommun.typed[LEDGER.name], kommun.typed[BUDGET.name]
    forecast, investments = kommun.typed[FORECAST.name], kommun.typed[INVESTMENTS.name]
    facts = pd.concat([kommun.facts, oversikt.unreported_facts(ledger, budget, rules, period)], ignore_index=True)
    drift = oversikt.driftsredovisning_per_enhet(facts, rules, period, settings.labels)
    goals = oversikt.goal_counts_per_namnd(kommun.followup.typed.get(GOALS.name),
                                           bool(kommun.followup.by_unit.get(GOALS.name)), settings.followup, rules)
    personnel = _staff_aggregates(kommun, outcomes)
    staff = (oversikt.staff_per_forvaltning(personnel.sick_leave, personnel.turnover, rules, period,
                                            "Hela kommunen")
             if personnel is not None else None)
    checks = reconcile.with_severity(overview_checks(drift, ledger, budget, forecast, investments, rules, period),
                                     settings.warning_checks)
    overview = Overview(
        settings, rules, period, drift,
        oversikt.investeringar_per_enhet(ledger, investments, rules, period, settings.labels),
        goals, staff, checks, unplaced_rows(ledger, budget, forecast, investments, rules),
        _sources(kommun, outcomes))
    problems = [Problem("avstämning", c.describe(), Location("kommunoversikt.xlsx", "Kontroller"),
                        severity=c.severity,
                        hint="Se bladen Kontroller och Rader utan rapportenhet i kommunoversikt.xlsx.")
                for c in checks if not c.passed]
    return overview, problems


def _sources(kommun: Kommun, outcomes: list[NamndOutcome]) -> pd.DataFrame:
    """The files read (the same for every report of the run: a report's, else summed again)."""
    found = next((o.report.sources for o in outcomes if o.report is not None), None)
    return found if found is not None else _source_summary(kommun.inputs, kommun.typed)


def _staff_aggregates(kommun: Kommun, outcomes: list[NamndOutcome]) -> PersonnelReport | None:
    """A staff section's printed aggregates (each holds every förvaltning and the kommun): a
    report's of this run, else one the cache held from an earlier run (the same, printed only);
    None without a staff section."""
    for outcome in outcomes:
        if outcome.report is not None and outcome.report.personnel is not None:
            return outcome.report.personnel.printed_only()
    held = next(iter((kommun.inputs.staff or {}).values()), None)
    return PersonnelReport.from_data(held) if held is not None else None


def _selected_namnder(kommun: Kommun, selected: tuple[str, ...]) -> tuple[list[str], list[Problem]]:
    """The nämnder to report on: `selected` (codes or names, as on the Rapportenheter sheet), or
    every unit with a report of its own."""
    rules = kommun.rules
    if not selected:
        return list(rules.namnder), []
    by_name = {u.name.casefold(): c for c, u in rules.units.items()}
    codes, problems = [], []
    for wanted in selected:
        code = wanted if wanted in rules.units else by_name.get(wanted.casefold(), wanted.upper())
        unit = rules.units.get(code)
        if unit is None or not unit.own_report:
            known = ", ".join(f"{c} ({rules.units[c].name})" for c in rules.namnder)
            problems.append(Problem(
                "enhet-okänd", f'"{wanted}" är ingen nämnd med en egen rapport.',
                Location("installningar/organisation.xlsx", "Rapportenheter"),
                hint=f"Nämnder med egen rapport: {known}. Ange koden eller namnet, eller skriv Ja under "
                     '"Egen rapport" för enheten.'))
        elif code not in codes:
            codes.append(code)
    return codes, problems


def _report_period(ledger: pd.DataFrame, requested: str | None,
                   input_dir: Path) -> tuple[Period | None, list[Problem]]:
    latest = latest_period(ledger["ar"], ledger["manad"]) if len(ledger) else None
    where = Location(str(input_dir))
    if requested:
        period = parse_period(requested)
        if period is None:
            return None, [Problem("period-ogiltig", f'"{requested}" är ingen period.', where,
                                  hint="Ange perioden som ÅÅÅÅ-MM, t.ex. --period 2023-08.")]
        if latest is not None and (period.year, period.month) > (latest.year, latest.month):
            return None, [Problem("period-saknas",
                                  f"Huvudboken har inga rader för {period.label} (senaste period är "
                                  f"{latest.label}).", where,
                                  hint="Lägg in huvudboksexporten för perioden eller välj en tidigare period.")]
        return period, []
    if latest is None:
        return None, []   # the missing or empty ledger is already reported
    return latest, []


def _printed_tables(unit_tables: list[reconcile.UnitTables], settings: Settings,
                    period: Period) -> dict[str, PrintedTable]:
    labels, minus = settings.labels, settings.report.minustecken
    printed = {}
    for i, t in enumerate(unit_tables):
        prefix = "" if i == 0 else f"{t.unit.lower()}_"
        printed[prefix + "rr"] = printed_table(prefix + "rr", "Resultaträkning", labels["rr_rubrik"],
                                               t.rr, period, minus)
        printed[prefix + "dr"] = printed_table(prefix + "dr", "Driftsredovisning", labels["dr_rubrik"],
                                               t.dr, period, minus)
        if i == 0:
            printed["inv"] = printed_table(
                "inv", "Investeringsredovisning",
                labels["investering_rubrik"].replace("{år}", str(period.year)),
                t.investments, period, minus)
    return printed


def _texts(unit_tables: list[reconcile.UnitTables], figures: kf.KeyFigures, period: Period,
           per_row: dict[str, dict[str, pd.DataFrame]], rules: Rules, settings: Settings) -> dict[str, str]:
    """The computed sentences. The Ekonomisk analys (and each appended unit's) is its opening,
    then a paragraph for every DR row whose deviation passes `[analys] avvikelse_mnkr`."""
    main, analysis = unit_tables[0], settings.analysis
    revenue = {line.label for line in rules.rr_lines if line.kind == REVENUE}

    def with_rows(opening: str, tables: reconcile.UnitTables) -> str:
        rows = sentences.row_deviations(tables.dr, per_row[tables.unit], revenue)
        paragraphs = sentences.verksamhet_paragraphs(rows, analysis.threshold_ore, analysis.explaining_lines,
                                                     period.is_year_end)
        return "\n\n".join([opening, *paragraphs]) if opening else ""

    texts = {
        "budget": sentences.budget_sentences(figures, main.name, period.year, period.is_year_end),
        "ekonomi_budget": with_rows(sentences.economic_analysis(figures, main.name, period.year,
                                                                period.is_year_end), main),
        "investering": (sentences.investment_sentences(figures, main.name, period.is_year_end)
                        if (main.investments["kind"] == "row").any() else ""),   # no projects: no sentence
    }
    for other in unit_tables[1:]:
        total = other.rr.loc[other.rr["kind"] == "total", "avvikelse"].iloc[0]
        texts[f"{other.unit.lower()}_analys"] = with_rows(sentences.forecast_only_sentence(
            None if pd.isna(total) else int(total), period.is_year_end), other)
    return texts


def _check_problem(check: Check) -> Problem:
    return Problem("avstämning", check.describe(), Location("avstamning.xlsx", "Kontroller"),
                   severity=check.severity,
                   hint="Se bladet Kontroller och raderna per konto och ansvar i avstamning.xlsx.")


def _source_summary(inputs: Inputs, typed: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    for name in (c.name for c in EXPORTS):          # in the catalog's order: the ledger first
        frame = typed[name]
        if frame.empty:
            continue
        for file, group in frame.groupby("fil", sort=True):
            if "manad" in group:
                valid = group.loc[group["manad"] > 0, ["ar", "manad"]].drop_duplicates()
                keys = sorted(zip(valid["ar"], valid["manad"]))
                span = f"{keys[0][0]}-{keys[0][1]:02d} – {keys[-1][0]}-{keys[-1][1]:02d}" if keys else ""
            else:
                span = ", ".join(str(y) for y in sorted(group["ar"].unique()))
            rows.append({"källa": name, "fil": file, "rader": exports.source_rows(group), "perioder": span})
    return pd.DataFrame(rows, columns=["källa", "fil", "rader", "perioder"])

