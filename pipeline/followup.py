"""The follow-up stage: goals, prioriterade satsningar, riktade uppdrag, internkontroll and the
organisation's Word texts, ready for the template context (docs/report-context.md, [followup]).

The exports are typed once (`typed_followup`, before the ledger is read); each nämnd's report
then takes its own rows (`followup_stage`, after the period is known):

    tables, found = typed_followup(inputs, settings)
    followup, found = followup_stage(tables, settings, period, code, rules.units[code].name, texts)

and in the context (`pipeline/render/output.py:report_context`):

    context.update(followup.context())            # avsnitt, mal, satsningar, medarbetarsatsningar,
                                                  # uppdrag, internkontroll, risker
    context["texter"].update(followup.texter)     # malstatus, internkontroll

`avsnitt` holds Paths (or None); the renderer turns each Path into a docxtpl subdocument
(`template.new_subdoc(str(path))`). Section 5's goal analyses and statuses come from
`followup.staff_goal(heading)` for each staff goal heading ("Mål 21: …"), matched on the goal number.
Every export is optional: one that is not configured gives empty lists and empty sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.classify.mapping import rows_of_unit
from pipeline.compute import followup as fu
from pipeline.compute.period import Period
from pipeline.problems import Location, Problem
from pipeline.read.catalog import ASSIGNMENTS, FOLLOWUP_EXPORTS, GOALS, INTERNAL_CONTROL, PRIORITIES, UNIT_FIELD
from pipeline.read.inputs import Inputs
from pipeline.settings import Settings
from pipeline.validate import exports
from pipeline.validate import followup as checks


@dataclass
class FollowUp:
    """Everything the follow-up sections of the template need, as plain lists of dicts and text.

    mal / medarbetarmal: {kommunens_uppgift, ny_uppgift, mal, nummer, analys, status, status_foregaende}
    satsningar / medarbetarsatsningar: {prioritering, kommentar, stycken [{rubrik, text}], status}
    uppdrag: {typ, ny_typ, uppdrag, kommentar, status (or None)}
    internkontroll: {risk, riskbeskrivning, ny_risk, kontroll, resultat, kommentar}
    risker: the same controls grouped: {risk, riskbeskrivning, kontroller: [{kontroll, resultat, kommentar}]}
    status / resultat: {text, symbol, farg (hex RRGGBB)}. Texts: paragraphs separated by a blank line.
    """

    mal: list[dict] = field(default_factory=list)
    medarbetarmal: list[dict] = field(default_factory=list)
    satsningar: list[dict] = field(default_factory=list)
    medarbetarsatsningar: list[dict] = field(default_factory=list)
    uppdrag: list[dict] = field(default_factory=list)
    internkontroll: list[dict] = field(default_factory=list)
    risker: list[dict] = field(default_factory=list)
    texter: dict[str, str] = field(default_factory=lambda: {"malstatus": "", "internkontroll": ""})
    avsnitt: dict[str, Path | None] = field(default_factory=dict)
    goal_counts: fu.GoalCounts = field(default_factory=fu.GoalCounts)
    control_counts: fu.ControlCounts = field(default_factory=fu.ControlCounts)

    def context(self) -> dict:
        """The template keys of this stage (docs/report-context.md), except `texter`."""
        return {"avsnitt": dict(self.avsnitt), "mal": self.mal, "satsningar": self.satsningar,
                "medarbetarsatsningar": self.medarbetarsatsningar, "uppdrag": self.uppdrag,
                "internkontroll": self.internkontroll, "risker": self.risker}

    def staff_goal(self, heading: str) -> dict | None:
        """The section-5 goal whose number matches `heading` ('Mål 21: Ökat …'), or None."""
        number = fu.goal_number(heading)
        return next((g for g in self.medarbetarmal if number and g["nummer"] == number), None)


@dataclass
class FollowUpTables:
    """The follow-up exports typed and checked once for every nämnd (None: not configured), and
    whether each names the nämnd of its rows (`[kallor.X.kolumner] rapportenhet`)."""

    typed: dict[str, pd.DataFrame | None]
    tables: dict[str, list]
    by_unit: dict[str, bool]


def typed_followup(inputs: Inputs, settings: Settings) -> tuple[FollowUpTables, list[Problem]]:
    """Type every configured follow-up export (all nämnder's rows)."""
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame | None] = {}
    by_unit: dict[str, bool] = {}
    for contract in FOLLOWUP_EXPORTS:
        source = settings.sources.get(contract.name)
        if source is None:
            typed[contract.name] = None
            continue
        typed[contract.name], found = exports.typed_export(inputs.exports.get(contract.name, []), contract, source)
        by_unit[contract.name] = bool(source.headers.get(UNIT_FIELD))
        problems += found
    tables = {c.name: inputs.exports.get(c.name, []) for c in FOLLOWUP_EXPORTS}
    return FollowUpTables(typed, tables, by_unit), problems


def unit_problems(tables: FollowUpTables, units: dict, namnder: tuple[str, ...],
                  file: str) -> list[Problem]:
    """Every row of a follow-up export must belong to one nämnd with a report of its own: its unit
    cell holds that nämnd's code or name. An export without the unit column is only allowed
    when one nämnd gets a report (then every row is its)."""
    problems: list[Problem] = []
    known = {c.casefold() for c in namnder} | {units[c].name.casefold() for c in namnder}
    for name, frame in tables.typed.items():
        if frame is None:
            continue
        if not tables.by_unit.get(name):
            if len(namnder) > 1:
                problems.append(Problem(
                    "inställning-saknas",
                    f"[kallor.{name}] anger inte vilken kolumn som säger vilken nämnd en rad hör till, "
                    "och flera nämnder får en egen rapport.", Location(file),
                    hint=f'Lägg till {UNIT_FIELD} = "Rubriken i er fil" under [kallor.{name}.kolumner], '
                         "med nämndens kod eller namn i kolumnen."))
            continue
        cell = frame[UNIT_FIELD].astype("string").str.strip()
        unknown = frame[~cell.str.casefold().isin(known)]
        for row in unknown.itertuples():
            table = next((t for t in tables.tables.get(name, []) if t.file == row.fil), None)
            where = (table.location(int(row.rad), UNIT_FIELD) if table is not None
                     else Location(row.fil, None, int(row.rad)))
            value = getattr(row, UNIT_FIELD)
            problems.append(Problem(
                "enhet-okänd",
                f'"{value}" är ingen nämnd med en egen rapport.' if value else "Nämnden saknas på raden.",
                where, hint="Skriv koden eller namnet på en nämnd med Ja under \"Egen rapport\" på bladet "
                            "Rapportenheter i organisation.xlsx: " + ", ".join(namnder) + "."))
    return problems


def namnd_rows(tables: FollowUpTables, name: str, code: str, unit_name: str,
               only_namnd: bool) -> pd.DataFrame | None:
    """One export's rows of the nämnd `code` (`classify.mapping.rows_of_unit`); None: not configured."""
    frame = tables.typed.get(name)
    if frame is None:
        return None
    return rows_of_unit(frame, code, unit_name, bool(tables.by_unit.get(name)), only_namnd)


def followup_stage(tables: FollowUpTables, settings: Settings, period: Period, code: str, unit_name: str,
                   texts: dict[str, Path | None], only_namnd: bool = True, previous_name: str = "",
                   previous_statuses: dict[str, str] | None = None) -> tuple[FollowUp, list[Problem]]:
    """The follow-up sections of the nämnd `code` (`unit_name`, "Kommunstyrelsen", for
    "Kommunstyrelsens internkontrollplan …"): its rows of each export, checked, and its Word texts.
    Returns the FollowUp even when there are problems (rows with unknown statuses keep their own
    text and are not counted); the problems decide whether the report is written.

    The goals are compared with the previous report (`previous_name`, "tertialrapporten i
    april"; "" = none chosen): with its record, `previous_statuses` (goal title -> the status
    it printed) replaces the export's typed column "Status föregående rapport" for every
    verksamhetsmål (a goal not in that report has no previous status); without it the typed
    column is the fallback.
    """
    fs = settings.followup
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame | None] = {}
    for contract in FOLLOWUP_EXPORTS:
        typed[contract.name] = namnd_rows(tables, contract.name, code, unit_name, only_namnd)

    def tables_of(name: str):
        return tables.tables.get(name, [])

    result = FollowUp(avsnitt=dict(texts))
    goals = typed[GOALS.name]
    if goals is not None:
        problems += checks.goal_problems(goals, fs, tables_of(GOALS.name))
        main = fu.in_section(goals, fs.goal_sections, "verksamhetsmal")
        if previous_statuses is not None:
            main = main.assign(status_foregaende=main["mal"].map(previous_statuses).fillna(""))
        result.mal = fu.goal_rows(main, fs)
        result.medarbetarmal = fu.goal_rows(fu.in_section(goals, fs.goal_sections, "medarbetarmal"), fs)
        result.goal_counts = fu.goal_counts(main["status"], fs.goal_kinds)
        changes, compared = fu.status_changes(main, fs.goal_kinds)
        result.texter["malstatus"] = " ".join(t for t in (
            fu.goal_status_sentence(result.goal_counts),
            fu.goal_comparison_sentence(changes, compared, previous_name)) if t)
    priorities = typed[PRIORITIES.name]
    if priorities is not None:
        problems += checks.priority_problems(priorities, fs, tables_of(PRIORITIES.name))
        result.satsningar = fu.priority_rows(fu.in_section(priorities, fs.priority_sections, "satsningar"), fs)
        result.medarbetarsatsningar = fu.priority_rows(
            fu.in_section(priorities, fs.priority_sections, "medarbetarsatsningar"), fs)
    assignments = typed[ASSIGNMENTS.name]
    if assignments is not None:
        problems += checks.assignment_problems(assignments, fs, tables_of(ASSIGNMENTS.name))
        result.uppdrag = fu.assignment_rows(assignments, fs)
    controls = typed[INTERNAL_CONTROL.name]
    if controls is not None:
        problems += checks.control_problems(controls, fs, tables_of(INTERNAL_CONTROL.name))
        result.internkontroll = fu.control_rows(controls, fs)
        result.risker = fu.risk_groups(result.internkontroll)
        result.control_counts = fu.control_counts(controls, fs.control_kinds)
        result.texter["internkontroll"] = fu.internal_control_sentence(
            unit_name, result.control_counts, fu.so_far(period))
    return result, problems
